/**
 * The test set's predictions, chosen and paged for the results grid: every image, only the
 * mistakes, or the images of one confusion-matrix cell (true t, predicted p), in test-set order or
 * by the model's confidence. Pure functions over typed arrays, so 10,000 test images are selected
 * without a copy of any image.
 */
import { formatCount } from './text';

/** What the model answered for each test image, by test index. */
export interface TestPredictions {
  /** The true class of each test image. */
  readonly truth: ArrayLike<number>;
  /** The model's top class for each test image. */
  readonly predicted: ArrayLike<number>;
  /** The probability the model gave its top class, per test image (0–1). */
  readonly confidence: ArrayLike<number>;
}

/** Which test images the grid shows. */
export type GridFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'mistakes' }
  /** One confusion-matrix cell: images of class `truth` the model called `predicted`. */
  | { readonly kind: 'cell'; readonly truth: number; readonly predicted: number };

/**
 * The order of the grid: the test set's own, most confident first (for mistakes: the model's
 * worst errors, wrong and sure of it), or least confident first (the borderline images).
 */
export type GridOrder = 'test' | 'confident-first' | 'unsure-first';

export const ALL_IMAGES: GridFilter = { kind: 'all' };

/** Whether test image `i` passes `filter`. */
function passes(p: TestPredictions, i: number, filter: GridFilter): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'mistakes':
      return p.predicted[i] !== p.truth[i];
    case 'cell':
      return p.truth[i] === filter.truth && p.predicted[i] === filter.predicted;
  }
}

/**
 * The test indices that pass `filter`, in `order`. Ties in confidence keep test-set order, so the
 * grid does not reshuffle between renders.
 */
export function selectImages(p: TestPredictions, filter: GridFilter, order: GridOrder = 'test'): Int32Array {
  const n = p.truth.length;
  const picked: number[] = [];
  for (let i = 0; i < n; i++) if (passes(p, i, filter)) picked.push(i);
  const out = Int32Array.from(picked);
  if (order === 'test') return out;
  const sign = order === 'confident-first' ? -1 : 1;
  return out.sort((a, b) => sign * (p.confidence[a]! - p.confidence[b]!) || a - b);
}

/** How many test images the model got wrong. */
export function countMistakes(p: TestPredictions): number {
  let wrong = 0;
  for (let i = 0; i < p.truth.length; i++) if (p.predicted[i] !== p.truth[i]) wrong++;
  return wrong;
}

/** One page of a selection. */
export interface GridPage {
  /** The test indices on this page. */
  readonly indices: Int32Array;
  /** This page's number, from 0 (clamped into the pages there are). */
  readonly page: number;
  /** How many pages the selection fills (at least 1, so an empty selection has page 1 of 1). */
  readonly pages: number;
  /** Position of the page's first image in the selection, from 0. */
  readonly first: number;
}

/** Page `page` (from 0, clamped) of a selection, `pageSize` images a page. */
export function pageOf(selection: Int32Array, page: number, pageSize: number): GridPage {
  if (!(Number.isInteger(pageSize) && pageSize > 0)) throw new Error(`pageOf: the page size must be a whole number above 0, not ${pageSize}`);
  const pages = Math.max(1, Math.ceil(selection.length / pageSize));
  const at = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const first = at * pageSize;
  return { indices: selection.subarray(first, first + pageSize), page: at, pages, first };
}

/** A class's name for people: its name, else its number. */
export function classLabel(classNames: readonly string[], c: number): string {
  return classNames[c] ?? String(c);
}

/**
 * What the grid shows, in words: "10,000 test images", "23 mistakes of 10,000",
 * "true 4, predicted 9: 12 images of 10,000".
 */
export function describeSelection(filter: GridFilter, count: number, total: number, classNames: readonly string[]): string {
  switch (filter.kind) {
    case 'all':
      return `${formatCount(count, 'test image')}`;
    case 'mistakes':
      return `${formatCount(count, 'mistake')} of ${formatCount(total)}`;
    case 'cell':
      return `true ${classLabel(classNames, filter.truth)}, predicted ${classLabel(classNames, filter.predicted)}: ${formatCount(count, 'image')} of ${formatCount(total)}`;
  }
}

/** Whether two filters choose the same images. */
export function sameFilter(a: GridFilter, b: GridFilter): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'cell' || (b.kind === 'cell' && a.truth === b.truth && a.predicted === b.predicted);
}
