/**
 * Loads a dataset named as on the command line (`mnist`, `synthetic`, `cifar10:<dir>`, ...)
 * under Node, fitted to the model by its plan (lib/train/plan.ts, the same rule as the browser's):
 * MNIST padded and repeated to 3 channels when the model asks; folder images resized to its input.
 */
import type { DataPlan } from '../plan';
import { datasetEntry, datasetUsage, type DatasetId } from './catalogue';
import type { InMemoryDataset } from './in-memory';
import { loadMnistNode } from './mnist.node';
import { loadCifarDir, loadImageFolderNode } from './files.node';
import { makeSynthetic } from './synthetic';

export interface DatasetRequest {
  /** How the data fits the model (plan.ts); without one, MNIST stays 28×28×1 and folders become 32×32×3. */
  readonly plan?: DataPlan;
  readonly seed?: number;
}

/** Thrown for a dataset name that does not exist or lacks its folder; the message lists the choices. */
export class DatasetSpecError extends Error {}

/** The id and folder of a `--dataset` value, checked: a DatasetSpecError lists the choices. */
export function parseDatasetSpec(spec: string): { id: DatasetId; folder: string } {
  const colon = spec.indexOf(':');
  const id = colon >= 0 ? spec.slice(0, colon) : spec;
  const folder = colon >= 0 ? spec.slice(colon + 1) : '';
  const entry = datasetEntry(id);
  if (!entry) throw new DatasetSpecError(`Unknown dataset "${spec}". Choose one of: ${datasetUsage()}.`);
  const needsFolder = entry.source === 'files';
  if (needsFolder && !folder) throw new DatasetSpecError(`${id} reads your own files: give their folder, as --dataset ${id}:<folder>.`);
  if (!needsFolder && folder) throw new DatasetSpecError(`${id} is built in and takes no folder; use --dataset ${id}.`);
  return { id: id as DatasetId, folder };
}

/** Loads the dataset named by `spec`. */
export async function loadDatasetNode(spec: string, request: DatasetRequest = {}): Promise<{ dataset: InMemoryDataset; notes: string[] }> {
  const { id, folder } = parseDatasetSpec(spec);
  const plan = request.plan;
  const notes: string[] = plan?.note ? [plan.note] : [];
  switch (id) {
    case 'mnist':
    case 'mnist-imbalanced': {
      const fit = plan?.mnist ?? { pad: 0, channels: 1 as const };
      return { dataset: loadMnistNode({ ...fit, ...(id === 'mnist-imbalanced' ? { imbalanceRatio: 100 } : {}) }), notes };
    }
    case 'synthetic':
      return { dataset: makeSynthetic({ form: 'single' }), notes };
    case 'synthetic-imbalanced':
      return { dataset: makeSynthetic({ form: 'imbalanced' }), notes };
    case 'synthetic-multilabel':
      return { dataset: makeSynthetic({ form: 'multilabel' }), notes };
    case 'cifar10':
    case 'cifar100':
    case 'cifar100-coarse':
      return { dataset: await loadCifarDir(folder, id), notes };
    case 'folder': {
      const size = plan?.folder?.size ?? ([32, 32] as const);
      const channels = plan?.folder?.channels ?? 3;
      const { dataset, skipped } = await loadImageFolderNode(folder, { size, channels, ...(request.seed !== undefined ? { seed: request.seed } : {}) });
      if (skipped.length) notes.push(`${skipped.length} file(s) left out: ${skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`).join('; ')}${skipped.length > 3 ? '; ...' : ''}`);
      return { dataset, notes };
    }
    default:
      throw new DatasetSpecError(`Unknown dataset "${spec}". Choose one of: ${datasetUsage()}.`);
  }
}
