/**
 * The worked arithmetic against tfjs itself: for layers with random weights (biases and batch
 * statistics included), every output value the view would work out equals the layer's actual
 * output on the cpu backend. Also the position helpers and the numbers' reading (lib/ops/numbers.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParamRecord } from '@/lib/graph/types';
import { geometryOf, operationKind, outputIndex, outputPosition, workedAt } from '@/lib/ops/layer';
import { layerNumbers } from '@/lib/ops/numbers';
import { chain } from '../helpers';
import { switchBackend, tf } from '../tf-setup';
import { leakFree, vizOf } from '../viz/helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

type Layer = [string, ParamRecord];

/** Compiles `layers` after an input, gives every weight random values (variances positive), and checks each output value of `node`. */
async function crossCheck(inputShape: [number, number, number], layers: Layer[], node = `n${layers.length}`, seed = 7) {
  const vm = vizOf(chain(inputShape, ...layers));
  let s = seed;
  for (const layer of vm.model.layers) {
    // getWeights() gives the variables' own tensors: not ours to free.
    const ws = layer.weights;
    if (!ws.length) continue;
    const fresh = ws.map((w) => tf.tidy(() => {
      const r = tf.randomNormal(w.shape as number[], 0, 0.7, 'float32', s++);
      return w.name.includes('variance') ? tf.add(tf.abs(r), 0.2) : r;
    }));
    layer.setWeights(fresh);
    tf.dispose(fresh);
  }
  const image = Float32Array.from({ length: inputShape[0] * inputShape[1] * inputShape[2] }, (_, i) => Math.sin(i * 1.7 + seed) * 2);
  const n = await leakFree(() => layerNumbers(vm, node, image));
  let worst = 0;
  for (let i = 0; i < n.output.data.length; i++) {
    const w = workedAt(n, i);
    expect(w, `output ${i}`).not.toBeNull();
    worst = Math.max(worst, Math.abs(w!.value - n.output.data[i]!) / Math.max(1, Math.abs(n.output.data[i]!)));
  }
  vm.model.dispose();
  return { n, worst };
}

describe('worked values equal the tfjs layer (cpu, random weights)', () => {
  const cases: [string, [number, number, number], Layer[]][] = [
    ['Conv2D valid 3×3, ReLU, 2 channels in', [6, 5, 2], [['Conv2D', { filters: 3, kernel: 3, padding: 'valid', activation: 'relu' }]]],
    ['Conv2D same 3×3 stride 2, linear', [7, 6, 3], [['Conv2D', { filters: 4, kernel: 3, stride: 2, padding: 'same' }]]],
    ['Conv2D same 4×4 stride 3 (odd padding)', [8, 8, 1], [['Conv2D', { filters: 2, kernel: 4, stride: 3, padding: 'same', activation: 'tanh' }]]],
    ['Conv2D dilated 3×3, D 2, same, sigmoid', [7, 7, 2], [['Conv2D', { filters: 2, kernel: 3, dilation: 2, padding: 'same', activation: 'sigmoid' }]]],
    ['Conv2D without bias, swish', [5, 5, 2], [['Conv2D', { filters: 2, kernel: 3, useBias: false, activation: 'swish' }]]],
    ['Conv2D relu6', [5, 5, 1], [['Conv2D', { filters: 2, kernel: 2, activation: 'relu6' }]]],
    ['DepthwiseConv2D multiplier 2', [6, 6, 3], [['DepthwiseConv2D', { kernel: 3, stride: 2, padding: 'same', depthMultiplier: 2 }]]],
    ['GroupedConv2D 2 groups', [5, 5, 4], [['GroupedConv2D', { filters: 6, kernel: 3, groups: 2, padding: 'same' }]]],
    ['GroupedConv2D one channel a group', [5, 5, 3], [['GroupedConv2D', { filters: 6, kernel: 3, groups: 3, padding: 'valid' }]]],
    ['MaxPool 2×2 valid', [6, 7, 2], [['MaxPool', { pool: 2, stride: 2, padding: 'valid' }]]],
    ['MaxPool 3×3 stride 2 same', [7, 7, 2], [['MaxPool', { pool: 3, stride: 2, padding: 'same' }]]],
    ['AvgPool 3×3 stride 2 same (padding left out)', [7, 6, 2], [['AvgPool', { pool: 3, stride: 2, padding: 'same' }]]],
    ['GlobalAvgPool', [4, 5, 3], [['GlobalAvgPool', {}]]],
    ['BatchNorm on a map', [4, 4, 3], [['BatchNorm', { epsilon: 0.001 }]]],
    ['Activation softmax over channels', [3, 3, 4], [['Activation', { fn: 'softmax' }]]],
    ['Activation sigmoid', [3, 3, 2], [['Activation', { fn: 'sigmoid' }]]],
    ['Dense ReLU after Flatten', [3, 3, 2], [['Flatten', {}], ['Dense', { units: 5, activation: 'relu' }]]],
    ['Dense softmax', [3, 3, 2], [['Flatten', {}], ['Dense', { units: 4, activation: 'softmax' }]]],
  ];
  for (const [name, shape, layers] of cases) {
    it(name, async () => {
      const { worst } = await crossCheck(shape, layers);
      expect(worst).toBeLessThan(1e-4);
    });
  }

  it('reads a conv\'s input, kernel, bias and output for the picture', async () => {
    const { n } = await crossCheck([6, 5, 2], [['Conv2D', { filters: 3, kernel: 3, padding: 'valid' }]]);
    expect(n.type).toBe('Conv2D');
    expect(n.inputs.map((x) => x.shape)).toEqual([[6, 5, 2]]);
    expect(n.output.shape).toEqual([4, 3, 3]);
    expect(n.weights.kernel!.shape).toEqual([3, 3, 2, 3]);
    expect(n.weights.bias!.shape).toEqual([3]);
    // The input port carries the picture itself.
    expect(n.inputs[0]!.data[1]).toBeCloseTo(Math.sin(1.7 + 7) * 2, 5);
  });

  it('reads batch normalization\'s four statistics', async () => {
    const { n } = await crossCheck([4, 4, 3], [['BatchNorm', { epsilon: 0.001 }]]);
    expect(Object.keys(n.weights).sort()).toEqual(['beta', 'gamma', 'movingMean', 'movingVariance']);
    expect(n.params.epsilon).toBe(0.001);
  });
});

describe('positions and kinds', () => {
  it('maps flat indices to (y, x, c) and back, channels last', () => {
    expect(outputPosition([4, 3, 5], 38)).toEqual({ y: 2, x: 1, c: 3 });
    expect(outputIndex([4, 3, 5], 2, 1, 3)).toBe(38);
    expect(outputPosition([10], 7)).toEqual({ y: 0, x: 0, c: 7 });
  });

  it('names the arithmetic from the block type, and gives none to reshapes', () => {
    expect(operationKind('GroupedConv2D')).toBe('conv');
    expect(operationKind('AvgPool')).toBe('pool');
    expect(operationKind('Flatten')).toBeUndefined();
    expect(geometryOf('Dense', {}, [10])).toBeNull();
    expect(geometryOf('MaxPool', { pool: 2, stride: 2, padding: 'valid' }, [28, 28, 6])!.rows.output).toBe(14);
  });
});
