/**
 * Where a unit's receptive field lies, with padding: worked out by hand for one network, and for
 * random chains held equal to what the network itself shows — the pixels a unit's value depends on
 * (the non-zero entries of its gradient when every weight and pixel is positive).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Layer } from '../helpers';
import { chain } from '../helpers';
import { clipBox, fieldGeometries, receptiveBox, resolveNode, type VizModel } from '@/lib/viz';
import { subModel } from '@/lib/viz/model';
import { switchBackend, tf } from '../tf-setup';
import { vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

/** Every kernel set to ones (the layers have no bias), so no contribution can cancel another. */
function onesEverywhere(vm: VizModel): void {
  for (const layer of vm.model.layers) {
    const ws = layer.getWeights();
    if (ws.length === 0) continue;
    const ones = ws.map((w) => tf.onesLike(w));
    layer.setWeights(ones);
    tf.dispose(ones);
  }
}

/** The rows and columns of the input that unit (y, x, 0) of `node` depends on, as a box (height 0 if none). */
function dependsOn(vm: VizModel, node: string, y: number, x: number): { top: number; left: number; height: number; width: number } {
  const r = resolveNode(vm, node);
  const [h, w, c] = vm.model.inputs[0]!.shape.slice(1) as number[];
  const g = tf.tidy(() => tf.grad((z: tf.Tensor) => tf.sum(tf.slice(subModel(vm, [r]).apply(z) as tf.Tensor, [0, y, x, 0], [1, 1, 1, 1])))(tf.ones([1, h!, w!, c!])));
  const data = g.dataSync();
  g.dispose();
  let top = Infinity, left = Infinity, bottom = -Infinity, right = -Infinity;
  for (let i = 0; i < h!; i++) for (let j = 0; j < w!; j++) {
    if (data[(i * w! + j) * c!] !== 0) { top = Math.min(top, i); bottom = Math.max(bottom, i); left = Math.min(left, j); right = Math.max(right, j); }
  }
  if (top === Infinity) return { top: 0, left: 0, height: 0, width: 0 };
  return { top, left, height: bottom - top + 1, width: right - left + 1 };
}

describe('receptive-field boxes', () => {
  /**
   * 8×8 → conv 3×3 'same' → 2×2 max-pool → conv 3×3 'same' stride 2 (4×4 → 2×2: TensorFlow pads
   * 1 in all, 0 before and 1 after).
   *   conv1: centre 0 + (1 − 1)·1 = 0, size 3, jump 1
   *   pool:  centre 0 + (0.5 − 0)·1 = 0.5, size 4, jump 2
   *   conv2: centre 0.5 + (1 − 0)·2 = 2.5, size 4 + 2·2 = 8, jump 4
   * Unit (0, 0): rows 2.5 − 3.5 = −1 … 6; unit (1, 1): rows 3 … 10 (the image ends at 7).
   */
  it('adds up the padding on the way (by hand, and analyse\'s size and jump)', () => {
    const vm = vizOf(chain([8, 8, 1],
      ['Conv2D', { filters: 1, kernel: 3, padding: 'same', useBias: false }],
      ['MaxPool', { pool: 2, stride: 2 }],
      ['Conv2D', { filters: 1, kernel: 3, stride: 2, padding: 'same', useBias: false }]));
    expect(fieldGeometries(vm).get('n3')).toEqual({ size: 8, jump: 4, centre: [2.5, 2.5] });
    const n3 = resolveNode(vm, 'n3');
    expect(receptiveBox(vm, n3, 0, 0)).toEqual({ top: -1, left: -1, height: 8, width: 8 });
    expect(receptiveBox(vm, n3, 1, 1)).toEqual({ top: 3, left: 3, height: 8, width: 8 });
    expect(clipBox(receptiveBox(vm, n3, 1, 1), 8, 8)).toEqual({ top: 3, left: 3, height: 5, width: 5 });
    vm.model.dispose();
  });

  const layerArb: fc.Arbitrary<Layer> = fc.oneof(
    fc.record({ kernel: fc.integer({ min: 1, max: 4 }), stride: fc.integer({ min: 1, max: 3 }), padding: fc.constantFrom('same', 'valid'), dilation: fc.integer({ min: 1, max: 2 }) })
      .map(({ kernel, stride, padding, dilation }) => ['Conv2D', { filters: 1, kernel, stride: dilation > 1 ? 1 : stride, padding, dilation, useBias: false }] as Layer),
    fc.record({ pool: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 3 }), padding: fc.constantFrom('same', 'valid') })
      .map((p) => ['AvgPool', p] as Layer),
    fc.integer({ min: 1, max: 2 }).map((padding) => ['ZeroPad', { padding }] as Layer),
  );

  it('equals the pixels each unit depends on, for random chains of convolutions, pools and padding', () => {
    fc.assert(fc.property(fc.integer({ min: 6, max: 14 }), fc.integer({ min: 6, max: 14 }), fc.array(layerArb, { minLength: 1, maxLength: 4 }), (h, w, layers) => {
      let vm: VizModel;
      try {
        vm = vizOf(chain([h, w, 1], ...layers));
      } catch {
        fc.pre(false); // the map shrank to nothing: not a valid graph
        return;
      }
      try {
        onesEverywhere(vm);
        const last = `n${layers.length}`;
        const [oh, ow] = resolveNode(vm, last).shape as [number, number];
        for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) {
          const box = receptiveBox(vm, resolveNode(vm, last), y, x);
          const want = clipBox(box, h, w);
          const got = dependsOn(vm, last, y, x);
          const where = `unit (${y}, ${x}) of ${JSON.stringify(layers)}`;
          const inside = want.height === box.height && want.width === box.width;
          if (inside) {
            expect(got, where).toEqual(want);
          } else if (got.height > 0) {
            // Past the edge a window may lie over padding, and one with holes may skip the rows
            // next to the edge: what the unit reads is then inside the box, not all of it.
            expect(got.top, where).toBeGreaterThanOrEqual(want.top);
            expect(got.left, where).toBeGreaterThanOrEqual(want.left);
            expect(got.top + got.height, where).toBeLessThanOrEqual(want.top + want.height);
            expect(got.left + got.width, where).toBeLessThanOrEqual(want.left + want.width);
          }
        }
      } finally {
        vm.model.dispose();
      }
    }), { numRuns: 60 });
  });
});
