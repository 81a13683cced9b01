import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '@/lib/train/datasets/rng';
import { knnClassify, knnClassifyTf, voteOf, type KnnSet } from '@/lib/classic/knn';
import { switchBackend } from '../tf-setup';

/*
 * Hand-made points on a line (y = 0), two classes:
 *   A (class 0) at x = 0 and 1;  B (class 1) at x = 5 and 6.
 * Query x = 2:   distances² to 0, 1, 5, 6 are 4, 1, 9, 16 → nearest 1 (A), then 0 (A), then 5 (B).
 *   k = 1: A.  k = 3: A, A, B → A.
 * Query x = 3.4: distances² 11.56, 5.76, 2.56, 6.76 → nearest 5 (B), 1 (A), 6 (B), 0 (A).
 *   k = 1: B.  k = 2: B, A tie → the nearer, B.  k = 3: B, A, B → B.  k = 4: 2–2 tie → B (nearest).
 * Query x = 2.4: distances² 5.76, 1.96, 6.76, 12.96 → 1 (A), 0 (A), 5 (B), 6 (B).
 *   k = 4: a 2–2 tie → A, whose neighbour is nearest.
 */
const LINE: KnnSet = { points: [0, 0, 1, 0, 5, 0, 6, 0], labels: [0, 0, 1, 1], count: 4, dims: 2 };

describe('the vote', () => {
  it('takes the most frequent class, and the nearest on a tie', () => {
    expect(voteOf([2, 1, 1], 3)).toBe(1);
    expect(voteOf([2, 1], 3)).toBe(2);
    expect(voteOf([1, 2, 2, 1], 3)).toBe(1);
    expect(voteOf([0, 1, 2, 2, 1], 3)).toBe(1);
  });
});

describe('k-nearest neighbours with loops', () => {
  it('classifies the hand-made points as worked out by hand', () => {
    const queries = [2, 0, 3.4, 0, 2.4, 0];
    expect(Array.from(knnClassify(LINE, queries, 3, 1, 2))).toEqual([0, 1, 0]);
    expect(Array.from(knnClassify(LINE, queries, 3, 2, 2))).toEqual([0, 1, 0]);
    expect(Array.from(knnClassify(LINE, queries, 3, 3, 2))).toEqual([0, 1, 0]);
    expect(Array.from(knnClassify(LINE, queries, 3, 4, 2))).toEqual([0, 1, 0]);
  });

  it('refuses a k larger than the training set', () => {
    expect(() => knnClassify(LINE, [0, 0], 1, 5, 2)).toThrow(RangeError);
  });
});

describe('k-nearest neighbours with matrix products (tfjs)', () => {
  beforeAll(async () => {
    await switchBackend('cpu');
  });

  it('classifies the hand-made points the same way', async () => {
    const out = await knnClassifyTf(LINE, [2, 0, 3.4, 0, 2.4, 0], 3, { k: 3, classes: 2 });
    expect(Array.from(out)).toEqual([0, 1, 0]);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`agrees with the loops on random bytes in chunks (${backend}), freeing every tensor`, async () => {
      await switchBackend(backend);
      const random = mulberry32(5);
      const dims = 16, count = 120, queryCount = 37, classes = 4;
      const points = Uint8Array.from({ length: count * dims }, () => Math.floor(random() * 256));
      const labels = Int32Array.from({ length: count }, () => Math.floor(random() * classes));
      const queries = Uint8Array.from({ length: queryCount * dims }, () => Math.floor(random() * 256));
      const train: KnnSet = { points, labels, count, dims };
      const before = tf.memory().numTensors;
      const progress: number[] = [];
      const viaTf = await knnClassifyTf(train, queries, queryCount, {
        k: 3, classes, chunk: 10, scale: 1 / 255, onProgress: (p) => progress.push(p.done),
      });
      expect(tf.memory().numTensors).toBe(before);
      expect(progress).toEqual([10, 20, 30, 37]);
      expect(Array.from(viaTf)).toEqual(Array.from(knnClassify(train, queries, queryCount, 3, classes)));
    });
  }
});
