/**
 * Where a wasm training step spends its time (npm run bench:profile [-- presetId ...]).
 *
 * Compiles each preset (default: mini_mobilenet, mini_resnet, lenet5), trains a few SGD steps on
 * random data at batch 64 on the wasm backend (patchWasmBackend() first), then profiles one
 * more step with tf.profile() and prints the kernels by total time, plus samples/s over timed
 * steps. Measured figures only, never a pass/fail gate. Set PROFILE_STEPS to change how many steps
 * are timed (default 5), PROFILE_CALLS=Kernel1,Kernel2 to list those kernels' calls one by one
 * with their input shapes (which layer costs what).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '../lib/backend/wasm';
import { compile } from '../lib/compile';
import { makeTrainStep } from '../lib/train/step';
import { getPreset } from '../presets';

const BATCH = 64;
const STEPS = Number(process.env.PROFILE_STEPS ?? 5);
const CALLS = new Set((process.env.PROFILE_CALLS ?? '').split(',').filter(Boolean));

interface Trainer { step: () => void; dispose: () => void }

/** One SGD step (the training loop's own, lib/train/step.ts) on fixed random batches. */
function trainer(id: string): Trainer {
  const preset = getPreset(id);
  if (!preset) throw new Error(`No preset '${id}'`);
  const result = compile(preset.build(), { seed: 1 });
  if (!result.ok) throw new Error(`${id} does not compile: ${result.errors.map((e) => e.message).join('; ')}`);
  const model = result.model;
  const inShape = model.inputs[0]!.shape.slice(1) as number[];
  const classes = model.outputs[0]!.shape[1] as number;
  const xs = tf.randomUniform([BATCH, ...inShape], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.randomUniform([BATCH], 0, classes, 'int32', 2) as tf.Tensor1D, classes);
  const train = makeTrainStep(model, { optimizer: { kind: 'sgd', momentum: 0 }, learningRate: 0.01, numClasses: classes, multiLabel: false });
  return {
    step: () => {
      const { loss, right } = train.run(xs as tf.Tensor4D, ys as tf.Tensor2D);
      loss.dataSync();
      loss.dispose();
      right.dispose();
    },
    dispose: () => { train.dispose(); model.dispose(); xs.dispose(); ys.dispose(); },
  };
}

/** Samples/s over STEPS steps after two warm-up steps. */
function throughput(t: Trainer): number {
  t.step(); t.step();
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) t.step();
  return (STEPS * BATCH) / ((performance.now() - t0) / 1000);
}

async function profile(id: string): Promise<void> {
  const t = trainer(id);
  const sps = throughput(t);
  const info = await tf.profile(() => { t.step(); });
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    e.calls += 1;
    byKernel.set(k.name, e);
  }
  const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  console.log(`\n${id}: ${sps.toFixed(0)} samples/s (batch ${BATCH}, ${STEPS} steps); profiled step: ${total.toFixed(1)} ms in kernels`);
  for (const [name, e] of rows.slice(0, 15)) {
    console.log(`  ${name.padEnd(38)} ${e.ms.toFixed(1).padStart(8)} ms ${String(e.calls).padStart(5)} calls ${((100 * e.ms) / total).toFixed(1).padStart(5)}%`);
  }
  for (const k of info.kernels.filter((k) => CALLS.has(k.name))) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    console.log(`    ${k.name} ${k.inputShapes.map((s) => `[${s?.join(',') ?? ''}]`).join(' ')} → [${k.outputShapes[0]?.join(',') ?? ''}] ${ms.toFixed(1)} ms`);
  }
  t.dispose();
}

async function main(): Promise<void> {
  patchWasmBackend();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start');
  const ids = process.argv.slice(2);
  for (const id of ids.length ? ids : ['mini_mobilenet', 'mini_resnet', 'lenet5']) await profile(id);
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
