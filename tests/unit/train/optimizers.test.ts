/**
 * makeOptimizer's optimizers: on wasm their step runs as the fused kernels of
 * lib/backend/wasm/optimizer.ts, and over several steps (learning-rate changes, NaN and ±Infinity
 * gradients, a resume through getWeights/setWeights, weight decay after each step) they give what
 * tfjs' own optimizers give on the CPU backend, bit for bit, with the same state variables, names
 * and order; elsewhere they are tfjs' own code; nothing leaks.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADAM_UPDATE, FusedAdamOptimizer, MOMENTUM_UPDATE, OPTIMIZER_KERNELS, SGD_UPDATE } from '@/lib/backend/wasm/optimizer';
import { applyWeightDecay, disposeOptimizer, makeOptimizer, setLearningRate, type OptimizerSpec } from '@/lib/train/optimizers';
import { onBackend, switchBackend, tf } from '../tf-setup';
import { values } from '../backend/wasm/cases';

let tensorsAtStart = 0;
beforeAll(async () => {
  await switchBackend('cpu');
  await switchBackend('wasm');
  tensorsAtStart = tf.memory().numTensors;
});

/** NaN as a string, so that toEqual compares it like any value; −0 and 0 stay apart (Object.is). */
const plain = (xs: Iterable<number>) => Array.from(xs, (v) => (Number.isNaN(v) ? 'NaN' : v));

/** One step of a run: the learning rate and each variable's gradient. */
interface Step { lr: number; grads: number[][] }
/** A run's outcome: the variables, then the optimizer's weights (name and values) in its order. */
interface Outcome { variables: (number | string)[][]; weights: { name: string; values: (number | string)[] }[] }

const SPECS: Record<string, OptimizerSpec> = {
  adam: { kind: 'adam' },
  adamTuned: { kind: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-3 },
  momentum: { kind: 'sgd' },
  nesterov: { kind: 'sgd', momentum: 0.5, nesterov: true },
  sgd: { kind: 'sgd', momentum: 0 },
};

/** tfjs' own optimizer for a spec, as makeOptimizer configured it before the fused step. */
function tfjsOptimizer(spec: OptimizerSpec, lr: number): tf.Optimizer {
  if (spec.kind === 'adam') return tf.train.adam(lr, spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-7);
  const m = spec.momentum ?? 0.9;
  return m > 0 ? tf.train.momentum(lr, m, spec.nesterov ?? false) : tf.train.sgd(lr);
}

/**
 * Trains variables of `shapes` (initial values from `seed`) through `steps` on `backend`, with
 * makeOptimizer's optimizer or tfjs' own; `resumeAt`: after that many steps the state goes through
 * getWeights, the optimizer is disposed and a new one takes the state with setWeights (a resume).
 * `asMap`: gradients passed by name (as the data-parallel leader does) rather than as a list.
 */
async function train(backend: 'cpu' | 'wasm', which: 'ours' | 'tfjs', spec: OptimizerSpec, shapes: number[][], seed: number, steps: Step[],
  opts: { resumeAt?: number; asMap?: boolean; decay?: number } = {}): Promise<Outcome> {
  await switchBackend(backend);
  const make = (lr: number) => (which === 'ours' ? makeOptimizer(spec, lr) : tfjsOptimizer(spec, lr));
  const variables = shapes.map((s, i) => tf.tidy(() => tf.variable(tf.tensor(values(s.reduce((a, b) => a * b, 1), seed + i), s), true, `w${i}`)));
  let optimizer = make(steps[0]!.lr);
  try {
    for (const [t, step] of steps.entries()) {
      if (t === opts.resumeAt) {
        const saved = await optimizer.getWeights();
        const copies = saved.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
        tf.dispose(saved.filter((w) => w.name === 'iter').map((w) => w.tensor));
        disposeOptimizer(optimizer);
        optimizer = make(step.lr);
        await optimizer.setWeights(copies);
        // setWeights makes variables of the tensors it is given (copies of them).
        tf.dispose(copies.map((c) => c.tensor));
      }
      setLearningRate(optimizer, step.lr);
      const grads = step.grads.map((g, i) => tf.tensor(g, shapes[i]));
      optimizer.applyGradients(opts.asMap
        ? Object.fromEntries(variables.map((v, i) => [v.name, grads[i]!]))
        : variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      tf.dispose(grads);
      applyWeightDecay(variables.filter((v) => v.rank >= 2), step.lr, opts.decay ?? 0);
    }
    const weights = await optimizer.getWeights();
    const outcome: Outcome = {
      variables: variables.map((v) => plain(v.dataSync())),
      weights: weights.map((w) => ({ name: w.name, values: plain(w.tensor.dataSync()) })),
    };
    tf.dispose(weights.filter((w) => w.name === 'iter').map((w) => w.tensor));
    return outcome;
  } finally {
    disposeOptimizer(optimizer);
    tf.dispose(variables);
  }
}

/** Steps of random gradients, each value one of: a value in [−1, 1), 0, a large one, NaN or ±Infinity (when `special`). */
function randomSteps(shapes: number[][], seed: number, lrs: number[], special: boolean): Step[] {
  return lrs.map((lr, t) => ({
    lr,
    grads: shapes.map((s, i) => values(s.reduce((a, b) => a * b, 1), seed * 31 + t * 7 + i).map((v, j) => {
      if (!special) return v;
      const pick = (j * 13 + t * 5 + i) % 23;
      return pick === 3 ? Number.NaN : pick === 7 ? Infinity : pick === 11 ? -Infinity : pick === 15 ? 0 : pick === 19 ? v * 1e4 : v;
    })),
  }));
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 });

describe('makeOptimizer on wasm (fused) against tfjs on CPU', () => {
  it('by hand: Adam\'s first step moves each weight by about −lr·sign(g); momentum accumulates', async () => {
    // Adam, t = 1, m = v = 0: m̂ = g, v̂ = g², so w' = w − lr·g/(|g| + ε) ≈ w − lr·sign(g).
    const adam = await train('wasm', 'ours', { kind: 'adam' }, [[3]], 1, [{ lr: 0.1, grads: [[2, -0.5, 0]] }]);
    const w0 = values(3, 1);
    expect(adam.variables[0]![0]).toBeCloseTo(w0[0]! - 0.1, 5);
    expect(adam.variables[0]![1]).toBeCloseTo(w0[1]! + 0.1, 5);
    expect(adam.variables[0]![2]).toBe(Math.fround(w0[2]!));
    // m = 0.1·g, v = 0.001·g², under tfjs' names.
    expect(adam.weights.map((w) => w.name)).toEqual(['iter', 'w0/m', 'w0/v']);
    expect(adam.weights[1]!.values).toEqual([2, -0.5, 0].map((g) => Math.fround(g * Math.fround(1 - 0.9))));
    // Momentum 0.9, lr 0.5: a₁ = g = 1, w₁ = w₀ − 0.5; a₂ = 0.9 + 1 = 1.9, w₂ = w₁ − 0.95.
    const momentum = await train('wasm', 'ours', { kind: 'sgd' }, [[1]], 2, [{ lr: 0.5, grads: [[1]] }, { lr: 0.5, grads: [[1]] }]);
    expect(momentum.variables[0]![0]).toBeCloseTo(values(1, 2)[0]! - 1.45, 6);
    expect(momentum.weights).toEqual([{ name: 'iter', values: [2] }, { name: 'w0/momentum', values: [Math.fround(1.9)] }]);
  });

  for (const [label, spec] of Object.entries(SPECS)) {
    it(`${label}: the same weights and state as tfjs on CPU over random shapes, learning rates and NaN/±Infinity gradients`, async () => {
      const arb = fc.record({
        shapes: fc.array(shapeArb, { minLength: 1, maxLength: 4 }),
        seed: fc.integer({ min: 1, max: 2 ** 20 }),
        lrs: fc.array(fc.constantFrom(0.1, 0.01, 0.003, 0.001, 0.25), { minLength: 1, maxLength: 5 }),
        special: fc.boolean(),
        asMap: fc.boolean(),
      });
      await fc.assert(fc.asyncProperty(arb, async (p) => {
        const steps = randomSteps(p.shapes, p.seed, p.lrs, p.special);
        const cpu = await train('cpu', 'tfjs', spec, p.shapes, p.seed, steps);
        const wasm = await train('wasm', 'ours', spec, p.shapes, p.seed, steps, { asMap: p.asMap });
        expect(wasm).toEqual(cpu);
      }), { numRuns: 25 });
    });
  }

  it('a resume (getWeights, a new optimizer, setWeights) continues as an uninterrupted run does, on both', async () => {
    const shapes = [[5, 3], [7], [2, 2, 3]];
    const steps = randomSteps(shapes, 5, [0.01, 0.01, 0.005, 0.005, 0.002], false);
    for (const spec of [SPECS.adam!, SPECS.momentum!]) {
      const cpu = await train('cpu', 'tfjs', spec, shapes, 3, steps);
      expect(await train('cpu', 'tfjs', spec, shapes, 3, steps, { resumeAt: 3 })).toEqual(cpu);
      expect(await train('wasm', 'ours', spec, shapes, 3, steps, { resumeAt: 3 })).toEqual(cpu);
      expect(await train('wasm', 'ours', spec, shapes, 3, steps)).toEqual(cpu);
    }
  });

  it('weight decay after each step gives the same weights as after tfjs\' steps', async () => {
    const shapes = [[3, 3, 2], [6]];
    const steps = randomSteps(shapes, 9, [0.01, 0.02, 0.01], false);
    for (const spec of [SPECS.adam!, SPECS.momentum!]) {
      const cpu = await train('cpu', 'tfjs', spec, shapes, 4, steps, { decay: 0.05 });
      expect(await train('wasm', 'ours', spec, shapes, 4, steps, { decay: 0.05 })).toEqual(cpu);
      // The decay did something (rank-2+ kernels only).
      expect(await train('cpu', 'tfjs', spec, shapes, 4, steps)).not.toEqual(cpu);
    }
  });
});

/** The kernels one step runs (after a first step made the state), and tensors made by steps 2–4. */
async function profileSteps(backend: 'cpu' | 'wasm', spec: OptimizerSpec): Promise<{ kernels: string[]; leaked: number }> {
  await switchBackend(backend);
  const shapes = [[4, 5], [3], [2, 3, 3, 1]];
  const variables = shapes.map((s, i) => tf.tidy(() => tf.variable(tf.ones(s), true, `p${i}`)));
  const grads = shapes.map((s) => tf.fill(s, 0.5));
  const optimizer = makeOptimizer(spec, 0.01);
  const step = () => optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
  try {
    step();
    const before = tf.memory().numTensors;
    const info = await tf.profile(step);
    step();
    step();
    return { kernels: info.kernels.map((k) => k.name), leaked: tf.memory().numTensors - before };
  } finally {
    disposeOptimizer(optimizer);
    tf.dispose([...variables, ...grads]);
  }
}

describe('where the fused step runs', () => {
  it('on wasm: one kernel per variable and nothing else; on CPU: tfjs\' element-wise kernels; no tensor made stays', async () => {
    expect(await profileSteps('wasm', SPECS.adam!)).toEqual({ kernels: [ADAM_UPDATE, ADAM_UPDATE, ADAM_UPDATE], leaked: 0 });
    expect(await profileSteps('wasm', SPECS.momentum!)).toEqual({ kernels: [MOMENTUM_UPDATE, MOMENTUM_UPDATE, MOMENTUM_UPDATE], leaked: 0 });
    expect(await profileSteps('wasm', SPECS.sgd!)).toEqual({ kernels: [SGD_UPDATE, SGD_UPDATE, SGD_UPDATE], leaked: 0 });
    const cpu = await profileSteps('cpu', SPECS.adam!);
    expect(cpu.leaked).toBe(0);
    expect(cpu.kernels).toContain('Sqrt');
    expect(cpu.kernels).not.toContain(ADAM_UPDATE);
  });

  it('on wasm without the kernels (unregistered, as where wasm has no SIMD): tfjs\' own step, the same numbers', async () => {
    const shapes = [[6, 5], [3]];
    const steps = randomSteps(shapes, 2, [0.01, 0.003], true);
    const fused = await train('wasm', 'ours', SPECS.adam!, shapes, 1, steps);
    for (const config of OPTIMIZER_KERNELS) tf.unregisterKernel(config.kernelName, 'wasm');
    try {
      const profile = await profileSteps('wasm', SPECS.adam!);
      expect(profile.kernels).toContain('Sqrt');
      expect(profile.leaked).toBe(0);
      expect(await train('wasm', 'ours', SPECS.adam!, shapes, 1, steps)).toEqual(fused);
    } finally {
      for (const config of OPTIMIZER_KERNELS) tf.registerKernel(config);
    }
  });

  it('a gradient of another shape than its variable (tfjs broadcasts it) takes tfjs\' own step, as on CPU', async () => {
    const step = async (backend: 'cpu' | 'wasm') => {
      await switchBackend(backend);
      const v = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), true, 'b0'));
      const g = tf.tensor1d([0.5, -1, 2]);
      const optimizer = makeOptimizer({ kind: 'adam' }, 0.1);
      try {
        const info = await tf.profile(() => optimizer.applyGradients({ b0: g }));
        return { values: plain(v.dataSync()), fused: info.kernels.some((k) => k.name === ADAM_UPDATE) };
      } finally {
        disposeOptimizer(optimizer);
        tf.dispose([v, g]);
      }
    };
    const wasm = await step('wasm');
    expect(wasm.fused).toBe(false);
    expect(wasm.values).toEqual((await step('cpu')).values);
  });

  it('keeps tfjs\' classes, class names and configs (serialization)', () => {
    const adam = makeOptimizer({ kind: 'adam' }, 0.001);
    const momentum = makeOptimizer({ kind: 'sgd' }, 0.01);
    const sgd = makeOptimizer({ kind: 'sgd', momentum: 0 }, 0.01);
    try {
      expect(adam).toBeInstanceOf(FusedAdamOptimizer);
      expect(adam).toBeInstanceOf(tf.AdamOptimizer);
      expect(momentum).toBeInstanceOf(tf.MomentumOptimizer);
      expect(sgd).toBeInstanceOf(tf.SGDOptimizer);
      expect([adam, momentum, sgd].map((o) => o.getClassName())).toEqual(['Adam', 'Momentum', 'SGD']);
      expect(adam.getConfig()).toEqual({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
      expect(momentum.getConfig()).toEqual({ learningRate: 0.01, momentum: 0.9, useNesterov: false });
    } finally {
      for (const o of [adam, momentum, sgd]) disposeOptimizer(o);
    }
  });

  it('leaves no tensor behind: every run above freed its variables, gradients and optimizer state', async () => {
    expect(await onBackend('wasm', () => tf.memory().numTensors)).toBe(tensorsAtStart);
  });
});
