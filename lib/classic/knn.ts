/**
 * k-nearest neighbours on raw pixels: a test digit takes the class most common among the k
 * training digits closest to it in Euclidean distance. No training at all — all the work is at
 * test time, and on MNIST it is a lot of work: 10,000 × 60,000 distances of 784 pixels, about
 * 470 billion multiply-adds (2 · 10⁴ · 6 · 10⁴ · 784 ≈ 9.4 · 10¹¹ operations).
 *
 * Two ways to compute the same answer:
 * - `knnClassify`: plain loops, for small sets (tests, a few digits) — exact, slow on MNIST.
 * - `knnClassifyTf`: squared distances as ‖a‖² + ‖b‖² − 2a·b, where a·b for a block of test digits
 *   against all training digits is one matrix product (TensorFlow.js; on the wasm backend XNNPACK's
 *   SIMD kernels: 2.3 billion multiply-adds a second here on shared cores, 18× the loops), then
 *   `topk` of the negated distances. ‖a‖² is the same for every training digit
 *   and leaves the ranking unchanged, but is added so that distances are true ones.
 *   Pixels are scaled to [0, 1] first: in float32, ‖b‖² − 2a·b of 0–255 values (norms near 10⁷)
 *   would lose the low digits that tell near neighbours apart.
 *
 * Votes: each of the k neighbours gives one vote to its class; a tie between classes goes to the
 * one that holds the nearest of the tied neighbours (so k = 2 behaves as k = 1 on a tie).
 */
import * as tf from '@tensorflow/tfjs';

/** A set of points: `count` rows of `dims` numbers, one after another, and a class per row. */
export interface KnnSet {
  readonly points: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
  readonly count: number;
  readonly dims: number;
}

/**
 * The class voted for by neighbours given nearest first (`neighbourLabels[0]` is the nearest):
 * the most frequent class; on a tie, the tied class whose first neighbour is nearest.
 */
export function voteOf(neighbourLabels: ArrayLike<number>, classes: number): number {
  const counts = new Int32Array(classes);
  let best = -1;
  let bestCount = 0;
  for (let n = 0; n < neighbourLabels.length; n++) counts[neighbourLabels[n]!]!++;
  // Walking nearest first, the first class seen with the top count wins.
  for (let n = 0; n < neighbourLabels.length; n++) {
    const c = neighbourLabels[n]!;
    if (counts[c]! > bestCount) {
      best = c;
      bestCount = counts[c]!;
    }
  }
  return best;
}

/**
 * Classifies each query by its k nearest points of `train` (squared Euclidean distance, computed
 * exactly with loops; an equal distance goes to the earlier training point). For small sets.
 */
export function knnClassify(train: KnnSet, queries: ArrayLike<number>, queryCount: number, k: number, classes: number): Int32Array {
  if (k < 1 || k > train.count) throw new RangeError(`k must be between 1 and the ${train.count} training points; it is ${k}.`);
  const { points, dims } = train;
  const out = new Int32Array(queryCount);
  const bestDist = new Float64Array(k);
  const bestIdx = new Int32Array(k);
  const neighbours = new Int32Array(k);
  for (let q = 0; q < queryCount; q++) {
    bestDist.fill(Infinity);
    bestIdx.fill(-1);
    for (let i = 0; i < train.count; i++) {
      let d = 0;
      for (let j = 0; j < dims; j++) {
        const diff = queries[q * dims + j]! - points[i * dims + j]!;
        d += diff * diff;
      }
      if (d >= bestDist[k - 1]!) continue;
      // Insert in order (k is small).
      let at = k - 1;
      while (at > 0 && bestDist[at - 1]! > d) {
        bestDist[at] = bestDist[at - 1]!;
        bestIdx[at] = bestIdx[at - 1]!;
        at--;
      }
      bestDist[at] = d;
      bestIdx[at] = i;
    }
    for (let n = 0; n < k; n++) neighbours[n] = train.labels[bestIdx[n]!]!;
    out[q] = voteOf(neighbours, classes);
  }
  return out;
}

/** Progress of `knnClassifyTf`: queries done of the total. */
export interface KnnProgress {
  readonly done: number;
  readonly total: number;
}

export interface KnnTfOptions {
  readonly k: number;
  readonly classes: number;
  /** Queries per matrix product (memory: chunk × train.count float32 distances). */
  readonly chunk?: number;
  /** Multiplies every value before the distances (1/255 for bytes). */
  readonly scale?: number;
  readonly onProgress?: (progress: KnnProgress) => void;
  /** Called once the training points are on the backend (k-NN's whole "training"), before any distance. */
  readonly onPrepared?: () => void;
  /** Called between chunks; return a promise to let the caller's event loop run (e.g. a worker's messages). */
  readonly yieldBetweenChunks?: () => Promise<void>;
}

/**
 * Classifies `queryCount` queries by k-NN with matrix products on the current tfjs backend
 * (see the file's comment). Every tensor is freed before it returns.
 */
export async function knnClassifyTf(train: KnnSet, queries: ArrayLike<number>, queryCount: number, options: KnnTfOptions): Promise<Int32Array> {
  const { k, classes } = options;
  if (k < 1 || k > train.count) throw new RangeError(`k must be between 1 and the ${train.count} training points; it is ${k}.`);
  const scale = options.scale ?? 1;
  const chunk = Math.max(1, options.chunk ?? 256);
  const { dims } = train;
  const toFloat = (values: ArrayLike<number>, start: number, end: number): Float32Array => {
    const out = new Float32Array(end - start);
    for (let j = start; j < end; j++) out[j - start] = values[j]! * scale;
    return out;
  };
  // The training points as columns (dims × count): tfjs-backend-wasm 4.22 multiplies by a
  // transposed operand (matMul(q, t, false, true)) about 10× slower than by one laid out already.
  const columns = new Float32Array(train.count * dims);
  for (let i = 0; i < train.count; i++) {
    for (let j = 0; j < dims; j++) columns[j * train.count + i] = train.points[i * dims + j]! * scale;
  }
  const trainT = tf.tensor2d(columns, [dims, train.count]);
  const trainSq = tf.tidy(() => tf.sum(tf.square(trainT), 0));
  const out = new Int32Array(queryCount);
  const neighbours = new Int32Array(k);
  options.onPrepared?.();
  try {
    for (let start = 0; start < queryCount; start += chunk) {
      const m = Math.min(chunk, queryCount - start);
      const indices = tf.tidy(() => {
        const q = tf.tensor2d(toFloat(queries, start * dims, (start + m) * dims), [m, dims]);
        const qSq = tf.sum(tf.square(q), 1, true);
        // ‖a‖² + ‖b‖² − 2a·b, m × count.
        const d2 = tf.add(tf.sub(trainSq, tf.mul(tf.matMul(q, trainT), 2)), qSq);
        return tf.topk(tf.neg(d2), k, true).indices;
      });
      const idx = await indices.data();
      indices.dispose();
      for (let r = 0; r < m; r++) {
        for (let n = 0; n < k; n++) neighbours[n] = train.labels[idx[r * k + n]!]!;
        out[start + r] = voteOf(neighbours, classes);
      }
      options.onProgress?.({ done: start + m, total: queryCount });
      if (options.yieldBetweenChunks) await options.yieldBetweenChunks();
    }
  } finally {
    trainT.dispose();
    trainSq.dispose();
  }
  return out;
}
