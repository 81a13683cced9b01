/**
 * The SIMD convolution gradient kernels (conv2d filter and input gradients, depthwise filter and
 * input gradients) against an earlier commit's builds of the same kernels, layer shape by layer
 * shape, side by side in one run (npm run bench:conv-grads [-- <git revision>]; default the
 * commit before the channel-tail tiles, c0c74f5).
 *
 * "before" instantiates the *.wasm.ts binaries as they were at that revision (read with git show,
 * so no old code is kept around); "after" the working tree's. Both run through the same wrappers
 * (gradients.ts, fast-paths.ts), on the same tensors, in alternating rounds (except depthwise with
 * a channel multiplier > 1 against the default revision: that ran without SIMD, and "before" is
 * GRAD_KERNELS_WITHOUT_SIMD's path, a JavaScript loop and a transposed convolution); the figure is the best
 * round's multiply-adds per second (nominal: every tap of every output pixel). Shapes: Mini
 * DenseNet's layers at batch 64 (growth rate 12: 12 output channels, and input channel counts
 * that are not multiples of 8) and plain 3×3 layers with 12, 13, 20, 6 channels against 16.
 *
 * CONV_GRADS_ROUNDS (default 3) and CONV_GRADS_MS (time per measurement, default 150) shorten or
 * lengthen the run; CONV_GRADS_ONLY=<text> keeps the shapes whose name holds it; CONV_GRADS_CLOCK=cpu
 * times this process's CPU time instead of wall time. Not a test: it prints figures and never fails on them.
 */
import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '../lib/backend/wasm';
import { conv2dInputGradWith } from '../lib/backend/wasm/fast-paths';
import { GRAD_KERNELS_WITHOUT_SIMD, gradKernels } from '../lib/backend/wasm/gradients';
import { gradKernelsAt } from './kernels-at';
import { WASM_BINARY as CONV_INPUT_GRAD } from '../lib/backend/wasm/conv-input-grad.wasm';

const DEFAULT_REV = 'c0c74f5';
const REV = process.argv[2] ?? DEFAULT_REV;
const ROUNDS = Number(process.env.CONV_GRADS_ROUNDS ?? 3);
const MS = Number(process.env.CONV_GRADS_MS ?? 150);
const ONLY = process.env.CONV_GRADS_ONLY;
const CPU_CLOCK = process.env.CONV_GRADS_CLOCK === 'cpu';
const BATCH = 64;

function byName(configs: tf.KernelConfig[]): Record<string, tf.KernelConfig> {
  return Object.fromEntries(configs.map((c) => [c.kernelName, c]));
}

/** A layer: side² input, k×k filter at stride s; for depthwise, cout is the channel multiplier. */
interface Shape { name: string; side: number; k: number; s: number; cin: number; cout: number; depthwise?: boolean }

const SHAPES: Shape[] = [
  { name: 'DenseNet 3×3 48→12, 16²', side: 16, k: 3, s: 1, cin: 48, cout: 12 },
  { name: 'DenseNet 3×3 48→12, 8²', side: 8, k: 3, s: 1, cin: 48, cout: 12 },
  { name: 'DenseNet 1×1 36→48, 16²', side: 16, k: 1, s: 1, cin: 36, cout: 48 },
  { name: 'DenseNet 1×1 60→48, 16²', side: 16, k: 1, s: 1, cin: 60, cout: 48 },
  { name: 'DenseNet 1×1 54→48, 4²', side: 4, k: 1, s: 1, cin: 54, cout: 48 },
  { name: 'DenseNet 1×1 72→36, 16²', side: 16, k: 1, s: 1, cin: 72, cout: 36 },
  { name: 'DenseNet 1×1 84→42, 8²', side: 8, k: 1, s: 1, cin: 84, cout: 42 },
  { name: 'DenseNet 3×3 3→24, 32²', side: 32, k: 3, s: 1, cin: 3, cout: 24 },
  { name: '3×3 32→16, 16²', side: 16, k: 3, s: 1, cin: 32, cout: 16 },
  { name: '3×3 32→12, 16²', side: 16, k: 3, s: 1, cin: 32, cout: 12 },
  { name: '3×3 32→13, 16²', side: 16, k: 3, s: 1, cin: 32, cout: 13 },
  { name: '3×3 32→20, 16²', side: 16, k: 3, s: 1, cin: 32, cout: 20 },
  { name: '3×3 32→6, 16²', side: 16, k: 3, s: 1, cin: 32, cout: 6 },
  { name: '3×3 16→32, 16²', side: 16, k: 3, s: 1, cin: 16, cout: 32 },
  { name: '3×3 12→32, 16²', side: 16, k: 3, s: 1, cin: 12, cout: 32 },
  { name: '3×3 13→32, 16²', side: 16, k: 3, s: 1, cin: 13, cout: 32 },
  { name: '3×3 20→32, 16²', side: 16, k: 3, s: 1, cin: 20, cout: 32 },
  { name: '3×3 6→32, 16²', side: 16, k: 3, s: 1, cin: 6, cout: 32 },
  { name: 'depthwise 3×3 ×32, 16²', side: 16, k: 3, s: 1, cin: 32, cout: 1, depthwise: true },
  { name: 'depthwise 3×3 ×13, 16²', side: 16, k: 3, s: 1, cin: 13, cout: 1, depthwise: true },
  { name: 'depthwise 3×3 ×30, 16²', side: 16, k: 3, s: 1, cin: 30, cout: 1, depthwise: true },
  { name: 'depthwise 3×3 ×16 m2, 16²', side: 16, k: 3, s: 1, cin: 16, cout: 2, depthwise: true },
];

/** This process's CPU time in seconds (user + system): what a kernel costs, less what other processes take from it. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Seconds per call of `run` (which returns the output to free), over about MS milliseconds: CPU
 * time with CONV_GRADS_CLOCK=cpu (steadier on a busy machine: time the scheduler gives to other
 * processes is not counted), else wall time.
 */
function secondsPerCall(run: () => tf.TensorInfo): number {
  const backend = tf.backend();
  backend.disposeData(run().dataId); // warm-up (instantiation, first touch)
  let calls = 0;
  const t0 = performance.now();
  const c0 = cpuSeconds();
  let t = t0;
  while (calls < 2 || t - t0 < MS) {
    backend.disposeData(run().dataId);
    calls++;
    t = performance.now();
  }
  return (CPU_CLOCK ? cpuSeconds() - c0 : (t - t0) / 1000) / calls;
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  patchWasmBackend();
  const before = byName(gradKernelsAt(REV));
  // Depthwise with a multiplier > 1 ran without SIMD at c0c74f5: compare with that path.
  const beforeMultiplier = byName([...GRAD_KERNELS_WITHOUT_SIMD]);
  const after = byName([...gradKernels(), conv2dInputGradWith(CONV_INPUT_GRAD)]);
  console.log(`conv gradients: ${REV} ("before") vs this tree ("after"), batch ${BATCH}, best of ${ROUNDS} alternating rounds, ${CPU_CLOCK ? 'CPU' : 'wall'} time; ${loadLine()}`);
  const rows: string[][] = [];
  for (const shape of SHAPES.filter((sh) => !ONLY || sh.name.includes(ONLY))) {
    const { side, k, s, cin, cout } = shape;
    const oh = Math.ceil(side / s);
    const x = tf.randomUniform([BATCH, side, side, cin], -1, 1, 'float32', 1) as tf.Tensor4D;
    const dy = tf.randomUniform([BATCH, oh, oh, shape.depthwise ? cin * cout : cout], -1, 1, 'float32', 2) as tf.Tensor4D;
    const filterShape: [number, number, number, number] = [k, k, cin, cout];
    const filter = tf.randomUniform(filterShape, -1, 1, 'float32', 3) as tf.Tensor4D;
    const attrs = { strides: [s, s], pad: 'same', dilations: [1, 1], dataFormat: 'NHWC', filterShape, inputShape: x.shape } as unknown as tf.NamedAttrMap;
    const names = shape.depthwise
      ? ['DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']
      : ['Conv2DBackpropFilter', 'Conv2DBackpropInput'];
    const macs = BATCH * oh * oh * k * k * cin * cout;
    for (const name of names) {
      const inputs = name.endsWith('Filter') ? { x, dy } : { dy, filter };
      const call = (config: tf.KernelConfig) => () => config.kernelFunc({ inputs, attrs, backend: tf.backend() }) as tf.TensorInfo;
      let best = [Infinity, Infinity];
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which side goes first, so that neither always runs on a warmer cache.
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const side of order) {
          const was = shape.depthwise && cout > 1 && REV === DEFAULT_REV ? beforeMultiplier : before;
          const t = secondsPerCall(call((side === 0 ? was : after)[name]!));
          best = best.map((b, i) => (i === side ? Math.min(b, t) : b));
        }
      }
      const [gB, gA] = best.map((t) => macs / t! / 1e9);
      rows.push([shape.name, name.replace('DepthwiseConv2dNative', 'Depthwise').replace('Conv2DBackprop', 'Conv2D '), gB!.toFixed(1), gA!.toFixed(1), `${(gA! / gB!).toFixed(2)}×`]);
      console.log(rows.at(-1)!.join(' | '));
    }
    tf.dispose([x, dy, filter]);
  }
  console.log(`\n| layer (batch ${BATCH}) | kernel | before GMAC/s | after GMAC/s | after/before |\n|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`load ${loadLine()}`);
}

function loadLine(): string {
  return execFileSync('uptime', { encoding: 'utf8' }).trim();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
