/**
 * The trained LeNet-5 that ships with the app (public/models/lenet5-mnist, made by
 * scripts/train-lenet5.ts) still loads into the preset's graph and still reaches 99% on the
 * 10,000 official MNIST test digits. Evaluation only: a few seconds on wasm.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile';
import { loadWeights } from '@/lib/train/checkpoint';
import { loadMnistNode } from '@/lib/train/datasets/mnist.node';
import { evaluate } from '@/lib/train/evaluate';
import { fileSystemHandler } from '@/lib/train/model-files.node';
import { SHIPPED_MODELS } from '@/lib/viz';
import { getPreset } from '@/presets';
import { switchBackend, tf } from '../tf-setup';

const shipped = SHIPPED_MODELS.find((m) => m.id === 'lenet5-mnist')!;
const dir = path.join(__dirname, '..', '..', '..', 'public', shipped.path);

beforeAll(async () => {
  await switchBackend('wasm');
});
afterAll(async () => {
  await switchBackend('cpu');
});

describe('the shipped LeNet-5', () => {
  it('is 61,706 float32 weights made by the recipe it names', () => {
    expect(readFileSync(path.join(dir, 'weights.bin')).byteLength).toBe(61_706 * 4);
    const meta = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')).userDefinedMetadata.layerwise;
    expect(meta).toMatchObject({ model: 'lenet5', dataset: 'mnist', epochs: 12, seed: 1 });
    expect(meta.testAccuracy).toBe(shipped.testAccuracy);
  });

  it('loads into the preset\'s graph and classifies at least 99% of the 10,000 test digits', async () => {
    const before = tf.memory().numTensors;
    const r = compile(getPreset('lenet5')!.build());
    if (!r.ok) throw new Error('LeNet-5 does not compile');
    await loadWeights(r.model, fileSystemHandler(dir));
    const mnist = loadMnistNode({ pad: 2 });
    const e = await evaluate(r.model, mnist, { batchSize: 500 });
    expect(e.metrics.samples).toBe(10_000);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.99);
    // The same weights, the same digits: the accuracy the run recorded.
    expect(e.accuracy).toBeCloseTo(shipped.testAccuracy, 4);
    r.model.dispose();
    mnist.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
