import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  imbalancedCounts, InMemoryDataset, padImages, repeatChannels, writeAugmented, writeTransformed, type ImageArrays,
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

describe('writeTransformed (rotation, shift, flip; bilinear)', () => {
  it('turns the 3×3 pattern a quarter turn counter-clockwise', () => {
    // Rotating 90° counter-clockwise (as seen, y down) moves the right column to the top row:
    //   1 2 3        3 6 9
    //   4 5 6   →    2 5 8
    //   7 8 9        1 4 7
    // cos 90° is 6e-17 in floating point, not 0: the bilinear weights off the grid are ~1e-16.
    const out = new Float32Array(9);
    writeTransformed(img, 0, [3, 3, 1], Math.PI / 2, 0, 0, false, out, 0);
    expect(Array.from(out, (v) => v * 255).map((v) => Number(v.toFixed(4)))).toEqual([3, 6, 9, 2, 5, 8, 1, 4, 7]);
    // A quarter turn clockwise is the other way round.
    writeTransformed(img, 0, [3, 3, 1], -Math.PI / 2, 0, 0, false, out, 0);
    expect(Array.from(out, (v) => v * 255).map((v) => Number(v.toFixed(4)))).toEqual([7, 4, 1, 8, 5, 2, 9, 6, 3]);
  });

  it('keeps the centre pixel under a small rotation and interpolates its neighbour by hand', () => {
    // 10°: cos = 0.984808, sin = 0.173648. The centre (1, 1) is the fixed point: it stays 5.
    // Output (x 2, y 1) is u = 1, v = 0 from the centre and samples the source at
    // (1 + cos, 1 + sin) = (1.984808, 1.173648): fx = 0.984808, fy = 0.173648 between
    // 5 6 (row 1) and 8 9 (row 2): top = 5·0.015192 + 6·0.984808 = 5.984808,
    // bottom = 8·0.015192 + 9·0.984808 = 8.984808, value = 5.984808·0.826352 + 8.984808·0.173648
    // = 4.945563 + 1.560194 = 6.505757.
    const out = new Float32Array(9);
    writeTransformed(img, 0, [3, 3, 1], (10 * Math.PI) / 180, 0, 0, false, out, 0);
    expect(out[4]! * 255).toBeCloseTo(5, 4);
    expect(out[1 * 3 + 2]! * 255).toBeCloseTo(6.505757, 4);
  });

  it('with no rotation, equals the crop-and-flip path for every shift', () => {
    // Property: angle 0 and the shift (pad − dx, pad − dy) is exactly writeAugmented's crop.
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.boolean(),
      fc.uint8Array({ minLength: 5 * 4 * 2, maxLength: 5 * 4 * 2 }),
      (pad, dxRaw, dyRaw, flip, bytes) => {
        const dx = dxRaw % (2 * pad + 1);
        const dy = dyRaw % (2 * pad + 1);
        const shape = [5, 4, 2] as const;
        const a = new Float32Array(40);
        const b = new Float32Array(40);
        writeAugmented(bytes, 0, shape, pad, dx, dy, flip, a, 0);
        writeTransformed(bytes, 0, shape, 0, pad - dx, pad - dy, flip, b, 0);
        expect(Array.from(b)).toEqual(Array.from(a));
      },
    ));
  });

  it('batches rotated digits without leaving tensors, and only when asked', () => {
    // A 5×5 image with a vertical bar in the middle column: rotation moves ink off that column.
    const pixels = new Uint8Array(25);
    for (let y = 0; y < 5; y++) pixels[y * 5 + 2] = 255;
    const split = { count: 1, pixels, labels: Int32Array.from([0]) };
    const ds = new InMemoryDataset({ id: 'r', name: 'r', description: '', shape: [5, 5, 1], classNames: ['a'], augmentation: { rotate: 30 }, train: split, test: split });
    expect(ds.augmentation).toEqual({ rotate: 30 });
    const before = tf.memory().numTensors;
    const first = (augment?: { rotate: number }): Float32Array => {
      const b = ds.batches('train', { batchSize: 1, seed: 3, ...(augment ? { augment } : {}) }).next().value!;
      const xs = b.xs.dataSync() as Float32Array;
      disposeBatch(b);
      return xs;
    };
    expect(Array.from(first(), (v) => v * 255)).toEqual(Array.from(pixels));
    const turned = first(ds.augmentation as { rotate: number });
    expect(turned[12]).toBeCloseTo(1, 5); // the centre stays
    expect(Array.from(turned).some((v, p) => v > 0.05 && p % 5 !== 2)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
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

  it('trains on a subset: the first N training samples, the test split whole', () => {
    const ds = make();
    const sub = ds.withTrainSubset(3);
    expect(sub.trainSize).toBe(3);
    expect(sub.testSize).toBe(5);
    expect(Array.from(sub.arrays('train').labels)).toEqual([0, 1, 2]);
    expect(sub.trainClassCounts).toEqual([1, 1, 1]);
    expect(sub.description).toContain('Trained on the first 3 of its 5 training images only.');
    expect(ds.withTrainSubset(10)).toBe(ds);
    expect(() => ds.withTrainSubset(0)).toThrow(/at least 1/);
  });

  it('refuses to be used after dispose', () => {
    const ds = make();
    ds.dispose();
    expect(() => ds.trainSize).toThrow(/disposed/);
  });
});
