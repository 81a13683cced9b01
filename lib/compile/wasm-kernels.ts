/**
 * Completing tfjs-backend-wasm 4.22 for training: the gradient kernels it lacks, built from wasm's
 * own forward kernels, and fixes for three of its kernels that give wrong numbers.
 *
 * As shipped, the wasm backend cannot train a conv net: `Conv2DBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropFilter` and `DepthwiseConv2dNativeBackpropInput` are not
 * registered for it, so the first backward pass fails with "Kernel '…' not registered for backend
 * 'wasm'". Every other gradient a Layerwise model needs (Conv2DBackpropInput, AvgPoolGrad,
 * LRNGrad, and the op-level gradients of BatchNorm, activations, Concat, Add, Multiply, Dense,
 * Dropout, softmax cross-entropy) is there; tests/unit/compile/wasm-kernels.test.ts trains a
 * model holding every layer type one step on wasm and on CPU and compares the weights.
 *
 * Added kernels, mostly *forward* convolutions run with tf ops while wasm is the active backend (so
 * XNNPACK's fast conv kernels do the work):
 *
 * - Conv2DBackpropFilter: dW[i,j,ci,co] = Σ_{n,oy,ox} x[n, oy·s+i−pt, ox·s+j−pl, ci]·dy[n,oy,ox,co].
 *   With ci as the batch and n as the input channel, that is a forward conv2d of
 *   x' = xᵀ[Cin,H,W,N] with the filter dy' = dyᵀ[OH,OW,N,Cout], stride 1 and dilation s
 *   (forward stride and dilation swapped; tfjs only differentiates dilation 1).
 *   A 1×1 conv at stride 1 is one matmul xᵀ·dy over all pixels instead.
 * - DepthwiseConv2dNativeBackpropFilter: a loop over wasm's memory (depthwiseFilterGradInto).
 *   (depthwiseFilterGrad, the same sum as a depthwise conv of x as one image with N·C channels by
 *   dy as an [OH,OW,N·C,M] filter, stays exported as a reference; it is ~3× slower.)
 * - DepthwiseConv2dNativeBackpropInput: the transposed convolution: dy with (s−1) zeros inserted
 *   between its rows and columns, padded, depthwise-convolved with the spatially flipped filter
 *   at dilation d, then summed over the channel multiplier.
 *
 * Replaced kernels (wrong numbers in tfjs-backend-wasm 4.22, found by comparing with CPU):
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
 * Sped up (wasm's own are right but slow; bench/profile-wasm.ts lists where a step's time goes):
 * - Tile (element-by-element copies in wasm; block copies here), which BatchNorm's gradient calls
 *   on every layer.
 * - Conv2DBackpropInput (a plain loop in wasm): a forward conv through XNNPACK (conv2dInputGrad).
 * - Sum and Mean over the leading or trailing axes (wasm transposes the whole tensor first):
 *   loops over wasm's memory, as BatchNorm reduces [N,H,W,C] over N,H,W on every layer.
 * - Identity and Cast to the same dtype share the input's buffer instead of copying it, as on CPU.
 * - Minimum, Maximum, Greater and Less of a float32 tensor and a scalar (ReLU6 and its gradient):
 *   loops, as wasm's broadcasting path is ~2.5× slower than a same-shape op.
 * With the depthwise filter-gradient loop, training at batch 64 under Node (SGD, medians of 5
 * interleaved rounds, 2 shared cores) went from 23 to 47 samples/s on Mini MobileNet, 136 to 276
 * on Mini ResNet and 1,968 to 2,970 on LeNet-5.
 *
 * Padding is always the forward op's own (`backend_util.computeConv2DInfo` /
 * `computePool2DInfo`), so 'same', 'valid' and explicit paddings give the CPU backend's numbers
 * (held within 1e-4 by property tests).
 *
 * Node: `import '@tensorflow/tfjs-backend-wasm'` (this module does it) then
 * `await tf.setBackend('wasm')`: its Node build loads `tfjs-backend-wasm-simd.wasm` from next to
 * its own script, so no `setWasmPaths` is needed. The browser needs the `.wasm` files served and
 * `setWasmPaths(url)` before `setBackend`; see shared/notes/browser.md.
 */
import * as tf from '@tensorflow/tfjs';
// Registers the wasm backend and its kernels first, so that the wrappers below wrap wasm's own
// kernels and are not overwritten by them.
import '@tensorflow/tfjs-backend-wasm';

type Tensor4D = tf.Tensor4D;
type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/** The two BackendWasm methods the JS kernels use (the class is not exported by the package root). */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** Kernel names this module registers for the 'wasm' backend (added, replaced or wrapped). */
export const WASM_PATCHED_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'MaxPoolGrad',
  'MaxPoolWithArgmax',
  'Conv2D',
  'DepthwiseConv2dNative',
  'FusedConv2D',
  'FusedDepthwiseConv2D',
  'Tile',
  'Conv2DBackpropInput',
  'Sum',
  'Mean',
  'Identity',
  'Cast',
  'Minimum',
  'Maximum',
  'Greater',
  'Less',
] as const;

/**
 * A kernel input as a Tensor we may use with ops. The engine passes the Tensors themselves, but the
 * kernel contract only promises a TensorInfo; a bare TensorInfo is wrapped in a new Tensor that
 * holds its own reference to the data (`incRef`), so the kernel's `tidy` freeing the wrapper
 * never frees the caller's data.
 */
function asTensor(info: tf.TensorInfo, backend: tf.KernelBackend): tf.Tensor {
  if (isTensor(info)) return info;
  const t = tf.engine().makeTensorFromTensorInfo(info, backend as tf.KernelBackend);
  backend.incRef(info.dataId);
  return t;
}

function isTensor(info: tf.TensorInfo): info is tf.Tensor {
  // Duck-typed rather than instanceof: two copies of tfjs-core in a bundle share one engine.
  return typeof (info as Partial<tf.Tensor>).dispose === 'function' && typeof (info as Partial<tf.Tensor>).rank === 'number';
}

function pair(v: number | readonly number[] | undefined): [number, number] {
  if (v === undefined) return [1, 1];
  return typeof v === 'number' ? [v, v] : [v[0]!, v[1]!];
}

/**
 * Rows (or columns) of x to use for a correlation that must produce exactly `outLen` outputs,
 * with `before` zeros in front: returns [rows of x kept, zeros after].
 */
function fitLength(inLen: number, before: number, needed: number): [number, number] {
  const after = needed - before - inLen;
  return after >= 0 ? [inLen, after] : [inLen + after, 0];
}

/**
 * dW of conv2d(x, W): a forward conv of the transposed input with the transposed output gradient.
 * Exported for the tests; the registered kernel calls it with the attrs of the forward op.
 */
export function conv2dFilterGrad(
  x: Tensor4D, dy: Tensor4D, filterShape: readonly [number, number, number, number],
  strides: number | [number, number], pad: Pad, dimRoundingMode?: Rounding,
): Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, cin, cout] = filterShape;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape, [kh, kw, cin, cout], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { top, left } = info.padInfo;
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    const [oh, ow] = [info.outHeight, info.outWidth];
    if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && top === 0 && left === 0) {
      // A 1×1 conv at stride 1 (MobileNet's expansions and projections) is a matmul per pixel, so
      // dW = xᵀ·dy over all N·H·W pixels (77 → 10 ms on Mini MobileNet's 32×32 16→96 expansion at
      // batch 64). The transpose is explicit: wasm's matMul with transposeA is a slow loop (80 ms).
      const rows = x.shape[0] * x.shape[1] * x.shape[2];
      return tf.reshape(tf.matMul(tf.transpose(tf.reshape(x, [rows, cin])), tf.reshape(dy, [rows, cout])), [1, 1, cin, cout]);
    }
    // The correlation reads padded rows [0, (oh−1)·sh + kh): crop or zero-pad x to that length.
    const [keepH, padBottom] = fitLength(x.shape[1], top, (oh - 1) * sh + kh);
    const [keepW, padRight] = fitLength(x.shape[2], left, (ow - 1) * sw + kw);
    let xs: Tensor4D = x;
    if (keepH < x.shape[1] || keepW < x.shape[2]) xs = tf.slice(x, [0, 0, 0, 0], [-1, keepH, keepW, -1]);
    const xt = tf.transpose(xs, [3, 1, 2, 0]); // [Cin, H, W, N]: channels become the batch
    const dyt = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, Cout]: the output gradient is the filter
    const padding: Pad = [[0, 0], [top, padBottom], [left, padRight], [0, 0]];
    const g = tf.conv2d(xt, dyt, 1, padding, 'NHWC', [sh, sw]); // [Cin, kh, kw, Cout]
    return tf.transpose(g, [1, 2, 0, 3]);
  });
}

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

/** dW of depthwiseConv2d(x, W) with W of shape [kh, kw, C, M]. */
export function depthwiseFilterGrad(
  x: Tensor4D, dy: Tensor4D, filterShape: readonly [number, number, number, number],
  strides: number | [number, number], dilations: number | [number, number], pad: Pad, dimRoundingMode?: Rounding,
): Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, c, m] = filterShape;
    const [n, h, w] = x.shape;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape, [kh, kw, c, m], strides, dilations, pad, dimRoundingMode, true, 'channelsLast');
    const { top, left } = info.padInfo;
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    const [dh, dw] = [info.dilationHeight, info.dilationWidth];
    const [oh, ow] = [info.outHeight, info.outWidth];
    if (dh > 1 || dw > 1) {
      // The gradient of a dilated depthwise conv: dilation becomes the stride of the correlation.
      // tfjs refuses strides > 1 together with dilations > 1, so both cannot be above 1 here.
      if (sh > 1 || sw > 1) throw new Error('depthwise conv gradient: strides and dilations cannot both be above 1');
    }
    const [keepH, padBottom] = fitLength(h, top, (oh - 1) * sh + (kh - 1) * dh + 1);
    const [keepW, padRight] = fitLength(w, left, (ow - 1) * sw + (kw - 1) * dw + 1);
    let xs: Tensor4D = x;
    if (keepH < h || keepW < w) xs = tf.slice(x, [0, 0, 0, 0], [-1, keepH, keepW, -1]);
    // One image whose N·C channels are the (sample, channel) pairs, channel index n·C + c.
    const xt = tf.reshape(tf.transpose(xs, [1, 2, 0, 3]), [1, keepH, keepW, n * c]) as Tensor4D;
    // dy [N, OH, OW, C·M] → [OH, OW, N·C, M] as the depthwise filter.
    const dyt = tf.reshape(tf.transpose(tf.reshape(dy, [n, oh, ow, c, m]), [1, 2, 0, 3, 4]), [oh, ow, n * c, m]) as Tensor4D;
    const padding: Pad = [[0, 0], [top, padBottom], [left, padRight], [0, 0]];
    // Correlation stride = forward dilation, correlation dilation = forward stride.
    const g = tf.depthwiseConv2d(xt, dyt, [dh, dw], padding, 'NHWC', [sh, sw]); // [1, kh, kw, N·C·M]
    return tf.sum(tf.reshape(g, [kh, kw, n, c, m]), 2) as Tensor4D;
  });
}

/** dx of depthwiseConv2d(x, W): a transposed depthwise convolution of dy. */
export function depthwiseInputGrad(
  inputShape: readonly [number, number, number, number], dy: Tensor4D, filter: Tensor4D,
  strides: number | [number, number], dilations: number | [number, number], pad: Pad, dimRoundingMode?: Rounding,
): Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = inputShape;
    const [kh, kw, , m] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(
      [n, h, w, c], filter.shape, strides, dilations, pad, dimRoundingMode, true, 'channelsLast');
    const { top, left } = info.padInfo;
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    const [dh, dw] = [info.dilationHeight, info.dilationWidth];
    const [oh, ow] = [info.outHeight, info.outWidth];
    // Insert (s−1) zeros between rows and columns of dy: [N, (OH−1)·sh+1, (OW−1)·sw+1, C·M].
    let z: Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      const spread = tf.pad(tf.reshape(dy, [n, oh, 1, ow, 1, c * m]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
      z = tf.slice(tf.reshape(spread, [n, oh * sh, ow * sw, c * m]) as Tensor4D, [0, 0, 0, 0], [-1, (oh - 1) * sh + 1, (ow - 1) * sw + 1, -1]);
    }
    // dx[p] = Σ_i z[p + top − i·d]·w[i] = a correlation of z, padded by (k−1)·d − top in front,
    // with the flipped filter at dilation d. Both pads are ≥ 0 for 'same', 'valid' and explicit pads
    // whose windows start inside the input.
    const padTop = (kh - 1) * dh - top;
    const padLeft = (kw - 1) * dw - left;
    const padBottom = h + (kh - 1) * dh - padTop - z.shape[1];
    const padRight = w + (kw - 1) * dw - padLeft - z.shape[2];
    const flipped = tf.reshape(tf.reverse(filter, [0, 1]), [kh, kw, c * m, 1]) as Tensor4D;
    const pads = [padTop, padBottom, padLeft, padRight];
    let g: Tensor4D;
    if (pads.every((p) => p >= 0)) {
      g = tf.depthwiseConv2d(z, flipped, 1, [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]], 'NHWC', [dh, dw]);
    } else {
      // Unusual explicit paddings (negative pads mean z rows that fall outside x): pad, then crop.
      const pz = tf.pad(z, [[0, 0], [Math.max(padTop, 0), Math.max(padBottom, 0)], [Math.max(padLeft, 0), Math.max(padRight, 0)], [0, 0]]);
      const cropped = tf.slice(pz, [0, Math.max(-padTop, 0), Math.max(-padLeft, 0), 0],
        [-1, pz.shape[1] - Math.max(-padTop, 0) - Math.max(-padBottom, 0), pz.shape[2] - Math.max(-padLeft, 0) - Math.max(-padRight, 0), -1]);
      g = tf.depthwiseConv2d(cropped, flipped, 1, 'valid', 'NHWC', [dh, dw]);
    }
    if (m === 1) return g;
    return tf.sum(tf.reshape(g, [n, h, w, c, m]), 4) as Tensor4D;
  });
}

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

/**
 * dW of depthwiseConv2d(x, W) as a loop over the flat NHWC arrays (wasm's memory):
 * dW[i,j,c,m] = Σ_{n,oy,ox} x[n, oy·sh + i·dh − top, ox·sw + j·dw − left, c]·dy[n, oy, ox, c·M + m],
 * accumulated in doubles as the CPU backend does. About 3× faster than the same sum as a depthwise
 * conv of an [1, H, W, N·C] image by an [OH, OW, N·C, M] filter through XNNPACK, whose huge
 * filter is the wrong shape for it (~165 → ~55 ms on Mini MobileNet's 32×32×96 stride-2 layer at
 * batch 64 under Node; still ~0.3 GMAC/s, the largest share of what is left in its step).
 */
export function depthwiseFilterGradInto(x: Float32Array, dy: Float32Array, dW: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw,
    dilationHeight: dh, dilationWidth: dw, filterHeight: kh, filterWidth: kw } = info;
  const cm = info.outChannels;
  const m = cm / c;
  const { top, left } = info.padInfo;
  const acc = new Float64Array(kh * kw * cm);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * sh - top;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * sw - left;
        const dyBase = ((b * oh + oy) * ow + ox) * cm;
        for (let i = 0; i < kh; i++) {
          const yy = y0 + i * dh;
          if (yy < 0 || yy >= h) continue;
          for (let j = 0; j < kw; j++) {
            const xx = x0 + j * dw;
            if (xx < 0 || xx >= w) continue;
            const xBase = ((b * h + yy) * w + xx) * c;
            const wBase = (i * kw + j) * cm;
            if (m === 1) {
              for (let ch = 0; ch < c; ch++) acc[wBase + ch] += x[xBase + ch]! * dy[dyBase + ch]!;
            } else {
              for (let ch = 0; ch < c; ch++) {
                const xv = x[xBase + ch]!;
                const o = ch * m;
                for (let k = 0; k < m; k++) acc[wBase + o + k] += xv * dy[dyBase + o + k]!;
              }
            }
          }
        }
      }
    }
  }
  dW.set(acc);
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

function requireNHWC(kernel: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports channels-last (NHWC) data only, as wasm's forward conv does; got ${String(dataFormat)}`);
  }
}

/** Kernels wasm does not have. */
const addedKernels: tf.KernelConfig[] = [
  {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const a = attrs as unknown as { strides: number | [number, number]; pad: Pad; dataFormat?: string; dimRoundingMode?: Rounding; filterShape: [number, number, number, number] };
      requireNHWC('Conv2DBackpropFilter', a.dataFormat);
      return tf.tidy(() => conv2dFilterGrad(asTensor(inputs.x!, backend as tf.KernelBackend) as Tensor4D, asTensor(inputs.dy!, backend as tf.KernelBackend) as Tensor4D, a.filterShape, a.strides, a.pad, a.dimRoundingMode));
    },
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const a = attrs as unknown as { strides: number | [number, number]; dilations?: number | [number, number]; pad: Pad; dimRoundingMode?: Rounding; filterShape: [number, number, number, number] };
      const x = inputs.x!;
      const dy = inputs.dy!;
      if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error(`DepthwiseConv2dNativeBackpropFilter on wasm takes float32 tensors, got ${x.dtype}`);
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number], a.filterShape, a.strides, pair(a.dilations), a.pad, a.dimRoundingMode, true, 'channelsLast');
      const wasm = backend as WasmHeap;
      // Allocate first: growing the wasm heap would invalidate views taken before.
      const out = wasm.makeOutput([...a.filterShape], 'float32');
      depthwiseFilterGradInto(wasm.typedArrayFromHeap(x) as Float32Array, wasm.typedArrayFromHeap(dy) as Float32Array,
        wasm.typedArrayFromHeap(out) as Float32Array, info);
      return out;
    },
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const a = attrs as unknown as { strides: number | [number, number]; dilations?: number | [number, number]; pad: Pad; dimRoundingMode?: Rounding; inputShape: [number, number, number, number] };
      return tf.tidy(() => depthwiseInputGrad(a.inputShape, asTensor(inputs.dy!, backend as tf.KernelBackend) as Tensor4D, asTensor(inputs.filter!, backend as tf.KernelBackend) as Tensor4D, a.strides, pair(a.dilations), a.pad, a.dimRoundingMode));
    },
  },
];

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
  (kernelFunc as unknown as Record<symbol, boolean>)[PATCHED] = true;
  return { ...original, kernelFunc };
}

/** Replaces wasm's Conv2DBackpropInput (a slow loop) with a forward conv (see conv2dInputGrad). */
function fastConv2dInputGrad(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const a = args.attrs as unknown as { strides: number | [number, number]; pad: Pad; dataFormat?: string; dimRoundingMode?: Rounding; inputShape: [number, number, number, number] };
    if ((a.dataFormat !== undefined && a.dataFormat !== 'NHWC') || args.inputs.dy!.dtype !== 'float32') return original.kernelFunc(args);
    const backend = args.backend as tf.KernelBackend;
    return tf.tidy(() => conv2dInputGrad(a.inputShape, asTensor(args.inputs.dy!, backend) as Tensor4D, asTensor(args.inputs.filter!, backend) as Tensor4D, a.strides, a.pad, a.dimRoundingMode));
  };
  (kernelFunc as unknown as Record<symbol, boolean>)[PATCHED] = true;
  return { ...original, kernelFunc };
}

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
  (kernelFunc as unknown as Record<symbol, boolean>)[PATCHED] = true;
  return { ...original, kernelFunc };
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
  (kernelFunc as unknown as Record<symbol, boolean>)[PATCHED] = true;
  return { ...original, kernelFunc };
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
  (kernelFunc as unknown as Record<symbol, boolean>)[PATCHED] = true;
  return { ...original, kernelFunc };
}

/** wasm's forward convolutions whose 'same' padding is wrong for some shapes (see the header). */
const SAME_PAD_KERNELS = ['Conv2D', 'DepthwiseConv2dNative', 'FusedConv2D', 'FusedDepthwiseConv2D'] as const;
const PATCHED = Symbol.for('layerwise.wasmPatched');

/** Wraps a wasm conv kernel so that padding 'same' reaches it as the equivalent explicit pads. */
function explicitSamePadding(original: tf.KernelConfig): tf.KernelConfig {
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
  (kernelFunc as unknown as Record<symbol, boolean>)[PATCHED] = true;
  return { ...original, kernelFunc };
}

function isPatched(config: tf.KernelConfig | undefined): boolean {
  return Boolean(config && (config.kernelFunc as unknown as Record<symbol, boolean>)[PATCHED]);
}

function replaceKernel(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}

/**
 * Makes the 'wasm' backend train conv nets correctly: registers the missing gradient kernels
 * (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter/-Input), replaces MaxPoolGrad and
 * MaxPoolWithArgmax, and wraps the 'same'-padded forward convolutions (see the module header).
 *
 * Idempotent and cheap: call it once at start-up, before or after `tf.setBackend('wasm')`.
 * Kernels already present and patched are left alone, so a future tfjs-backend-wasm that ships
 * the gradient kernels keeps its own. Returns the kernel names it registered or replaced now.
 */
export function registerWasmGradients(): string[] {
  const changed: string[] = [];
  for (const config of addedKernels) {
    if (tf.getKernel(config.kernelName, 'wasm')) continue;
    tf.registerKernel(config);
    changed.push(config.kernelName);
  }
  for (const config of [maxPoolGradConfig, maxPoolWithArgmaxConfig]) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current && current.kernelFunc === config.kernelFunc) continue;
    replaceKernel(config);
    changed.push(config.kernelName);
  }
  for (const name of SAME_PAD_KERNELS) {
    const original = tf.getKernel(name, 'wasm');
    if (!original || isPatched(original)) continue;
    replaceKernel(explicitSamePadding(original));
    changed.push(name);
  }
  const wrappers: [string, (original: tf.KernelConfig) => tf.KernelConfig][] = [
    ['Tile', fastTile],
    ['Conv2DBackpropInput', fastConv2dInputGrad],
    ['Sum', (o) => fastReduce(o, false)],
    ['Mean', (o) => fastReduce(o, true)],
    ['Identity', (o) => sharedIdentity(o, false)],
    ['Cast', (o) => sharedIdentity(o, true)],
    ...(['Minimum', 'Maximum', 'Greater', 'Less'] as const).map((op) => [op, (o: tf.KernelConfig) => scalarBinary(o, op)] as [string, (o: tf.KernelConfig) => tf.KernelConfig]),
  ];
  for (const [name, wrap] of wrappers) {
    const original = tf.getKernel(name, 'wasm');
    if (!original || isPatched(original)) continue;
    replaceKernel(wrap(original));
    changed.push(name);
  }
  return changed;
}
