/**
 * Training benchmarks (npm run bench:train). Prints figures measured side by side in one run;
 * never a pass/fail gate. About 4 minutes on 2 quiet cores (6–8 when other work shares them).
 *
 * 1. Compiled LeNet-5 vs the same net written by hand with tf.sequential: same backend (wasm),
 *    same batches, same optimizer and loss, interleaved rounds (ABBA) → samples/s ratio.
 * 2. The same for Mini ResNet vs a hand-written functional model.
 * 3. Layerwise's training loop vs tfjs' model.fit on the hand-written LeNet-5.
 * 4. WASM (with the registered gradient kernels) vs the pure-JS CPU backend under Node.
 * 5. Share of the machine's peak FLOP rate reached by wasm training (MACs from analyse × 3 for
 *    forward + backward × 2 flops per multiply-add).
 * 6. Accuracy: the compiled LeNet-5 on 8,000 of MNIST's training digits (the official 10,000 test
 *    digits), until ≥ 98% test accuracy. The full-MNIST figures are bench/mnist.ts's.
 * 7. Losses on imbalanced MNIST (1:100): balanced accuracy with cross-entropy, class-weighted
 *    cross-entropy and focal loss.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { renderTable } from '../lib/cli/text';
import { patchWasmBackend } from '../lib/backend/wasm';
import { compile } from '../lib/compile';
import { analyse } from '../lib/graph/analyse';
import { InMemoryDataset } from '../lib/train/datasets/in-memory';
import { loadMnistNode } from '../lib/train/datasets/mnist.node';
import { makeSynthetic } from '../lib/train/datasets/synthetic';
import type { Dataset } from '../lib/train/datasets/types';
import { balancedClassWeights, type LossSpec } from '../lib/train/losses';
import { train } from '../lib/train/loop';
import { makeTrainStep } from '../lib/train/step';
import { getPreset } from '../presets';

const BATCH = 64;
const rows: string[][] = [];
const notes: string[] = [];

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function compiledPreset(id: string, seed = 1): { model: tf.LayersModel; macs: number } {
  const graph = getPreset(id)!.build();
  const result = compile(graph, { seed });
  if (!result.ok) throw new Error(`${id} does not compile: ${result.errors.map((e) => e.message).join('; ')}`);
  return { model: result.model, macs: analyse(graph).totals.flops };
}

/** LeNet-5 as a tfjs user writes it: tf.sequential, same layers as the preset. */
function handLenet(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [32, 32, 1], filters: 6, kernelSize: 5, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  m.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 120, activation: 'relu' }));
  m.add(tf.layers.dense({ units: 84, activation: 'relu' }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}

/**
 * Mini ResNet written by hand with the functional API: 3×3/2 stem of 16 (no bias) + BN + ReLU,
 * three stages of two basic blocks (16, 32, 64 filters; stride 2 at the start of stages 2 and 3,
 * with a 1×1 projection + BN shortcut there), global average pooling, dense 10 softmax — the
 * preset's layers, in the way the ResNet paper's CIFAR nets are usually written in Keras.
 */
function handMiniResnet(): tf.LayersModel {
  const bn = (x: tf.SymbolicTensor) => tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor) => tf.layers.activation({ activation: 'relu' }).apply(x) as tf.SymbolicTensor;
  const conv = (x: tf.SymbolicTensor, filters: number, k: number, stride: number) =>
    tf.layers.conv2d({ filters, kernelSize: k, strides: stride, padding: 'same', useBias: false }).apply(x) as tf.SymbolicTensor;
  const input = tf.input({ shape: [32, 32, 3] });
  let x = relu(bn(conv(input, 16, 3, 2)));
  let channels = 16;
  for (const [filters, stride] of [[16, 1], [32, 2], [64, 2]] as const) {
    for (let block = 0; block < 2; block++) {
      const s = block === 0 ? stride : 1;
      const branch = bn(conv(relu(bn(conv(x, filters, 3, s))), filters, 3, 1));
      const shortcut = s !== 1 || channels !== filters ? bn(conv(x, filters, 1, s)) : x;
      x = relu(tf.layers.add().apply([branch, shortcut]) as tf.SymbolicTensor);
      channels = filters;
    }
  }
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** A small conv net with seeded initialisers (16-32-32 filters, global pooling), for the loss comparison. */
function smallNet(shape: number[]): tf.LayersModel {
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: shape, filters: 16, kernelSize: 3, activation: 'relu', padding: 'same', kernelInitializer: init(1) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'same', kernelInitializer: init(2) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'same', kernelInitializer: init(3) }));
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }));
  return m;
}

/** Fixed batches (made once, reused by both models, so data preparation is not timed). */
function fixedBatches(ds: Dataset, n: number): { xs: tf.Tensor4D; ys: tf.Tensor2D }[] {
  const out: { xs: tf.Tensor4D; ys: tf.Tensor2D }[] = [];
  for (const b of ds.batches('train', { batchSize: BATCH, seed: 7, dropRemainder: true })) {
    out.push({ xs: b.xs, ys: b.ys });
    if (out.length === n) break;
  }
  return out;
}

/** A trainer: the training loop's own step (lib/train/step.ts: Adam, cross-entropy) for any model. */
function stepper(model: tf.LayersModel) {
  const step = makeTrainStep(model, { optimizer: { kind: 'adam' }, learningRate: 0.001, numClasses: 10, multiLabel: false });
  const once = async (b: { xs: tf.Tensor4D; ys: tf.Tensor2D }): Promise<void> => {
    const { loss, right } = step.run(b.xs, b.ys);
    await loss.data();
    loss.dispose();
    right.dispose();
  };
  return {
    /** Runs `steps` steps over the batches; returns samples per second (waits for the last loss). */
    async run(batches: { xs: tf.Tensor4D; ys: tf.Tensor2D }[], steps: number): Promise<number> {
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) await once(batches[i % batches.length]!);
      return (steps * BATCH) / ((performance.now() - t0) / 1000);
    },
    /** One step on one batch; returns its milliseconds (including reading the loss back). */
    async time(b: { xs: tf.Tensor4D; ys: tf.Tensor2D }): Promise<number> {
      const t0 = performance.now();
      await once(b);
      return performance.now() - t0;
    },
    dispose: () => step.dispose(),
  };
}

/** Interleaved ABBA rounds of A and B; returns each one's samples/s per round. */
async function interleave(a: () => Promise<number>, b: () => Promise<number>, rounds: number): Promise<{ a: number[]; b: number[] }> {
  const ra: number[] = [];
  const rb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) { ra.push(await a()); rb.push(await b()); } else { rb.push(await b()); ra.push(await a()); }
  }
  return { a: ra, b: rb };
}

/**
 * Compiled vs hand-written, step by step: after a warm-up, pairs of single steps alternate
 * (A B, B A, A B, ...), each timed on its own. Other agents share these 2 cores, so any step may
 * be slowed by them; two adjacent steps see nearly the same load, so the median of the pairs'
 * time ratios is the headline figure, and the ratio of the fastest steps (the least disturbed) is
 * shown beside it.
 */
async function compareModels(label: string, compiled: tf.LayersModel, hand: tf.LayersModel, ds: Dataset, pairs: number): Promise<number> {
  if (compiled.countParams() !== hand.countParams()) {
    throw new Error(`${label}: the hand-written model has ${hand.countParams()} params, the compiled one ${compiled.countParams()}; they must be the same net`);
  }
  const batches = fixedBatches(ds, 8);
  const sa = stepper(compiled);
  const sb = stepper(hand);
  await sa.run(batches, 3); // warm-up: first steps allocate and compile kernels
  await sb.run(batches, 3);
  const ta: number[] = [], tb: number[] = [], ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    let a: number, b: number;
    if (i % 2 === 0) { a = await sa.time(batches[i % batches.length]!); b = await sb.time(batches[i % batches.length]!); }
    else { b = await sb.time(batches[i % batches.length]!); a = await sa.time(batches[i % batches.length]!); }
    ta.push(a); tb.push(b); ratios.push(b / a);
  }
  sa.dispose();
  sb.dispose();
  batches.forEach((b) => { b.xs.dispose(); b.ys.dispose(); });
  const best = (ts: number[]) => BATCH / (Math.min(...ts) / 1000);
  const med = (ts: number[]) => BATCH / (median(ts) / 1000);
  const ratio = median(ratios);
  log(`  ${label}: median step ${median(ta).toFixed(1)} ms compiled, ${median(tb).toFixed(1)} ms hand; fastest ${Math.min(...ta).toFixed(1)} / ${Math.min(...tb).toFixed(1)} ms`);
  rows.push([`${label}: compiled vs hand-written (${tf.getBackend()}, batch ${BATCH}, ${pairs} interleaved step pairs)`,
    `median ${fmt(med(ta))} vs ${fmt(med(tb))}, fastest ${fmt(best(ta))} vs ${fmt(best(tb))} samples/s`,
    `ratio ${ratio.toFixed(3)} (median of pairs), ${(best(ta) / best(tb)).toFixed(3)} fastest (target ≥ 0.97)`]);
  return best(ta);
}

function cpuInfo(): { model: string; mhz: number; cores: number; avx2: boolean; fma: boolean; avx512: boolean } {
  let text = '';
  try { text = readFileSync('/proc/cpuinfo', 'utf8'); } catch { /* not Linux */ }
  const field = (name: string): string => text.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim() ?? '';
  const flags = new Set(field('flags').split(/\s+/));
  return {
    model: field('model name') || os.cpus()[0]?.model || 'unknown',
    mhz: Number(field('cpu MHz')) || os.cpus()[0]?.speed || 0,
    cores: os.cpus().length,
    avx2: flags.has('avx2'), fma: flags.has('fma'), avx512: flags.has('avx512f'),
  };
}

async function main(): Promise<void> {
  const start = performance.now();
  tf.enableProdMode();
  patchWasmBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  const cpu = cpuInfo();
  log(`CPU: ${cpu.model}, ${cpu.cores} cores at ${cpu.mhz} MHz; AVX2 ${cpu.avx2}, FMA ${cpu.fma}, AVX-512 ${cpu.avx512}. ` +
    `tfjs ${tf.version.tfjs}; wasm SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'yes' : 'no (1 thread)'}.`);

  // 1. LeNet-5.
  log('1. LeNet-5, compiled vs tf.sequential (wasm)...');
  const mnist = loadMnistNode({ pad: 2 });
  const lenet = compiledPreset('lenet5');
  const handL = handLenet();
  const lenetWasm = await compareModels('LeNet-5', lenet.model, handL, mnist, 200);

  // 3. Our loop vs model.fit on the hand-written LeNet-5, over the same 1,920 samples (30 batches).
  log('3. train() vs model.fit (hand-written LeNet-5, wasm)...');
  {
    const sub = mnist.arrays('train');
    const n = 30 * BATCH;
    const small = new InMemoryDataset({
      id: 'mnist-sub', name: 'MNIST subset', description: '', shape: mnist.inputShape, classNames: mnist.classNames,
      train: { count: n, pixels: sub.pixels.subarray(0, n * 1024), labels: sub.labels.subarray(0, n) },
      test: { count: BATCH, pixels: sub.pixels.subarray(0, BATCH * 1024), labels: sub.labels.subarray(0, BATCH) },
    });
    const fitModel = handLenet();
    fitModel.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
    const all = small.batches('train', { batchSize: n, shuffle: false }).next().value!;
    const loopModel = handLenet();
    const viaLoop = async () => (await train(loopModel, small, { epochs: 1, batchSize: BATCH, optimizer: { kind: 'adam' }, learningRate: 0.001, evaluateEachEpoch: false })).samplesPerSecond;
    const viaFit = async () => {
      const t0 = performance.now();
      await fitModel.fit(all.xs, all.ys, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
      return n / ((performance.now() - t0) / 1000);
    };
    await viaLoop();
    await viaFit();
    const r = await interleave(viaLoop, viaFit, 4);
    log(`  loop ${r.a.map((v) => fmt(v)).join(', ')} | fit ${r.b.map((v) => fmt(v)).join(', ')} samples/s`);
    rows.push(['Layerwise train() vs tfjs model.fit, hand-written LeNet-5 (wasm, 4 rounds × 1,920 samples ABBA)',
      `best ${fmt(Math.max(...r.a))} vs ${fmt(Math.max(...r.b))}, median ${fmt(median(r.a))} vs ${fmt(median(r.b))} samples/s`,
      `ratio ${(Math.max(...r.a) / Math.max(...r.b)).toFixed(3)} best, ${(median(r.a) / median(r.b)).toFixed(3)} median`]);
    all.xs.dispose();
    all.ys.dispose();
    (fitModel.optimizer as tf.Optimizer).dispose();
    fitModel.dispose();
    loopModel.dispose();
  }

  // 2. Mini ResNet.
  log('2. Mini ResNet, compiled vs hand-written functional (wasm)...');
  const synthetic = makeSynthetic({ trainSize: 640, testSize: 64 });
  const resnet = compiledPreset('mini_resnet');
  const handR = handMiniResnet();
  const resnetWasm = await compareModels('Mini ResNet', resnet.model, handR, synthetic, 40);

  // 4. wasm vs cpu (LeNet-5): the CPU backend is ~100× slower, so a few steps only.
  log('4. LeNet-5 on the pure-JS CPU backend...');
  await tf.setBackend('cpu');
  const cpuLenet = compiledPreset('lenet5');
  const cpuBatches = fixedBatches(mnist, 3);
  const cpuStep = stepper(cpuLenet.model);
  await cpuStep.run(cpuBatches, 1);
  const cpuSps = await cpuStep.run(cpuBatches, 3);
  cpuStep.dispose();
  cpuBatches.forEach((b) => { b.xs.dispose(); b.ys.dispose(); });
  cpuLenet.model.dispose();
  rows.push(['LeNet-5 training, wasm (with registered kernels, fastest step) vs cpu (3 steps), Node, batch 64', `${fmt(lenetWasm)} vs ${fmt(cpuSps, 1)} samples/s`, `${(lenetWasm / cpuSps).toFixed(0)}× faster on wasm`]);
  await tf.setBackend('wasm');

  // 5. Share of peak.
  const ghz = cpu.mhz / 1000;
  const avx2Peak = cpu.cores * ghz * 32; // 2 FMA units × 8 float32 lanes × 2 flops
  const simd128Core = ghz * 8; // WASM SIMD128: 4 lanes, mul and add on 2 ports, no FMA
  for (const [name, macs, sps] of [['LeNet-5', lenet.macs, lenetWasm], ['Mini ResNet', resnet.macs, resnetWasm]] as const) {
    const gflops = (sps * macs * 3 * 2) / 1e9;
    rows.push([`${name} wasm training FLOP rate (${fmt(macs)} MACs/sample × 3 × 2, fastest step)`, `${gflops.toFixed(2)} GFLOP/s`,
      `${((gflops / avx2Peak) * 100).toFixed(1)}% of ${avx2Peak.toFixed(0)} GFLOP/s peak; ${((gflops / simd128Core) * 100).toFixed(0)}% of 1-thread SIMD128 (${simd128Core.toFixed(1)})`]);
  }
  notes.push(`Assumed peak: ${cpu.cores} cores × ${ghz.toFixed(2)} GHz × 32 FLOP/cycle (AVX2: 2 FMA units × 8 float32 × 2) = ${avx2Peak.toFixed(1)} GFLOP/s` +
    `${cpu.avx512 ? ` (AVX-512 would double it, ${(2 * avx2Peak).toFixed(1)})` : ''}. tfjs-backend-wasm here runs 1 thread of 128-bit SIMD without FMA: ` +
    `its ceiling is ${ghz.toFixed(2)} GHz × 8 = ${simd128Core.toFixed(1)} GFLOP/s. FLOPs = analyse's multiply-adds × 3 (forward, input gradient, weight gradient) × 2.`);

  // 6. Accuracy.
  log('6. Accuracy: compiled LeNet-5 on 8,000 MNIST training digits...');
  const seed = 1;
  const acc = compiledPreset('lenet5', seed);
  let firstAbove: { epoch: number; seconds: number; accuracy: number } | undefined;
  const t0 = performance.now();
  const mnist8k = mnist.withTrainSubset(8000);
  const result = await train(acc.model, mnist8k, {
    epochs: 12, batchSize: BATCH, optimizer: { kind: 'adam' }, learningRate: 0.002, schedule: { kind: 'cosine' },
    augment: { cropPadding: 2 }, seed,
    onEpoch: (e) => {
      log(`  epoch ${e.epoch + 1}: test ${(e.test!.accuracy * 100).toFixed(2)}%`);
      if (!firstAbove && e.test!.accuracy >= 0.98) firstAbove = { epoch: e.epoch + 1, seconds: (performance.now() - t0) / 1000, accuracy: e.test!.accuracy };
    },
  });
  const total = (performance.now() - t0) / 1000;
  rows.push(['LeNet-5 on the first 8,000 MNIST training digits (official 10,000 test), Adam 0.002 cosine, crop-pad 2, batch 64, 12 epochs, seed 1',
    firstAbove ? `≥ 98% after ${firstAbove.epoch} epochs, ${firstAbove.seconds.toFixed(0)} s (${(firstAbove.accuracy * 100).toFixed(2)}%)` : 'never reached 98%',
    `final ${(result.test!.accuracy * 100).toFixed(2)}% after 12 epochs, ${total.toFixed(0)} s`]);

  // 7. Losses for imbalanced data: the same small net on MNIST thinned to 1:100.
  log('7. Imbalanced MNIST 1:100: cross-entropy vs class-weighted vs focal...');
  const imbalanced = loadMnistNode({ imbalanceRatio: 100 });
  const weights = balancedClassWeights(imbalanced.trainClassCounts);
  const losses: [string, LossSpec][] = [
    ['cross-entropy', { kind: 'cross-entropy' }],
    ['class-weighted cross-entropy', { kind: 'weighted-cross-entropy' }],
    ['focal γ=2', { kind: 'focal', gamma: 2 }],
    ['focal γ=2, α = class weights', { kind: 'focal', gamma: 2, alpha: weights }],
  ];
  const cells: string[] = [];
  for (const [name, loss] of losses) {
    const m = smallNet([28, 28, 1]);
    const r = await train(m, imbalanced, { epochs: 6, batchSize: 32, optimizer: { kind: 'adam' }, learningRate: 0.003, loss, seed: 1, evaluateEachEpoch: false });
    const met = r.test!.metrics;
    if (met.kind === 'single') {
      const rare = met.perClassAccuracy.slice(7).map((v) => `${((v ?? 0) * 100).toFixed(0)}%`).join('/');
      cells.push(`${name} ${(met.balancedAccuracy * 100).toFixed(1)}% (digits 7/8/9: ${rare})`);
      log(`  ${name}: accuracy ${(met.accuracy * 100).toFixed(1)}%, balanced ${(met.balancedAccuracy * 100).toFixed(1)}%, per class ${met.perClassAccuracy.map((v) => ((v ?? 0) * 100).toFixed(0)).join(' ')}`);
    }
    m.dispose();
  }
  log(`  train class counts ${imbalanced.trainClassCounts.join('/')}; test balanced`);
  rows.push(['Imbalanced MNIST 1:100, small conv net, 6 epochs, seed 1: balanced test accuracy',
    cells.slice(0, 2).join('; '), cells.slice(2).join('; ')]);
  imbalanced.dispose();

  [lenet.model, handL, resnet.model, handR, acc.model].forEach((m) => m.dispose());
  mnist.dispose();

  const lines = renderTable([{ title: 'Benchmark' }, { title: 'Measured', align: 'right' }, { title: 'Result' }], rows);
  process.stdout.write(`\n${lines.join('\n')}\n\n${notes.map((n) => `Note: ${n}`).join('\n')}\n` +
    `CPU: ${cpu.model}, ${cpu.cores} cores, ${cpu.mhz} MHz. Total bench time ${((performance.now() - start) / 1000).toFixed(0)} s.\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:train failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
