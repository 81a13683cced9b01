import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { balancedClassWeights, makeLoss, type LossSpec, type OutputKind } from '../../../lib/train/losses';
import { confusionMatrix, MultiLabelCounter, singleLabelMetrics } from '../../../lib/train/metrics';
import { learningRateAt } from '../../../lib/train/schedule';
import { applyWeightDecay } from '../../../lib/train/optimizers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const lossOf = (spec: LossSpec, output: OutputKind, yTrue: number[][], yPred: number[][], multiLabel = false): number =>
  tf.tidy(() => makeLoss(spec, { output, numClasses: yTrue[0]!.length, multiLabel, classCounts: [] })(tf.tensor2d(yTrue), tf.tensor2d(yPred)).dataSync()[0]!);

// Two samples, softmax outputs: sample 1 is class 1 with p = 0.5; sample 2 is class 0 with p = 0.1.
const Y = [[0, 1, 0], [1, 0, 0]];
const P = [[0.2, 0.5, 0.3], [0.1, 0.1, 0.8]];

describe('losses', () => {
  it('cross-entropy: mean of −ln p_y', () => {
    // (−ln 0.5 − ln 0.1)/2 = (0.693147 + 2.302585)/2 = 1.497866
    expect(lossOf({ kind: 'cross-entropy' }, 'softmax', Y, P)).toBeCloseTo(1.497866, 5);
    // From logits: equal logits give p = 1/3 each, −ln(1/3) = 1.098612.
    expect(lossOf({ kind: 'cross-entropy' }, 'logits', [[0, 0, 1]], [[0, 0, 0]])).toBeCloseTo(1.098612, 5);
  });

  it('class-weighted cross-entropy: Σ w_y·CE / Σ w_y', () => {
    // weights [1, 2, 3]: (2·0.693147 + 1·2.302585)/(2 + 1) = 3.688879/3 = 1.229626
    expect(lossOf({ kind: 'weighted-cross-entropy', weights: [1, 2, 3] }, 'softmax', Y, P)).toBeCloseTo(1.229626, 5);
  });

  it('focal loss: mean of −(1 − p_y)^γ ln p_y', () => {
    // γ = 2: (0.5²·0.693147 + 0.9²·2.302585)/2 = (0.173287 + 1.865094)/2 = 1.019190
    expect(lossOf({ kind: 'focal', gamma: 2 }, 'softmax', Y, P)).toBeCloseTo(1.019190, 5);
    // γ = 0 is plain cross-entropy.
    expect(lossOf({ kind: 'focal', gamma: 0 }, 'softmax', Y, P)).toBeCloseTo(1.497866, 5);
  });

  it('binary cross-entropy on sigmoid outputs and on logits', () => {
    // −(ln 0.8 + ln(1 − 0.4))/2 = (0.223144 + 0.510826)/2 = 0.366985
    expect(lossOf({ kind: 'binary-cross-entropy' }, 'sigmoid', [[1, 0]], [[0.8, 0.4]], true)).toBeCloseTo(0.366985, 5);
    // logit 0 with target 1: ln 2 = 0.693147; logit 2 with target 0: 2 + ln(1 + e^−2) = 2.126928; mean 1.410038
    expect(lossOf({ kind: 'binary-cross-entropy' }, 'logits', [[1, 0]], [[0, 2]], true)).toBeCloseTo(1.410038, 5);
  });

  it('refuses losses that do not fit the output or the data, saying what to change', () => {
    expect(() => makeLoss({ kind: 'binary-cross-entropy' }, { output: 'softmax', numClasses: 5, multiLabel: true, classCounts: [] }))
      .toThrow(/Set the last Dense layer's activation to sigmoid/);
    expect(() => makeLoss({ kind: 'cross-entropy' }, { output: 'sigmoid', numClasses: 5, multiLabel: true, classCounts: [] }))
      .toThrow(/multi-label.*binary cross-entropy/);
  });

  it('balanced class weights are N/(K·n_k)', () => {
    // counts 10, 30, 60: N = 100, K = 3 → 100/30, 100/90, 100/180
    const w = balancedClassWeights([10, 30, 60]);
    expect(w[0]).toBeCloseTo(3.3333, 4);
    expect(w[1]).toBeCloseTo(1.1111, 4);
    expect(w[2]).toBeCloseTo(0.5556, 4);
  });
});

describe('metrics', () => {
  it('confusion matrix, per-class and balanced accuracy', () => {
    // truth 0,0,0,0,1,1 predicted 0,0,0,1,1,1 → [[3,1],[0,2]]: accuracy 5/6, per class 3/4 and 2/2, balanced 0.875
    const m = singleLabelMetrics(confusionMatrix([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 1], 3));
    expect(m.confusion).toEqual([[3, 1, 0], [0, 2, 0], [0, 0, 0]]);
    expect(m.accuracy).toBeCloseTo(5 / 6, 10);
    expect(m.perClassAccuracy).toEqual([0.75, 1, null]);
    expect(m.balancedAccuracy).toBeCloseTo(0.875, 10);
  });

  it('multi-label precision, recall, F1 and exact match', () => {
    // targets [1,0],[1,1]; probs [0.9,0.6],[0.4,0.7] → predicted [1,1],[0,1]
    // label 0: tp 1, fn 1 → P 1, R 0.5, F1 2/3; label 1: tp 1, fp 1 → P 0.5, R 1, F1 2/3.
    // No sample fully right → exact 0; 2 of 4 decisions right → 0.5.
    const c = new MultiLabelCounter(2);
    c.add([1, 0, 1, 1], [0.9, 0.6, 0.4, 0.7]);
    const m = c.metrics();
    expect(m.perLabel[0]).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(m.perLabel[1]).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(m.perLabel[0]!.f1).toBeCloseTo(2 / 3, 10);
    expect(m.accuracy).toBe(0);
    expect(m.labelAccuracy).toBe(0.5);
    expect(m.meanF1).toBeCloseTo(2 / 3, 10);
  });
});

describe('learning-rate schedules and weight decay', () => {
  it('step: ×0.1 every 2 epochs', () => {
    expect(learningRateAt(0.1, { kind: 'step', every: 2 }, 1.9, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(0.1, { kind: 'step', every: 2 }, 2, 10)).toBeCloseTo(0.01, 12);
    expect(learningRateAt(0.1, { kind: 'step', every: 2, factor: 0.5 }, 4.5, 10)).toBeCloseTo(0.025, 12);
  });

  it('cosine: half way is half the rate; warm-up rises linearly', () => {
    // 0.1·(1 + cos(π/2))/2 = 0.05; at the end 0; at the start 0.1.
    expect(learningRateAt(0.1, { kind: 'cosine' }, 5, 10)).toBeCloseTo(0.05, 12);
    expect(learningRateAt(0.1, { kind: 'cosine' }, 10, 10)).toBeCloseTo(0, 12);
    expect(learningRateAt(0.1, { kind: 'cosine' }, 0, 10)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(0.1, { kind: 'cosine', warmupEpochs: 1 }, 0.5, 10)).toBeCloseTo(0.05, 6);
  });

  it('decoupled decay shrinks by 1 − lr·λ', () => {
    // 2 · (1 − 0.1·0.5) = 1.9
    const v = tf.variable(tf.tensor2d([[2]]));
    applyWeightDecay([v], 0.1, 0.5);
    expect(v.dataSync()[0]).toBeCloseTo(1.9, 6);
    v.dispose();
  });
});
