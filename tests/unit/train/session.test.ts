/**
 * The model session (lib/train/session.ts) on the CPU backend: it frees every tensor it makes
 * across train → predict → activations → evaluate → dispose; a run resumed from a checkpoint ends
 * with the weights of the same run done straight; activations are the numbers worked out by hand;
 * its errors carry their kind.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainController } from '@/lib/train/controller';
import { TrainError } from '@/lib/train/errors';
import { ModelSession, type CheckpointState } from '@/lib/train/session';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '@/lib/train/settings';
import { conv, dense, PresetBuilder } from '@/presets/builder';
import { getPreset } from '@/presets';
import { halves28, tinyNet } from './session-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const settings = (over: Partial<TrainSettings> = {}): TrainSettings => ({ ...DEFAULT_TRAIN_SETTINGS, epochs: 2, batchSize: 16, ...over });

async function weightsOf(session: ModelSession): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const w of session.model.weights) out.set(w.originalName, (await w.read().data()) as Float32Array);
  return out;
}

describe('ModelSession', () => {
  it('leaves no tensor behind across train → predict → activations → evaluate → dispose', async () => {
    const data = halves28();
    const before = tf.memory().numTensors;
    const session = ModelSession.create(tinyNet(), { seed: 3 });
    const outcome = await session.train(data, settings({ epochs: 4, learningRate: 0.005 }), { datasetId: 'mnist' });
    expect(outcome.result.status).toBe('completed');
    expect(outcome.summary).toMatchObject({ datasetId: 'mnist', epochs: 4, partial: false, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    expect(outcome.summary!.history).toHaveLength(4);
    // Four epochs of 64 images of two kinds: well above chance (50%).
    expect(outcome.test!.accuracy).toBeGreaterThan(0.75);
    const probs = await session.predict(data.sample('test', 0).pixels);
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const act = await session.activations('conv', data.sample('test', 1).pixels);
    // (28 − 5) / 3 + 1 = 8.67 → 8 positions each way, 4 filters.
    expect(act.shape).toEqual([8, 8, 4]);
    const e = await session.evaluate(data);
    expect(e.perImage!.predicted).toHaveLength(32);
    expect(e.accuracy).toBe(outcome.test!.accuracy);
    // While it lives, the session holds only its weights: conv kernel and bias, dense kernel and bias.
    expect(tf.memory().numTensors - before).toBe(4);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const optimizer of ['adam', 'sgd'] as const) {
    it(`2 epochs straight equal 1 epoch + checkpoint + 1 resumed epoch (${optimizer}, cosine, weights within 1e-6)`, async () => {
      const data = halves28();
      const s = settings({ optimizer, learningRate: optimizer === 'adam' ? 0.002 : 0.05, seed: 5 });
      const straight = ModelSession.create(tinyNet(), { seed: 5 });
      await straight.train(data, s, { datasetId: 'mnist' });

      // The same run, stopped by a "reload" right after the first epoch's checkpoint.
      const controller = new TrainController();
      let saved: CheckpointState | undefined;
      const first = ModelSession.create(tinyNet(), { seed: 5 });
      const cut = await first.train(data, s, {
        datasetId: 'mnist', controller,
        onCheckpoint: (state) => { saved = state; controller.stop(); },
      });
      expect(cut.result.status).toBe('stopped');
      expect(saved!.epochsDone).toBe(1);
      expect(saved!.history).toHaveLength(1);
      first.dispose();

      const before = tf.memory().numTensors;
      const resumed = ModelSession.create(tinyNet(), { seed: 99 }); // other random weights: the checkpoint's replace them
      resumed.loadWeights(saved!.weights);
      const out = await resumed.train(data, s, {
        datasetId: 'mnist', resume: { epochsDone: saved!.epochsDone, optimizer: saved!.optimizer, history: saved!.history },
      });
      expect(out.result.epochsCompleted).toBe(2);
      expect(out.summary!.history.map((h) => h.epoch)).toEqual([0, 1]);
      const a = await weightsOf(straight);
      const b = await weightsOf(resumed);
      let worst = 0;
      for (const [name, w] of a) {
        const v = b.get(name)!;
        for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i]! - v[i]!));
      }
      expect(worst).toBeLessThan(1e-6);
      resumed.dispose();
      // The decoded optimizer state was freed too.
      expect(tf.memory().numTensors).toBe(before);
      straight.dispose();
    });
  }

  it('gives the activations of a node worked out by hand', async () => {
    // 3×3 grey image → conv 1@2×2 (valid, linear, bias) → flatten → dense 2.
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 3, width: 3, channels: 1 });
    b.add('c', 'Conv2D', conv(1, 2, { padding: 'valid' }));
    b.add('flatten', 'Flatten', {});
    b.add('out', 'Dense', dense(2, 'softmax'));
    const session = ModelSession.create(b.graph('hand', 'Hand'));
    const layer = session.model.getLayer('c');
    // kernel[y][x] = [[1, 2], [3, 4]], bias 0.5.
    layer.setWeights([tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1]), tf.tensor1d([0.5])]);
    // Image (0/1): [[1,1,0],[0,1,0],[0,0,1]].
    const image = Float32Array.from([1, 1, 0, 0, 1, 0, 0, 0, 1]);
    const act = await session.activations('c', image);
    // (0,0): 1·1 + 1·2 + 0·3 + 1·4 = 7; (0,1): 1·1 + 0·2 + 1·3 + 0·4 = 4;
    // (1,0): 0·1 + 1·2 + 0·3 + 0·4 = 2; (1,1): 1·1 + 0·2 + 0·3 + 1·4 = 5; each + 0.5.
    expect(act.shape).toEqual([2, 2, 1]);
    expect([...act.values]).toEqual([7.5, 4.5, 2.5, 5.5]);
    await expect(session.activations('nope', image)).rejects.toMatchObject({ kind: 'unavailable' });
    session.dispose();
  });

  it('gives the output of a composite block by its own id', async () => {
    const session = ModelSession.create(getPreset('mini_resnet')!.build());
    const block = session.graph.nodes.find((n) => session.graph.nodes.length > 0 && !session.compiled.layerNames[n.id])!;
    const act = await session.activations(block.id, new Float32Array(32 * 32 * 3).fill(0.5));
    expect(act.values.length).toBe(act.shape.reduce((x, y) => x * y, 1));
    session.dispose();
  });

  it('errors carry their kind: too big, data that does not fit, settings', async () => {
    const tooBig = (() => {
      try {
        ModelSession.create(getPreset('vgg16')!.build(), { guard: { batchSize: 64, optimizer: 'adam', budgetBytes: 2e9 } });
      } catch (e) {
        return e;
      }
    })();
    expect(tooBig).toBeInstanceOf(TrainError);
    expect((tooBig as TrainError).kind).toBe('too-big');
    const session = ModelSession.create(tinyNet());
    expect(session.plan('synthetic').problem).toContain('Tiny takes 28×28×1 images but the synthetic shapes are 32×32×3');
    await expect(session.train(halves28(), settings({ epochs: 0 }), { datasetId: 'mnist' })).rejects.toMatchObject({ kind: 'bad-settings' });
    session.dispose();
  });

  it('predicts multi-label data with a sigmoid per label, also from a linear last layer', async () => {
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 2, width: 2, channels: 1 });
    b.add('flatten', 'Flatten', {});
    b.add('out', 'Dense', dense(3, 'linear'));
    const session = ModelSession.create(b.graph('linear3', 'Linear'), { seed: 1 });
    const x = Float32Array.from([0.2, 0.4, 0.6, 0.8]);
    const logits = (session.model.predict(tf.tensor4d(x, [1, 2, 2, 1])) as tf.Tensor).dataSync();
    const multi = await session.predict(x, true);
    const single = await session.predict(x);
    // Each label on its own: sigmoid(z); one class of three: softmax, summing to 1.
    Array.from(logits).forEach((z, i) => expect(multi[i]).toBeCloseTo(1 / (1 + Math.exp(-z)), 5));
    expect(single.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    expect(multi.reduce((a, v) => a + v, 0)).not.toBeCloseTo(1, 2);
    session.dispose();
  });
});
