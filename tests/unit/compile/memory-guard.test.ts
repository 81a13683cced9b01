/**
 * The memory guard, on a tiny model whose every number is worked out by hand, and on the
 * full-size VGG-16 the issue names.
 */
import { describe, expect, it } from 'vitest';
import { browserMemoryBudget, checkMemoryBudget, DEFAULT_BROWSER_MEMORY_BUDGET } from '@/lib/compile/memory-guard';
import { analyse } from '@/lib/graph/analyse';
import { trainingMemoryBreakdown } from '@/lib/graph/memory';
import { PRESETS } from '@/presets';
import { tiny } from '../tiny-model';

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

describe('budgets', () => {
  it('the browser default is 2 GB; deviceMemory lowers it on small devices only', () => {
    expect(DEFAULT_BROWSER_MEMORY_BUDGET).toBe(2e9);
    expect(browserMemoryBudget()).toBe(2e9);
    expect(browserMemoryBudget(8)).toBe(2e9);
    // 4 GB of RAM: a quarter is 1 GB.
    expect(browserMemoryBudget(4)).toBe(1e9);
    expect(browserMemoryBudget(Number.NaN)).toBe(2e9);
  });
});
