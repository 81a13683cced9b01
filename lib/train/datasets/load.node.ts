/**
 * Loads a dataset named as on the command line (`mnist`, `synthetic`, `cifar10:<dir>`, ...)
 * under Node, fitted to the model where the dataset allows it: MNIST is padded 28→32 and
 * repeated to 3 channels when the model asks for that; folder images are resized to its input.
 */
import { DATASET_CHOICES } from './index';
import type { InMemoryDataset } from './in-memory';
import { loadMnistNode } from './mnist.node';
import { loadCifarDir, loadImageFolderNode } from './files.node';
import { makeSynthetic } from './synthetic';

export interface DatasetRequest {
  /** The model's input [H, W, C], to fit MNIST and image folders to it. */
  readonly inputShape?: readonly number[] | null;
  readonly seed?: number;
}

/** Thrown for a dataset name that does not exist or lacks its folder; the message lists the choices. */
export class DatasetSpecError extends Error {}

/** The names `--dataset` accepts, for help and error messages. */
export function datasetUsage(): string {
  return DATASET_CHOICES.map((c) => `${c.id}${c.needsFolder ? ':<folder>' : ''}`).join(', ');
}

/** Loads the dataset named by `spec`. */
export async function loadDatasetNode(spec: string, request: DatasetRequest = {}): Promise<{ dataset: InMemoryDataset; notes: string[] }> {
  const colon = spec.indexOf(':');
  const id = colon >= 0 ? spec.slice(0, colon) : spec;
  const folder = colon >= 0 ? spec.slice(colon + 1) : '';
  const choice = DATASET_CHOICES.find((c) => c.id === id);
  if (!choice) throw new DatasetSpecError(`Unknown dataset "${spec}". Choose one of: ${datasetUsage()}.`);
  if (choice.needsFolder && !folder) throw new DatasetSpecError(`${id} reads your own files: give their folder, as --dataset ${id}:<folder>.`);
  if (!choice.needsFolder && folder) throw new DatasetSpecError(`${id} is built in and takes no folder; use --dataset ${id}.`);
  const want = request.inputShape ?? null;
  const notes: string[] = [];
  switch (id) {
    case 'mnist':
    case 'mnist-imbalanced': {
      let pad = 0;
      let channels: 1 | 3 = 1;
      if (want && want.length === 3 && want[0] === want[1] && want[0]! > 28 && (want[0]! - 28) % 2 === 0) {
        pad = (want[0]! - 28) / 2;
        notes.push(`MNIST digits padded from 28×28 to ${want[0]}×${want[1]} (${pad} zero pixels each side) to fit the model.`);
      }
      if (want && want.length === 3 && want[2] === 3) {
        channels = 3;
        notes.push('MNIST grey values repeated to 3 channels to fit the model.');
      }
      return { dataset: loadMnistNode({ pad, channels, ...(id === 'mnist-imbalanced' ? { imbalanceRatio: 100 } : {}) }), notes };
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
      const size = want && want.length === 3 ? ([want[0]!, want[1]!] as const) : ([32, 32] as const);
      const channels = want && want.length === 3 && want[2] === 1 ? 1 : 3;
      const { dataset, skipped } = await loadImageFolderNode(folder, { size, channels, ...(request.seed !== undefined ? { seed: request.seed } : {}) });
      if (skipped.length) notes.push(`${skipped.length} file(s) left out: ${skipped.slice(0, 3).map((s) => `${s.path} (${s.reason})`).join('; ')}${skipped.length > 3 ? '; ...' : ''}`);
      return { dataset, notes };
    }
    default:
      throw new DatasetSpecError(`Unknown dataset "${spec}". Choose one of: ${datasetUsage()}.`);
  }
}
