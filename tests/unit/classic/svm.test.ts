import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/lib/train/datasets/rng';
import { accuracyOf, svmDataProblem, svmPredict, svmScoresInto, trainLinearSvm, SVM_DEFAULTS, type SvmData, type SvmOptions } from '@/lib/classic/svm';

const HARD: SvmOptions = { ...SVM_DEFAULTS, C: 100, maxEpochs: 500, tolerance: 1e-6 };

function data(points: readonly (readonly number[])[], labels: readonly number[], classes: number): SvmData {
  return { features: Float32Array.from(points.flat()), labels, count: points.length, dims: points[0]!.length, classes };
}

/** Seeded Gaussian (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

describe('a linear SVM on hand-made points', () => {
  /*
   * Two points, (0,0) of class 0 and (2,0) of class 1. Class 1's SVM, with the bias as a constant
   * feature 1 (regularised with the weights), solves: minimise ½(w1² + w2² + b²) subject to
   *   (2,0): +1·(2·w1 + b) ≥ 1   and   (0,0): −1·(b) ≥ 1, i.e. b ≤ −1.
   * w2 only adds to the cost: w2 = 0. The cheapest b is −1; then 2·w1 − 1 ≥ 1 gives w1 = 1.
   * So w = (1, 0), b = −1: the boundary x = 1 halfway between the points, margins exactly 1.
   * Class 0's SVM is its mirror: w = (−1, 0), b = +1.
   */
  it('finds the maximum-margin line of two points, worked by hand', () => {
    const { model, converged } = trainLinearSvm(data([[0, 0], [2, 0]], [0, 1], 2), HARD);
    expect(converged).toBe(true);
    const w = Array.from(model.weights);
    // Rows: class 0 (w1, w2, b), class 1 (w1, w2, b).
    [-1, 0, 1, 1, 0, -1].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 4));
  });

  it('separates a separable 2-D toy set, every training point on the right side of the margin', () => {
    const random = mulberry32(3);
    const points: number[][] = [];
    const labels: number[] = [];
    // Two clouds either side of the line y = 0.5x + 1, at least 1 away from it.
    while (points.length < 200) {
      const x = random() * 10 - 5, y = random() * 10 - 5;
      const side = y - (0.5 * x + 1);
      if (Math.abs(side) < 1) continue;
      points.push([x, y]);
      labels.push(side > 0 ? 1 : 0);
    }
    const set = data(points, labels, 2);
    const { model } = trainLinearSvm(set, HARD);
    expect(accuracyOf(svmPredict(model, set.features, set.count), labels)).toBe(1);
    // Hard margin: every point scores about 1 or more for its own class's SVM (the solver stops near, not at, the optimum).
    const scores = new Float64Array(2);
    for (let i = 0; i < set.count; i++) {
      svmScoresInto(model, set.features, i * 2, scores);
      expect(scores[labels[i]!]).toBeGreaterThan(0.99);
    }
    // The boundary of class 1's SVM is parallel to the line: w ∝ (−0.5, 1).
    const [w1, w2] = [model.weights[3]!, model.weights[4]!];
    expect(Math.abs(w1 / w2 + 0.5)).toBeLessThan(0.1);
  });

  it('lowers the hinge loss pass after pass on overlapping classes, the dual never falling', () => {
    const random = mulberry32(11);
    const points: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 300; i++) {
      const label = i % 2;
      // Two Gaussian clouds one standard deviation apart per axis: many points inside the margin.
      points.push([gaussian(random) + label, gaussian(random) - label]);
      labels.push(label);
    }
    const { epochs } = trainLinearSvm(data(points, labels, 2), { ...SVM_DEFAULTS, C: 1, maxEpochs: 8, tolerance: 1e-9, objectives: true });
    expect(epochs.length).toBe(8);
    for (let e = 1; e < epochs.length; e++) {
      // Each step solves one dual variable exactly: the dual objective cannot go down.
      expect(epochs[e]!.dual!).toBeGreaterThanOrEqual(epochs[e - 1]!.dual! - 1e-9);
      // Weak duality: the primal is never below the dual.
      expect(epochs[e]!.primal!).toBeGreaterThanOrEqual(epochs[e]!.dual! - 1e-9);
    }
    const first = epochs[0]!, last = epochs[epochs.length - 1]!;
    expect(last.exactHingeLoss!).toBeLessThan(first.exactHingeLoss!);
    expect(last.hingeLoss).toBeLessThan(first.hingeLoss);
    expect(last.primal!).toBeLessThan(first.primal!);
    // The duality gap closes towards the optimum.
    expect(last.primal! - last.dual!).toBeLessThan((first.primal! - first.dual!) / 10);
  });

  it('tells three classes apart one-vs-rest', () => {
    // Three hand-placed clusters: top (class 0), bottom left (1), bottom right (2).
    const centres = [[0, 3], [-3, -2], [3, -2]] as const;
    const offsets = [[0, 0], [0.5, 0.5], [-0.5, 0.5], [0.5, -0.5], [-0.5, -0.5]] as const;
    const points = centres.flatMap((c) => offsets.map((o) => [c[0] + o[0], c[1] + o[1]]));
    const labels = centres.flatMap((_, k) => offsets.map(() => k));
    const { model } = trainLinearSvm(data(points, labels, 3), HARD);
    expect(model.classes).toBe(3);
    expect(model.weights.length).toBe(3 * 3);
    const queries = [[0, 5], [-5, -3], [5, -3], [0, 2], [-2, -1], [2, -1]];
    expect(Array.from(svmPredict(model, Float32Array.from(queries.flat()), queries.length))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('stops when onEpoch returns false, and reports each pass', () => {
    const set = data([[0, 0], [1, 1], [0, 1], [1, 0]], [0, 1, 0, 1], 2);
    const seen: number[] = [];
    const { epochs, converged } = trainLinearSvm(set, { ...HARD, tolerance: 1e-12 }, (e) => {
      seen.push(e.epoch);
      return e.epoch < 2;
    });
    expect(seen).toEqual([1, 2]);
    expect(epochs.length).toBe(2);
    expect(converged).toBe(false);
  });

  it('is repeatable: the same seed gives the same weights', () => {
    const set = data([[0, 0], [1, 2], [2, 1], [3, 3], [1, 0]], [0, 1, 0, 1, 0], 2);
    const a = trainLinearSvm(set, { ...SVM_DEFAULTS, maxEpochs: 3 }).model.weights;
    const b = trainLinearSvm(set, { ...SVM_DEFAULTS, maxEpochs: 3 }).model.weights;
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('names malformed data instead of training on it', () => {
    expect(svmDataProblem(data([[0, 0]], [0], 1), SVM_DEFAULTS)).toBe('empty');
    expect(svmDataProblem({ ...data([[0, 0], [1, 1]], [0, 1], 2), count: 3 }, SVM_DEFAULTS)).toBe('size-mismatch');
    expect(svmDataProblem(data([[0, 0], [1, 1]], [0, 2], 2), SVM_DEFAULTS)).toBe('bad-label');
    expect(svmDataProblem(data([[0, 0], [1, 1]], [0, 1], 2), { ...SVM_DEFAULTS, C: 0 })).toBe('bad-options');
    expect(() => trainLinearSvm(data([[0, 0], [1, 1]], [0, 2], 2))).toThrow(RangeError);
  });
});
