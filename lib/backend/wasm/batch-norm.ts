/**
 * Batch normalization in training mode as two fused kernels, forward and backward.
 *
 * tfjs-layers' BatchNormalization trains through tfjs-core ops: `tf.moments` (Mean, Sub, Square,
 * Mean) then FusedBatchNorm, and backwards through each of their gradients (Sub, Mul, Rsqrt, Tile,
 * Sum, Reshape, Div... over the whole activation). That is ~30 passes over every BatchNorm input
 * per step, most of them broadcasting element-wise kernels, which wasm runs slowly: ~500 Multiply
 * calls in a Mini MobileNet step, the largest cost of training it.
 *
 * Here, for channels-last inputs (every BatchNorm compile() emits: axis −1), four passes in all:
 * - `LayerwiseBatchNormTraining` (x, scale, offset; attr varianceEpsilon) → [y, mean, variance]:
 *   one pass for the per-channel sums (shifted by each channel's first value, in doubles, so that
 *   a large mean does not cancel the variance away), one pass for y.
 * - its gradient, `LayerwiseBatchNormTrainingGrad`: one pass for Σdy and Σdy·(x − mean) per
 *   channel, one pass for dx = A·dy + B·(x − mean) + C. It includes the gradients that reach the
 *   mean and variance outputs, so it is the exact gradient of tf.moments + tf.batchNorm.
 * The passes are WebAssembly SIMD (batch-norm.wat, compiled into batch-norm.wasm.ts) instantiated
 * on tfjs-backend-wasm's own memory, so they read and write tensors in place; where wasm has no
 * SIMD, JavaScript loops with the same maths run instead. Registered for 'wasm' only.
 *
 * `fuseBatchNormLayers()` makes tfjs-layers' BatchNormalization use them in training mode when the
 * active backend has the kernel (otherwise, and in inference, its own code runs unchanged): the
 * class keeps its name, weights, serialization and moving-average update (the same formula), so
 * saved models and the inference path are untouched. Tests hold it to the CPU backend's numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { WASM_BINARY } from './batch-norm.wasm';
import { isMarked, markPatched, simdInstance, withScratch, type SimdBackend } from './heap';

/** The fused forward kernel's name (added to the kernel registry for 'wasm'). */
export const BATCH_NORM_TRAINING = 'LayerwiseBatchNormTraining';
/** The fused backward kernel's name. */
export const BATCH_NORM_TRAINING_GRAD = 'LayerwiseBatchNormTrainingGrad';

type Floats = Float32Array;

/**
 * Per-channel mean and biased variance of x (rows of `channels` values, channel last), and
 * y = (x − mean)·γ/√(variance + ε) + β. Sums run in doubles, shifted by each channel's first value
 * (the shifted-data algorithm: exact for a constant channel, no cancellation for a large mean).
 * `scale`/`offset` null mean γ = 1, β = 0. The plain-JavaScript twin of the SIMD kernels (used
 * where wasm has no SIMD); exported for the tests.
 */
export function batchNormTrainingInto(
  x: Floats, channels: number, scale: Floats | null, offset: Floats | null, epsilon: number,
  y: Floats, mean: Floats, variance: Floats,
): void {
  const c = channels;
  const rows = c > 0 ? x.length / c : 0;
  const shift = x.slice(0, rows > 0 ? c : 0);
  const acc = new Float64Array(2 * c);
  for (let r = 0, base = 0; r < rows; r++, base += c) {
    for (let ch = 0; ch < c; ch++) {
      const d = Math.fround(x[base + ch]! - shift[ch]!);
      acc[ch] += d;
      acc[c + ch] += d * d;
    }
  }
  const B = new Float32Array(c);
  const C = new Float32Array(c);
  statistics(acc, shift, rows, scale, offset, epsilon, mean, variance, B, C);
  for (let r = 0, base = 0; r < rows; r++, base += c) {
    for (let ch = 0; ch < c; ch++) y[base + ch] = B[ch]! * (x[base + ch]! - mean[ch]!) + C[ch]!;
  }
}

/** Mean, variance and the forward pass's y = B·(x − mean) + C from the shifted sums `acc`. */
function statistics(
  acc: Float64Array, shift: Floats, rows: number, scale: Floats | null, offset: Floats | null, epsilon: number,
  mean: Floats, variance: Floats, B: Floats, C: Floats,
): void {
  const c = mean.length;
  for (let ch = 0; ch < c; ch++) {
    const m = acc[ch]! / rows;
    mean[ch] = shift[ch]! + m;
    // E[(x−K)²] − (E[x−K])², never below 0 (rounding).
    variance[ch] = Math.max(0, acc[c + ch]! / rows - m * m);
    // From the stored float32 variance, as the gradient recomputes it. y = B·(x − mean₃₂) + C, with
    // C correcting for the float32 mean's rounding (B·δ is large when the variance is tiny).
    const residual = shift[ch]! + m - mean[ch]!;
    B[ch] = (scale ? scale[ch]! : 1) / Math.sqrt(variance[ch]! + epsilon);
    C[ch] = (offset ? offset[ch]! : 0) - B[ch]! * residual;
  }
}

/**
 * The gradient of batchNormTrainingInto with respect to x, γ and β, given dy and the gradients
 * that reach the mean and variance outputs (null: none). With s = 1/√(var + ε), N rows,
 * Sd = Σdy and Sx = Σdy·(x − mean) per channel:
 *   dx = γs·dy + (2·dVar/N − γs³·Sx/N)·(x − mean) + dMean/N − γs·Sd/N,
 *   dγ = s·Sx, dβ = Sd. The plain-JavaScript twin of the SIMD kernels; exported for the tests.
 */
export function batchNormTrainingGradInto(
  x: Floats, dy: Floats, channels: number, scale: Floats | null, mean: Floats, variance: Floats, epsilon: number,
  dMean: Floats | null, dVariance: Floats | null, dx: Floats, dScale: Floats, dOffset: Floats,
): void {
  const c = channels;
  const rows = c > 0 ? x.length / c : 0;
  const acc = new Float64Array(3 * c);
  for (let r = 0, base = 0; r < rows; r++, base += c) {
    for (let ch = 0; ch < c; ch++) {
      const g = dy[base + ch]!;
      const d = Math.fround(x[base + ch]! - mean[ch]!);
      acc[ch] += g;
      acc[c + ch] += g * d;
      acc[2 * c + ch] += d;
    }
  }
  const A = new Float32Array(c);
  const B = new Float32Array(c);
  const C = new Float32Array(c);
  gradCoefficients(acc, rows, scale, variance, epsilon, dMean, dVariance, A, B, C, dScale, dOffset);
  for (let r = 0, base = 0; r < rows; r++, base += c) {
    for (let ch = 0; ch < c; ch++) {
      const i = base + ch;
      dx[i] = A[ch]! * dy[i]! + B[ch]! * (x[i]! - mean[ch]!) + C[ch]!;
    }
  }
}

/**
 * dx = A·dy + B·(x − mean) + C, dγ and dβ from the sums `acc`: Σdy, Σdy·(x − mean) and Σ(x − mean)
 * with the float32 mean. The last is N·r, r what the mean's rounding left (the exact mean is
 * mean + r); the formulas need x − exact mean = (x − mean) − r, so r is folded into Sx and C. Without
 * it a channel of tiny variance gets a gradient off by B·r (4e-4 for two nearly equal values).
 */
function gradCoefficients(
  acc: Float64Array, rows: number, scale: Floats | null, variance: Floats, epsilon: number,
  dMean: Floats | null, dVariance: Floats | null, A: Floats, B: Floats, C: Floats, dScale: Floats, dOffset: Floats,
): void {
  const c = variance.length;
  for (let ch = 0; ch < c; ch++) {
    const s = 1 / Math.sqrt(variance[ch]! + epsilon);
    const g = scale ? scale[ch]! : 1;
    const sd = acc[ch]!;
    const r = acc[2 * c + ch]! / rows;
    const sx = acc[c + ch]! - r * sd;
    A[ch] = g * s;
    B[ch] = -g * s * s * s * sx / rows + (dVariance ? 2 * dVariance[ch]! / rows : 0);
    C[ch] = -g * s * sd / rows + (dMean ? dMean[ch]! / rows : 0) - B[ch]! * r;
    dScale[ch] = s * sx;
    dOffset[ch] = sd;
  }
}

/** The SIMD kernels of batch-norm.wat, instantiated on one tfjs wasm module's memory. */
interface SimdKernels {
  stats(x: number, rows: number, c: number, shift: number, acc: number): void;
  gradSums(x: number, dy: number, rows: number, c: number, mean: number, acc: number): void;
  affine(x: number, dy: number, out: number, rows: number, c: number, mean: number, A: number, B: number, C: number): void;
}

type Backend = SimdBackend;

/** The SIMD kernels for this backend's wasm module, or null (then the JavaScript loops run). */
function simdKernels(backend: Backend): SimdKernels | null {
  return simdInstance<SimdKernels>(backend, WASM_BINARY);
}

/** The fused kernels work on float32 with channels last; the layer hook only calls them so. */
const forwardKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, scale, offset } = inputs as { x: tf.TensorInfo; scale?: tf.TensorInfo; offset?: tf.TensorInfo };
  const epsilon = (attrs as unknown as { varianceEpsilon: number }).varianceEpsilon;
  const wasm = backend as unknown as Backend;
  const c = x.shape[x.shape.length - 1]!;
  const y = wasm.makeOutput(x.shape, 'float32');
  const mean = wasm.makeOutput([c], 'float32');
  const variance = wasm.makeOutput([c], 'float32');
  const f = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
  const simd = simdKernels(wasm);
  const size = x.shape.reduce((p, d) => p * d, 1);
  if (!simd || size === 0) {
    // Views only after the last allocation: growing wasm's memory detaches earlier ones.
    batchNormTrainingInto(f(x), c, scale ? f(scale) : null, offset ? f(offset) : null, epsilon, f(y), f(mean), f(variance));
    return [y, mean, variance];
  }
  const rows = size / c;
  // Scratch: acc (2c doubles), then shift, B, C and a zero A (c floats each).
  withScratch(wasm.wasm, 16 * c + 16 * c, (p) => {
    const heap = wasm.wasm.HEAPU8.buffer;
    const acc = new Float64Array(heap, p, 2 * c);
    const [shiftP, aP, bP, cP] = [p + 16 * c, p + 20 * c, p + 24 * c, p + 28 * c];
    const shift = new Float32Array(heap, shiftP, c);
    const xs = f(x);
    shift.set(xs.subarray(0, c));
    acc.fill(0);
    new Float32Array(heap, aP, c).fill(0);
    simd.stats(xs.byteOffset, rows, c, shiftP, p);
    const meanV = f(mean);
    statistics(acc, shift, rows, scale ? f(scale) : null, offset ? f(offset) : null, epsilon, meanV, f(variance),
      new Float32Array(heap, bP, c), new Float32Array(heap, cP, c));
    simd.affine(xs.byteOffset, xs.byteOffset, f(y).byteOffset, rows, c, meanV.byteOffset, aP, bP, cP);
  });
  return [y, mean, variance];
};

const backwardKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy, scale, mean, variance, dMean, dVariance } = inputs as Record<string, tf.TensorInfo | undefined>;
  const epsilon = (attrs as unknown as { varianceEpsilon: number }).varianceEpsilon;
  const wasm = backend as unknown as Backend;
  const c = x!.shape[x!.shape.length - 1]!;
  const dx = wasm.makeOutput(x!.shape, 'float32');
  const dScale = wasm.makeOutput([c], 'float32');
  const dOffset = wasm.makeOutput([c], 'float32');
  const f = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
  const simd = simdKernels(wasm);
  const size = x!.shape.reduce((p, d) => p * d, 1);
  if (!simd || size === 0) {
    batchNormTrainingGradInto(f(x!), f(dy!), c, scale ? f(scale) : null, f(mean!), f(variance!), epsilon,
      dMean ? f(dMean) : null, dVariance ? f(dVariance) : null, f(dx), f(dScale), f(dOffset));
    return [dx, dScale, dOffset];
  }
  const rows = size / c;
  // Scratch: acc (3c doubles), then A, B, C (c floats each).
  withScratch(wasm.wasm, 24 * c + 12 * c, (p) => {
    const heap = wasm.wasm.HEAPU8.buffer;
    const acc = new Float64Array(heap, p, 3 * c);
    const [aP, bP, cP] = [p + 24 * c, p + 28 * c, p + 32 * c];
    acc.fill(0);
    const [xs, dys, meanV] = [f(x!), f(dy!), f(mean!)];
    simd.gradSums(xs.byteOffset, dys.byteOffset, rows, c, meanV.byteOffset, p);
    gradCoefficients(acc, rows, scale ? f(scale) : null, f(variance!), epsilon, dMean ? f(dMean) : null, dVariance ? f(dVariance) : null,
      new Float32Array(heap, aP, c), new Float32Array(heap, bP, c), new Float32Array(heap, cP, c), f(dScale), f(dOffset));
    simd.affine(xs.byteOffset, dys.byteOffset, f(dx).byteOffset, rows, c, meanV.byteOffset, aP, bP, cP);
  });
  return [dx, dScale, dOffset];
};

/** The two fused kernels, for 'wasm'. */
export const BATCH_NORM_KERNELS: readonly tf.KernelConfig[] = [
  { kernelName: BATCH_NORM_TRAINING, backendName: 'wasm', kernelFunc: forwardKernel },
  { kernelName: BATCH_NORM_TRAINING_GRAD, backendName: 'wasm', kernelFunc: backwardKernel },
];

/**
 * The forward kernel's gradient: one call of the backward kernel, computed eagerly (the engine
 * runs this inside its backward `tidy`, which frees the gradients nobody asks for). The engine
 * passes zeros for the mean and variance outputs when the loss does not use them (the usual
 * case: only the moving averages read them); they are [C] values, so they always go in.
 */
export const BATCH_NORM_GRADIENT: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dMean, dVariance] = dys as tf.Tensor[];
    const [x, scale, mean, variance] = saved;
    const inputs: tf.NamedTensorMap = { x: x!, dy: dy!, scale: scale!, mean: mean!, variance: variance! };
    if (dMean) inputs['dMean'] = dMean;
    if (dVariance) inputs['dVariance'] = dVariance;
    const [dx, dScale, dOffset] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    return { x: () => dx!, scale: () => dScale!, offset: () => dOffset! };
  },
};

/**
 * Training-mode batch normalization over every axis but the last, fused: [y, mean, variance]
 * with the biased variance, as tf.moments gives. Differentiable with respect to x, scale and
 * offset. Needs BATCH_NORM_TRAINING registered for the active backend (wasm).
 */
export function batchNormTraining(x: tf.Tensor, scale: tf.Tensor1D, offset: tf.Tensor1D, varianceEpsilon: number): [tf.Tensor, tf.Tensor1D, tf.Tensor1D] {
  return tf.engine().runKernel(BATCH_NORM_TRAINING, { x, scale, offset }, { varianceEpsilon }) as unknown as [tf.Tensor, tf.Tensor1D, tf.Tensor1D];
}

/** The BatchNormalization fields the hook reads (private in tfjs-layers' typings). */
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}
type Call = (this: BatchNormFields, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/** The active backend's name, without starting one. */
function activeBackend(): string | null {
  const engine = tf.engine() as unknown as { backendName?: string | null; backendInstance?: unknown };
  return engine.backendInstance ? (engine.backendName ?? null) : null;
}

/** Whether the fused path takes this call: training, float32, channels last, kernel present. */
function fusable(layer: BatchNormFields, input: tf.Tensor, training: boolean): boolean {
  if (!training || input.dtype !== 'float32' || input.rank < 2) return false;
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + input.rank;
  if (axis !== input.rank - 1) return false;
  const backend = activeBackend();
  return backend !== null && tf.getKernel(BATCH_NORM_TRAINING, backend) !== undefined;
}

/**
 * Makes tfjs-layers' BatchNormalization run its training mode through the fused kernels wherever
 * the active backend has them; everything else (inference, other axes, other backends) runs its
 * own code. The moving averages are updated as tfjs-layers does: v ← v − (v − batch)·(1 − momentum).
 * Idempotent; returns whether it installed the hook now.
 */
export function fuseBatchNormLayers(): boolean {
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as { call: Call };
  if (isMarked(proto.call)) return false;
  const original = proto.call;
  const call: Call = function (this: BatchNormFields, inputs, kwargs) {
    const input = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : undefined) : inputs;
    if (!input || !fusable(this, input, Boolean(kwargs['training']))) return original.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const c = input.shape[input.rank - 1]!;
      const scale = (this.gamma ? this.gamma.read() : tf.ones([c])) as tf.Tensor1D;
      const offset = (this.beta ? this.beta.read() : tf.zeros([c])) as tf.Tensor1D;
      const [y, mean, variance] = batchNormTraining(input, scale, offset, this.epsilon);
      const decay = 1 - this.momentum;
      for (const [variable, value] of [[this.movingMean, mean], [this.movingVariance, variance]] as const) {
        tf.tidy(() => {
          const old = variable.read();
          variable.write(tf.sub(old, tf.mul(tf.sub(old, value), decay)));
        });
      }
      return y;
    });
  };
  proto.call = markPatched(call);
  return true;
}
