/** Small shape helpers shared by the block files (pure functions, in the manner of tfjs-layers' conv_utils). */
import type { Shape } from '../graph/types';
import type { ShapeError } from './spec';

/** "28×28×6" or "120". */
export function formatShape(shape: Shape): string {
  return shape.join('×');
}

/** 1234567 → "1,234,567". */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function product(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

/**
 * Output length of a sliding window, as tfjs-layers' convOutputLength:
 * `same` → ceil(n / s); `valid` → floor((n − effective kernel) / s) + 1.
 */
export function convOutputLength(n: number, kernel: number, stride: number, padding: 'same' | 'valid', dilation = 1): number {
  const effective = (kernel - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - effective) / stride) + 1;
}

/** Requires a feature map `[H, W, C]`; the error says what to put before the block. */
export function requireMap(shape: Shape, blockName: string): ShapeError | undefined {
  if (shape.length === 3) return undefined;
  return {
    error: `${blockName} needs a feature map (height×width×channels) but gets a flat vector of ${formatShape(shape)}; ` +
      `move it before the Flatten/GlobalAvgPool, or use Dense on flat vectors`,
  };
}

/**
 * The spatial output of a window op on a map, or an error when the window is bigger than the
 * (padded) input.
 */
export function windowOutput(
  shape: Shape, kernel: number, stride: number, padding: 'same' | 'valid', blockName: string, dilation = 1,
): { h: number; w: number } | ShapeError {
  const [h, w] = shape as [number, number, number];
  const oh = convOutputLength(h, kernel, stride, padding, dilation);
  const ow = convOutputLength(w, kernel, stride, padding, dilation);
  if (oh < 1 || ow < 1) {
    const eff = (kernel - 1) * dilation + 1;
    return {
      error: `${blockName} window ${eff}×${eff} is bigger than its ${h}×${w} input; ` +
        `use a smaller kernel, padding "same", or remove a pooling layer before it`,
    };
  }
  return { h: oh, w: ow };
}
