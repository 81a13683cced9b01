/**
 * The test set's predictions, chosen and paged for the results grid: every image, only the
 * mistakes, or the images of one confusion-matrix cell (true t, predicted p), in test-set order or
 * by the model's confidence. Pure functions over typed arrays, so 10,000 test images are selected
 * without a copy of any image.
 *
 * Multi-label data (an image may hold several labels) has no confusion matrix: each image has a
 * set of true labels and a set of predicted ones (each label's probability at or above the
 * threshold), and a mistake is any label decided wrong (`multiLabelPredictions`, `labelDecisions`).
 */

/** What the model answered for each test image, by test index. */
export interface TestPredictions {
  /** The true class of each test image. */
  readonly truth: ArrayLike<number>;
  /** The model's top class for each test image. */
  readonly predicted: ArrayLike<number>;
  /**
   * The probability the model gave its top class, per test image (0–1). Multi-label: how sure the
   * model is of its least sure label decision (p, or 1 − p for a label it says is absent).
   */
  readonly confidence: ArrayLike<number>;
  /** Multi-label data: every image's true labels and label probabilities. */
  readonly multi?: MultiLabelAnswers;
}

/** Multi-label answers: row-major n×K, one row per test image. */
export interface MultiLabelAnswers {
  readonly labels: number;
  /** 1 where the image holds the label. */
  readonly targets: ArrayLike<number>;
  /** The model's probability of each label (independent sigmoids). */
  readonly probabilities: ArrayLike<number>;
  /** A label is predicted present at or above this probability (0.5). */
  readonly threshold: number;
}

/**
 * The grid's predictions for multi-label data: `truth` and `predicted` hold each image's first
 * true and first predicted label (−1 for none; the grid shows the sets), `confidence` the least
 * sure decision.
 */
export function multiLabelPredictions(targets: ArrayLike<number>, probabilities: ArrayLike<number>, labels: number, threshold = 0.5): TestPredictions {
  if (targets.length !== probabilities.length || targets.length % labels !== 0) {
    throw new Error(`multiLabelPredictions: ${targets.length} targets and ${probabilities.length} probabilities for ${labels} labels an image`);
  }
  const n = targets.length / labels;
  const truth = new Int32Array(n).fill(-1);
  const predicted = new Int32Array(n).fill(-1);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let least = 1;
    for (let l = labels - 1; l >= 0; l--) {
      const p = probabilities[i * labels + l]!;
      if (targets[i * labels + l]! > 0.5) truth[i] = l;
      if (p >= threshold) predicted[i] = l;
      least = Math.min(least, p >= threshold ? p : 1 - p);
    }
    confidence[i] = least;
  }
  return { truth, predicted, confidence, multi: { labels, targets, probabilities, threshold } };
}

/** One image's labels: true, predicted, and the two kinds of mistake. */
export interface LabelDecisions {
  readonly truth: readonly number[];
  readonly predicted: readonly number[];
  /** True labels the model did not predict. */
  readonly missed: readonly number[];
  /** Labels predicted that the image does not hold. */
  readonly extra: readonly number[];
}

/** The label sets of test image `i` (multi-label predictions). */
export function labelDecisions(multi: MultiLabelAnswers, i: number): LabelDecisions {
  const truth: number[] = [];
  const predicted: number[] = [];
  const missed: number[] = [];
  const extra: number[] = [];
  for (let l = 0; l < multi.labels; l++) {
    const t = multi.targets[i * multi.labels + l]! > 0.5;
    const p = multi.probabilities[i * multi.labels + l]! >= multi.threshold;
    if (t) truth.push(l);
    if (p) predicted.push(l);
    if (t && !p) missed.push(l);
    if (p && !t) extra.push(l);
  }
  return { truth, predicted, missed, extra };
}

/** Whether the model got test image `i` wrong: the top class (single-label), any label (multi-label). */
export function isMistake(p: TestPredictions, i: number): boolean {
  if (!p.multi) return p.predicted[i] !== p.truth[i];
  const { labels, targets, probabilities, threshold } = p.multi;
  for (let l = 0; l < labels; l++) {
    if ((targets[i * labels + l]! > 0.5) !== (probabilities[i * labels + l]! >= threshold)) return true;
  }
  return false;
}

/** Labels in words: "disc, ring", or "none" for an empty set. */
export function labelList(classNames: readonly string[], labels: readonly number[]): string {
  return labels.length === 0 ? 'none' : labels.map((l) => classLabel(classNames, l)).join(', ');
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
      return isMistake(p, i);
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
  for (let i = 0; i < p.truth.length; i++) if (isMistake(p, i)) wrong++;
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

/** Whether two filters choose the same images. */
export function sameFilter(a: GridFilter, b: GridFilter): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'cell' || (b.kind === 'cell' && a.truth === b.truth && a.predicted === b.predicted);
}
