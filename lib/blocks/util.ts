/** Small shape helpers shared by the block files (pure functions, in the manner of tfjs-layers' conv_utils). */
import type { Shape } from '../graph/types';
import { blockValue, shapeValue } from '../graph/graph-errors';
import { shapeError, type ShapeError } from './spec';

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

/** A block as errors name it: its type (for the app's translated name) and its English name. */
export interface BlockRef { readonly type: string; readonly name: string }

/** Requires a feature map `[H, W, C]`; the error says what to put before the block. */
export function requireMap(shape: Shape, block: BlockRef): ShapeError | undefined {
  if (shape.length === 3) return undefined;
  return shapeError('needsMap', { block: blockValue(block.type, block.name), shape: shapeValue(shape) });
}

/**
 * The spatial output of a window op on a map, or an error when the window is bigger than the
 * (padded) input.
 */
export function windowOutput(
  shape: Shape, kernel: number, stride: number, padding: 'same' | 'valid', block: BlockRef, dilation = 1,
): { h: number; w: number } | ShapeError {
  const [h, w] = shape as [number, number, number];
  const oh = convOutputLength(h, kernel, stride, padding, dilation);
  const ow = convOutputLength(w, kernel, stride, padding, dilation);
  if (oh < 1 || ow < 1) {
    const eff = (kernel - 1) * dilation + 1;
    return shapeError('windowTooBig', { block: blockValue(block.type, block.name), window: eff, h, w });
  }
  return { h: oh, w: ow };
}
