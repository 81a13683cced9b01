import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { EXPERIMENT_IDS, isExperimentId } from '@/lib/experiments/pairs';
import { ExperimentPage } from '@/components/experiments/ExperimentsPages';

type Props = { params: Promise<{ id: string }> };

export function generateStaticParams() {
  return EXPERIMENT_IDS.map((id) => ({ id }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const t = await getTranslations('experiments');
  return { title: isExperimentId(id) ? `${t(`${id}.title`)} · Layerwise` : 'Layerwise' };
}

/** /experiments/<id>: one live experiment, both networks trained side by side. */
export default async function OneExperimentPage({ params }: Props) {
  const { id } = await params;
  if (!isExperimentId(id)) notFound();
  return <ExperimentPage id={id} />;
}
