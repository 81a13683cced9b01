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

let dir: string;
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

  it('draws a progress line', () => {
    const line = progressLine({
      epoch: 0, epochs: 2, batch: 62, batchesPerEpoch: 125, batchSize: 64, loss: 0.4123, accuracy: 0.883,
      learningRate: 0.001, samplesPerSecond: 1650.4, etaSeconds: 3.2, elapsedSeconds: 2,
    }, 10);
    // 63/125 = 50.4% → 5 of 10 cells.
    expect(line).toBe('epoch 1/2 [#####-----]  50% ETA 0:03  loss 0.412  acc 88.3%  1,650 samples/s');
  });
});
