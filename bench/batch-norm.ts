/**
 * What the fused BatchNorm kernels (lib/backend/wasm/batch-norm.ts) buy, side by side in one run
 * (npm run bench:batchnorm [-- presetId ...]; default mini_mobilenet mini_resnet mini_densenet).
 *
 * For each preset on wasm under Node: the same compiled model trained with the fused kernels and
 * with tfjs-layers' own BatchNormalization (the fused kernel unregistered for the turn, which is
 * what makes the layer fall back), in alternating rounds on the same fixed batches → samples/s and
 * their ratio. Then accuracy: the same seed, the same 40 Adam steps on 8 batches of the synthetic
 * shapes (batch 64), once each way: the loss and accuracy of the last 10 steps.
 *
 * Not a test: it prints figures and never fails on them.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '../lib/backend/wasm';
import { BATCH_NORM_TRAINING } from '../lib/backend/wasm/batch-norm';
import { compile } from '../lib/compile';
import { makeSynthetic } from '../lib/train/datasets/synthetic';
import { makeTrainStep } from '../lib/train/step';
import { getPreset } from '../presets';

const BATCH = 64;
const ROUNDS = Number(process.env.BN_ROUNDS ?? 3);
// BN_ROUNDS, BN_STEPS, BN_ACCURACY_STEPS shorten the run on a busy machine.
const STEPS = Number(process.env.BN_STEPS ?? 4);
const ACCURACY_STEPS = Number(process.env.BN_ACCURACY_STEPS ?? 40);
/** The last steps whose loss and accuracy are reported. */
const LAST = Math.max(1, Math.min(10, ACCURACY_STEPS >> 1));

/** Runs `fn` with the fused kernel unregistered (tfjs-layers' own BatchNormalization), then puts it back. */
async function unfused<T>(fn: () => Promise<T>): Promise<T> {
  const config = tf.getKernel(BATCH_NORM_TRAINING, 'wasm');
  if (!config) throw new Error('The fused BatchNorm kernel is not registered: patchWasmBackend() first.');
  tf.unregisterKernel(BATCH_NORM_TRAINING, 'wasm');
  try {
    return await fn();
  } finally {
    tf.registerKernel(config);
  }
}

function build(id: string): tf.LayersModel {
  const compiled = compile(getPreset(id)!.build(), { seed: 1 });
  if (!compiled.ok) throw new Error(`${id} does not compile`);
  return compiled.model;
}

/** Samples/s of `steps` Adam steps on fixed batches, after one warm-up step. */
async function speed(model: tf.LayersModel, batches: { xs: tf.Tensor4D; ys: tf.Tensor2D }[], steps: number): Promise<number> {
  const step = makeTrainStep(model, { optimizer: { kind: 'adam' }, learningRate: 0.001, numClasses: 10, multiLabel: false });
  const once = async (i: number) => {
    const b = batches[i % batches.length]!;
    const { loss, right } = step.run(b.xs, b.ys);
    await loss.data();
    loss.dispose();
    right.dispose();
  };
  try {
    await once(0);
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await once(i + 1);
    return (steps * BATCH) / ((performance.now() - t0) / 1000);
  } finally {
    step.dispose();
  }
}

/**
 * Mean training loss and accuracy over the last `LAST` of `ACCURACY_STEPS` Adam steps from the seed-1
 * weights (batch statistics, as in training: after 40 steps the moving averages that inference
 * uses have not settled, with momentum 0.99).
 */
async function trainedFigures(id: string, batches: { xs: tf.Tensor4D; ys: tf.Tensor2D }[]): Promise<{ loss: number; accuracy: number }> {
  const model = build(id);
  const step = makeTrainStep(model, { optimizer: { kind: 'adam' }, learningRate: 0.001, numClasses: 10, multiLabel: false });
  let loss = 0;
  let right = 0;
  try {
    for (let i = 0; i < ACCURACY_STEPS; i++) {
      const b = batches[i % batches.length]!;
      const out = step.run(b.xs, b.ys);
      const [l, r] = await Promise.all([out.loss.data(), out.right.data()]);
      out.loss.dispose();
      out.right.dispose();
      if (i >= ACCURACY_STEPS - LAST) {
        loss += l[0]! / LAST;
        right += r[0]!;
      }
    }
    return { loss, accuracy: right / (LAST * BATCH) };
  } finally {
    step.dispose();
    model.dispose();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  patchWasmBackend();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start');
  const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['mini_mobilenet', 'mini_resnet', 'mini_densenet'];
  const data = makeSynthetic({ trainSize: BATCH * 8, testSize: 64 });
  const batches: { xs: tf.Tensor4D; ys: tf.Tensor2D }[] = [];
  for (const b of data.batches('train', { batchSize: BATCH, seed: 7, dropRemainder: true })) batches.push({ xs: b.xs, ys: b.ys });

  console.log(`wasm under Node, batch ${BATCH}, Adam; ${ROUNDS} rounds of ${STEPS} timed steps each way, alternating; loss and accuracy over steps ${ACCURACY_STEPS - LAST + 1}–${ACCURACY_STEPS} from the seed-1 weights on 8 batches of the synthetic shapes\n`);
  const head = ['preset', 'fused /s', 'tfjs-layers /s', 'speed-up', 'loss fused', 'loss tfjs', 'acc fused', 'acc tfjs'];
  const widths = [16, 10, 15, 9, 11, 10, 10, 9];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const id of ids) {
    const model = build(id);
    const fused: number[] = [];
    const plain: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 ? ['plain', 'fused'] : ['fused', 'plain'];
      for (const way of order) {
        if (way === 'fused') fused.push(await speed(model, batches, STEPS));
        else plain.push(await unfused(() => speed(model, batches, STEPS)));
      }
    }
    model.dispose();
    const a = await trainedFigures(id, batches);
    const b = await unfused(() => trainedFigures(id, batches));
    const f = median(fused);
    const p = median(plain);
    console.log(line([id, f.toFixed(0), p.toFixed(0), `${(f / p).toFixed(2)}×`, a.loss.toFixed(4), b.loss.toFixed(4), `${(a.accuracy * 100).toFixed(1)}%`, `${(b.accuracy * 100).toFixed(1)}%`]));
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
