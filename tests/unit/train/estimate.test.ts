/**
 * The time estimate (lib/train/estimate.ts): arithmetic worked out by hand, the rounding people
 * read, and the dataset sizes it assumes.
 */
import { describe, expect, it } from 'vitest';
import { browserDatasets } from '@/lib/train/datasets/catalogue';
import { datasetSize, estimateRunTime, flopRate, roughDuration } from '@/lib/train/estimate';

describe('estimateRunTime', () => {
  it('trains every training image and evaluates the test images (a third of a training step each) per epoch', () => {
    // (60,000 + 10,000 / 3) / 2,000 samples/s = 63,333.3 / 2,000 = 31.667 s per epoch; × 5 = 158.333 s.
    const e = estimateRunTime({ trainSize: 60_000, testSize: 10_000, epochs: 5 }, 2000)!;
    expect(e.epochSeconds).toBeCloseTo(31.667, 3);
    expect(e.totalSeconds).toBeCloseTo(158.333, 3);
    expect(roughDuration(e.epochSeconds)).toEqual({ unit: 's', seconds: 30 });
    expect(roughDuration(e.totalSeconds)).toEqual({ unit: 'min', minutes: 2.5 });
  });

  it('adds the final evaluation with test-time augmentation: every test image in each view once more', () => {
    // Epoch: (5,000 + 1,000 / 3) / 100 = 53.333 s; 2 epochs = 106.667 s; TTA: 10 × 1,000 / 3 / 100 = 33.333 s.
    const e = estimateRunTime({ trainSize: 5000, testSize: 1000, epochs: 2, ttaViews: 10 }, 100)!;
    expect(e.epochSeconds).toBeCloseTo(53.333, 3);
    expect(e.totalSeconds).toBeCloseTo(140, 3);
  });

  it('gives nothing for a speed that is not a positive finite number', () => {
    const size = { trainSize: 5000, testSize: 1000, epochs: 1 };
    expect(estimateRunTime(size, 0)).toBeNull();
    expect(estimateRunTime(size, -3)).toBeNull();
    expect(estimateRunTime(size, Number.NaN)).toBeNull();
    expect(estimateRunTime(size, Infinity)).toBeNull();
  });
});

describe('roughDuration', () => {
  it('rounds as far as a ±30% estimate can claim, in the unit people say', () => {
    expect(roughDuration(0.2)).toEqual({ unit: 's', seconds: 1 });
    expect(roughDuration(8.4)).toEqual({ unit: 's', seconds: 8 });
    expect(roughDuration(9.6)).toEqual({ unit: 's', seconds: 10 });
    expect(roughDuration(23)).toEqual({ unit: 's', seconds: 25 });
    expect(roughDuration(57)).toEqual({ unit: 's', seconds: 55 });
    expect(roughDuration(58)).toEqual({ unit: 'min', minutes: 1 });
    expect(roughDuration(100)).toEqual({ unit: 'min', minutes: 1.5 });
    expect(roughDuration(754)).toEqual({ unit: 'min', minutes: 13 });
    expect(roughDuration(3600)).toEqual({ unit: 'h', hours: 1, minutes: 0 });
    expect(roughDuration(4800)).toEqual({ unit: 'h', hours: 1, minutes: 20 });
    expect(roughDuration(-1)).toBeNull();
    expect(roughDuration(Number.NaN)).toBeNull();
  });
});

describe('flopRate and datasetSize', () => {
  it('a sample costs its multiply-adds three times, two FLOPs each', () => {
    // 1,000 samples/s × 1 M MACs × 3 × 2 = 6 GFLOP/s; LeNet-5's 0.42 M MACs at 2,000/s = 5.04.
    expect(flopRate(1000, 1e6)).toBeCloseTo(6, 10);
    expect(flopRate(2000, 0.42e6)).toBeCloseTo(5.04, 10);
  });

  it('knows every dataset the panel offers, and splits a folder 80/20', () => {
    expect(datasetSize('mnist')).toEqual({ trainSize: 60_000, testSize: 10_000 });
    expect(datasetSize('mnist-imbalanced')).toEqual({ trainSize: 13_454, testSize: 10_000 });
    expect(datasetSize('synthetic')).toEqual({ trainSize: 5000, testSize: 1000 });
    expect(datasetSize('synthetic-imbalanced')).toEqual({ trainSize: 1242, testSize: 1000 });
    expect(datasetSize('cifar10')).toEqual({ trainSize: 50_000, testSize: 10_000 });
    expect(datasetSize('folder', 250)).toEqual({ trainSize: 200, testSize: 50 });
    expect(datasetSize('folder')).toBeNull();
    expect(datasetSize('imagenet')).toBeNull();
    // A dataset added to the catalogue without a size here would get no estimate.
    expect(browserDatasets().filter((d) => d.id !== 'folder' && !datasetSize(d.id)).map((d) => d.id)).toEqual([]);
  });
});
