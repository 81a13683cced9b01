/**
 * pickBackend: the backend is chosen by measuring training steps, not by name.
 *
 * The first group drives it with a fake clock, so every figure is worked out by hand. The second
 * trains a real small conv net on wasm and cpu under Node: first with tfjs-backend-wasm as
 * shipped (its missing conv gradient makes wasm fail, and the pick must fall back to cpu), then
 * with lib/backend/wasm's patches (both train, nothing leaks).
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '@/lib/backend/wasm';
import { pickBackend, registeredBackends, resolveBackend, speedRatios, type StepRun } from '@/lib/train/backends';

/** A fake clock and step runs that advance it by a set number of ms per step (first step: `firstMs`). */
function fakeRuns(msPerStep: Record<string, number>, batchSize: number, firstMs = 0) {
  let t = 0;
  const disposed: string[] = [];
  const steps: Record<string, number> = {};
  const makeStep = (backend: string): StepRun => {
    let n = 0;
    return {
      batchSize,
      step: async () => {
        t += n === 0 && firstMs > 0 ? firstMs : msPerStep[backend]!;
        n++;
        steps[backend] = n;
      },
      dispose: () => disposed.push(backend),
    };
  };
  return { makeStep, now: () => t, disposed, steps };
}

describe('pickBackend with a fake clock', () => {
  it('ranks by samples per second over the timed steps only', async () => {
    await tf.setBackend('cpu');
    // cpu: 100 ms per step, wasm: 20 ms; first (warm-up) step 1,000 ms on both, not timed.
    const f = fakeRuns({ cpu: 100, wasm: 20 }, 10, 1000);
    const choice = await pickBackend(['cpu', 'wasm'], f.makeStep, { warmupSteps: 2, timedSteps: 3, now: f.now });
    // 10 samples / 0.100 s = 100 samples/s; 10 / 0.020 s = 500 samples/s.
    expect(choice.best).toBe('wasm');
    expect(choice.ranking.map((r) => r.backend)).toEqual(['wasm', 'cpu']);
    const [wasm, cpu] = choice.ranking;
    expect(wasm!.samplesPerSecond).toBeCloseTo(500, 6);
    expect(cpu!.samplesPerSecond).toBeCloseTo(100, 6);
    expect(wasm!.stepMs).toBeCloseTo(20, 6);
    expect(wasm!.firstStepMs).toBe(1000);
    expect(wasm!.timedSteps).toBe(3);
    // 2 warm-up + 3 timed steps each, and every run disposed once.
    expect(f.steps).toEqual({ cpu: 5, wasm: 5 });
    expect(f.disposed.sort()).toEqual(['cpu', 'wasm']);
    // 500 / 100 = 5× faster than cpu.
    expect(speedRatios(choice)).toEqual([{ backend: 'cpu', ratio: 5 }]);
    // The backend active before the trial is active after it.
    expect(tf.getBackend()).toBe('cpu');
  });

  it('stops a slow backend when its time budget is spent, with at least one timed step', async () => {
    // 3,000 ms a step, budget 8 s: warm-up step 1 ends at 3 s (< 4 s, half the budget), step 2 at
    // 6 s (> 4 s: stop warming up); timed step 1 ends at 9 s (> 8 s: stop) → 3 steps, 1 timed:
    // 32 samples / 3 s = 10.67 samples/s.
    const f = fakeRuns({ cpu: 3000 }, 32);
    const choice = await pickBackend(['cpu'], f.makeStep, { warmupSteps: 5, timedSteps: 5, maxSecondsPerBackend: 8, now: f.now });
    expect(f.steps.cpu).toBe(3);
    expect(choice.ranking[0]!.timedSteps).toBe(1);
    expect(choice.ranking[0]!.samplesPerSecond).toBeCloseTo(32 / 3, 6);
  });

  it('reports a backend that is not there as unavailable and one that throws as failed, in words', async () => {
    const f = fakeRuns({ cpu: 50 }, 8);
    const makeStep = (backend: string): StepRun => {
      if (backend === 'wasm') throw new Error("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'");
      return f.makeStep(backend);
    };
    const seen: string[] = [];
    const choice = await pickBackend(['webgl', 'wasm', 'cpu'], makeStep, { now: f.now, onMeasured: (fig) => seen.push(fig.backend) });
    expect(seen).toEqual(['webgl', 'wasm', 'cpu']);
    expect(choice.best).toBe('cpu');
    const by = Object.fromEntries(choice.ranking.map((r) => [r.backend, r]));
    expect(by.webgl!.status).toBe('unavailable');
    expect(by.webgl!.message).toMatch(/WebGL is not available/);
    expect(by.wasm!.status).toBe('failed');
    expect(by.wasm!.message).toBe("WASM cannot train this model: it lacks the 'Conv2DBackpropFilter' operation.");
    // Usable first, then the others.
    expect(choice.ranking[0]!.backend).toBe('cpu');
    // An override the trial showed cannot train falls back to the pick; a good one is kept.
    expect(resolveBackend(choice, 'wasm')).toBe('cpu');
    expect(resolveBackend(choice, 'cpu')).toBe('cpu');
    expect(resolveBackend(choice, 'auto')).toBe('cpu');
  });

  it('says why WebGPU is not there: not registered (no navigator.gpu) here under Node', async () => {
    const f = fakeRuns({ cpu: 50 }, 8);
    const choice = await pickBackend(['webgpu', 'cpu'], f.makeStep, { now: f.now });
    const webgpu = choice.ranking.find((r) => r.backend === 'webgpu')!;
    expect(webgpu.status).toBe('unavailable');
    expect(webgpu.message).toMatch(/no navigator\.gpu/);
    expect(choice.best).toBe('cpu');
  });

  it('returns no pick when nothing trains', async () => {
    const choice = await pickBackend(['webgl'], () => { throw new Error('unreachable'); });
    expect(choice.best).toBeNull();
    expect(resolveBackend(choice)).toBeNull();
  });
});

/** A small conv net (8×8×1 → conv 4@3×3 → max-pool → dense 3) and one batch of 16, trained with Adam. */
function convStep(): StepRun {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: 'glorotUniform' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  const optimizer = tf.train.adam(0.01);
  const xs = tf.randomUniform([16, 8, 8, 1], 0, 1, 'float32', 7);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), 'int32'), 3));
  return {
    batchSize: 16,
    async step() {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar, true)!;
      await loss.data();
      loss.dispose();
    },
    dispose() {
      model.dispose();
      optimizer.dispose();
      xs.dispose();
      ys.dispose();
    },
  };
}

describe('pickBackend on real backends (Node: wasm and cpu)', () => {
  it('lists the backends registered here', () => {
    const names = registeredBackends();
    expect(names).toContain('cpu');
    expect(names).toContain('wasm');
    expect(names.indexOf('wasm')).toBeLessThan(names.indexOf('cpu'));
  });

  it('as shipped, wasm cannot train a conv net: the pick falls back to cpu', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const choice = await pickBackend(['wasm', 'cpu'], convStep, { warmupSteps: 1, timedSteps: 2 });
    const wasm = choice.ranking.find((r) => r.backend === 'wasm')!;
    expect(wasm.status).toBe('failed');
    expect(wasm.message).toMatch(/lacks the 'Conv2DBackpropFilter' operation/);
    expect(choice.best).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    // Model, optimizer, batch and the abandoned gradient tape (22 saved activations before it was
    // freed) are gone; only the failed step's loss scalar, which tfjs hands to no one, remains.
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(1);
  });

  it('with the wasm gradient kernels registered, both train and nothing is left behind', async () => {
    patchWasmBackend();
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const choice = await pickBackend(['wasm', 'cpu'], convStep, { warmupSteps: 1, timedSteps: 2 });
    expect(tf.memory().numTensors).toBe(before);
    for (const r of choice.ranking) {
      expect(r.status).toBe('ok');
      expect(r.timedSteps).toBe(2);
      expect(r.samplesPerSecond).toBeGreaterThan(0);
      expect(Number.isFinite(r.samplesPerSecond)).toBe(true);
    }
    expect(['wasm', 'cpu']).toContain(choice.best);
    expect(choice.ranking[0]!.samplesPerSecond).toBeGreaterThanOrEqual(choice.ranking[1]!.samplesPerSecond!);
    expect(tf.getBackend()).toBe('cpu');
  });
});
