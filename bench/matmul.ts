/**
 * Matrix products with a transposed operand on wasm (npm run bench:matmul): the fast path of
 * lib/backend/wasm/fast-paths.ts (the operand transposed first, then wasm's untransposed product)
 * against wasm's own kernels, side by side in one process, alternating rounds:
 *
 * 1. the products alone, at the shapes of Dense layers' gradients (LeNet-5's first, a VGG-like
 *    2048→256 head), GMAC/s;
 * 2. training steps of presets with Dense layers (Adam, batch 64), samples/s, and the loss after
 *    the same steps from the same weights (the two ways agree to float rounding; Mini VGG's
 *    dropout draws other masks each run, so its losses differ a little).
 *
 * Figures only, never a pass/fail gate. `uptime` is printed: on a busy machine the ratios move.
 */
import { execSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '../lib/backend/wasm';
import { compile } from '../lib/compile';
import { makeTrainStep } from '../lib/train/step';
import { getPreset } from '../presets';

const NAMES = ['BatchMatMul', '_FusedMatMul'] as const;
const ROUNDS = Number(process.env.MATMUL_ROUNDS ?? 3);

/** Registers `configs` for the wasm backend in place of what is there. */
function register(configs: readonly tf.KernelConfig[]): void {
  for (const c of configs) {
    tf.unregisterKernel(c.kernelName, 'wasm');
    tf.registerKernel(c);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  const wasmOwn = NAMES.map((n) => ({ ...tf.getKernel(n, 'wasm')! }));
  patchWasmBackend();
  const fast = NAMES.map((n) => ({ ...tf.getKernel(n, 'wasm')! }));
  console.log(`uptime: ${execSync('uptime').toString().trim()}\n`);

  console.log('Products alone (ms, median of rounds; GMAC/s): transposed first vs wasm\'s own');
  const shapes: [string, number[], number[], boolean, boolean][] = [
    ['LeNet-5 f5 dx = dy·Wᵀ', [64, 120], [400, 120], false, true],
    ['LeNet-5 f5 dW = xᵀ·dy', [64, 400], [64, 120], true, false],
    ['2048→256 Dense, dx', [64, 256], [2048, 256], false, true],
    ['2048→256 Dense, dW', [64, 2048], [64, 256], true, false],
  ];
  for (const [name, as, bs, ta, tb] of shapes) {
    const a = tf.randomNormal(as);
    const b = tf.randomNormal(bs);
    const macs = (ta ? as[1]! : as[0]!) * (ta ? as[0]! : as[1]!) * (tb ? bs[0]! : bs[1]!);
    const time = (): number => {
      for (let i = 0; i < 2; i++) tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, ta, tb).dispose();
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) { const r = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, ta, tb); r.dataSync(); r.dispose(); }
      return (performance.now() - t0) / 10;
    };
    const times: [number[], number[]] = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) { register(i === 0 ? fast : wasmOwn); times[i]!.push(time()); }
    }
    const [f, o] = times.map(median) as [number, number];
    console.log(`  ${name.padEnd(26)} ${f.toFixed(2)} ms (${(macs / f / 1e6).toFixed(2)}) vs ${o.toFixed(2)} ms (${(macs / o / 1e6).toFixed(2)}): ${(o / f).toFixed(1)}×`);
    tf.dispose([a, b]);
  }

  console.log('\nTraining steps (Adam, batch 64, samples/s, median of rounds of 6 steps after 3): transposed first vs wasm\'s own');
  for (const id of ['lenet5', 'mini_vgg']) {
    const sps: [number[], number[]] = [[], []];
    const losses: [number, number] = [0, 0];
    for (let r = 0; r < ROUNDS; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        register(i === 0 ? fast : wasmOwn);
        const compiled = compile(getPreset(id)!.build(), { seed: 1 });
        if (!compiled.ok) throw new Error(`${id} does not compile`);
        const model = compiled.model;
        const inShape = model.inputs[0]!.shape.slice(1) as number[];
        const classes = model.outputs[0]!.shape[1] as number;
        const xs = tf.randomUniform([64, ...inShape], 0, 1, 'float32', 1);
        const ys = tf.oneHot(tf.randomUniform([64], 0, classes, 'int32', 2) as tf.Tensor1D, classes) as tf.Tensor2D;
        const train = makeTrainStep(model, { optimizer: { kind: 'adam' }, learningRate: 1e-3, numClasses: classes, multiLabel: false });
        let loss = 0;
        const step = () => { const out = train.run(xs as tf.Tensor4D, ys); loss = out.loss.dataSync()[0]!; tf.dispose([out.loss, out.right]); };
        for (let s = 0; s < 3; s++) step();
        const t0 = performance.now();
        for (let s = 0; s < 6; s++) step();
        sps[i]!.push((6 * 64) / ((performance.now() - t0) / 1000));
        losses[i] = loss;
        train.dispose(); model.dispose(); tf.dispose([xs, ys]);
      }
    }
    const [f, o] = sps.map(median) as [number, number];
    console.log(`  ${id.padEnd(10)} ${f.toFixed(0)} vs ${o.toFixed(0)} samples/s: ${(f / o).toFixed(2)}×; loss after 9 steps ${losses[0].toFixed(5)} vs ${losses[1].toFixed(5)}`);
  }
  register(fast);
}

void main();
