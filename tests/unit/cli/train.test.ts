import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferIO } from '@/lib/cli/io.node';
import { progressLine, runTrain } from '@/lib/cli/train.node';
import { serializeGraph } from '@/lib/graph/format';
import { conv, dense, PresetBuilder } from '@/presets/builder';
import * as tf from '@tensorflow/tfjs';
import { SessionKeeper } from '@/lib/train/keeper';
import { loadMnistNode } from '@/lib/train/datasets/mnist.node';
import { MemoryModelStore } from '@/lib/train/store';
import { parseGraphFile } from '@/lib/graph/format';
import { startThreadShards } from '@/lib/train/parallel/link.node';
import type { ShardLink } from '@/lib/train/parallel/protocol';

let dir: string;
/** The graph in a file written by tinyGraphFile. */
function parseGraph(file: string) {
  const r = parseGraphFile(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file} does not read`);
  return r.graph;
}

/** A tiny graph (32×32×1 → conv 2@5×5 stride 4 → dense `classes`) that trains on MNIST in a second. */
function tinyGraphFile(name: string, classes: number): string {
  const b = new PresetBuilder();
  b.add('input', 'Input', { height: 32, width: 32, channels: 1 });
  b.add('conv', 'Conv2D', conv(4, 5, { stride: 4, padding: 'valid', activation: 'relu' }));
  b.add('flatten', 'Flatten', {});
  b.add('out', 'Dense', dense(classes, 'softmax'));
  const file = path.join(dir, name);
  writeFileSync(file, serializeGraph(b.graph('tiny', 'Tiny')));
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-train-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = bufferIO();
  const code = await runTrain(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** Real shard threads (wasm) behind links that count the steps sent to them and note their own closing. */
function countingThreads(fail?: { step: number; message: string }) {
  const seen = { started: 0, steps: 0, closed: 0, threads: [] as ShardLink[] };
  const start = (count: number): ShardLink[] => {
    seen.started += count;
    const threads = startThreadShards(count);
    seen.threads.push(...threads);
    return threads.map((link) => ({
      request(message, transfer) {
        if (message.type === 'step' && ++seen.steps === fail?.step) return Promise.resolve({ type: 'failed', kind: 'backend', message: fail.message });
        return link.request(message, transfer);
      },
      close() {
        seen.closed++;
        link.close();
      },
    }));
  };
  return { seen, start };
}

/** The weights a --save wrote, as floats. */
function savedWeights(dirName: string): Float32Array {
  const bytes = readFileSync(path.join(dirName, 'weights.bin'));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe('layerwise train', () => {
  it('trains LeNet-5 on MNIST with no other option than the epochs (padded to 32×32, wasm)', async () => {
    // 8,000 of the 60,000 training digits keep this test short; the 10,000 test digits stay.
    const r = await run('lenet5', '--dataset', 'mnist', '--epochs', '1', '--train-size', '8000', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('padded from 28×28 to 32×32');
    expect(r.err).toContain('8,000 training, 10,000 test images');
    const lines = r.out.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]!);
    expect(summary).toMatchObject({ epochs: 1, backend: 'wasm', status: 'completed' });
    // One epoch of 8,000 digits with Adam at lr 0.001 gets LeNet-5 to about 90% here; chance is 10%.
    expect(summary.testAccuracy).toBeGreaterThan(0.8);
    expect(summary.samplesPerSecond).toBeGreaterThan(0);
  });

  it('prints the test accuracy, per class, and saves weights that --load reads back', async () => {
    const file = tinyGraphFile('tiny.json', 10);
    const save = path.join(dir, 'saved');
    const r = await run(file, '--epochs', '1', '--train-size', '8000', '--batch', '128', '--optimizer', 'sgd', '--lr', '0.05', '--save', save);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Tiny on MNIST: test accuracy \d+\.\d\d% \(10,000 test images\) after 1 epoch/);
    expect(r.out).toMatch(/Per class: 0 \d/);
    for (const f of ['model.json', 'weights.bin', 'graph.json']) expect(existsSync(path.join(save, f))).toBe(true);
    const meta = JSON.parse(readFileSync(path.join(save, 'model.json'), 'utf8')).userDefinedMetadata.layerwise;
    expect(meta).toMatchObject({ dataset: 'mnist', epochs: 1, seed: 1 });
    const again = await run(path.join(save, 'graph.json'), '--epochs', '1', '--train-size', '8000', '--load', save, '--json');
    expect(again.code).toBe(0);
    expect(again.err).toContain(`Weights loaded from ${save}`);
  });

  it('--save writes files that a plain tf.loadLayersModel and the app read, with the same predictions', async () => {
    const save = path.join(dir, 'for-tfjs');
    const r = await run(tinyGraphFile('tfjs.json', 10), '--epochs', '1', '--train-size', '2000', '--save', save);
    expect(r.code).toBe(0);
    const modelJson = readFileSync(path.join(save, 'model.json'), 'utf8');
    const weights = readFileSync(path.join(save, 'weights.bin'));
    const graphJson = readFileSync(path.join(save, 'graph.json'), 'utf8');
    const meta = JSON.parse(modelJson).userDefinedMetadata.layerwise;
    expect(meta.summary).toMatchObject({ datasetId: 'mnist', epochs: 1, settings: { optimizer: 'adam', learningRate: 0.002, schedule: 'cosine' } });

    // 1. Plain tfjs, as any tfjs user would load them.
    const parsed = JSON.parse(modelJson);
    const plain = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: parsed.modelTopology, weightSpecs: parsed.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }));
    // 2. The app: the training worker's keeper imports the three files for the graph they hold.
    const keeper = new SessionKeeper({ store: new MemoryModelStore(), loadDataset: async () => ({ dataset: loadMnistNode({ pad: 2 }), skipped: 0 }) });
    const graph = parseGraphFile(graphJson);
    if (!graph.ok) throw new Error('graph.json does not read');
    await keeper.open(graph.graph);
    const imported = await keeper.ask({ kind: 'import', files: { modelJson, weightsBin: new Uint8Array(weights), graphJson } });
    expect(imported.fitsOpenGraph).toBe(true);
    expect(keeper.status.state).toMatchObject({ kind: 'trained', summary: { accuracy: meta.testAccuracy } });
    const mnist = loadMnistNode({ pad: 2 });
    let worst = 0;
    for (const index of [0, 1, 2, 42, 9999]) {
      const app = await keeper.ask({ kind: 'predict', image: { from: 'dataset', split: 'test', index } });
      const mine = tf.tidy(() => (plain.predict(tf.tensor4d(mnist.sample('test', index).pixels, [1, 32, 32, 1])) as tf.Tensor).dataSync());
      mine.forEach((p, c) => { worst = Math.max(worst, Math.abs(p - app.probabilities[c]!)); });
    }
    expect(worst).toBeLessThan(1e-5);
    // 3. --load is the test above.
    plain.dispose();
    keeper.dispose();
  });

  it('--augment uses what the dataset declares: shifts and rotations for digits, never flips', async () => {
    const r = await run(tinyGraphFile('aug.json', 10), '--epochs', '1', '--train-size', '256', '--augment', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain('Augmentation: shifts of up to ±2 px (random crops of the image padded by 2), rotations of up to ±10°.');
    expect(r.err).not.toContain('flip');
    expect((await run('lenet5', '--train-size', '0')).err).toContain('--train-size must be a whole number of at least 1');
  });

  it('says what to change when the dataset does not fit the model', async () => {
    const colour = await run('lenet5', '--dataset', 'synthetic');
    expect(colour.code).toBe(2);
    // The panel's words (lib/train/plan.ts): one rule, one message.
    expect(colour.err).toContain("LeNet-5 takes 32×32×1 images but the synthetic shapes are 32×32×3 (colour): set the Input block's channels to 3, or train on MNIST, which is grey.");
    const classes = await run(tinyGraphFile('five.json', 5), '--dataset', 'mnist');
    expect(classes.code).toBe(2);
    expect(classes.err).toContain('Tiny ends in 5 outputs but MNIST has 10 classes: set the last Dense layer\'s units to 10');
    expect(classes.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('trains on the CPU backend when asked', async () => {
    // A dense-only graph: the pure-JS CPU backend's conv gradients would take seconds here.
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 32, width: 32, channels: 1 });
    b.add('flatten', 'Flatten', {});
    b.add('out', 'Dense', dense(10, 'softmax'));
    const file = path.join(dir, 'dense.json');
    writeFileSync(file, serializeGraph(b.graph('dense', 'Dense')));
    const r = await run(file, '--backend', 'cpu', '--epochs', '1', '--train-size', '8000', '--batch', '256', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.trim().split('\n').pop()!)).toMatchObject({ backend: 'cpu', epochs: 1 });
  });

  it('says to change the last activation for multi-label data', async () => {
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 32, width: 32, channels: 3 });
    b.add('conv', 'Conv2D', conv(4, 5, { stride: 4, padding: 'valid', activation: 'relu' }));
    b.add('flatten', 'Flatten', {});
    b.add('out', 'Dense', dense(5, 'softmax'));
    const file = path.join(dir, 'multi.json');
    writeFileSync(file, serializeGraph(b.graph('multi', 'Multi')));
    const r = await run(file, '--dataset', 'synthetic-multilabel');
    expect(r.code).toBe(2);
    // The plan refuses it before anything loads, naming the layer (lib/train/plan.ts).
    expect(r.err).toContain('Multi ends in softmax, which makes its outputs compete');
    expect(r.err).toContain('set the last Dense layer\'s ("out") activation to sigmoid');
  });

  it('refuses bad options and datasets with a usage message', async () => {
    expect((await run('lenet5', '--epochs', '0')).err).toContain('--epochs must be a whole number of at least 1');
    expect((await run('lenet5', '--frobnicate')).err).toContain('unknown option --frobnicate');
    const ds = await run('lenet5', '--dataset', 'imagenet');
    expect(ds.code).toBe(2);
    expect(ds.err).toMatch(/Unknown dataset "imagenet"\. Choose one of: mnist, .*cifar10:<folder>/);
    expect((await run('lenet5', '--dataset', 'cifar10')).err).toContain('give their folder, as --dataset cifar10:<folder>');
    // LeNet-5 is grey: the plan refuses CIFAR before any file is read; a colour model reads them.
    expect((await run('lenet5', '--dataset', `cifar10:${dir}`)).err).toContain('CIFAR images are 32×32×3 (colour)');
    const missing = await run('mini_vgg', '--dataset', `cifar10:${dir}`);
    expect(missing.err).toContain('missing: data_batch_1.bin');
    expect((await run('no_such_model')).code).toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('layerwise train <preset-id|file.json>');
    // The defaults are the panel's (lib/train/settings.ts).
    expect(help.out).toContain('--lr X             learning rate [0.002 for adam, 0.01 for sgd]');
    expect(help.out).toContain('[cosine]');
  });

  it('--workers 2 trains in two threads and gets the weights of --workers 1 (no BatchNorm, no Dropout)', async () => {
    const file = tinyGraphFile('workers.json', 10);
    const common = [file, '--epochs', '1', '--train-size', '256', '--batch', '64', '--optimizer', 'sgd', '--lr', '0.05', '--json'];
    const threads = countingThreads();
    const io = bufferIO();
    const two = await runTrain([...common, '--workers', '2', '--save', path.join(dir, 'two')], io, { startShards: threads.start });
    expect(two).toBe(0);
    expect(io.stderr()).toContain('  2 workers, as asked (--workers 2).\n');
    expect(JSON.parse(io.stdout().trim().split('\n').pop()!)).toMatchObject({ workers: 2, epochs: 1, status: 'completed' });
    // One shard thread besides this one; 256 images at batch 64 are 4 steps, each shared with it.
    expect(threads.seen).toMatchObject({ started: 1, steps: 4 });
    // Ended with the run: the thread answers nothing more.
    expect(threads.seen.closed).toBeGreaterThan(0);
    await expect(threads.seen.threads[0]!.request({ type: 'init', graph: parseGraph(file), seed: 1, loss: { numClasses: 10, multiLabel: false } })).rejects.toThrow(/ended/);

    const one = await run(...common, '--workers', '1', '--save', path.join(dir, 'one'));
    expect(one.code).toBe(0);
    expect(one.err).toContain('  1 worker, as asked (--workers 1).\n');
    const a = savedWeights(path.join(dir, 'two'));
    const b = savedWeights(path.join(dir, 'one'));
    expect(a.length).toBe(4 * 5 * 5 * 1 + 4 + 7 * 7 * 4 * 10 + 10);
    let worst = 0;
    a.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - b[i]!)); });
    expect(worst).toBeLessThan(1e-5);
    // The steps moved the weights: the comparison is not of two untouched initialisations.
    const untouched = await run(...common, '--workers', '1', '--save', path.join(dir, 'none'), '--lr', '1e-30');
    expect(untouched.code).toBe(0);
    const c = savedWeights(path.join(dir, 'none'));
    expect(Math.max(...b.map((v, i) => Math.abs(v - c[i]!)))).toBeGreaterThan(1e-3);
  });

  it('without --workers, from batch 64 it times one worker per core against one and says what it chose', async () => {
    const threads = countingThreads();
    const io = bufferIO();
    const code = await runTrain([tinyGraphFile('measured.json', 10), '--epochs', '1', '--train-size', '256', '--batch', '64'], io, { startShards: threads.start, cores: 2 });
    expect(code).toBe(0);
    // Either answer is right (the speeds are this machine's); that it measured is the point.
    expect(io.stderr()).toMatch(/\n {2}(2 workers \(measured [\d,]+ vs [\d,]+ samples\/s with one\)|1 worker: 2 workers measured \d\.\d\d× one \([\d,]+ vs [\d,]+ samples\/s with one; 1\.1× needed\))\.\n/);
    const chose = io.stderr().includes('  2 workers (measured');
    // The trial's thread: 3 warm-up steps and 3 rounds of 2 timed ones (workers.ts timeAlternately), then (when chosen) the run's 4.
    expect(threads.seen.started).toBe(1);
    expect(threads.seen.steps).toBe(chose ? 9 + 4 : 9);
    expect(threads.seen.closed).toBeGreaterThan(0);
    // Below batch 64 nothing is measured and no thread starts.
    const small = countingThreads();
    const io2 = bufferIO();
    expect(await runTrain([tinyGraphFile('small.json', 10), '--epochs', '1', '--train-size', '256', '--batch', '32'], io2, { startShards: small.start, cores: 2 })).toBe(0);
    expect(io2.stderr()).toContain('  1 worker: below batch 64 a second worker gains little, so it was not measured (--workers 2 asks for two).\n');
    expect(small.seen.started).toBe(0);
  });

  it('ends the shard threads when a shard fails, and says which worker failed', async () => {
    const threads = countingThreads({ step: 2, message: 'out of memory' });
    const io = bufferIO();
    const code = await runTrain([tinyGraphFile('fails.json', 10), '--epochs', '1', '--train-size', '256', '--workers', '2'], io, { startShards: threads.start });
    expect(code).toBe(1);
    expect(io.stderr()).toContain('layerwise train: Training worker 2 of 2 (data-parallel training) failed: out of memory.');
    expect(io.stderr()).not.toMatch(/\n\s+at /);
    await expect(threads.seen.threads[0]!.request({ type: 'init', graph: parseGraph(path.join(dir, 'fails.json')), seed: 1, loss: { numClasses: 10, multiLabel: false } })).rejects.toThrow(/ended/);
  });

  it('refuses a --workers that is not a count or auto', async () => {
    for (const bad of ['0', 'x', '1.5', '-2']) {
      const r = await run('lenet5', '--workers', bad);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`layerwise train: --workers must be a whole number of at least 1, or auto for one per core (got ${bad})\n`);
    }
    expect((await run('lenet5', '--workers')).err).toContain('--workers needs a value');
    expect((await run('--help')).out).toContain('--workers N        train data-parallel in N threads');
  });

  it('draws a progress line', () => {
    const line = progressLine({
      epoch: 0, epochs: 2, batch: 62, batchesPerEpoch: 125, batchSize: 64, loss: 0.4123, accuracy: 0.883,
      learningRate: 0.001, samplesPerSecond: 1650.4, etaSeconds: 3.2, elapsedSeconds: 2,
    }, 10);
    // 63/125 = 50.4% → 5 of 10 cells.
    expect(line).toBe('epoch 1/2 [#####-----]  50% ETA 0:03  loss 0.412  acc 88.3%  1,650 samples/s');
  });
});
