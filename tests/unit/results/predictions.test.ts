import { describe, expect, it } from 'vitest';
import {
  countMistakes, isMistake, labelDecisions, labelList, multiLabelPredictions, pageOf, sameFilter, selectImages, type TestPredictions,
} from '@/lib/results/predictions';

/**
 * Eight test images, worked by hand:
 *   index       0    1    2    3    4    5    6    7
 *   truth       4    4    9    4    1    9    4    7
 *   predicted   4    9    9    9    1    4    9    7
 *   confidence .99  .60  .95  .80  .97  .55  .80  .90
 * Mistakes: 1, 3, 5, 6 (four). Cell (true 4, predicted 9): 1, 3, 6.
 */
const P: TestPredictions = {
  truth: Int32Array.from([4, 4, 9, 4, 1, 9, 4, 7]),
  predicted: Int32Array.from([4, 9, 9, 9, 1, 4, 9, 7]),
  confidence: Float32Array.from([0.99, 0.6, 0.95, 0.8, 0.97, 0.55, 0.8, 0.9]),
};

describe('selectImages: which test images the grid shows', () => {
  it('all of them, in test order', () => {
    expect([...selectImages(P, { kind: 'all' })]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('only the mistakes', () => {
    expect([...selectImages(P, { kind: 'mistakes' })]).toEqual([1, 3, 5, 6]);
    expect(countMistakes(P)).toBe(4);
  });

  it('one confusion cell: true 4, predicted 9', () => {
    expect([...selectImages(P, { kind: 'cell', truth: 4, predicted: 9 })]).toEqual([1, 3, 6]);
    // A diagonal cell: the 4s read right.
    expect([...selectImages(P, { kind: 'cell', truth: 4, predicted: 4 })]).toEqual([0]);
    expect([...selectImages(P, { kind: 'cell', truth: 7, predicted: 1 })]).toEqual([]);
  });

  it('sorted by confidence, ties (3 and 6 at 0.80) kept in test order', () => {
    expect([...selectImages(P, { kind: 'mistakes' }, 'confident-first')]).toEqual([3, 6, 1, 5]);
    expect([...selectImages(P, { kind: 'mistakes' }, 'unsure-first')]).toEqual([5, 1, 3, 6]);
    expect([...selectImages(P, { kind: 'all' }, 'confident-first')]).toEqual([0, 4, 2, 7, 3, 6, 1, 5]);
  });
});

describe('pageOf: pages of a selection', () => {
  const all = selectImages(P, { kind: 'all' });
  it('cuts pages of 3: 3 pages, the last holding 2', () => {
    expect(pageOf(all, 0, 3)).toMatchObject({ page: 0, pages: 3, first: 0 });
    expect([...pageOf(all, 0, 3).indices]).toEqual([0, 1, 2]);
    expect([...pageOf(all, 2, 3).indices]).toEqual([6, 7]);
    expect(pageOf(all, 2, 3).first).toBe(6);
  });

  it('clamps a page past the end (the filter shrank) to the last, and an empty selection to page 1 of 1', () => {
    expect(pageOf(all, 9, 3)).toMatchObject({ page: 2, pages: 3, first: 6 });
    expect(pageOf(all, -1, 3).page).toBe(0);
    const none = pageOf(new Int32Array(0), 4, 3);
    expect(none).toMatchObject({ page: 0, pages: 1, first: 0 });
    expect(none.indices.length).toBe(0);
  });

  it('refuses a page size that is not a positive whole number', () => {
    expect(() => pageOf(all, 0, 0)).toThrow('whole number above 0');
  });
});

describe('sameFilter', () => {
  it('tells filters apart by kind and cell', () => {
    expect(sameFilter({ kind: 'all' }, { kind: 'all' })).toBe(true);
    expect(sameFilter({ kind: 'all' }, { kind: 'mistakes' })).toBe(false);
    expect(sameFilter({ kind: 'cell', truth: 4, predicted: 9 }, { kind: 'cell', truth: 4, predicted: 9 })).toBe(true);
    expect(sameFilter({ kind: 'cell', truth: 4, predicted: 9 }, { kind: 'cell', truth: 9, predicted: 4 })).toBe(false);
  });
});

/**
 * Three multi-label test images over 3 labels (a, b, c), worked by hand, threshold 0.5:
 *   image 0: holds a, b    probabilities .9 .8 .1 → sees a, b: right; least sure decision .8
 *   image 1: holds c       probabilities .6 .2 .7 → sees a, c: a wrongly seen; least sure .6
 *   image 2: holds b, c    probabilities .1 .4 .95 → sees c: b missed; least sure 1 − .4 = .6
 */
describe('multi-label predictions', () => {
  const targets = Uint8Array.from([1, 1, 0, 0, 0, 1, 0, 1, 1]);
  const probabilities = Float32Array.from([0.9, 0.8, 0.1, 0.6, 0.2, 0.7, 0.1, 0.4, 0.95]);
  const M = multiLabelPredictions(targets, probabilities, 3);

  it('a mistake is any label decided wrong; confidence is the least sure decision', () => {
    expect([0, 1, 2].map((i) => isMistake(M, i))).toEqual([false, true, true]);
    expect(countMistakes(M)).toBe(2);
    expect([...selectImages(M, { kind: 'mistakes' })]).toEqual([1, 2]);
    expect(Array.from(M.confidence, (c) => Number(c.toFixed(4)))).toEqual([0.8, 0.6, 0.6]);
    // Ties keep test order: 1 before 2.
    expect([...selectImages(M, { kind: 'all' }, 'unsure-first')]).toEqual([1, 2, 0]);
  });

  it('says which labels each image holds and which the model missed or wrongly saw', () => {
    expect(labelDecisions(M.multi!, 0)).toEqual({ truth: [0, 1], predicted: [0, 1], missed: [], extra: [] });
    expect(labelDecisions(M.multi!, 1)).toEqual({ truth: [2], predicted: [0, 2], missed: [], extra: [0] });
    expect(labelDecisions(M.multi!, 2)).toEqual({ truth: [1, 2], predicted: [2], missed: [1], extra: [] });
    expect(labelList(['a', 'b', 'c'], [0, 2])).toBe('a, c');
    expect(labelList(['a', 'b', 'c'], [])).toBe('none');
  });

  it('refuses arrays that do not hold whole rows', () => {
    expect(() => multiLabelPredictions(targets, probabilities.subarray(1), 3)).toThrow(/9 targets and 8 probabilities for 3 labels/);
  });
});
