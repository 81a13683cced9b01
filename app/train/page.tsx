import type { Metadata } from 'next';
import { TrainRoute } from '@/components/train/TrainRoute';

export const metadata: Metadata = { title: 'Train · Layerwise' };

/** /train?preset=lenet5 trains a preset; /train alone, the graph the editor autosaved. */
export default async function TrainPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { preset } = await searchParams;
  return <TrainRoute {...(typeof preset === 'string' && preset ? { presetId: preset } : {})} />;
}
