/**
 * The memory guard, on a tiny model whose every number is worked out by hand, and on the
 * full-size VGG-16 the issue names.
 */
import { describe, expect, it } from 'vitest';
import {
  browserMemoryBudget, checkMemoryBudget, DEFAULT_BROWSER_MEMORY_BUDGET, estimateTrainingMemory, formatBytes,
  trainingMemoryBreakdown,
} from '@/lib/compile/memory';
import { analyse } from '@/lib/graph/analyse';
import { PRESETS } from '@/presets';
import { chain } from '../helpers';

/**
 * Input 4×4×1 → Conv2D 2@3×3 'same', no bias → BatchNorm → Flatten → Dense 3.
 *   params: conv 3·3·1·2 = 18; BN 2·2 = 4 trainable + 4 non-trainable; dense 32·3 + 3 = 99
 *           trainable = 18 + 4 + 99 = 121, non-trainable = 4
 *   activations per sample (floats): input 16 + conv 32 + BN 32 + flatten 32 + dense 3 = 115
 *           = 460 bytes
 */
const tiny = analyse(chain([4, 4, 1],
  ['Conv2D', { filters: 2, kernel: 3, padding: 'same', useBias: false }],
  ['BatchNorm'], ['Flatten'], ['Dense', { units: 3 }]));

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

describe('checkMemoryBudget', () => {
  it('passes under budget', () => {
    const r = checkMemoryBudget(tiny, { batchSize: 10, optimizer: 'adam', budgetBytes: 20_000 });
    expect(r).toMatchObject({ ok: true, bytes: 11152 });
  });

  it('refuses over budget, and names the largest batch that fits', () => {
    // Fixed part 500 + 484 + 968 = 1,952; each sample 920. Budget 10,000:
    // (10,000 − 1,952) / 920 = 8.7, so batch 8 fits.
    const r = checkMemoryBudget(tiny, { batchSize: 10, optimizer: 'adam', budgetBytes: 10_000, modelName: 'Tiny' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe('Tiny at 4×4 needs about 11 kB for batch 10; this browser can give about 10 kB. Try a smaller input, or batch 8 or less.');
    }
  });

  it('suggests SGD when Adam\'s extra state is what does not fit', () => {
    // Batch 1: Adam 500 + 484 + 968 + 920 = 2,872; SGD 500 + 484 + 484 + 920 = 2,388. Budget 2,500.
    const r = checkMemoryBudget(tiny, { batchSize: 1, optimizer: 'adam', budgetBytes: 2500, budgetHolder: 'this machine' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('This model at 4×4 needs about 2.9 kB for batch 1; this machine can give about 2.5 kB. Try a smaller input, or SGD instead of Adam.');
  });

  it('VGG-16 at 224×224, batch 32, Adam: about 6.1 GB, refused by the browser default', () => {
    const vgg = PRESETS.find((p) => p.id === 'vgg16')!;
    const a = analyse(vgg.build());
    // 138,357,544 weights (torchvision's count): weights, gradients and Adam's two moments are
    // 4 copies × 4 bytes = 2.21 GB; the rest is activations × 32 × 2.
    expect(a.totals.trainable).toBe(138_357_544);
    const b = trainingMemoryBreakdown(a, { batchSize: 32, optimizer: 'adam' });
    expect(b.weights + b.gradients + b.optimizerState).toBe(16 * 138_357_544);
    expect(b.total / 1e9).toBeCloseTo(6.1, 1);
    const r = checkMemoryBudget(a, { batchSize: 32, optimizer: 'adam', modelName: vgg.name, presetId: vgg.id });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe('VGG-16 at 224×224 needs about 6.1 GB for batch 32; this browser can give about 2 GB. Try the Mini VGG preset, or a smaller input.');
    }
    // Its small variant trains within the default budget.
    const mini = PRESETS.find((p) => p.id === 'mini_vgg')!;
    expect(checkMemoryBudget(analyse(mini.build()), { batchSize: 32, optimizer: 'adam' }).ok).toBe(true);
  });
});

describe('budgets and units', () => {
  it('the browser default is 2 GB; deviceMemory lowers it on small devices only', () => {
    expect(DEFAULT_BROWSER_MEMORY_BUDGET).toBe(2e9);
    expect(browserMemoryBudget()).toBe(2e9);
    expect(browserMemoryBudget(8)).toBe(2e9);
    // 4 GB of RAM: a quarter is 1 GB.
    expect(browserMemoryBudget(4)).toBe(1e9);
    expect(browserMemoryBudget(Number.NaN)).toBe(2e9);
  });

  it('formats bytes in decimal units', () => {
    expect(formatBytes(6.1e9)).toBe('6.1 GB');
    expect(formatBytes(2e9)).toBe('2 GB');
    expect(formatBytes(12.4e9)).toBe('12 GB');
    expect(formatBytes(350e6)).toBe('350 MB');
    expect(formatBytes(11152)).toBe('11 kB');
    expect(formatBytes(512)).toBe('512 bytes');
  });
});
