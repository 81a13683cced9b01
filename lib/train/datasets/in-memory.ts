/**
 * A dataset held as bytes in JavaScript memory, batched into tensors on demand. Every concrete
 * dataset (MNIST, synthetic, CIFAR, image folder) ends up as one of these; the pure helpers
 * below (pad, repeat channels, subset, imbalance, augment) work on the byte arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { mixSeed, mulberry32, permutation, randInt, shuffleInPlace, type Random } from './rng';
import type { Augmentation, Batch, BatchOptions, Dataset, ImageShape, Sample, Split } from './types';

/** The images and labels of one split. */
export interface ImageArrays {
  readonly count: number;
  /** count×H×W×C bytes, channels last. */
  readonly pixels: Uint8Array;
  /** Class index per sample (for multi-label: the first label held, for display only). */
  readonly labels: Int32Array;
  /** Multi-hot targets, count×K bytes (multi-label datasets only). */
  readonly targets?: Uint8Array;
}

export interface InMemoryDatasetInit {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly shape: ImageShape;
  readonly classNames: readonly string[];
  readonly multiLabel?: boolean;
  /** The augmentation that keeps this data's labels true (default: none declared). */
  readonly augmentation?: Augmentation;
  readonly train: ImageArrays;
  readonly test: ImageArrays;
}

/** 0..255 → [0, 1] without a division per pixel. */
const BYTE_TO_UNIT = new Float32Array(256).map((_, i) => i / 255);

/** A dataset whose images are all in memory as bytes. */
export class InMemoryDataset implements Dataset {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly inputShape: ImageShape;
  readonly numClasses: number;
  readonly classNames: readonly string[];
  readonly multiLabel: boolean;
  readonly augmentation: Augmentation;
  readonly trainClassCounts: readonly number[];
  private train: ImageArrays | null;
  private test: ImageArrays | null;

  constructor(init: InMemoryDatasetInit) {
    this.id = init.id;
    this.name = init.name;
    this.description = init.description;
    this.inputShape = init.shape;
    this.classNames = init.classNames;
    this.numClasses = init.classNames.length;
    this.multiLabel = init.multiLabel ?? false;
    this.augmentation = init.augmentation ?? {};
    checkArrays(init.train, init.shape, this.numClasses, this.multiLabel, 'train');
    checkArrays(init.test, init.shape, this.numClasses, this.multiLabel, 'test');
    this.train = init.train;
    this.test = init.test;
    this.trainClassCounts = this.multiLabel
      ? labelCounts(init.train.targets!, this.numClasses)
      : classCounts(init.train.labels, this.numClasses);
  }

  get trainSize(): number {
    return this.arrays('train').count;
  }

  get testSize(): number {
    return this.arrays('test').count;
  }

  /** The raw arrays of a split (read-only by convention), for derived datasets and tests. */
  arrays(split: Split): ImageArrays {
    const a = split === 'train' ? this.train : this.test;
    if (!a) throw new Error(`The ${this.name} dataset was disposed; load it again.`);
    return a;
  }

  *batches(split: Split, options: BatchOptions): Generator<Batch, void, undefined> {
    const data = this.arrays(split);
    const { batchSize } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new Error(`The batch size must be a whole number of at least 1 (got ${batchSize}).`);
    }
    const seed = options.seed ?? 0;
    const shuffle = options.shuffle ?? split === 'train';
    const order = shuffle ? permutation(data.count, seed) : identity(data.count);
    const random = mulberry32(mixSeed(seed, 0x5eed));
    const augment = options.augment;
    const end = options.dropRemainder ? data.count - (data.count % batchSize) : data.count;
    for (let start = 0; start < end; start += batchSize) {
      const idx = order.subarray(start, Math.min(start + batchSize, end));
      yield makeBatch(data, this.inputShape, this.numClasses, this.multiLabel, idx, augment, random);
    }
  }

  sample(split: Split, index: number): Sample {
    const data = this.arrays(split);
    if (index < 0 || index >= data.count) throw new Error(`No sample ${index} in the ${split} split (it has ${data.count}).`);
    const [h, w, c] = this.inputShape;
    const n = h * w * c;
    const pixels = new Float32Array(n);
    for (let i = 0; i < n; i++) pixels[i] = BYTE_TO_UNIT[data.pixels[index * n + i]!]!;
    const k = this.numClasses;
    return {
      pixels,
      label: data.labels[index]!,
      ...(data.targets ? { targets: data.targets.slice(index * k, index * k + k) } : {}),
    };
  }

  /**
   * The same dataset trained on only the first `count` training samples (all of them when there
   * are fewer); the test split stays whole. For quick runs: a smoke test, a first look.
   */
  withTrainSubset(count: number): InMemoryDataset {
    const train = this.arrays('train');
    if (!Number.isInteger(count) || count < 1) throw new Error(`The training subset must be a whole number of at least 1 (got ${count}).`);
    if (count >= train.count) return this;
    const indices = identity(count);
    return new InMemoryDataset({
      id: this.id, name: this.name,
      description: `${this.description} Trained on the first ${count.toLocaleString('en-US')} of its ${train.count.toLocaleString('en-US')} training images only.`,
      shape: this.inputShape, classNames: this.classNames, multiLabel: this.multiLabel, augmentation: this.augmentation,
      train: subsetArrays(train, this.inputShape, indices, this.numClasses),
      test: this.arrays('test'),
    });
  }

  dispose(): void {
    this.train = null;
    this.test = null;
  }
}

function identity(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

function checkArrays(a: ImageArrays, [h, w, c]: ImageShape, k: number, multiLabel: boolean, split: string): void {
  if (a.pixels.length !== a.count * h * w * c) {
    throw new Error(`${split} split: ${a.pixels.length} bytes of pixels for ${a.count} images of ${h}×${w}×${c}`);
  }
  if (a.labels.length !== a.count) throw new Error(`${split} split: ${a.labels.length} labels for ${a.count} images`);
  if (multiLabel && (!a.targets || a.targets.length !== a.count * k)) {
    throw new Error(`${split} split: multi-label targets must hold ${a.count}×${k} bytes`);
  }
}

/** Number of samples of each class. */
export function classCounts(labels: ArrayLike<number>, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts;
}

/** Number of samples holding each label (multi-hot rows of k bytes). */
export function labelCounts(targets: Uint8Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < targets.length; i++) if (targets[i]) counts[i % k]! += 1;
  return counts;
}

/**
 * Writes one image into `out` at `outOffset` as floats, cropped and flipped: the output pixel
 * (y, x) is the source pixel (y + dy − pad, x' + dx − pad) where x' = W−1−x when flipped, and 0
 * where that falls in the padding. With pad = 0, dx = dy = 0 and no flip it is a plain copy.
 */
export function writeAugmented(
  src: Uint8Array, srcOffset: number, [h, w, c]: ImageShape,
  pad: number, dx: number, dy: number, flip: boolean,
  out: Float32Array, outOffset: number,
): void {
  let o = outOffset;
  for (let y = 0; y < h; y++) {
    const sy = y + dy - pad;
    const rowInside = sy >= 0 && sy < h;
    for (let x = 0; x < w; x++) {
      const sx = (flip ? w - 1 - x : x) + dx - pad;
      if (rowInside && sx >= 0 && sx < w) {
        const s = srcOffset + (sy * w + sx) * c;
        for (let ch = 0; ch < c; ch++) out[o++] = BYTE_TO_UNIT[src[s + ch]!]!;
      } else {
        for (let ch = 0; ch < c; ch++) out[o++] = 0;
      }
    }
  }
}

/**
 * Writes one image into `out` at `outOffset` as floats, rotated by `angle` radians
 * counter-clockwise (as seen on screen) about the image centre, then shifted by (shiftX, shiftY)
 * pixels, then mirrored left–right when `flip`. Pixels are sampled bilinearly; whatever falls
 * outside the source is black.
 *
 * With pixel centres at integer coordinates and the centre c = ((W−1)/2, (H−1)/2), output pixel p
 * (after undoing the flip) takes the source at c + R(−angle)·(p − shift − c), where, with y
 * pointing down, R(−a)·(u, v) = (u·cos a − v·sin a, u·sin a + v·cos a).
 */
export function writeTransformed(
  src: Uint8Array, srcOffset: number, [h, w, c]: ImageShape,
  angle: number, shiftX: number, shiftY: number, flip: boolean,
  out: Float32Array, outOffset: number,
): void {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  // Reads one channel of a source pixel, black outside the image.
  const at = (x: number, y: number, ch: number): number =>
    x >= 0 && x < w && y >= 0 && y < h ? src[srcOffset + (y * w + x) * c + ch]! : 0;
  let o = outOffset;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = (flip ? w - 1 - x : x) - shiftX - cx;
      const v = y - shiftY - cy;
      const sx = cx + u * cos - v * sin;
      const sy = cy + u * sin + v * cos;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      if (x0 < -1 || x0 >= w || y0 < -1 || y0 >= h) {
        for (let ch = 0; ch < c; ch++) out[o++] = 0;
        continue;
      }
      for (let ch = 0; ch < c; ch++) {
        const top = at(x0, y0, ch) * (1 - fx) + at(x0 + 1, y0, ch) * fx;
        const bottom = at(x0, y0 + 1, ch) * (1 - fx) + at(x0 + 1, y0 + 1, ch) * fx;
        out[o++] = (top * (1 - fy) + bottom * fy) / 255;
      }
    }
  }
}

/**
 * Writes sample `i` into the batch buffer, augmented as `augment` says. The random draws, in
 * order: shift x, shift y (when cropPadding), flip (when flip), angle (when rotate).
 */
function writeSample(
  data: ImageArrays, i: number, shape: ImageShape, augment: Augmentation | undefined, random: Random,
  xs: Float32Array, at: number,
): void {
  const n = shape[0] * shape[1] * shape[2];
  const pad = augment?.cropPadding ?? 0;
  const maxDegrees = augment?.rotate ?? 0;
  if (pad <= 0 && !augment?.flip && maxDegrees <= 0) {
    const src = data.pixels.subarray(i * n, i * n + n);
    for (let p = 0; p < n; p++) xs[at + p] = BYTE_TO_UNIT[src[p]!]!;
    return;
  }
  const dx = pad > 0 ? randInt(random, 2 * pad + 1) : 0;
  const dy = pad > 0 ? randInt(random, 2 * pad + 1) : 0;
  const flip = augment?.flip ? random() < 0.5 : false;
  if (maxDegrees > 0) {
    const angle = (2 * random() - 1) * maxDegrees * (Math.PI / 180);
    // The crop at (dx, dy) of the image padded by `pad` is the image shifted by (pad − dx, pad − dy).
    writeTransformed(data.pixels, i * n, shape, angle, pad - dx, pad - dy, flip, xs, at);
  } else {
    writeAugmented(data.pixels, i * n, shape, pad, dx, dy, flip, xs, at);
  }
}

function makeBatch(
  data: ImageArrays, shape: ImageShape, k: number, multiLabel: boolean,
  idx: Int32Array, augment: Augmentation | undefined, random: Random,
): Batch {
  const [h, w, c] = shape;
  const n = h * w * c;
  const b = idx.length;
  const xs = new Float32Array(b * n);
  const ys = new Float32Array(b * k);
  const labels = new Int32Array(b);
  const targets = multiLabel ? new Uint8Array(b * k) : undefined;
  for (let j = 0; j < b; j++) {
    const i = idx[j]!;
    writeSample(data, i, shape, augment, random, xs, j * n);
    labels[j] = data.labels[i]!;
    if (targets) {
      for (let l = 0; l < k; l++) {
        const t = data.targets![i * k + l]!;
        targets[j * k + l] = t;
        ys[j * k + l] = t;
      }
    } else {
      ys[j * k + data.labels[i]!] = 1;
    }
  }
  return {
    xs: tf.tensor4d(xs, [b, h, w, c]),
    ys: tf.tensor2d(ys, [b, k]),
    labels,
    ...(targets ? { targets } : {}),
    size: b,
  };
}

/** Pads every image by `pad` zero pixels on each side: H×W×C → (H+2p)×(W+2p)×C. */
export function padImages(a: ImageArrays, [h, w, c]: ImageShape, pad: number): ImageArrays {
  if (pad === 0) return a;
  const H = h + 2 * pad;
  const W = w + 2 * pad;
  const out = new Uint8Array(a.count * H * W * c);
  for (let i = 0; i < a.count; i++) {
    for (let y = 0; y < h; y++) {
      const s = (i * h * w + y * w) * c;
      const d = (i * H * W + (y + pad) * W + pad) * c;
      out.set(a.pixels.subarray(s, s + w * c), d);
    }
  }
  return { ...a, pixels: out };
}

/** Repeats a single channel `channels` times (grey → RGB for models that take colour). */
export function repeatChannels(a: ImageArrays, [h, w, c]: ImageShape, channels: number): ImageArrays {
  if (c === channels) return a;
  if (c !== 1) throw new Error(`Can only repeat a single channel, not ${c}`);
  const n = a.count * h * w;
  const out = new Uint8Array(n * channels);
  for (let p = 0; p < n; p++) {
    const v = a.pixels[p]!;
    for (let ch = 0; ch < channels; ch++) out[p * channels + ch] = v;
  }
  return { ...a, pixels: out };
}

/** The samples at `indices`, in that order. */
export function subsetArrays(a: ImageArrays, [h, w, c]: ImageShape, indices: ArrayLike<number>, k: number): ImageArrays {
  const n = h * w * c;
  const pixels = new Uint8Array(indices.length * n);
  const labels = new Int32Array(indices.length);
  const targets = a.targets ? new Uint8Array(indices.length * k) : undefined;
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j]!;
    pixels.set(a.pixels.subarray(i * n, i * n + n), j * n);
    labels[j] = a.labels[i]!;
    if (targets) targets.set(a.targets!.subarray(i * k, i * k + k), j * k);
  }
  return { count: indices.length, pixels, labels, ...(targets ? { targets } : {}) };
}

/**
 * How many samples each class keeps in a long-tailed ("imbalanced") version of a split: class k
 * keeps n₀ · ratio^(−k/(K−1)), where n₀ is the smallest class's size, so class 0 keeps n₀, the last
 * class n₀/ratio (at least 1), and the frequencies fall geometrically in between, as in the
 * long-tailed CIFAR of Cui et al. (2019).
 */
export function imbalancedCounts(available: readonly number[], ratio: number): number[] {
  const k = available.length;
  const n0 = Math.min(...available);
  return available.map((_, i) => Math.max(1, Math.round(n0 * Math.pow(ratio, -i / Math.max(1, k - 1)))));
}

/**
 * Keeps, for each class, the first `imbalancedCounts` samples of a seeded shuffle. For multi-label
 * data the class is `labels[i]` (the first label held).
 */
export function imbalanceArrays(a: ImageArrays, shape: ImageShape, k: number, ratio: number, seed: number): ImageArrays {
  const keep = imbalancedCounts(classCounts(a.labels, k), ratio);
  const order = shuffleInPlace(identity(a.count), mulberry32(seed));
  const taken = new Array<number>(k).fill(0);
  const chosen: number[] = [];
  for (const i of order) {
    const label = a.labels[i]!;
    if (taken[label]! < keep[label]!) {
      taken[label]! += 1;
      chosen.push(i);
    }
  }
  chosen.sort((x, y) => x - y);
  return subsetArrays(a, shape, chosen, k);
}
