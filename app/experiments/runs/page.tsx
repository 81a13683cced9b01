import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { RunsPage } from '@/components/experiments/ExperimentsPages';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('experiments');
  return { title: `${t('runs.title')} · Layerwise` };
}

/** /experiments/runs: several runs' curves overlaid, their settings side by side. */
export default function CompareRunsPage() {
  return <RunsPage />;
}
