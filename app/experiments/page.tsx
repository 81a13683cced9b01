import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ExperimentsIndex } from '@/components/experiments/ExperimentsPages';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('experiments');
  return { title: `${t('title')} · Layerwise` };
}

/** /experiments: the live experiments. */
export default function ExperimentsPage() {
  return <ExperimentsIndex />;
}
