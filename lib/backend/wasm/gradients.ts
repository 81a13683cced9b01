/**
 * The gradient kernels tfjs-backend-wasm 4.22 lacks, built from wasm's own forward kernels.
 *
 * As shipped, the wasm backend cannot train a conv net: `Conv2DBackpropFilter`,
 * `DepthwiseConv2dNativeBackpropFilter` and `DepthwiseConv2dNativeBackpropInput` are not
 * registered for it, so the first backward pass fails with "Kernel '…' not registered for backend
 * 'wasm'". Every other gradient a Layerwise model needs (Conv2DBackpropInput, AvgPoolGrad,
 * LRNGrad, and the op-level gradients of BatchNorm, activations, Concat, Add, Multiply, Dense,
 * Dropout, softmax cross-entropy) is there; tests/unit/backend/wasm/index.test.ts trains a
 * model holding every layer type one step on wasm and on CPU and compares the weights.
 *
 * Added kernels. Where wasm has SIMD (every current browser, and Node), the SIMD kernels of
 * kernels.wat do the work on wasm's memory; elsewhere, and for the rare cases they do not take,
 * formulations as *forward* convolutions run with tf ops (so that XNNPACK does the work) or loops:
 *
 * - Conv2DBackpropFilter: dW[i,j,ci,co] = Σ_{n,oy,ox} x[n, oy·s+i−pt, ox·s+j−pl, ci]·dy[n,oy,ox,co].
 *   SIMD (conv-filter-grad.wat): per image and filter tap, a product xᵀ·dy over the rectangle of
 *   output pixels whose input pixel lies inside x, in register tiles of 4 input × 8 output channels,
 *   then 4 × 4 and 4 × the rest, so that channel counts that are not multiples of 8 (DenseNet's
 *   growth rate 12) keep most of the speed (16–21 GMAC/s on Mini ResNet's and Mini MobileNet's
 *   layers under Node, 3–28× the formulations below, which spent their time on transposes and on
 *   XNNPACK packing a huge "filter" every call).
 *   Without SIMD: with ci as the batch and n as the input channel, a forward conv2d of
 *   x' = xᵀ[Cin,H,W,N] with the filter dy' = dyᵀ[OH,OW,N,Cout], stride 1 and dilation s
 *   (forward stride and dilation swapped; tfjs only differentiates dilation 1); a 1×1 conv at
 *   stride 1 is one matmul xᵀ·dy over all pixels.
 * - DepthwiseConv2dNativeBackpropFilter: SIMD (four channels a lane, each output row's sum in a
 *   register): ~200 → ~7 ms on Mini MobileNet's 32×32×96 stride-2 layer at batch 64; a multiplier
 *   m > 1 runs it on x with each channel repeated m times. Without SIMD a JavaScript loop over
 *   wasm's memory (depthwiseFilterGradInto).
 * - DepthwiseConv2dNativeBackpropInput: SIMD (each output pixel's gradient spread over the input
 *   pixels its window read; a multiplier m > 1 runs it on C·m channels, then sums each channel's m).
 *   Without SIMD the transposed convolution: dy with (s−1)
 *   zeros inserted between its rows and columns, padded, depthwise-convolved with the spatially
 *   flipped filter at dilation d, then summed over the channel multiplier.
 *
 * The SIMD kernels sum in float32 over one image (or one output row), then in float64 across the
 * batch, so the results stay within 1e-4 of the CPU backend's double sums.
 *
 * Padding is always the forward op's own (`backend_util.computeConv2DInfo`), so 'same', 'valid'
 * and explicit paddings give the CPU backend's numbers (held within 1e-4 by property tests).
 */
import * as tf from '@tensorflow/tfjs';
import { WASM_BINARY as CONV_FILTER_GRAD_BINARY } from './conv-filter-grad.wasm';
import { asTensor, pair, simdInstance, withScratch, type Pad, type Rounding, type SimdBackend, type Tensor4D, type WasmBinary } from './heap';
import { WASM_BINARY } from './kernels.wasm';

/** The SIMD kernels of kernels.wat (pointers are byte offsets in wasm's heap). */
export interface TrainingKernels {
  depthwiseFilterGrad(x: number, dy: number, acc: number, n: number, h: number, w: number, c: number, oh: number, ow: number,
    sh: number, sw: number, dh: number, dw: number, top: number, left: number, kh: number, kw: number): void;
  depthwiseInputGrad(dy: number, w: number, dx: number, n: number, h: number, wd: number, c: number, oh: number, ow: number,
    sh: number, sw: number, dh: number, dw: number, top: number, left: number, kh: number, kw: number): void;
  relu6(x: number, y: number, count: number): void;
  relu6Grad(x: number, dy: number, dx: number, count: number): void;
}

/** conv-filter-grad.wat's export (pointers are byte offsets in wasm's heap). */
interface ConvFilterGradKernel {
  convFilterGrad(x: number, dy: number, part: number, acc: number, n: number, h: number, w: number, cin: number, oh: number, ow: number,
    cout: number, sh: number, sw: number, top: number, left: number, kh: number, kw: number): void;
}

/** kernels.wat instantiated on this backend's memory, or null where wasm has no SIMD. */
export function trainingKernels(backend: SimdBackend): TrainingKernels | null {
  return simdInstance<TrainingKernels>(backend, WASM_BINARY);
}

/**
 * The compiled modules the SIMD gradient kernels come from: the module exporting convFilterGrad,
 * and the one exporting depthwiseFilterGrad and depthwiseInputGrad (kernels.wat). The shipped ones
 * by default; bench/conv-grads.ts passes an earlier commit's to compare.
 */
export interface GradBinaries { readonly convFilterGrad: WasmBinary; readonly depthwise: WasmBinary }

const SHIPPED: GradBinaries = { convFilterGrad: CONV_FILTER_GRAD_BINARY, depthwise: WASM_BINARY };

/** A tensor's byte offset in wasm's heap. Take it after the last allocation (malloc may move nothing, but views go stale). */
function address(backend: SimdBackend, t: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(t).byteOffset;
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
 * dW of depthwiseConv2d(x, W) as a loop over the flat NHWC arrays (wasm's memory):
 * dW[i,j,c,m] = Σ_{n,oy,ox} x[n, oy·sh + i·dh − top, ox·sw + j·dw − left, c]·dy[n, oy, ox, c·M + m],
 * accumulated in doubles as the CPU backend does. About 3× faster than the same sum as a depthwise
 * conv of an [1, H, W, N·C] image by an [OH, OW, N·C, M] filter through XNNPACK, whose huge
 * filter is the wrong shape for it (~165 → ~55 ms on Mini MobileNet's 32×32×96 stride-2 layer at
 * batch 64 under Node; ~0.3 GMAC/s). Runs where wasm has no SIMD; kernels.wat's depthwiseFilterGrad elsewhere.
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
 * dW of conv2d(x, W) by conv-filter-grad.wat's convFilterGrad into `out` (a new [kh, kw, Cin, Cout]
 * tensor): for each image and filter tap, a product xᵀ·dy over the valid output pixels in SIMD
 * registers (tiles of 4 input × 8 output channels, then smaller ones for the channels left over),
 * summed per image in float32 and across images
 * in float64. No transposes and no weight packing, which is what the forward-conv and matmul
 * formulations spent most of their time on (see the module header).
 */
function conv2dFilterGradSimd(simd: ConvFilterGradKernel, wasm: SimdBackend, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: cin, outHeight: oh, outWidth: ow, outChannels: cout,
    strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const size = kh * kw * cin * cout;
  const out = wasm.makeOutput([kh, kw, cin, cout], 'float32');
  if (size === 0) return out;
  // Scratch: the float64 sums (size doubles), then one image's float32 sums (size floats, zeros).
  withScratch(wasm.wasm, 12 * size, (p) => {
    const heap = wasm.wasm.HEAPU8.buffer;
    new Float64Array(heap, p, size).fill(0);
    new Float32Array(heap, p + 8 * size, size).fill(0);
    if (n * oh * ow > 0) {
      simd.convFilterGrad(address(wasm, x), address(wasm, dy), p + 8 * size, p, n, h, w, cin, oh, ow, cout, sh, sw,
        info.padInfo.top, info.padInfo.left, kh, kw);
    }
    (wasm.typedArrayFromHeap(out) as Float32Array).set(new Float64Array(wasm.wasm.HEAPU8.buffer, p, size));
  });
  return out;
}

/**
 * dW of depthwiseConv2d(x, W) by kernels.wat's depthwiseFilterGrad (channel multiplier 1). With a
 * multiplier m > 1, x's channels are each repeated m times first (in scratch memory), so that
 * channel c·m + q of that copy meets output channel c·m + q and the same kernel applies: one pass
 * over x, against the JavaScript loop's ~0.2 GMAC/s.
 */
function depthwiseFilterGradSimd(simd: Pick<TrainingKernels, 'depthwiseFilterGrad'>, wasm: SimdBackend, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: cm,
    strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, filterHeight: kh, filterWidth: kw } = info;
  const m = cm / c;
  const size = kh * kw * cm;
  const out = wasm.makeOutput([kh, kw, c, m], 'float32');
  if (size === 0) return out;
  const spread = m > 1 ? n * h * w * cm : 0;
  // Scratch: the float64 sums (size doubles), then x with repeated channels (spread floats).
  withScratch(wasm.wasm, 8 * size + 4 * spread, (p) => {
    const heap = wasm.wasm.HEAPU8.buffer;
    new Float64Array(heap, p, size).fill(0);
    let xAt = address(wasm, x);
    if (m > 1) {
      const xs = wasm.typedArrayFromHeap(x) as Float32Array;
      const repeated = new Float32Array(heap, p + 8 * size, spread);
      for (let i = 0, o = 0; i < xs.length; i++) {
        const v = xs[i]!;
        for (let q = 0; q < m; q++) repeated[o++] = v;
      }
      xAt = p + 8 * size;
    }
    if (n * oh * ow > 0) {
      simd.depthwiseFilterGrad(xAt, address(wasm, dy), p, n, h, w, cm, oh, ow, sh, sw, dh, dw,
        info.padInfo.top, info.padInfo.left, kh, kw);
    }
    (wasm.typedArrayFromHeap(out) as Float32Array).set(new Float64Array(wasm.wasm.HEAPU8.buffer, p, size));
  });
  return out;
}

/**
 * dx of depthwiseConv2d(x, W) by kernels.wat's depthwiseInputGrad (channel multiplier 1). With a
 * multiplier m > 1, the kernel runs on c·m channels (the filter [kh, kw, c, m] read as
 * [kh, kw, c·m, 1]) into scratch memory, and each input channel's m gradients are summed.
 */
function depthwiseInputGradSimd(simd: Pick<TrainingKernels, 'depthwiseInputGrad'>, wasm: SimdBackend, dy: tf.TensorInfo, filter: tf.TensorInfo, info: tf.backend_util.Conv2DInfo): tf.TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: cm,
    strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw, filterHeight: kh, filterWidth: kw } = info;
  const m = cm / c;
  const dx = wasm.makeOutput([n, h, w, c], 'float32');
  const count = n * h * w * c;
  const run = (into: number) => simd.depthwiseInputGrad(address(wasm, dy), address(wasm, filter), into, n, h, w, cm, oh, ow, sh, sw, dh, dw,
    info.padInfo.top, info.padInfo.left, kh, kw);
  if (m === 1 || count === 0 || oh * ow === 0) {
    const dxs = wasm.typedArrayFromHeap(dx) as Float32Array;
    dxs.fill(0);
    if (count > 0 && oh * ow > 0) run(dxs.byteOffset);
    return dx;
  }
  withScratch(wasm.wasm, 4 * count * m, (p) => {
    new Float32Array(wasm.wasm.HEAPU8.buffer, p, count * m).fill(0);
    run(p);
    // Views after the kernel's run and the allocation: growing the heap detaches earlier ones.
    const spread = new Float32Array(wasm.wasm.HEAPU8.buffer, p, count * m);
    const dxs = wasm.typedArrayFromHeap(dx) as Float32Array;
    for (let i = 0, o = 0; i < count; i++) {
      let sum = 0;
      for (let q = 0; q < m; q++) sum += spread[o++]!;
      dxs[i] = sum;
    }
  });
  return dx;
}

function requireNHWC(kernel: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports channels-last (NHWC) data only, as wasm's forward conv does; got ${String(dataFormat)}`);
  }
}

type FilterGradAttrs = { strides: number | [number, number]; dilations?: number | [number, number]; pad: Pad; dataFormat?: string; dimRoundingMode?: Rounding; filterShape: [number, number, number, number] };

/** Conv2DBackpropFilter: the SIMD kernel of `binary` where it can (not null, wasm has SIMD), else the forward-conv formulation. */
function conv2dFilterGradKernel(binary: WasmBinary | null): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as FilterGradAttrs;
    requireNHWC('Conv2DBackpropFilter', a.dataFormat);
    const wasm = backend as unknown as SimdBackend;
    const simd = binary && inputs.x!.dtype === 'float32' && inputs.dy!.dtype === 'float32' ? simdInstance<ConvFilterGradKernel>(wasm, binary) : null;
    if (simd) {
      const info = tf.backend_util.computeConv2DInfo(
        inputs.x!.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
      return conv2dFilterGradSimd(simd, wasm, inputs.x!, inputs.dy!, info);
    }
    return tf.tidy(() => conv2dFilterGrad(asTensor(inputs.x!, backend as tf.KernelBackend) as Tensor4D, asTensor(inputs.dy!, backend as tf.KernelBackend) as Tensor4D, a.filterShape, a.strides, a.pad, a.dimRoundingMode));
  };
}

/** DepthwiseConv2dNativeBackpropFilter: the SIMD kernel of `binary` (not null), else the JavaScript loop. */
function depthwiseFilterGradKernel(binary: WasmBinary | null): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as FilterGradAttrs;
    const x = inputs.x!;
    const dy = inputs.dy!;
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error(`DepthwiseConv2dNativeBackpropFilter on wasm takes float32 tensors, got ${x.dtype}`);
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], a.filterShape, a.strides, pair(a.dilations), a.pad, a.dimRoundingMode, true, 'channelsLast');
    const wasm = backend as unknown as SimdBackend;
    const simd = binary ? simdInstance<TrainingKernels>(wasm, binary) : null;
    if (simd) return depthwiseFilterGradSimd(simd, wasm, x, dy, info);
    // Allocate first: growing the wasm heap would invalidate views taken before.
    const out = wasm.makeOutput([...a.filterShape], 'float32');
    depthwiseFilterGradInto(wasm.typedArrayFromHeap(x) as Float32Array, wasm.typedArrayFromHeap(dy) as Float32Array,
      wasm.typedArrayFromHeap(out) as Float32Array, info);
    return out;
  };
}

/** DepthwiseConv2dNativeBackpropInput: the SIMD kernel of `binary` (not null), else a transposed depthwise conv. */
function depthwiseInputGradKernel(binary: WasmBinary | null): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const a = attrs as unknown as { strides: number | [number, number]; dilations?: number | [number, number]; pad: Pad; dimRoundingMode?: Rounding; inputShape: [number, number, number, number] };
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const wasm = backend as unknown as SimdBackend;
    const simd = binary && dy.dtype === 'float32' && filter.dtype === 'float32' ? simdInstance<TrainingKernels>(wasm, binary) : null;
    if (simd) {
      const info = tf.backend_util.computeConv2DInfo(
        a.inputShape, filter.shape as [number, number, number, number], a.strides, pair(a.dilations), a.pad, a.dimRoundingMode, true, 'channelsLast');
      return depthwiseInputGradSimd(simd, wasm, dy, filter, info);
    }
    return tf.tidy(() => depthwiseInputGrad(a.inputShape, asTensor(dy, backend as tf.KernelBackend) as Tensor4D, asTensor(filter, backend as tf.KernelBackend) as Tensor4D, a.strides, pair(a.dilations), a.pad, a.dimRoundingMode));
  };
}

/**
 * The three gradient kernels with the SIMD kernels of `binaries` (the shipped ones: what
 * patchWasmBackend registers), or without SIMD (null).
 */
export function gradKernels(binaries: GradBinaries | null = SHIPPED): tf.KernelConfig[] {
  return [
    { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dFilterGradKernel(binaries && binaries.convFilterGrad) },
    { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', kernelFunc: depthwiseFilterGradKernel(binaries && binaries.depthwise) },
    { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', kernelFunc: depthwiseInputGradKernel(binaries && binaries.depthwise) },
  ];
}

/**
 * The three gradient kernels without SIMD: what runs where wasm has no SIMD, and what ran before
 * kernels.wat. For the tests (which register them to check those paths against the CPU backend)
 * and bench/kernels.ts (which compares); patchWasmBackend never registers them.
 */
export const GRAD_KERNELS_WITHOUT_SIMD: readonly tf.KernelConfig[] = gradKernels(null);

/** Kernels wasm does not have, registered for it by patchWasmBackend unless it has them. */
export const ADDED_KERNELS: readonly tf.KernelConfig[] = gradKernels();
