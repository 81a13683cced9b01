/**
 * The datasets, in one list: what the command line's `--dataset` accepts, what the training panel
 * offers (those that run in a browser), and what each needs of a model. The id union is derived
 * from the list, so a dataset added here is known everywhere at once.
 */
import { augmentationOf, type AugmentationKind } from './augmentation';
import type { Augmentation, ImageShape } from './types';

/** How a dataset's images reach the model's input. */
export type InputRule =
  /** 28×28 grey, padded to a larger even side and repeated to 3 channels when the model asks. */
  | { readonly kind: 'mnist' }
  /** Exactly this shape (synthetic shapes, CIFAR). */
  | { readonly kind: 'exact'; readonly shape: ImageShape }
  /** Each image resized to the model's input, grey or colour (a folder of pictures). */
  | { readonly kind: 'resize' };

export interface DatasetEntry {
  /** The id `--dataset` takes (followed by `:<folder>` when the user gives files). */
  readonly id: string;
  /** For menus. */
  readonly label: string;
  /** One or two sentences: what it is, where it comes from, how big. */
  readonly help: string;
  /** How a sentence names the dataset: "MNIST has 10 classes", "your folder has 3 classes". */
  readonly called: string;
  /** How a sentence names its images: "the synthetic shapes are 32×32×3". */
  readonly imagesCalled: string;
  /** 'built-in': made or shipped by the app; 'files': the user's own files (a folder). */
  readonly source: 'built-in' | 'files';
  /** The training panel offers it (it loads in a browser worker). */
  readonly inBrowser: boolean;
  readonly input: InputRule;
  /** Classes (labels, for multi-label data), or null when the user's folder decides. */
  readonly classes: number | null;
  /** A sample may hold several labels: needs sigmoid outputs. */
  readonly multiLabel: boolean;
  /** Which augmentation keeps its labels true (augmentation.ts): digits are never mirrored. */
  readonly augments: AugmentationKind;
  /** Its training classes are deliberately unequal (1:100): balanced accuracy tells more than accuracy. */
  readonly imbalanced: boolean;
}

const SYNTHETIC_SHAPE: ImageShape = [32, 32, 3];
const CIFAR_SHAPE: ImageShape = [32, 32, 3];

export const DATASETS = [
  {
    id: 'mnist', called: 'MNIST', imagesCalled: 'MNIST digits', label: 'MNIST digits (built in)', source: 'built-in', inBrowser: true, input: { kind: 'mnist' }, classes: 10, multiLabel: false, augments: 'digits', imbalanced: false,
    help: 'Official MNIST: 60,000 training and 10,000 test handwritten digits (LeCun et al. 1998), 28×28 grey; padded to 32×32 or repeated to 3 channels to fit the model. Augmentation: shifts of ±2 px and rotations of ±10°, never flips.',
  },
  {
    id: 'mnist-imbalanced', called: 'MNIST', imagesCalled: 'MNIST digits', label: 'MNIST, imbalanced 1:100', source: 'built-in', inBrowser: true, input: { kind: 'mnist' }, classes: 10, multiLabel: false, augments: 'digits', imbalanced: true,
    help: 'MNIST with its training digits thinned so that class frequencies fall from 0 to 9 down to 1:100 (5,421 zeros, 54 nines: 13,454 in all); the official 10,000 test digits stay whole, so each digit\'s accuracy shows what the imbalance costs.',
  },
  {
    id: 'synthetic', called: 'the synthetic shapes dataset', imagesCalled: 'the synthetic shapes', label: 'Synthetic shapes (built in)', source: 'built-in', inBrowser: true, input: { kind: 'exact', shape: SYNTHETIC_SHAPE }, classes: 10, multiLabel: false, augments: 'photos', imbalanced: false,
    help: '32×32 colour images of 5 shapes and 5 textures, drawn in code: 5,000 to train, 1,000 to test.',
  },
  {
    id: 'synthetic-imbalanced', called: 'the synthetic shapes dataset', imagesCalled: 'the synthetic shapes', label: 'Synthetic shapes, imbalanced 1:100', source: 'built-in', inBrowser: true, input: { kind: 'exact', shape: SYNTHETIC_SHAPE }, classes: 10, multiLabel: false, augments: 'photos', imbalanced: true,
    help: 'The synthetic shapes with training class frequencies falling from disc to dots down to 1:100 (500 to 5: 1,242 in all); the 1,000 test images stay balanced.',
  },
  {
    id: 'synthetic-multilabel', called: 'the multi-label synthetic shapes dataset', imagesCalled: 'the synthetic shapes', label: 'Synthetic shapes, multi-label', source: 'built-in', inBrowser: true, input: { kind: 'exact', shape: SYNTHETIC_SHAPE }, classes: 5, multiLabel: true, augments: 'photos', imbalanced: false,
    help: 'Which of 5 shapes (disc, square, triangle, cross, ring) an image holds, 1 to 3 each: several answers at once, so the model needs one sigmoid output per shape, not softmax. 5,000 to train, 1,000 to test.',
  },
  {
    id: 'cifar10', called: 'CIFAR-10', imagesCalled: 'CIFAR images', label: 'CIFAR-10 (your files)', source: 'files', inBrowser: true, input: { kind: 'exact', shape: CIFAR_SHAPE }, classes: 10, multiLabel: false, augments: 'photos', imbalanced: false,
    help: 'Your copy of the binary version (cifar-10-binary.tar.gz, extracted): data_batch_1.bin to data_batch_5.bin and test_batch.bin; 50,000 training and 10,000 test photos, 32×32 colour, 10 classes (Krizhevsky 2009).',
  },
  {
    id: 'cifar100', called: 'CIFAR-100', imagesCalled: 'CIFAR images', label: 'CIFAR-100 (your files)', source: 'files', inBrowser: true, input: { kind: 'exact', shape: CIFAR_SHAPE }, classes: 100, multiLabel: false, augments: 'photos', imbalanced: false,
    help: 'Your copy of the binary version (cifar-100-binary.tar.gz, extracted): train.bin and test.bin; 50,000 training and 10,000 test photos in 100 classes.',
  },
  {
    id: 'cifar100-coarse', called: 'CIFAR-100 by superclass', imagesCalled: 'CIFAR images', label: 'CIFAR-100, 20 superclasses (your files)', source: 'files', inBrowser: true, input: { kind: 'exact', shape: CIFAR_SHAPE }, classes: 20, multiLabel: false, augments: 'photos', imbalanced: false,
    help: 'The same train.bin and test.bin, labelled by the 20 superclasses (vehicles 1, flowers, insects, ...) instead of the 100 classes.',
  },
  {
    id: 'folder', called: 'your folder', imagesCalled: 'your images', label: 'Your own images (a folder)', source: 'files', inBrowser: true, input: { kind: 'resize' }, classes: null, multiLabel: false, augments: 'photos', imbalanced: false,
    help: 'A folder with one sub-folder per class (PNG, JPEG, GIF, BMP, WebP); 20% of each class is held out for testing.',
  },
] as const satisfies readonly DatasetEntry[];

/** Every dataset id: 'mnist' | 'synthetic' | 'folder' | ... */
export type DatasetId = (typeof DATASETS)[number]['id'];

/** The entry of a dataset id, or undefined for an unknown one. */
export function datasetEntry(id: string): DatasetEntry | undefined {
  return (DATASETS as readonly DatasetEntry[]).find((d) => d.id === id);
}

/** True when `id` names a dataset of the catalogue. */
export function isDatasetId(id: string): id is DatasetId {
  return datasetEntry(id) !== undefined;
}

/**
 * The augmentation a dataset declares, for a model of input `shape` (what its loader gives the
 * Dataset, known before it loads: the panel describes it and its test-time crops).
 */
export function declaredAugmentation(entry: DatasetEntry, shape: ImageShape): Augmentation {
  return augmentationOf(entry.augments, entry.input.kind === 'exact' ? entry.input.shape : shape);
}

/** The datasets the training panel offers, in catalogue order. */
export function browserDatasets(): readonly DatasetEntry[] {
  return (DATASETS as readonly DatasetEntry[]).filter((d) => d.inBrowser);
}

/** The names `--dataset` accepts, for help and error messages: "mnist, ..., cifar10:<folder>, ...". */
export function datasetUsage(): string {
  return (DATASETS as readonly DatasetEntry[]).map((d) => `${d.id}${d.source === 'files' ? ':<folder>' : ''}`).join(', ');
}
