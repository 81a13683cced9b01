/**
 * The datasets: one catalogue (catalogue.ts) for menus and the command line, and the pure
 * builders. Loaders that read files live in load.node.ts, files.node.ts and mnist.node.ts (Node),
 * load.browser.ts, files.browser.ts and mnist.browser.ts (browser).
 */
export { DATASETS, browserDatasets, datasetEntry, datasetUsage, isDatasetId, type DatasetEntry, type DatasetId, type InputRule } from './catalogue';
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
