/**
 * What bench/batch-norm.ts and bench/kernels.ts share: training a preset on wasm under Node with a
 * set of kernels and without it (`without` swaps them out for the turn), in alternating rounds on
 * the same fixed batches, then the same seed trained the same steps each way, printed as one table.
 * Figures only: nothing here fails on them.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '../lib/backend/wasm';
import { compile } from '../lib/compile';
import { makeSynthetic } from '../lib/train/datasets/synthetic';
import { makeTrainStep } from '../lib/train/step';
import { getPreset } from '../presets';

export const BATCH = 64;

type Batch = { xs: tf.Tensor4D; ys: tf.Tensor2D };

/** How long to measure: rounds each way, timed steps per round, steps of the accuracy check. */
export interface Lengths { rounds: number; steps: number; accuracySteps: number }

/** Runs `fn` with the compared kernels swapped out, then puts them back. */
export type Without = <T>(fn: () => Promise<T>) => Promise<T>;

function build(id: string): tf.LayersModel {
  const preset = getPreset(id);
  if (!preset) throw new Error(`No preset '${id}'`);
  const compiled = compile(preset.build(), { seed: 1 });
  if (!compiled.ok) throw new Error(`${id} does not compile`);
  return compiled.model;
}

/**
 * The clock steps are timed by, in seconds: wall time, or with SIDE_BY_SIDE_CLOCK=cpu this
 * process's CPU time (steadier on a busy machine: time the scheduler gives to other processes is
 * not counted; training on wasm under Node runs on one thread).
 */
const CPU_CLOCK = process.env.SIDE_BY_SIDE_CLOCK === 'cpu';
function now(): number {
  if (!CPU_CLOCK) return performance.now() / 1000;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Samples/s of `steps` Adam steps on fixed batches, after one warm-up step. */
async function speed(model: tf.LayersModel, batches: Batch[], steps: number): Promise<number> {
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
    const t0 = now();
    for (let i = 0; i < steps; i++) await once(i + 1);
    return (steps * BATCH) / (now() - t0);
  } finally {
    step.dispose();
  }
}

/**
 * Mean training loss and accuracy over the last `last` of `steps` Adam steps from the seed-1
 * weights (batch statistics, as in training).
 */
async function trainedFigures(id: string, batches: Batch[], steps: number, last: number): Promise<{ loss: number; accuracy: number }> {
  const model = build(id);
  const step = makeTrainStep(model, { optimizer: { kind: 'adam' }, learningRate: 0.001, numClasses: 10, multiLabel: false });
  let loss = 0;
  let right = 0;
  try {
    for (let i = 0; i < steps; i++) {
      const b = batches[i % batches.length]!;
      const out = step.run(b.xs, b.ys);
      const [l, r] = await Promise.all([out.loss.data(), out.right.data()]);
      out.loss.dispose();
      out.right.dispose();
      if (i >= steps - last) {
        loss += l[0]! / last;
        right += r[0]!;
      }
    }
    return { loss, accuracy: right / (last * BATCH) };
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

/**
 * Patches wasm, then for each preset prints samples/s with and without (medians of alternating
 * rounds), their ratio, and the loss and accuracy of the same seed's last steps each way.
 */
export async function sideBySide(ids: string[], labels: { with: string; without: string }, without: Without, len: Lengths): Promise<void> {
  patchWasmBackend();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start');
  const last = Math.max(1, Math.min(10, len.accuracySteps >> 1));
  const data = makeSynthetic({ trainSize: BATCH * 8, testSize: 64 });
  const batches: Batch[] = [];
  for (const b of data.batches('train', { batchSize: BATCH, seed: 7, dropRemainder: true })) batches.push({ xs: b.xs, ys: b.ys });

  console.log(`wasm under Node, batch ${BATCH}, Adam, ${CPU_CLOCK ? 'CPU' : 'wall'} time; ${len.rounds} rounds of ${len.steps} timed steps each way, alternating; loss and accuracy over steps ${len.accuracySteps - last + 1}–${len.accuracySteps} from the seed-1 weights on 8 batches of the synthetic shapes\n`);
  const head = ['preset', `${labels.with} /s`, `${labels.without} /s`, 'speed-up', `loss ${labels.with}`, `loss ${labels.without}`, `acc ${labels.with}`, `acc ${labels.without}`];
  const widths = head.map((h, i) => Math.max(i === 0 ? 16 : 8, h.length));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const id of ids) {
    const model = build(id);
    const on: number[] = [];
    const off: number[] = [];
    for (let r = 0; r < len.rounds; r++) {
      const order = r % 2 ? ['off', 'on'] : ['on', 'off'];
      for (const way of order) {
        if (way === 'on') on.push(await speed(model, batches, len.steps));
        else off.push(await without(() => speed(model, batches, len.steps)));
      }
    }
    model.dispose();
    const a = await trainedFigures(id, batches, len.accuracySteps, last);
    const b = await without(() => trainedFigures(id, batches, len.accuracySteps, last));
    const [f, p] = [median(on), median(off)];
    console.log(line([id, f.toFixed(0), p.toFixed(0), `${(f / p).toFixed(2)}×`, a.loss.toFixed(4), b.loss.toFixed(4), `${(a.accuracy * 100).toFixed(1)}%`, `${(b.accuracy * 100).toFixed(1)}%`]));
  }
}
