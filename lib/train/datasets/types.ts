/**
 * The one interface every dataset implements (MNIST, synthetic, CIFAR, a folder of images), so
 * that the training loop, the evaluation and the UI never ask which one they have.
 *
 * Images are held as bytes on the JavaScript heap (N×H×W×C, channels last, 0–255) and turned into
 * tensors one batch at a time: a dataset holds no tensors between batches, so loading one (or
 * failing to) never leaves anything in tfjs memory.
 */
import type * as tf from '@tensorflow/tfjs';

export type Split = 'train' | 'test';

/** Image side and channels of one sample, channels last: [height, width, channels]. */
export type ImageShape = readonly [number, number, number];

/**
 * Training-time augmentation: random shifts (AlexNet's crops of a padded image), horizontal flips
 * and small rotations. Which of them make sense depends on the data — a mirrored 3 or a 6 turned
 * upside down is no longer the same digit — so each dataset declares its own (`Dataset.augmentation`).
 */
export interface Augmentation {
  /**
   * Pad each side by this many zero pixels, then crop a random window of the original size: a
   * random shift of up to this many pixels in each direction, the uncovered border black.
   */
  readonly cropPadding?: number;
  /** Mirror each image left–right with probability 1/2. */
  readonly flip?: boolean;
  /** Rotate by an angle drawn uniformly from ±this many degrees, about the image centre (bilinear). */
  readonly rotate?: number;
}

/** What `--augment` means for photographs and drawn shapes: crops of a padded image (1/8 of the side) and flips. */
export function photoAugmentation([h]: ImageShape): Augmentation {
  return { cropPadding: Math.max(1, Math.round(h / 8)), flip: true };
}

export interface BatchOptions {
  readonly batchSize: number;
  /** Shuffle the order (default: true for train, false for test). */
  readonly shuffle?: boolean;
  /** Seed for the order and the augmentation; pass a different one each epoch. */
  readonly seed?: number;
  /** Training-time augmentation (ignored unless given). */
  readonly augment?: Augmentation;
  /** Leave out the last, smaller batch. */
  readonly dropRemainder?: boolean;
}

/** One batch. The caller owns `xs` and `ys` and must dispose them (or call `disposeBatch`). */
export interface Batch {
  /** Images, [b, H, W, C], floats in [0, 1]. */
  readonly xs: tf.Tensor4D;
  /** One-hot class rows (single-label) or multi-hot label rows (multi-label), [b, K]. */
  readonly ys: tf.Tensor2D;
  /** The class index of each sample (single-label; for multi-label, the first label held). */
  readonly labels: Int32Array;
  /** Multi-hot targets, b×K bytes, for multi-label datasets. */
  readonly targets?: Uint8Array;
  /** Number of samples in this batch. */
  readonly size: number;
}

/** One sample, for display and visualisation. */
export interface Sample {
  /** H×W×C floats in [0, 1]. */
  readonly pixels: Float32Array;
  readonly label: number;
  readonly targets?: Uint8Array;
}

export interface Dataset {
  /** Short id: 'mnist', 'synthetic', 'cifar10', ... */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** What it is and where the data comes from, for the UI (one or two sentences). */
  readonly description: string;
  readonly inputShape: ImageShape;
  readonly numClasses: number;
  readonly classNames: readonly string[];
  /** True when a sample may hold several labels at once (sigmoid + binary cross-entropy). */
  readonly multiLabel: boolean;
  /** The training-time augmentation that keeps this data's labels true (what `--augment` uses). */
  readonly augmentation: Augmentation;
  readonly trainSize: number;
  readonly testSize: number;
  /** Samples per class in the train split (for class weights; for multi-label, per label). */
  readonly trainClassCounts: readonly number[];
  /** Batches of one split as tensors, in order (test) or shuffled (train). */
  batches(split: Split, options: BatchOptions): Generator<Batch, void, undefined>;
  /** One sample as floats. */
  sample(split: Split, index: number): Sample;
  /** Drops the images; the dataset cannot be used afterwards. */
  dispose(): void;
}

/** Frees a batch's tensors. */
export function disposeBatch(batch: Batch): void {
  batch.xs.dispose();
  batch.ys.dispose();
}
