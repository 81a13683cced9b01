/**
 * What the fused optimizer step of lib/backend/wasm/optimizer.ts buys, side by side in one run
 * (npm run bench:optimizer [-- presetId ...]; default lenet5 mini_resnet).
 *
 * For each preset, batch size (64 and 8, where the fixed costs show) and optimizer (Adam; SGD with
 * momentum 0.9), on wasm under Node (patchWasmBackend() first, one thread):
 * - training samples/s with the fused step ("fused") and with tfjs' own (the three update kernels
 *   unregistered, so makeOptimizer's optimizers run tfjs' code, as where wasm has no SIMD), one
 *   step each way in turn on the same fixed random batch: samples/s of the median step each way,
 *   and the median of the ratios of steps taken back to back;
 * - the optimizer update alone (applyGradients on fixed gradients, ms per step, median of rounds):
 *   the part of a data-parallel step that no worker shares (lib/train/parallel/leader.ts);
 * - kernels per training step (tf.profile) each way.
 * Prints `uptime` first and last: the machine is shared, so only the ratios mean much.
 *
 * OPTIMIZER_ROUNDS (default 7: rounds of the update alone) and OPTIMIZER_STEPS (default 4: the
 * training steps each way are ROUNDS·STEPS) shorten or lengthen the run. Not a test: it prints
 * figures and never fails on them.
 */
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '../lib/backend/wasm';
import { OPTIMIZER_KERNELS } from '../lib/backend/wasm/optimizer';
import { compile } from '../lib/compile';
import { makeOptimizer, type OptimizerSpec } from '../lib/train/optimizers';
import { makeTrainStep } from '../lib/train/step';
import { getPreset } from '../presets';

const ROUNDS = Number(process.env.OPTIMIZER_ROUNDS ?? 7);
const STEPS = Number(process.env.OPTIMIZER_STEPS ?? 4);
const BATCHES = [64, 8];
const OPTIMIZERS: { label: string; spec: OptimizerSpec; lr: number }[] = [
  { label: 'Adam', spec: { kind: 'adam' }, lr: 0.001 },
  { label: 'SGD+m', spec: { kind: 'sgd', momentum: 0.9 }, lr: 0.01 },
];

/** Runs `fn` with the fused update kernels unregistered (tfjs' own optimizer code runs), then puts them back. */
async function unfused<T>(fn: () => Promise<T>): Promise<T> {
  for (const config of OPTIMIZER_KERNELS) tf.unregisterKernel(config.kernelName, 'wasm');
  try {
    return await fn();
  } finally {
    for (const config of OPTIMIZER_KERNELS) tf.registerKernel(config);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return '(uptime unavailable)';
  }
}

interface Setup { model: tf.LayersModel; xs: tf.Tensor4D; ys: tf.Tensor2D; classes: number }

function setup(id: string, batch: number): Setup {
  const preset = getPreset(id);
  if (!preset) throw new Error(`No preset '${id}'`);
  const compiled = compile(preset.build(), { seed: 1 });
  if (!compiled.ok) throw new Error(`${id} does not compile`);
  const model = compiled.model;
  const inShape = model.inputs[0]!.shape.slice(1) as number[];
  const classes = model.outputs[0]!.shape[1] as number;
  const xs = tf.randomUniform([batch, ...inShape], 0, 1, 'float32', 1) as tf.Tensor as tf.Tensor4D;
  const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32', 2) as tf.Tensor1D, classes)) as tf.Tensor2D;
  return { model, xs, ys, classes };
}

/**
 * Milliseconds of training steps with the fused step and with tfjs' own, one step each way in
 * turns (two optimizers on the one model, so that a change of load on the machine falls on both
 * alike): ROUNDS·STEPS steps each way after a warm-up step each, and the kernels of one profiled
 * step each way.
 */
async function trainSteps(s: Setup, o: (typeof OPTIMIZERS)[number]): Promise<{ fused: number[]; tfjs: number[]; kernels: [number, number] }> {
  const options = { optimizer: o.spec, learningRate: o.lr, numClasses: s.classes, multiLabel: false };
  const fusedStep = makeTrainStep(s.model, options);
  const tfjsStep = makeTrainStep(s.model, options);
  const once = async (step: typeof fusedStep) => {
    const { loss, right } = step.run(s.xs, s.ys);
    await loss.data();
    tf.dispose([loss, right]);
  };
  const timed = async (fused: boolean) => {
    const t0 = performance.now();
    await (fused ? once(fusedStep) : unfused(() => once(tfjsStep)));
    return performance.now() - t0;
  };
  try {
    await timed(true);
    await timed(false);
    const kernels: [number, number] = [
      (await tf.profile(() => once(fusedStep))).kernels.length,
      await unfused(async () => (await tf.profile(() => once(tfjsStep))).kernels.length),
    ];
    // Milliseconds of each step, in pairs taken back to back (which goes first alternates).
    const fused: number[] = [];
    const tfjs: number[] = [];
    for (let i = 0; i < ROUNDS * STEPS; i++) {
      if (i % 2) {
        tfjs.push(await timed(false));
        fused.push(await timed(true));
      } else {
        fused.push(await timed(true));
        tfjs.push(await timed(false));
      }
    }
    return { fused, tfjs, kernels };
  } finally {
    fusedStep.dispose();
    tfjsStep.dispose();
  }
}

/** Milliseconds per optimizer update of the model's weights with fixed gradients (after one that makes the state). */
async function updateMs(s: Setup, o: (typeof OPTIMIZERS)[number]): Promise<number> {
  const variables = s.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const saved = variables.map((v) => tf.clone(v));
  const grads = variables.map((v, i) => tf.randomNormal(v.shape, 0, 1e-3, 'float32', 10 + i));
  const optimizer = makeOptimizer(o.spec, o.lr);
  const apply = () => optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
  try {
    apply();
    const n = 30;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) apply();
    await variables[0]!.data();
    return (performance.now() - t0) / n;
  } finally {
    optimizer.dispose();
    (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
    // Put the weights back, so that each way trains from the same place.
    variables.forEach((v, i) => v.assign(saved[i]!));
    tf.dispose([...saved, ...grads]);
  }
}

async function main(): Promise<void> {
  patchWasmBackend();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start');
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['lenet5', 'mini_resnet'];
  console.log(`uptime: ${uptime()}`);
  console.log(`wasm under Node (one thread, SIMD), fused optimizer step vs tfjs' own; ${ROUNDS * STEPS} steps each way, in turns; medians\n`);
  const head = ['preset', 'batch', 'optimizer', 'fused /s', 'tfjs /s', 'speed-up', 'update fused ms', 'update tfjs ms', 'kernels fused', 'kernels tfjs'];
  const widths = head.map((h, i) => Math.max(i === 0 ? 12 : 6, h.length));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const id of ids) {
    for (const batch of BATCHES) {
      const s = setup(id, batch);
      for (const o of OPTIMIZERS) {
        const { fused: on, tfjs: off, kernels: [kOn, kOff] } = await trainSteps(s, o);
        const upOn: number[] = [];
        const upOff: number[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          if (r % 2) upOff.push(await unfused(() => updateMs(s, o)));
          upOn.push(await updateMs(s, o));
          if (!(r % 2)) upOff.push(await unfused(() => updateMs(s, o)));
        }
        // Samples/s of the median step each way; the speed-up is the median of the pairs' ratios.
        const [a, b] = [(batch * 1000) / median(on), (batch * 1000) / median(off)];
        const ratio = median(on.map((ms, i) => off[i]! / ms));
        console.log(line([id, String(batch), o.label, a.toFixed(0), b.toFixed(0), `${ratio.toFixed(2)}×`,
          median(upOn).toFixed(2), median(upOff).toFixed(2), String(kOn), String(kOff)]));
      }
      tf.dispose([s.xs, s.ys]);
      s.model.dispose();
    }
  }
  console.log(`\nuptime: ${uptime()}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
