import type { Metadata } from 'next';
import { TrainRoute } from '@/components/train/TrainRoute';
import { isDatasetId } from '@/lib/train/datasets/catalogue';
import { parseWorkers } from '@/lib/train/parallel/shards';

export const metadata: Metadata = { title: 'Train · Layerwise' };

/**
 * /train?preset=lenet5 trains a preset; /train alone, the graph the editor autosaved; &dataset=mnist-imbalanced picks the data;
 * &workers=2 (or auto: one per core) sets the CPU workers instead of measuring.
 */
export default async function TrainPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { preset, dataset, workers } = await searchParams;
  const asked = typeof workers === 'string' ? parseWorkers(workers) : undefined;
  return <TrainRoute {...(typeof preset === 'string' && preset ? { presetId: preset } : {})} {...(typeof dataset === 'string' && isDatasetId(dataset) ? { datasetId: dataset } : {})}
    {...(asked !== undefined ? { workers: asked } : {})} />;
}
