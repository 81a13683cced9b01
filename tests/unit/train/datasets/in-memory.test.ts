import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  imbalancedCounts, InMemoryDataset, padImages, repeatChannels, writeAugmented, type ImageArrays,
} from '@/lib/train/datasets/in-memory';
import { disposeBatch } from '@/lib/train/datasets/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A 3×3 grey image with bytes 1..9 (row-major):
//   1 2 3
//   4 5 6
//   7 8 9
const img = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
const toBytes = (f: Float32Array): number[] => Array.from(f, (v) => Math.round(v * 255));

describe('writeAugmented', () => {
  it('copies when there is no padding, shift or flip', () => {
    const out = new Float32Array(9);
    writeAugmented(img, 0, [3, 3, 1], 0, 0, 0, false, out, 0);
    expect(toBytes(out)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('crops a shifted window of the padded image', () => {
    // pad 1, dx = 2, dy = 0: output (y, x) = source (y − 1, x + 1); row −1 is padding.
    //   0 0 0
    //   2 3 0
    //   5 6 0
    const out = new Float32Array(9);
    writeAugmented(img, 0, [3, 3, 1], 1, 2, 0, false, out, 0);
    expect(toBytes(out)).toEqual([0, 0, 0, 2, 3, 0, 5, 6, 0]);
  });

  it('mirrors left–right', () => {
    const out = new Float32Array(9);
    writeAugmented(img, 0, [3, 3, 1], 0, 0, 0, true, out, 0);
    expect(toBytes(out)).toEqual([3, 2, 1, 6, 5, 4, 9, 8, 7]);
  });
});

describe('pad and repeat', () => {
  it('pads 2×2 to 4×4 with a zero border and repeats grey to RGB', () => {
    const a: ImageArrays = { count: 1, pixels: new Uint8Array([1, 2, 3, 4]), labels: new Int32Array([0]) };
    const p = padImages(a, [2, 2, 1], 1);
    expect(Array.from(p.pixels)).toEqual([0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
    const r = repeatChannels(a, [2, 2, 1], 3);
    expect(Array.from(r.pixels)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
  });
});

describe('imbalancedCounts', () => {
  it('falls geometrically from n0 to n0/ratio', () => {
    // n_k = 100 · 100^(−k/9): k=0 → 100; k=3 → 100/100^(1/3) = 100/4.642 = 21.5 → 22;
    // k=9 → 100/100 = 1. The smallest class (100) sets n0.
    const counts = imbalancedCounts([120, 100, 130, 100, 100, 100, 100, 100, 100, 100], 100);
    expect(counts[0]).toBe(100);
    expect(counts[3]).toBe(22);
    expect(counts[9]).toBe(1);
    for (let k = 1; k < 10; k++) expect(counts[k]!).toBeLessThanOrEqual(counts[k - 1]!);
  });
});

describe('InMemoryDataset batches', () => {
  // 5 images of 2×2×1, image i holds the byte 10·i everywhere, label i mod 3.
  const make = (): InMemoryDataset => {
    const pixels = new Uint8Array(5 * 4).map((_, p) => 10 * Math.floor(p / 4));
    const labels = Int32Array.from([0, 1, 2, 0, 1]);
    const split = { count: 5, pixels, labels };
    return new InMemoryDataset({ id: 't', name: 't', description: '', shape: [2, 2, 1], classNames: ['a', 'b', 'c'], train: split, test: split });
  };

  it('serves one-hot batches in order for test, with a short last batch', () => {
    const ds = make();
    const before = tf.memory().numTensors;
    const sizes: number[] = [];
    const firstPixels: number[] = [];
    for (const b of ds.batches('test', { batchSize: 2 })) {
      sizes.push(b.size);
      expect(b.xs.shape).toEqual([b.size, 2, 2, 1]);
      const xs = b.xs.dataSync();
      for (let j = 0; j < b.size; j++) firstPixels.push(Math.round(xs[j * 4]! * 255));
      const ys = b.ys.arraySync();
      ys.forEach((row, j) => expect(row.indexOf(1)).toBe(b.labels[j]));
      disposeBatch(b);
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(firstPixels).toEqual([0, 10, 20, 30, 40]);
    expect(tf.memory().numTensors).toBe(before);
    expect(ds.trainClassCounts).toEqual([2, 2, 1]);
  });

  it('shuffles train batches by seed: same seed same order, all samples once', () => {
    const ds = make();
    const order = (seed: number): number[] => {
      const seen: number[] = [];
      for (const b of ds.batches('train', { batchSize: 2, seed })) {
        const xs = b.xs.dataSync();
        for (let j = 0; j < b.size; j++) seen.push(Math.round(xs[j * 4]! * 255) / 10);
        disposeBatch(b);
      }
      return seen;
    };
    expect(order(7)).toEqual(order(7));
    expect([...order(7)].sort()).toEqual([0, 1, 2, 3, 4]);
    const orders = new Set([1, 2, 3, 4, 5, 6].map((s) => order(s).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('refuses to be used after dispose', () => {
    const ds = make();
    ds.dispose();
    expect(() => ds.trainSize).toThrow(/disposed/);
  });
});
