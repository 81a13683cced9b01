/** Top-9 (here top-3) over a handful of images whose answers are worked out here. */
import { beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDataset } from '@/lib/train/datasets/in-memory';
import { topActivations } from '@/lib/viz';
import { chain } from '../helpers';
import { switchBackend, tf } from '../tf-setup';
import { leakFree, rounded, setWeights, vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

/**
 * 4×4×1 images → conv 2×2 'valid' with every weight 1 (the sum of each 2×2 window) + ReLU: a 3×3
 * map whose unit (y, x) sees rows y..y+1 and columns x..x+1 (receptive field 2, jump 1).
 * The five images and their strongest window:
 *   0: a 1 at (0, 0)             → 1 at (0, 0)
 *   1: a 5 at (2, 3)             → 5 at (1, 2) (windows (1, 2) and (2, 2) tie; the first wins)
 *   2: 1 everywhere              → 4 at (0, 0)
 *   3: 3 at (3, 0) and (3, 1)    → 6 at (2, 0)
 *   4: zeros                     → 0
 * Top 3: image 3 (6), image 1 (5), image 2 (4).
 */
function fiveImages(): Float32Array {
  const px = new Float32Array(5 * 16);
  px[0 * 16 + 0] = 1;
  px[1 * 16 + 2 * 4 + 3] = 5;
  px.fill(1, 2 * 16, 3 * 16);
  px[3 * 16 + 3 * 4 + 0] = 3;
  px[3 * 16 + 3 * 4 + 1] = 3;
  return px;
}

function windowSum() {
  const vm = vizOf(chain([4, 4, 1], ['Conv2D', { filters: 1, kernel: 2, padding: 'valid', activation: 'relu', useBias: false }]));
  setWeights(vm, 'n1', [[1, 1, 1, 1], [2, 2, 1, 1]]);
  return vm;
}

describe('top-k activations', () => {
  it('keeps the strongest images with their position, receptive-field patch and deconvnet projection', async () => {
    const vm = windowSum();
    const images = tf.tensor4d(fiveImages(), [5, 4, 4, 1]);
    const top = await leakFree(() => topActivations(vm, 'n1', 0, images, { k: 3, batchSize: 2 }));
    expect(top.searched).toBe(5);
    expect(top.hits.map((h) => [h.index, h.value, h.y, h.x])).toEqual([[3, 6, 2, 0], [1, 5, 1, 2], [2, 4, 0, 0]]);
    expect(top.hits.map((h) => h.box)).toEqual([
      { top: 2, left: 0, height: 2, width: 2 }, { top: 1, left: 2, height: 2, width: 2 }, { top: 0, left: 0, height: 2, width: 2 }]);
    expect(top.hits.map((h) => rounded(h.patch.data))).toEqual([[0, 0, 3, 3], [0, 0, 0, 5], [1, 1, 1, 1]]);
    // The deconvnet of a lone value v through the all-ones 2×2 filter: v on each of the 4 pixels it saw.
    expect(top.hits.map((h) => rounded(h.projection!.data))).toEqual([[6, 6, 6, 6], [5, 5, 5, 5], [4, 4, 4, 4]]);
    images.dispose();
    vm.model.dispose();
  });

  it('reads a dataset split batch by batch, with labels, and frees every batch', async () => {
    const vm = windowSum();
    const px = fiveImages();
    // Bytes: the dataset scales 0..255 to 0..1, so the order stays and the values are /255.
    const bytes = Uint8Array.from(px, (v) => v * 40);
    const arrays = { count: 5, pixels: bytes, labels: Int32Array.from([0, 1, 0, 1, 0]) };
    const dataset = new InMemoryDataset({ id: 't', name: 'T', description: 'five images', shape: [4, 4, 1], classNames: ['a', 'b'], train: arrays, test: arrays });
    const top = await leakFree(() => topActivations(vm, 'n1', 0, { dataset, split: 'test' }, { k: 2, batchSize: 2, projections: false }));
    expect(top.hits.map((h) => [h.index, h.label, h.y, h.x])).toEqual([[3, 1, 2, 0], [1, 1, 1, 2]]);
    expect(top.hits[0]!.value).toBeCloseTo(6 * 40 / 255, 5);
    expect(top.hits[0]!.projection).toBeUndefined();
    const limited = await topActivations(vm, 'n1', 0, { dataset, limit: 3 }, { k: 9, projections: false });
    expect(limited.searched).toBe(3);
    expect(limited.hits.map((h) => h.index)).toEqual([1, 2, 0]);
    dataset.dispose();
    vm.model.dispose();
  });
});
