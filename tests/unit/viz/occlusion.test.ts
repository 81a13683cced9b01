/** Occlusion on a model whose answer is worked out here. */
import { beforeAll, describe, expect, it } from 'vitest';
import { occlusion, occlusionOverImage, squarePositions } from '@/lib/viz';
import { chain } from '../helpers';
import { switchBackend } from '../tf-setup';
import { leakFree, rounded, setWeights, vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * 3×3×1 image → 1×1 conv, 2 filters [1, 2] (A⁰ = x, A¹ = 2x) → Flatten → Dense 2 softmax whose
 * logits are z0 = Σ x (the weights on A⁰ are 1, on A¹ 0) and z1 = 0. So p(class 0) = σ(Σ x).
 * Image: 1…9 row by row (Σ = 45). A 2×2 square of 0 at stride 1 covers 4 pixels; at (top, left)
 * the sum drops by those pixels: p0 = σ(45 − covered), and channel 1 (twice the image) is the one
 * with the strongest response, so its total is 2·(45 − covered).
 */
function sumModel() {
  const vm = vizOf(chain([3, 3, 1],
    ['Conv2D', { filters: 2, kernel: 1, activation: 'linear', useBias: false }],
    ['Flatten'],
    ['Dense', { units: 2, activation: 'softmax', useBias: false }]));
  setWeights(vm, 'n1', [[1, 2], [1, 1, 1, 2]]);
  // Flatten order is (y, x, channel): weight 1 on channel 0 for class 0, 0 elsewhere.
  const kernel: number[] = [];
  for (let i = 0; i < 9; i++) kernel.push(1, 0, 0, 0); // A⁰ → [1, 0], A¹ → [0, 0]
  setWeights(vm, 'n3', [kernel, [18, 2]]);
  return vm;
}

describe('occlusion', () => {
  it('maps the true class\'s probability and the strongest channel\'s total under a sliding square', async () => {
    const vm = sumModel();
    const image = Float32Array.from({ length: 9 }, (_, i) => i + 1);
    const o = await leakFree(() => occlusion(vm, image, { size: 2, stride: 1, fill: 0, batchSize: 3 }));
    expect(o.tops).toEqual([0, 1]);
    expect(o.lefts).toEqual([0, 1]);
    expect(o.class).toBe(0);
    expect(o.baseline).toBeCloseTo(sigmoid(45), 6);
    // Covered pixels: (0,0): 1+2+4+5 = 12; (0,1): 2+3+5+6 = 16; (1,0): 4+5+7+8 = 24; (1,1): 5+6+8+9 = 28.
    const covered = [12, 16, 24, 28];
    expect(o.probability.shape).toEqual([2, 2]);
    o.probability.data.forEach((p, i) => expect(p).toBeCloseTo(sigmoid(45 - covered[i]!), 6));
    expect(o.activation).toMatchObject({ node: 'n1', channel: 1, baseline: 90 });
    expect(rounded(o.activation.map.data)).toEqual(covered.map((c) => 2 * (45 - c)));
    expect(Array.from(o.predicted.data)).toEqual([0, 0, 0, 0]);
    vm.model.dispose();
  });

  it('uses a grey square by default: halfway between the image\'s darkest and brightest values', async () => {
    const vm = sumModel();
    const image = Float32Array.from({ length: 9 }, (_, i) => i + 1);
    // Square of side 3 (the whole image) filled with (1 + 9)/2 = 5: Σ = 45, the same as uncovered.
    const o = await occlusion(vm, image, { size: 3, class: 1, channel: 0 });
    expect(o.fill).toBe(5);
    expect(o.probability.shape).toEqual([1, 1]);
    expect(o.probability.data[0]).toBeCloseTo(1 - sigmoid(45), 6);
    expect(o.activation.map.data[0]).toBeCloseTo(45, 4);
    vm.model.dispose();
  });

  it('spreads the map over the image: each pixel shows the square whose centre is nearest', () => {
    // 4 px wide, squares of 2 at lefts 0 and 2 (centres 0.5 and 2.5); one row: 1 position.
    expect(Array.from(occlusionOverImage({ tops: [0], lefts: [0, 2], size: 2 }, [7, 9], 1, 4))).toEqual([7, 7, 9, 9]);
    // Centres 1 and 3 (squares of 3 at 0 and 2) on 5 px: pixel 2 is as near to both; the first wins.
    expect(Array.from(occlusionOverImage({ tops: [0], lefts: [0, 2], size: 3 }, [7, 9], 1, 5))).toEqual([7, 7, 7, 9, 9]);
  });

  it('places the square every stride and once flush with the far edge', () => {
    expect(squarePositions(10, 4, 3)).toEqual([0, 3, 6]);
    expect(squarePositions(10, 4, 4)).toEqual([0, 4, 6]);
    expect(squarePositions(4, 4, 2)).toEqual([0]);
  });
});
