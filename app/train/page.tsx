import type { Metadata } from 'next';
import { TrainRoute } from '@/components/train/TrainRoute';
import { isDatasetId } from '@/lib/train/datasets/catalogue';

export const metadata: Metadata = { title: 'Train · Layerwise' };

/** /train?preset=lenet5 trains a preset; /train alone, the graph the editor autosaved; &dataset=mnist-imbalanced picks the data. */
export default async function TrainPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { preset, dataset } = await searchParams;
  return <TrainRoute {...(typeof preset === 'string' && preset ? { presetId: preset } : {})} {...(typeof dataset === 'string' && isDatasetId(dataset) ? { datasetId: dataset } : {})} />;
}
