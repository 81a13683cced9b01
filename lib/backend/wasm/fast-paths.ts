/**
 * Fast paths for wasm kernels that are right but slow (bench/profile-wasm.ts lists where a
 * training step's time goes):
 *
 * - Tile (element-by-element copies in wasm; block copies here), which BatchNorm's gradient calls
 *   on every layer.
 * - Conv2DBackpropInput (a plain loop in wasm): the SIMD kernel of conv-input-grad.wat (dy·wᵀ per
 *   filter tap, spread over the input pixels), else a forward conv through XNNPACK (conv2dInputGrad).
 * - Sum and Mean over the leading or trailing axes (wasm transposes the whole tensor first):
 *   loops over wasm's memory, as BatchNorm reduces [N,H,W,C] over N,H,W on every layer.
 * - Identity and Cast to the same dtype share the input's buffer instead of copying it, as on CPU.
 * - Minimum, Maximum, Greater and Less of a float32 tensor and a scalar (ReLU6 and its gradient):
 *   loops, as wasm's broadcasting path is ~2.5× slower than a same-shape op.
 * - BatchMatMul with a transposed operand (every Dense layer's gradients: dy·Wᵀ and xᵀ·dy): the
 *   operand transposed first, then wasm's fast untransposed path; _FusedMatMul likewise, which
 *   also makes its bias right (wrong in wasm when transposed or batched).
 *
 * Each wraps wasm's own kernel and hands it every case it does not take (other dtypes, axes,
 * data formats), so the results are wasm's or the CPU backend's everywhere (property tests).
 */
import * as tf from '@tensorflow/tfjs';
import { WASM_BINARY as CONV_INPUT_GRAD_BINARY } from './conv-input-grad.wasm';
import {
  asTensor, markPatched, simdInstance, withScratch, type KernelWrapper, type Pad, type Rounding, type SimdBackend, type Tensor4D, type WasmBinary, type WasmHeap,
} from './heap';

/**
 * dx of conv2d(x, W), W [kh, kw, Cin, Cout]: the transposed convolution as a *forward* conv run by
 * XNNPACK: dy with (s−1) zeros between rows and columns, padded by (k−1) − pad in front, correlated
 * with W flipped in space and with Cin and Cout swapped. wasm's own Conv2DBackpropInput is a plain
 * loop: 72 ms against 12 ms here for Mini MobileNet's 32×32 96→16 projection at batch 64.
 */
export function conv2dInputGrad(
  inputShape: readonly [number, number, number, number], dy: Tensor4D, filter: Tensor4D,
  strides: number | [number, number], pad: Pad, dimRoundingMode?: Rounding,
): Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = inputShape;
    const [kh, kw, , cout] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(
      [...inputShape], filter.shape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { top, left } = info.padInfo;
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    const [oh, ow] = [info.outHeight, info.outWidth];
    let z: Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      const spread = tf.pad(tf.reshape(dy, [n, oh, 1, ow, 1, cout]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
      z = tf.slice(tf.reshape(spread, [n, oh * sh, ow * sw, cout]) as Tensor4D, [0, 0, 0, 0], [-1, (oh - 1) * sh + 1, (ow - 1) * sw + 1, -1]);
    }
    const padTop = kh - 1 - top;
    const padLeft = kw - 1 - left;
    const padBottom = h + kh - 1 - padTop - z.shape[1];
    const padRight = w + kw - 1 - padLeft - z.shape[2];
    const flipped = kh === 1 && kw === 1 ? filter : tf.reverse(filter, [0, 1]);
    const wt = tf.transpose(flipped, [0, 1, 3, 2]); // [kh, kw, Cout, Cin]
    if ([padTop, padBottom, padLeft, padRight].every((p) => p >= 0)) {
      const padding: Pad = padTop + padBottom + padLeft + padRight === 0 ? 'valid' : [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]];
      return tf.conv2d(z, wt as Tensor4D, 1, padding);
    }
    // Negative pads (rows of dy that no input row reaches, e.g. stride > kernel): pad, then crop.
    const pz = tf.pad(z, [[0, 0], [Math.max(padTop, 0), Math.max(padBottom, 0)], [Math.max(padLeft, 0), Math.max(padRight, 0)], [0, 0]]);
    const cropped = tf.slice(pz, [0, Math.max(-padTop, 0), Math.max(-padLeft, 0), 0],
      [-1, pz.shape[1] - Math.max(-padTop, 0) - Math.max(-padBottom, 0), pz.shape[2] - Math.max(-padLeft, 0) - Math.max(-padRight, 0), -1]);
    return tf.conv2d(cropped, wt as Tensor4D, 1, 'valid');
  });
}

/**
 * Sums of x (flat, row-major, shape `shape`) over `axes` (sorted, distinct) into `out`, times
 * `scale`, when the axes are the leading ones ([0..k)) or the trailing ones ([r−k..r)); returns
 * false (and writes nothing) for any other set. Doubles accumulate, as on the CPU backend.
 * BatchNorm's gradient and statistics reduce [N,H,W,C] over the leading axes on every layer;
 * wasm's Sum and Mean first transpose the whole tensor to put those axes last (44 ms for
 * [64,32,32,96] → [96] under Node; ~5 ms here).
 */
export function reduceSumInto(x: Float32Array | Int32Array, shape: readonly number[], axes: readonly number[], out: Float32Array | Int32Array, scale: number): boolean {
  const rank = shape.length;
  const k = axes.length;
  const leading = axes.every((a, i) => a === i);
  const trailing = axes.every((a, i) => a === rank - k + i);
  if (!leading && !trailing) return false;
  const split = leading ? k : rank - k;
  const outer = shape.slice(0, split).reduce((p, d) => p * d, 1);
  const inner = shape.slice(split).reduce((p, d) => p * d, 1);
  if (leading) {
    const acc = new Float64Array(inner);
    // Four rows per pass: 2.4× faster than one (13.7 → 5.7 ms for [64,32,32,96] → [96]).
    let r = 0;
    for (; r + 4 <= outer; r += 4) {
      const b0 = r * inner;
      const b1 = b0 + inner;
      const b2 = b1 + inner;
      const b3 = b2 + inner;
      for (let ch = 0; ch < inner; ch++) acc[ch] += (x[b0 + ch]! + x[b1 + ch]!) + (x[b2 + ch]! + x[b3 + ch]!);
    }
    for (; r < outer; r++) {
      const base = r * inner;
      for (let ch = 0; ch < inner; ch++) acc[ch] += x[base + ch]!;
    }
    for (let ch = 0; ch < inner; ch++) out[ch] = acc[ch]! * scale;
  } else {
    for (let r = 0; r < outer; r++) {
      let s = 0;
      const base = r * inner;
      for (let ch = 0; ch < inner; ch++) s += x[base + ch]!;
      out[r] = s * scale;
    }
  }
  return true;
}

/**
 * x tiled `reps` times along each axis, into `out` (flat, row-major). Block copies: the innermost
 * row is written once and copied by doubling, then each axis' block likewise. Exported for tests.
 */
export function tileInto(
  x: Float32Array | Int32Array | Uint8Array, shape: readonly number[], reps: readonly number[], out: Float32Array | Int32Array | Uint8Array,
): void {
  const rank = shape.length;
  if (rank === 0) { out[0] = x[0]!; return; }
  const inStride = new Array<number>(rank).fill(1);
  const outStride = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) {
    inStride[i] = inStride[i + 1]! * shape[i + 1]!;
    outStride[i] = outStride[i + 1]! * shape[i + 1]! * reps[i + 1]!;
  }
  const repeat = (start: number, block: number, times: number) => {
    const total = block * times;
    for (let filled = block; filled < total;) {
      const n = Math.min(filled, total - filled);
      out.copyWithin(start + filled, start, start + n);
      filled += n;
    }
  };
  const fill = (axis: number, inOff: number, outOff: number): void => {
    const len = shape[axis]!;
    if (axis === rank - 1) {
      if (len === 1) { out.fill(x[inOff]!, outOff, outOff + reps[axis]!); return; }
      out.set(x.subarray(inOff, inOff + len), outOff);
    } else {
      for (let i = 0; i < len; i++) fill(axis + 1, inOff + i * inStride[axis]!, outOff + i * outStride[axis]!);
    }
    repeat(outOff, len * outStride[axis]!, reps[axis]!);
  };
  if (out.length > 0) fill(0, 0, 0);
}

/**
 * Wraps wasm's Tile, which is slow: 66–158 ms to tile [1,1,1,64] to [32,16,16,64] under Node,
 * 0.08 ms with the block copies here. BatchNorm's gradient in tfjs-core tiles per-channel vectors
 * over the whole batch on every layer, which made Tile the slowest kernel of a Mini MobileNet
 * training step (~1 s of ~4 s). Other dtypes go to the original kernel.
 */
function fastTile(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = args.inputs.x!;
    if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') return original.kernelFunc(args);
    const { reps } = args.attrs as unknown as { reps: number[] };
    const wasm = args.backend as WasmHeap;
    const out = wasm.makeOutput(x.shape.map((d, i) => d * reps[i]!), x.dtype);
    tileInto(wasm.typedArrayFromHeap(x), x.shape, reps, wasm.typedArrayFromHeap(out));
    return out;
  };
  return { ...original, kernelFunc: markPatched(kernelFunc) };
}

/** conv-input-grad.wat's export (pointers are byte offsets in wasm's heap). */
interface ConvInputGradKernel {
  convInputGrad(dy: number, wt: number, dx: number, n: number, h: number, w: number, cin: number, oh: number, ow: number,
    cout: number, sh: number, sw: number, top: number, left: number, kh: number, kw: number, init: number): void;
}

/**
 * dx of conv2d(x, W) by conv-input-grad.wat: per image, filter tap and output row, four output
 * pixels' gradients times Wᵀ (tiles of 4 pixels × 8 input channels in registers, then × 4, then
 * × the last Cin mod 4) added into the input pixels they came from. A strided conv does no work on the zeros the transposed-convolution
 * formulation inserts (Mini ResNet's 3×3 stride-2 layers: ~4× less work), and nothing is flipped,
 * transposed on the tensor side or padded.
 */
function conv2dInputGradSimd(simd: ConvInputGradKernel, wasm: SimdBackend, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow, outChannels: cout,
    strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const dx = wasm.makeOutput([n, h, w, cin], 'float32');
  const size = kh * kw * cin * cout;
  if (n * h * w * cin === 0) return dx;
  // 16 bytes more than the filter: the kernel loads four values of a row where fewer than four are left.
  withScratch(wasm.wasm, 4 * size + 16, (p) => {
    // Views after the allocation: growing the heap detaches earlier ones.
    const heap = wasm.wasm.HEAPU8.buffer;
    const wt = new Float32Array(heap, p, size);
    const wv = wasm.typedArrayFromHeap(filter) as Float32Array;
    // Each tap's [Cin, Cout] block transposed to [Cout, Cin], so that input channels are contiguous.
    for (let t = 0; t < kh * kw; t++) {
      const base = t * cin * cout;
      for (let ci = 0; ci < cin; ci++) for (let co = 0; co < cout; co++) wt[base + co * cin + ci] = wv[base + ci * cout + co]!;
    }
    const dxs = wasm.typedArrayFromHeap(dx) as Float32Array;
    // A 1×1 filter at stride 1 without padding: its one tap writes every input pixel once.
    const init = kh === 1 && kw === 1 && sh === 1 && sw === 1 && oh === h && ow === w && info.padInfo.top === 0 && info.padInfo.left === 0 && cout > 0;
    if (!init) dxs.fill(0);
    if (oh * ow > 0 && cout > 0) {
      simd.convInputGrad(wasm.typedArrayFromHeap(dy).byteOffset, p, dxs.byteOffset, n, h, w, cin, oh, ow, cout, sh, sw,
        info.padInfo.top, info.padInfo.left, kh, kw, init ? 1 : 0);
    }
  });
  return dx;
}

type InputGradAttrs = { strides: number | [number, number]; pad: Pad; dataFormat?: string; dimRoundingMode?: Rounding; inputShape: [number, number, number, number] };

/** Conv2DBackpropInput for NHWC float32: the SIMD kernel of `binary` where it can (not null), else conv2dInputGrad; null for other cases. */
function conv2dInputGradNHWC(args: Parameters<tf.KernelFunc>[0], binary: WasmBinary | null): tf.TensorInfo | null {
  const a = args.attrs as unknown as InputGradAttrs;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  if ((a.dataFormat !== undefined && a.dataFormat !== 'NHWC') || dy.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const wasm = args.backend as unknown as SimdBackend;
  const simd = binary ? simdInstance<ConvInputGradKernel>(wasm, binary) : null;
  if (simd) {
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape, filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    return conv2dInputGradSimd(simd, wasm, dy, filter, info);
  }
  const backend = args.backend as tf.KernelBackend;
  return tf.tidy(() => conv2dInputGrad(a.inputShape, asTensor(dy, backend) as Tensor4D, asTensor(filter, backend) as Tensor4D, a.strides, a.pad, a.dimRoundingMode));
}

/** Replaces wasm's Conv2DBackpropInput (a slow loop) with the SIMD kernel or a forward conv; other data formats and dtypes go to it. */
function fastConv2dInputGrad(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => conv2dInputGradNHWC(args, CONV_INPUT_GRAD_BINARY) ?? original.kernelFunc(args);
  return { ...original, kernelFunc: markPatched(kernelFunc) };
}

/**
 * Conv2DBackpropInput for NHWC float32 only, by the SIMD kernel of `binary` (a build of
 * conv-input-grad.wat: bench/conv-grads.ts passes an earlier commit's to compare), or without
 * SIMD (null). patchWasmBackend never registers it.
 */
export function conv2dInputGradWith(binary: WasmBinary | null): tf.KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const dx = conv2dInputGradNHWC(args, binary);
      if (!dx) throw new Error('Conv2DBackpropInput here takes NHWC float32 tensors only');
      return dx;
    },
  };
}

/**
 * Conv2DBackpropInput without SIMD (the forward-conv formulation; NHWC float32 only): what runs
 * where wasm has no SIMD and what ran before conv-input-grad.wat. For the tests and
 * bench/kernels.ts; patchWasmBackend never registers it.
 */
export const CONV2D_INPUT_GRAD_WITHOUT_SIMD: tf.KernelConfig = conv2dInputGradWith(null);

/**
 * Wraps wasm's Sum or Mean: float32 reductions over leading or trailing axes run as loops over
 * wasm's memory (reduceSumInto); anything else goes to the original kernel.
 */
function fastReduce(original: tf.KernelConfig, mean: boolean): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = args.inputs.x!;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    if (x.dtype !== 'float32' || x.shape.length === 0) return original.kernelFunc(args);
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((p, q) => p - q);
    const rank = x.shape.length;
    const leading = axes.every((v, i) => v === i);
    const trailing = axes.every((v, i) => v === rank - axes.length + i);
    if (axes.length === 0 || (!leading && !trailing)) return original.kernelFunc(args);
    const outShape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const count = axes.reduce((p, v) => p * x.shape[v]!, 1);
    const wasm = args.backend as WasmHeap;
    const out = wasm.makeOutput(outShape, 'float32');
    reduceSumInto(wasm.typedArrayFromHeap(x) as Float32Array, x.shape, axes, wasm.typedArrayFromHeap(out) as Float32Array, mean ? 1 / count : 1);
    return out;
  };
  return { ...original, kernelFunc: markPatched(kernelFunc) };
}

/**
 * Wraps wasm's Identity (and Cast to the tensor's own dtype), which copy the whole buffer, so that
 * they share it instead, as the CPU and WebGL backends and wasm's own Reshape do: no tfjs kernel
 * writes into its inputs, and Variable.assign swaps buffers rather than overwriting them. The
 * gradient tape clones every activation gradient it passes on (664 Identity calls, 120 ms of a
 * Mini MobileNet step at batch 64).
 */
function sharedIdentity(original: tf.KernelConfig, cast: boolean): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const x = args.inputs.x!;
    const same = !cast || (args.attrs as unknown as { dtype: tf.DataType }).dtype === x.dtype;
    if (!same || x.dtype === 'string' || x.dtype === 'complex64') return original.kernelFunc(args);
    (args.backend as tf.KernelBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { ...original, kernelFunc: markPatched(kernelFunc) };
}

/** Element-wise ops against a scalar that scalarBinaryInto runs as loops. */
type ScalarOp = 'Minimum' | 'Maximum' | 'Greater' | 'Less';

/**
 * op(s, x[i]) (scalarFirst) or op(x[i], s) into out, for a float32 tensor x and a scalar s.
 * Minimum and Maximum give NaN where either side is NaN, as the CPU backend does; comparisons
 * with NaN are false. ReLU6 is minimum(relu(x), 6) and its gradient compares with 0 and 6: wasm's
 * broadcasting path runs these ~2.5× slower than a same-shape Multiply (25 ms for 6.3 M values).
 */
export function scalarBinaryInto(op: ScalarOp, s: number, x: Float32Array, out: Float32Array | Uint8Array, scalarFirst: boolean): void {
  const n = x.length;
  // Math.min/max: exactly the CPU backend's rule, NaN and −0 < +0 included.
  if (op === 'Minimum') for (let i = 0; i < n; i++) out[i] = Math.min(x[i]!, s);
  else if (op === 'Maximum') for (let i = 0; i < n; i++) out[i] = Math.max(x[i]!, s);
  else if ((op === 'Greater') !== scalarFirst) for (let i = 0; i < n; i++) out[i] = x[i]! > s ? 1 : 0;
  else for (let i = 0; i < n; i++) out[i] = x[i]! < s ? 1 : 0;
}

/** Wraps a wasm binary kernel: float32 tensor against a rank-0 float32 scalar runs as a loop. */
function scalarBinary(original: tf.KernelConfig, op: ScalarOp): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const a = args.inputs.a!;
    const b = args.inputs.b!;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original.kernelFunc(args);
    const scalarFirst = a.shape.length === 0 && b.shape.length > 0;
    if (!scalarFirst && !(b.shape.length === 0 && a.shape.length > 0)) return original.kernelFunc(args);
    const [sc, t] = scalarFirst ? [a, b] : [b, a];
    const wasm = args.backend as WasmHeap;
    const out = wasm.makeOutput(t.shape, op === 'Minimum' || op === 'Maximum' ? 'float32' : 'bool');
    const s = (wasm.typedArrayFromHeap(sc) as Float32Array)[0]!;
    scalarBinaryInto(op, s, wasm.typedArrayFromHeap(t) as Float32Array, wasm.typedArrayFromHeap(out) as Float32Array | Uint8Array, scalarFirst);
    return out;
  };
  return { ...original, kernelFunc: markPatched(kernelFunc) };
}

/**
 * Multiply-adds from which a transposed matrix product is transposed first: below, the copy costs
 * about what it saves (LeNet-5's [64,84]ᵀ·[64,10], 54 K multiply-adds, came out slower).
 */
export const TRANSPOSE_FIRST_MIN_MACS = 1 << 17;

/** The transposed operands of a matrix product copied untransposed (wasm's Transpose), and the copies to free. */
function untransposed(args: Parameters<tf.KernelFunc>[0], a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): { a: tf.TensorInfo; b: tf.TensorInfo; made: tf.TensorInfo[] } {
  const perm = a.shape.length === 2 ? [1, 0] : [0, 2, 1];
  const transpose = tf.getKernel('Transpose', 'wasm')!.kernelFunc;
  const flip = (t: tf.TensorInfo): tf.TensorInfo => transpose({ inputs: { x: t }, attrs: { perm }, backend: args.backend }) as tf.TensorInfo;
  const made: tf.TensorInfo[] = [];
  const a2 = transposeA ? flip(a) : a;
  if (transposeA) made.push(a2);
  const b2 = transposeB ? flip(b) : b;
  if (transposeB) made.push(b2);
  return { a: a2, b: b2, made };
}

/** Whether a product is one the wrappers below take: float32, both operands of rank 2, or both of rank 3. */
function takes(a: tf.TensorInfo, b: tf.TensorInfo): boolean {
  const rank = a.shape.length;
  return a.dtype === 'float32' && b.dtype === 'float32' && rank === b.shape.length && (rank === 2 || rank === 3);
}

/**
 * Wraps wasm's BatchMatMul: with transposeA or transposeB, wasm multiplies in a plain loop, 3–8×
 * slower than its untransposed path (under Node: [64,120]·[400,120]ᵀ, LeNet-5's first Dense
 * layer's input gradient, 13.1 ms against 1.6 ms; [64,400]ᵀ·[64,120], its weight gradient, 5.8
 * against 0.7 ms). Here the transposed operand is copied transposed (wasm's Transpose) and the
 * product taken untransposed, for products of at least TRANSPOSE_FIRST_MIN_MACS; anything else
 * goes to the original kernel.
 */
function transposeFirstMatMul(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if ((!transposeA && !transposeB) || !takes(a, b)) return original.kernelFunc(args);
    const rank = a.shape.length;
    const m = a.shape[transposeA ? rank - 1 : rank - 2]!;
    const k = a.shape[transposeA ? rank - 2 : rank - 1]!;
    const n = b.shape[transposeB ? rank - 2 : rank - 1]!;
    const batch = rank === 3 ? Math.max(a.shape[0]!, b.shape[0]!) : 1;
    if (batch * m * k * n < TRANSPOSE_FIRST_MIN_MACS) return original.kernelFunc(args);
    const u = untransposed(args, a, b, transposeA, transposeB);
    try {
      return original.kernelFunc({ ...args, inputs: { ...args.inputs, a: u.a, b: u.b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } }) as tf.TensorInfo;
    } finally {
      for (const t of u.made) (args.backend as tf.KernelBackend).disposeData(t.dataId);
    }
  };
  return { ...original, kernelFunc: markPatched(kernelFunc) };
}

/** tfjs' fused activations as the kernels that apply them alone. */
const ACTIVATION_KERNELS: Readonly<Record<string, string>> = {
  relu: 'Relu', relu6: 'Relu6', elu: 'Elu', sigmoid: 'Sigmoid', leakyrelu: 'LeakyRelu', prelu: 'Prelu',
};

/**
 * Wraps wasm's _FusedMatMul, which is wrong with a bias when an operand is transposed or the
 * product is batched (rank 3): tfjs-backend-wasm 4.22 adds the bias at the wrong places (results
 * off by up to 1.6 on values of [−1, 1], tested against the CPU backend), and like BatchMatMul it
 * is slow when transposed. Here a transposed operand is copied transposed first (any size: that
 * alone makes a rank-2 product right), and a batched product with a bias is taken without bias or
 * activation, then the bias added (Add) and the activation applied (its own kernel). Rank-2
 * untransposed products, the only ones tfjs-layers' Dense makes, go to wasm's kernel as before.
 */
function fixedFusedMatMul(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean; activation: string; leakyreluAlpha?: number };
    const batched = a.shape.length === 3 && !!bias;
    if ((!attrs.transposeA && !attrs.transposeB && !batched) || !takes(a, b)) return original.kernelFunc(args);
    const backend = args.backend as tf.KernelBackend;
    const u = untransposed(args, a, b, attrs.transposeA, attrs.transposeB);
    const made = u.made;
    try {
      const plain = { ...args.attrs, transposeA: false, transposeB: false };
      if (!batched) return original.kernelFunc({ ...args, inputs: { ...args.inputs, a: u.a, b: u.b }, attrs: plain }) as tf.TensorInfo;
      const activation = attrs.activation ?? 'linear';
      const activationKernel = activation === 'linear' ? undefined : ACTIVATION_KERNELS[activation];
      if (activation !== 'linear' && !(activationKernel && tf.getKernel(activationKernel, 'wasm'))) return original.kernelFunc(args);
      const product = original.kernelFunc({ ...args, inputs: { a: u.a, b: u.b }, attrs: { ...plain, activation: 'linear' } }) as tf.TensorInfo;
      made.push(product);
      const summed = tf.getKernel('Add', 'wasm')!.kernelFunc({ inputs: { a: product, b: bias }, attrs: {}, backend }) as tf.TensorInfo;
      if (!activationKernel) return summed;
      made.push(summed);
      const inputs = activation === 'prelu' ? { x: summed, alpha: preluActivationWeights! } : { x: summed };
      const activationAttrs: tf.NamedAttrMap = activation === 'leakyrelu' ? { alpha: attrs.leakyreluAlpha ?? 0.2 } : {};
      return tf.getKernel(activationKernel, 'wasm')!.kernelFunc({ inputs, attrs: activationAttrs, backend }) as tf.TensorInfo;
    } finally {
      for (const t of made) backend.disposeData(t.dataId);
    }
  };
  return { ...original, kernelFunc: markPatched(kernelFunc) };
}

/** wasm's own kernels wrapped with the fast paths above, by kernel name. */
export const FAST_PATH_WRAPPERS: readonly (readonly [string, KernelWrapper])[] = [
  ['Tile', fastTile],
  ['Conv2DBackpropInput', fastConv2dInputGrad],
  ['Sum', (o) => fastReduce(o, false)],
  ['Mean', (o) => fastReduce(o, true)],
  ['Identity', (o) => sharedIdentity(o, false)],
  ['Cast', (o) => sharedIdentity(o, true)],
  ...(['Minimum', 'Maximum', 'Greater', 'Less'] as const).map((op) => [op, (o: tf.KernelConfig) => scalarBinary(o, op)] as const),
  ['BatchMatMul', transposeFirstMatMul],
  ['_FusedMatMul', fixedFusedMatMul],
];
