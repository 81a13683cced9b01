import { describe, expect, it } from 'vitest';
import { makeSynthetic, SYNTHETIC_CLASSES } from '@/lib/train/datasets/synthetic';

describe('synthetic colour dataset', () => {
  it('makes balanced 32×32×3 images of 10 classes, the same for the same seed', () => {
    const a = makeSynthetic({ trainSize: 200, testSize: 50, seed: 5 });
    const b = makeSynthetic({ trainSize: 200, testSize: 50, seed: 5 });
    const c = makeSynthetic({ trainSize: 200, testSize: 50, seed: 6 });
    expect(a.inputShape).toEqual([32, 32, 3]);
    expect(a.classNames).toEqual(SYNTHETIC_CLASSES);
    expect(a.trainClassCounts).toEqual(new Array(10).fill(20));
    expect(Buffer.from(a.arrays('train').pixels).equals(Buffer.from(b.arrays('train').pixels))).toBe(true);
    expect(Buffer.from(a.arrays('train').pixels).equals(Buffer.from(c.arrays('train').pixels))).toBe(false);
    // Train and test are drawn from different streams.
    expect(Buffer.from(a.arrays('train').pixels.subarray(0, 3072)).equals(Buffer.from(a.arrays('test').pixels.subarray(0, 3072)))).toBe(false);
  });

  it('draws two colours per image: a shape covers part of the image, a texture about half', () => {
    const ds = makeSynthetic({ trainSize: 20, testSize: 10, seed: 1 });
    const px = ds.arrays('train').pixels;
    // Share of pixels nearer the image's first pixel's colour (the background for shapes).
    const share = (i: number): number => {
      const o = i * 3072;
      let same = 0;
      for (let p = 0; p < 1024; p++) {
        let d = 0;
        for (let c = 0; c < 3; c++) d += Math.abs(px[o + p * 3 + c]! - px[o + c]!);
        if (d < 90) same++;
      }
      return same / 1024;
    };
    // Image 0 is a disc of radius 6..12 px: it covers π·6² = 113 to π·12² = 452 of 1,024 pixels,
    // so the background is 55–89%; image 8 is a checkerboard, about half.
    expect(share(0)).toBeGreaterThan(0.5);
    expect(share(0)).toBeLessThan(0.92);
    expect(share(8)).toBeGreaterThan(0.3);
    expect(share(8)).toBeLessThan(0.7);
  });

  it('has a multi-label form: 1 to 3 of 5 shapes per image', () => {
    const ds = makeSynthetic({ form: 'multilabel', trainSize: 300, testSize: 30 });
    expect(ds.multiLabel).toBe(true);
    expect(ds.numClasses).toBe(5);
    const t = ds.arrays('train').targets!;
    const perImage = new Array(4).fill(0);
    for (let i = 0; i < 300; i++) {
      let n = 0;
      for (let k = 0; k < 5; k++) n += t[i * 5 + k]!;
      perImage[n]++;
    }
    expect(perImage[0]).toBe(0);
    // 1, 2 or 3 shapes, each about a third of the time (100 expected each).
    for (const n of [1, 2, 3]) expect(Math.abs(perImage[n] - 100)).toBeLessThan(35);
    // Each label is held by about (1+2+3)/3 / 5 = 40% of images.
    ds.trainClassCounts.forEach((c) => expect(Math.abs(c / 300 - 0.4)).toBeLessThan(0.1));
  });

  it('has an imbalanced form falling to 1:100', () => {
    const ds = makeSynthetic({ form: 'imbalanced', trainSize: 5000, testSize: 100 });
    // 500 per class before thinning: class k keeps 500 · 100^(−k/9):
    // 500, 300 (500/1.668), 180, 108, 65, 39, 23, 14, 8, 5.
    expect(ds.trainClassCounts).toEqual([500, 300, 180, 108, 65, 39, 23, 14, 8, 5]);
    expect(ds.testSize).toBe(100);
  });
});
