/**
 * Where a sliding window (a convolution's kernel, a pooling window) lies: the output-size formula
 * ⌊(W − K + P₁ + P₂) / S⌋ + 1 with a node's own numbers, the padding 'same' adds (TensorFlow's
 * rule: the odd pixel goes at the end), and which input pixels feed one output position.
 * Pure numbers, no tfjs: the view words them, the tests check them against tfjs.
 */

/** One axis of the output-size formula, worked out with its numbers. */
export interface OutputSizeWorked {
  /** Input length W (height or width). */
  readonly input: number;
  /** Kernel (window) side K as set. */
  readonly kernel: number;
  readonly dilation: number;
  /** The kernel's reach with dilation: (K − 1)·D + 1 (equals K when D = 1). */
  readonly effectiveKernel: number;
  readonly stride: number;
  readonly padding: 'same' | 'valid';
  /** Zeros added before (top/left) and after (bottom/right); 0 for 'valid'. */
  readonly padBefore: number;
  readonly padAfter: number;
  /** W − K_eff + P₁ + P₂. */
  readonly numerator: number;
  /** ⌊numerator / S⌋ (−1 or less when the window does not fit). */
  readonly quotient: number;
  /** quotient + 1: the output length (below 1: a shape error). */
  readonly output: number;
}

/**
 * The output length of a window op along one axis, as tfjs computes it (`same`: ⌈W / S⌉ with
 * the padding that makes the formula give it; `valid`: no padding), with every intermediate number.
 */
export function outputSize(input: number, kernel: number, stride: number, padding: 'same' | 'valid', dilation = 1): OutputSizeWorked {
  const effectiveKernel = (kernel - 1) * dilation + 1;
  let padBefore = 0;
  let padAfter = 0;
  if (padding === 'same') {
    const out = Math.ceil(input / stride);
    const total = Math.max((out - 1) * stride + effectiveKernel - input, 0);
    padBefore = Math.floor(total / 2);
    padAfter = total - padBefore;
  }
  const numerator = input - effectiveKernel + padBefore + padAfter;
  const quotient = Math.floor(numerator / stride);
  return { input, kernel, dilation, effectiveKernel, stride, padding, padBefore, padAfter, numerator, quotient, output: quotient + 1 };
}

/**
 * The formula with the numbers, as symbols only (no words): "⌊(32 − 5 + 2·0) / 1⌋ + 1 = ⌊27 / 1⌋ + 1
 * = 27 + 1 = 28". K is the dilated reach; equal padding reads 2·P, unequal P₁ + P₂.
 */
export function formulaText(w: OutputSizeWorked): string {
  const pad = w.padBefore === w.padAfter ? `2·${w.padBefore}` : `${w.padBefore} + ${w.padAfter}`;
  const n = (v: number) => (v < 0 ? `−${-v}` : `${v}`);
  return `⌊(${w.input} − ${w.effectiveKernel} + ${pad}) / ${w.stride}⌋ + 1 = ⌊${n(w.numerator)} / ${w.stride}⌋ + 1 = ${n(w.quotient)} + 1 = ${n(w.output)}`;
}

/** A window op on a 2-D map: both axes worked out. */
export interface WindowGeometry {
  readonly rows: OutputSizeWorked;
  readonly cols: OutputSizeWorked;
}

/** The geometry of a window op on an H×W input. */
export function windowGeometry(inH: number, inW: number, kernel: number, stride: number, padding: 'same' | 'valid', dilation = 1): WindowGeometry {
  return { rows: outputSize(inH, kernel, stride, padding, dilation), cols: outputSize(inW, kernel, stride, padding, dilation) };
}

/** One tap of a window: kernel cell (ky, kx) reads input pixel (iy, ix), or padding when `inside` is false. */
export interface Tap {
  readonly ky: number;
  readonly kx: number;
  readonly iy: number;
  readonly ix: number;
  readonly inside: boolean;
}

/**
 * The input pixels output position (y, x) reads, kernel cell by kernel cell (row-major): pixel
 * (y·S − P_top + ky·D, x·S − P_left + kx·D). Cells that fall in the padding are marked.
 */
export function windowTaps(g: WindowGeometry, y: number, x: number): Tap[] {
  const taps: Tap[] = [];
  const k = g.rows.kernel;
  for (let ky = 0; ky < k; ky++) {
    for (let kx = 0; kx < k; kx++) {
      const iy = y * g.rows.stride - g.rows.padBefore + ky * g.rows.dilation;
      const ix = x * g.cols.stride - g.cols.padBefore + kx * g.cols.dilation;
      taps.push({ ky, kx, iy, ix, inside: iy >= 0 && iy < g.rows.input && ix >= 0 && ix < g.cols.input });
    }
  }
  return taps;
}

/** The top-left input pixel of output (y, x)'s window (may be negative: in the padding). */
export function windowOrigin(g: WindowGeometry, y: number, x: number): { readonly iy: number; readonly ix: number } {
  return { iy: y * g.rows.stride - g.rows.padBefore, ix: x * g.cols.stride - g.cols.padBefore };
}
