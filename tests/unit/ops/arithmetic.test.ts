import { describe, expect, it } from 'vitest';
import { activationWorked, batchNormWorked, convWorked, denseWorked, globalAvgWorked, poolWorked, softmaxWorked } from '@/lib/ops/arithmetic';
import { windowGeometry } from '@/lib/ops/geometry';

const f32 = (xs: number[]) => Float32Array.from(xs);

describe('convWorked', () => {
  // A 3×3 one-channel input, a 2×2 kernel [[1, 0], [−1, 2]], bias 0.5, valid, stride 1.
  const input = { shape: [3, 3, 1], data: f32([1, 2, 3, 4, 5, 6, 7, 8, 9]) };
  const kernel = { shape: [2, 2, 1, 1], data: f32([1, 0, -1, 2]) };
  const bias = { shape: [1], data: f32([0.5]) };

  it('sums the products of the window plus the bias: (1,1) → 5·1 + 6·0 + 8·(−1) + 9·2 + 0.5 = 15.5', () => {
    const w = convWorked(input, kernel, bias, windowGeometry(3, 3, 2, 1, 'valid'), { kind: 'conv' }, 'linear', 1, 1, 0);
    expect(w.parts[0]!.taps.map((t) => [t.x, t.w, t.product])).toEqual([[5, 1, 5], [6, 0, 0], [8, -1, -8], [9, 2, 18]]);
    expect([w.sum, w.bias, w.z, w.value]).toEqual([15, 0.5, 15.5, 15.5]);
  });

  it('applies the fused ReLU after the bias', () => {
    const neg = { shape: [1], data: f32([-20]) };
    const w = convWorked(input, kernel, neg, windowGeometry(3, 3, 2, 1, 'valid'), { kind: 'conv' }, 'relu', 1, 1, 0);
    expect([w.z, w.value]).toEqual([-5, 0]);
  });

  it('gives one partial sum per input channel', () => {
    // 2×2×2 input, 1×1 kernel with weights 2 (channel 0) and −1 (channel 1), two filters.
    const x = { shape: [2, 2, 2], data: f32([1, 10, 2, 20, 3, 30, 4, 40]) };
    const k = { shape: [1, 1, 2, 2], data: f32([2, 0, -1, 1]) };
    const w = convWorked(x, k, null, windowGeometry(2, 2, 1, 1, 'valid'), { kind: 'conv' }, 'linear', 1, 0, 0);
    expect(w.parts.map((p) => [p.channel, p.partial])).toEqual([[0, 6], [1, -30]]);
    expect([w.sum, w.hasBias, w.value]).toEqual([-24, false, -24]);
    expect(convWorked(x, k, null, windowGeometry(2, 2, 1, 1, 'valid'), { kind: 'conv' }, 'linear', 1, 0, 1).value).toBe(30);
  });

  it('reads 0 in the "same" padding', () => {
    const ones = { shape: [2, 2, 2, 1], data: f32([1, 1, 1, 1, 1, 1, 1, 1]) };
    const x = { shape: [2, 2, 2], data: f32([1, 10, 2, 20, 3, 30, 4, 40]) };
    // 2×2 kernel, same: padding goes after, so (1, 1) reads only pixel (1, 1): 4 + 40.
    const w = convWorked(x, ones, null, windowGeometry(2, 2, 2, 1, 'same'), { kind: 'conv' }, 'linear', 1, 1, 0);
    expect(w.value).toBe(44);
    expect(w.parts[0]!.taps.filter((t) => !t.inside).every((t) => t.x === 0)).toBe(true);
  });

  it('reads only its own channel in a depthwise conv, and its group in a grouped one', () => {
    const x = { shape: [1, 1, 2], data: f32([3, 5]) };
    // Depthwise, multiplier 2: kernel [1, 1, 2, 2] = [[a0, a1], [b0, b1]]; output 3 is channel 1 × b1.
    const dk = { shape: [1, 1, 2, 2], data: f32([1, 2, 3, 4]) };
    const g = windowGeometry(1, 1, 1, 1, 'valid');
    const d = convWorked(x, dk, null, g, { kind: 'depthwise', multiplier: 2 }, 'linear', 0, 0, 3);
    expect([d.parts.length, d.parts[0]!.channel, d.value]).toEqual([1, 1, 20]);
    // Grouped, 2 groups, 2 filters: kernel [1, 1, 1, 2]; filter 1 reads channel 1 only.
    const gk = { shape: [1, 1, 1, 2], data: f32([2, 3]) };
    const gr = convWorked(x, gk, null, g, { kind: 'grouped', groups: 2 }, 'linear', 0, 0, 1);
    expect([gr.parts[0]!.channel, gr.value]).toEqual([1, 15]);
  });
});

describe('denseWorked', () => {
  it('sums x·w over the inputs plus the bias', () => {
    const x = { shape: [3], data: f32([1, 2, 3]) };
    const k = { shape: [3, 2], data: f32([1, 0, 0, 1, -1, 2]) }; // unit 0: [1, 0, −1], unit 1: [0, 1, 2]
    const b = { shape: [2], data: f32([0.5, -1]) };
    expect(denseWorked(x, k, b, 'linear', 0)).toMatchObject({ sum: -2, z: -1.5, value: -1.5 });
    expect(denseWorked(x, k, b, 'relu', 1)).toMatchObject({ sum: 8, z: 7, value: 7 });
  });

  it('takes softmax over every unit\'s logit', () => {
    const x = { shape: [1], data: f32([1]) };
    const k = { shape: [1, 2], data: f32([0, Math.log(3)]) };
    const w = denseWorked(x, k, null, 'softmax', 1);
    expect(w.value).toBeCloseTo(0.75, 6);
  });
});

describe('activations and softmax', () => {
  it('works out each function', () => {
    expect(activationWorked('relu', -2).value).toBe(0);
    expect(activationWorked('relu6', 7.5).value).toBe(6);
    const s = activationWorked('sigmoid', 0);
    expect(s).toEqual({ fn: 'sigmoid', z: 0, expNeg: 1, denominator: 2, value: 0.5 });
    expect(activationWorked('tanh', Math.log(2)).value).toBeCloseTo(0.6, 12); // (2 − ½) / (2 + ½)
    expect(activationWorked('swish', 2).value).toBeCloseTo(2 / (1 + Math.exp(-2)), 12);
  });

  it('subtracts the largest logit, exponentiates and divides by the sum', () => {
    const s = softmaxWorked([Math.log(2), 0, Math.log(2)]);
    expect(s.max).toBeCloseTo(Math.log(2), 12);
    expect(s.exps.map((e) => Number(e.toFixed(12)))).toEqual([1, 0.5, 1]);
    expect(s.sum).toBeCloseTo(2.5, 12);
    expect(s.probabilities.map((p) => Number(p.toFixed(12)))).toEqual([0.4, 0.2, 0.4]);
  });
});

describe('pooling', () => {
  const x = { shape: [2, 3, 1], data: f32([1, -2, 3, 4, 5, -6]) };

  it('takes the largest value of the window, and says which', () => {
    const w = poolWorked(x, windowGeometry(2, 3, 2, 2, 'valid'), 'max', 0, 0, 0);
    expect([w.value, w.winner, w.count]).toEqual([5, 3, 4]);
  });

  it('averages over the pixels inside only ("same" padding is left out)', () => {
    // Same, 2×2, stride 2 on width 3: output (0, 1) reads columns 2 and 3 (padding): (3 − 6) / 2.
    const w = poolWorked(x, windowGeometry(2, 3, 2, 2, 'same'), 'avg', 0, 1, 0);
    expect([w.count, w.sum, w.value]).toEqual([2, -3, -1.5]);
  });

  it('averages a whole channel for global average pooling', () => {
    expect(globalAvgWorked({ shape: [1, 2, 2], data: f32([1, 10, 3, 20]) }, 1)).toMatchObject({ sum: 30, count: 2, value: 15 });
  });
});

describe('batchNormWorked', () => {
  it('centres on the moving mean, divides by √(variance + ε), scales by γ and shifts by β', () => {
    const w = batchNormWorked(5, { mean: 1, variance: 3.99, epsilon: 0.01, gamma: 0.5, beta: -1 }, 0);
    expect(w.centred).toBe(4);
    expect(w.std).toBeCloseTo(2, 12);
    expect(w.normalised).toBeCloseTo(2, 12);
    expect(w.scaled).toBeCloseTo(1, 12);
    expect(w.value).toBeCloseTo(0, 12);
  });
});
