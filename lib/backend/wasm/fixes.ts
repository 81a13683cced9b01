/**
 * Replacements for tfjs-backend-wasm 4.22 kernels that give wrong numbers (found by comparing with
 * the CPU backend; the tests hold every one to the CPU backend's results):
 *
 * - Conv2D, DepthwiseConv2dNative, FusedConv2D, FusedDepthwiseConv2D with padding 'same' are wrong
 *   when the kernel is not square or is smaller than the stride (e.g. 2×2 kernel, stride 3): the
 *   'same' flag handed to XNNPACK pads differently from TensorFlow. With the same pads passed
 *   explicitly they are right, so the wrappers turn 'same' into explicit pads.
 * - MaxPoolGrad starts each window's running max at FLT_MIN (the smallest positive float), not
 *   −∞: a window whose values are all ≤ 0 (negative inputs, or zeros after a ReLU) sends its
 *   gradient to the wrong element or drops it. It also breaks ties on the last maximum where the
 *   CPU and WebGL backends take the first. Replaced by a loop over wasm's memory with the CPU
 *   backend's rule (first maximum in scan order), which is also faster.
 * - MaxPoolWithArgmax has the same FLT_MIN start: windows of values ≤ 0 give 1.2e-38 at index 0.
 *   Replaced the same way (training does not use it; deconvnet-style visualisations may).
 *
 * Padding is always the forward op's own (`backend_util.computeConv2DInfo` /
 * `computePool2DInfo`), so 'same', 'valid' and explicit paddings give the CPU backend's numbers.
 */
import * as tf from '@tensorflow/tfjs';
import { markPatched, type KernelWrapper, type Pad, type Rounding, type WasmHeap } from './heap';

/**
 * Scans every max-pool window with the CPU backend's rule: the window's maximum is its first
 * element (row-major scan order) holding the largest value; padding never wins. Calls
 * `found(outIndex, inIndex, max)` once per window and channel, outIndex and inIndex flat NHWC.
 */
function scanMaxPool(x: Float32Array, info: tf.backend_util.Conv2DInfo, found: (outIndex: number, inIndex: number, max: number) => void): void {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth } = info;
  const kh = info.effectiveFilterHeight;
  const kw = info.effectiveFilterWidth;
  const dh = info.dilationHeight;
  const dw = info.dilationWidth;
  const { top, left } = info.padInfo;
  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * inWidth * c;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * strideWidth - left;
        const outBase = ((b * outHeight + oy) * outWidth + ox) * c;
        for (let ch = 0; ch < c; ch++) {
          let max = -Infinity;
          let at = -1;
          for (let i = 0; i < kh; i += dh) {
            const yy = y0 + i;
            if (yy < 0 || yy >= inHeight) continue;
            for (let j = 0; j < kw; j += dw) {
              const xx = x0 + j;
              if (xx < 0 || xx >= inWidth) continue;
              const idx = xBatch + (yy * inWidth + xx) * c + ch;
              const v = x[idx]!;
              if (v > max) { max = v; at = idx; }
            }
          }
          found(outBase + ch, at, max);
        }
      }
    }
  }
}

/**
 * dx of maxPool(x): each window's dy goes to its maximum (CPU semantics, see scanMaxPool).
 * A plain loop over the flat NHWC arrays in wasm's memory: about 2× faster than wasm's own
 * MaxPoolGrad (2.4 vs 5.3 ms on LeNet-5's first pool at batch 64 under Node), while the same rule
 * written with tf ops (a strided slice and comparisons per window tap) was ~7× slower than wasm's,
 * which is why the max-pool kernels are not built from tf ops. `dx` must be zero-filled.
 */
export function maxPoolGradInto(x: Float32Array, dy: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  scanMaxPool(x, info, (o, at) => { if (at >= 0) dx[at]! += dy[o]!; });
}

/**
 * maxPoolWithArgmax's outputs with the CPU backend's rule and index layout:
 * index = ((b·H + y)·W + x)·C + c, without the b term unless includeBatchInIndex.
 */
export function maxPoolArgmaxInto(
  x: Float32Array, pooled: Float32Array, indexes: Int32Array, info: tf.backend_util.Conv2DInfo, includeBatchInIndex: boolean,
): void {
  const perSample = info.inHeight * info.inWidth * info.inChannels;
  scanMaxPool(x, info, (o, at, max) => {
    pooled[o] = max;
    indexes[o] = includeBatchInIndex || at < 0 ? at : at % perSample;
  });
}

/** Replaces wasm's MaxPoolGrad (wrong for windows whose values are all ≤ 0; see the header). */
const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as { filterSize: number | [number, number]; strides: number | [number, number]; pad: Pad; dimRoundingMode?: Rounding };
    const wasm = backend as WasmHeap;
    const input = inputs.input!;
    const dy = inputs.dy!;
    if (input.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error(`MaxPoolGrad on wasm takes float32 tensors, got ${input.dtype}`);
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    // Allocate first: growing the wasm heap would invalidate views taken before.
    const out = wasm.makeOutput(input.shape, 'float32');
    const dx = wasm.typedArrayFromHeap(out) as Float32Array;
    dx.fill(0);
    maxPoolGradInto(wasm.typedArrayFromHeap(input) as Float32Array, wasm.typedArrayFromHeap(dy) as Float32Array, dx, info);
    return out;
  },
};

/**
 * Replaces wasm's MaxPoolWithArgmax, which starts its running max at FLT_MIN like MaxPoolGrad:
 * windows of values ≤ 0 come out as 1.2e-38 with index 0. (Training does not use it; the
 * visualisations' deconvnet switches may.)
 */
const maxPoolWithArgmaxConfig: tf.KernelConfig = {
  kernelName: 'MaxPoolWithArgmax',
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as { filterSize: number | [number, number]; strides: number | [number, number]; pad: Pad; includeBatchInIndex: boolean };
    const wasm = backend as WasmHeap;
    const x = inputs.x!;
    if (x.dtype !== 'float32') throw new Error(`MaxPoolWithArgmax on wasm takes float32 tensors, got ${x.dtype}`);
    const info = tf.backend_util.computePool2DInfo(x.shape as [number, number, number, number], a.filterSize, a.strides, [1, 1], a.pad);
    const pooled = wasm.makeOutput(info.outShape, 'float32');
    const indexes = wasm.makeOutput(info.outShape, 'int32');
    maxPoolArgmaxInto(wasm.typedArrayFromHeap(x) as Float32Array, wasm.typedArrayFromHeap(pooled) as Float32Array,
      wasm.typedArrayFromHeap(indexes) as Int32Array, info, a.includeBatchInIndex);
    return [pooled, indexes];
  },
};

/** wasm's forward convolutions whose 'same' padding is wrong for some shapes (see the header). */
const SAME_PAD_KERNELS = ['Conv2D', 'DepthwiseConv2dNative', 'FusedConv2D', 'FusedDepthwiseConv2D'] as const;

/** Wraps a wasm conv kernel so that padding 'same' reaches it as the equivalent explicit pads. */
const explicitSamePadding: KernelWrapper = (original) => {
  const depthwise = original.kernelName.includes('Depthwise');
  const kernelFunc: tf.KernelFunc = (args) => {
    const a = args.attrs as unknown as { strides: number | [number, number]; dilations?: number | [number, number]; pad: Pad };
    if (a.pad !== 'same') return original.kernelFunc(args);
    const x = args.inputs.x!;
    const filter = args.inputs.filter!;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
      a.strides, a.dilations ?? 1, 'same', undefined, depthwise, 'channelsLast');
    const { top, bottom, left, right } = info.padInfo;
    const pad: Pad = [[0, 0], [top, bottom], [left, right], [0, 0]];
    // A new attrs object: the engine keeps the caller's for the gradient.
    return original.kernelFunc({ ...args, attrs: { ...args.attrs, pad, dimRoundingMode: undefined } as unknown as tf.NamedAttrMap });
  };
  return { ...original, kernelFunc: markPatched(kernelFunc) };
};

/** Kernels registered for wasm in place of its own (see the header). */
export const REPLACED_KERNELS: readonly tf.KernelConfig[] = [maxPoolGradConfig, maxPoolWithArgmaxConfig];

/** wasm's own kernels wrapped so that they give the right numbers: the 'same'-padded convolutions. */
export const CORRECTING_WRAPPERS: readonly (readonly [string, KernelWrapper])[] = SAME_PAD_KERNELS.map((name) => [name, explicitSamePadding] as const);
