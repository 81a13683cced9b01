/**
 * The datasets, in one list for menus and the command line. Loaders that read files live in
 * files.node.ts and mnist.node.ts (Node), files.browser.ts and mnist.browser.ts (browser).
 */
export { photoAugmentation } from './types';
export type { Augmentation, Batch, BatchOptions, Dataset, ImageShape, Sample, Split } from './types';
export { disposeBatch } from './types';
export { InMemoryDataset, type ImageArrays } from './in-memory';
export { MNIST_AUGMENTATION, MNIST_FILES, MNIST_NOTE, mnistFromIdx, type MnistFileBytes, type MnistOptions } from './mnist';
export { encodeIdx, parseIdx, type IdxArray } from './idx';
export { makeSynthetic, SYNTHETIC_CLASSES, SYNTHETIC_SHAPES, type SyntheticOptions } from './synthetic';
export { loadCifar, parseCifarFile, type CifarKind } from './cifar';
export { loadImageFolder, planFolder, type FolderOptions, type ImageDecoder } from './folder';
export { DataFileError, type SourceFile } from './source';

/** A dataset a user can pick, and whether it needs their files. */
export interface DatasetChoice {
  /** The id used by `--dataset` (followed by `:<folder>` when `needsFolder`). */
  readonly id: string;
  readonly label: string;
  readonly needsFolder: boolean;
  readonly help: string;
}

export const DATASET_CHOICES: readonly DatasetChoice[] = [
  { id: 'mnist', label: 'MNIST (built in)', needsFolder: false, help: 'Official MNIST: 60,000 training and 10,000 test digits (LeCun et al. 1998), 28×28 grey; padded to 32×32 or repeated to 3 channels to fit the model. Augmentation: shifts of ±2 px and rotations of ±10°, never flips.' },
  { id: 'mnist-imbalanced', label: 'MNIST, imbalanced 1:100', needsFolder: false, help: 'MNIST with training digits thinned so class frequencies fall from 0 to 9 down to 1:100 (the official 10,000 test digits kept whole).' },
  { id: 'synthetic', label: 'Synthetic shapes', needsFolder: false, help: '32×32 colour images made in code: 5 shapes and 5 textures, 5,000/1,000.' },
  { id: 'synthetic-imbalanced', label: 'Synthetic shapes, imbalanced 1:100', needsFolder: false, help: 'The synthetic shapes with class frequencies falling to 1:100 (balanced test split).' },
  { id: 'synthetic-multilabel', label: 'Synthetic shapes, multi-label', needsFolder: false, help: 'Which of 5 shapes an image holds (1 to 3 each): needs sigmoid outputs.' },
  { id: 'cifar10', label: 'CIFAR-10 (your files)', needsFolder: true, help: 'The binary version: data_batch_1..5.bin and test_batch.bin.' },
  { id: 'cifar100', label: 'CIFAR-100 (your files)', needsFolder: true, help: 'The binary version: train.bin and test.bin, 100 fine classes.' },
  { id: 'cifar100-coarse', label: 'CIFAR-100, 20 superclasses (your files)', needsFolder: true, help: 'The same files, labelled by the 20 coarse classes.' },
  { id: 'folder', label: 'Your images', needsFolder: true, help: 'A folder with one sub-folder of images per class.' },
];
