/**
 * The training-memory estimate on a tiny model whose every number is worked out by hand, and
 * formatBytes in decimal, binary and both units.
 */
import { describe, expect, it } from 'vitest';
import { estimateTrainingMemory, formatBytes, trainingMemoryBreakdown } from '@/lib/graph/memory';
import { tiny } from '../tiny-model';

describe('estimateTrainingMemory', () => {
  it('agrees with analyse on the tiny model\'s counts', () => {
    expect(tiny.totals.trainable).toBe(121);
    expect(tiny.totals.nonTrainable).toBe(4);
    expect(tiny.totals.activationBytes).toBe(460);
  });

  it('Adam, batch 10: weights + gradients + 2 moments + activations × batch × 2', () => {
    // weights 4·125 = 500; gradients 4·121 = 484; Adam m and v 2·484 = 968;
    // activations 460 · 10 · 2 = 9,200. Total 500 + 484 + 968 + 9,200 = 11,152.
    expect(trainingMemoryBreakdown(tiny, { batchSize: 10, optimizer: 'adam' })).toEqual({
      weights: 500, gradients: 484, optimizerState: 968, activations: 9200, total: 11152,
    });
    expect(estimateTrainingMemory(tiny, { batchSize: 10, optimizer: 'adam' })).toBe(11152);
  });

  it('SGD keeps one momentum buffer (none without momentum)', () => {
    // 500 + 484 + 484 + 9,200 = 10,668; without momentum 500 + 484 + 9,200 = 10,184.
    expect(estimateTrainingMemory(tiny, { batchSize: 10, optimizer: 'sgd' })).toBe(10668);
    expect(estimateTrainingMemory(tiny, { batchSize: 10, optimizer: 'sgd', momentum: false })).toBe(10184);
  });

  it('grows with the batch only through the activations', () => {
    // Each extra sample adds 460 · 2 = 920 bytes.
    const b1 = estimateTrainingMemory(tiny, { batchSize: 1, optimizer: 'adam' });
    const b2 = estimateTrainingMemory(tiny, { batchSize: 2, optimizer: 'adam' });
    expect(b1).toBe(500 + 484 + 968 + 920);
    expect(b2 - b1).toBe(920);
  });
});

describe('formatBytes', () => {
  it('formats bytes in decimal units', () => {
    expect(formatBytes(6.1e9)).toBe('6.1 GB');
    expect(formatBytes(2e9)).toBe('2 GB');
    expect(formatBytes(12.4e9)).toBe('12 GB');
    expect(formatBytes(350e6)).toBe('350 MB');
    expect(formatBytes(11152)).toBe('11 kB');
    expect(formatBytes(512)).toBe('512 bytes');
  });

  it('formats bytes in binary units (powers of 1024), as Keras and PyTorch summaries count them', () => {
    // 6.1e9 / 1,073,741,824 = 5.68 → 5.7 GiB; 2e9 / 1,073,741,824 = 1.86 → 1.9 GiB.
    expect(formatBytes(6.1e9, 'binary')).toBe('5.7 GiB');
    expect(formatBytes(2e9, 'binary')).toBe('1.9 GiB');
    // 350e6 / 1,048,576 = 333.8 → 334 MiB (whole numbers from 10 up).
    expect(formatBytes(350e6, 'binary')).toBe('334 MiB');
    // 11,152 / 1,024 = 10.9 → 11 KiB; 1,536 / 1,024 = 1.5 KiB exactly.
    expect(formatBytes(11152, 'binary')).toBe('11 KiB');
    expect(formatBytes(1536, 'binary')).toBe('1.5 KiB');
    // 1,000 bytes is under 1 KiB.
    expect(formatBytes(1000, 'binary')).toBe('1000 bytes');
    expect(formatBytes(1024 ** 3, 'binary')).toBe('1 GiB');
  });

  it('formats bytes in both: the decimal figure, then the binary one when it reads differently', () => {
    expect(formatBytes(6.1e9, 'both')).toBe('6.1 GB (5.7 GiB)');
    // 1 GiB = 1,073,741,824 bytes = 1.07 GB → 1.1 GB.
    expect(formatBytes(1024 ** 3, 'both')).toBe('1.1 GB (1 GiB)');
    // 1,536 bytes = 1.536 kB → 1.5 kB, and exactly 1.5 KiB.
    expect(formatBytes(1536, 'both')).toBe('1.5 kB (1.5 KiB)');
    expect(formatBytes(1000, 'both')).toBe('1 kB (1000 bytes)');
    // Under 1,000 bytes both say the same, once.
    expect(formatBytes(512, 'both')).toBe('512 bytes');
    expect(formatBytes(0, 'both')).toBe('0 bytes');
  });
});
