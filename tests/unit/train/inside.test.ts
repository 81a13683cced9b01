/**
 * "Look inside" through the session keeper (lib/train/inside.ts): each view answered for the kept
 * model and a test image, the image the one the dataset holds (a feature map worked out by hand
 * from the kernel and the pixels), the same numbers as lib/viz called on the same weights, errors
 * for people with a kind, no tensor left behind; and the feature evolution recorded while
 * training, kept with the weights and the checkpoints, and continued by a resumed run.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainController } from '@/lib/train/controller';
import { SessionKeeper, type DatasetLoader } from '@/lib/train/keeper';
import { ModelSession } from '@/lib/train/session';
import { DEFAULT_TRAIN_SETTINGS } from '@/lib/train/settings';
import { MemoryModelStore } from '@/lib/train/store';
import { sessionVizModel } from '@/lib/train/inside';
import { deconvnet } from '@/lib/viz';
import { halves28, tinyNet } from './session-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = halves28();
const loader: DatasetLoader = async () => ({ dataset: halves28(), skipped: 0 });
const settings = { ...DEFAULT_TRAIN_SETTINGS, epochs: 2, batchSize: 16 };
const keeper = (store = new MemoryModelStore()) => new SessionKeeper({ store, loadDataset: loader });
const testImage = (index: number) => ({ from: 'dataset', split: 'test', index } as const);

describe('Look inside through the keeper', () => {
  it('answers feature maps of a test image: the conv worked out by hand from its kernel and the image\'s pixels', async () => {
    const k = keeper();
    await k.open(tinyNet());
    // Random weights and no training: which dataset the test image comes from must be said.
    await expect(k.ask({ kind: 'feature-maps', nodeId: 'conv', image: testImage(3) })).rejects.toMatchObject({ kind: 'unavailable', message: expect.stringContaining('Which data?') });
    const maps = await k.ask({ kind: 'feature-maps', nodeId: 'conv', image: testImage(3), dataset: 'mnist' });
    expect(maps.shape).toEqual([8, 8, 4]);
    expect(maps.channels).toHaveLength(4);
    expect(maps.seconds).toBeGreaterThanOrEqual(0);
    const session = await k.model();
    const [kernel, bias] = session.model.getLayer(session.compiled.layerNames.conv!).getWeights().map((w) => w.dataSync());
    const pixels = data.sample('test', 3).pixels;
    // conv 4@5×5, stride 3, valid, ReLU: out[y][x][f] = max(0, Σ_ij img[3y+i][3x+j]·K[i][j][0][f] + b[f]).
    for (const [y, x, f] of [[0, 0, 0], [2, 5, 1], [7, 7, 3], [4, 1, 2]] as const) {
      let sum = bias![f]!;
      for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) sum += pixels[(3 * y + i) * 28 + 3 * x + j]! * kernel![(i * 5 + j) * 4 + f]!;
      expect(maps.data[(y * 8 + x) * 4 + f]).toBeCloseTo(Math.max(0, sum), 5);
    }
    // The same digit as stored bytes (what the page gets from 'test-images') gives the same maps.
    const stored = await k.ask({ kind: 'test-images', indices: [3], dataset: 'mnist' });
    const fromPixels = await k.ask({ kind: 'feature-maps', nodeId: 'conv', image: { from: 'pixels', pixels: stored.pixels, shape: stored.shape } });
    expect([...fromPixels.data]).toEqual([...maps.data]);
    k.dispose();
  });

  it('answers every view as lib/viz does for the same weights, and leaves no tensor behind', async () => {
    const k = keeper();
    await k.train({ graph: tinyNet(), request: { id: 'mnist' }, settings, evolution: false });
    const image = testImage(5);
    // The first answer builds the views' sub-models (they share the model's weights: no tensors of their own).
    await k.ask({ kind: 'feature-maps', nodeId: 'conv', image });
    const before = tf.memory().numTensors;

    const all = await k.ask({ kind: 'projection', rule: 'all', nodeId: 'conv', channel: 1, image });
    expect(Object.keys(all.projections).sort()).toEqual(['deconvnet', 'gradient', 'guided']);
    const direct = await deconvnet(sessionVizModel(await k.model()), data.sample('test', 5).pixels, { node: 'conv', channel: 1 });
    expect([...all.projections.deconvnet!.data]).toEqual([...direct.data]);
    expect(all.projections.deconvnet!.method).toBe('switches');
    const guided = await k.ask({ kind: 'projection', rule: 'guided', nodeId: 'conv', channel: 1, image });
    expect(Object.keys(guided.projections)).toEqual(['guided']);
    expect([...guided.projections.guided!.data]).toEqual([...all.projections.guided!.data]);

    const f = await k.ask({ kind: 'filters', nodeId: 'conv' });
    expect(f.shape).toEqual([5, 5, 1, 4]);
    expect(f.readsImage).toBe(true);
    const session = await k.model();
    expect([...f.data]).toEqual([...session.model.getLayer(session.compiled.layerNames.conv!).getWeights()[0]!.dataSync()]);

    // Top-9 over the 32 test images: strongest first, each image's strongest value of the channel.
    const top = await k.ask({ kind: 'top9', nodeId: 'conv', channel: 2 });
    expect(top.searched).toBe(32);
    expect(top.datasetName).toBe('Halves');
    expect(top.hits).toHaveLength(9);
    const peaks: number[] = [];
    for (let i = 0; i < 32; i++) {
      const m = await k.ask({ kind: 'feature-maps', nodeId: 'conv', image: testImage(i) });
      peaks.push(Math.max(...Array.from({ length: 64 }, (_, p) => m.data[p * 4 + 2]!)));
    }
    const best = [...peaks].sort((a, b) => b - a).slice(0, 9);
    expect(top.hits.map((h) => h.value)).toEqual(best.map((v) => expect.closeTo(v, 5)));
    expect(top.hits[0]!.label).toBe(data.sample('test', top.hits[0]!.index).label);

    const occ = await k.ask({ kind: 'occlusion', image, class: 1, size: 14, stride: 14 });
    expect(occ.probability.shape).toEqual([2, 2]);
    expect(occ.class).toBe(1);
    const cam = await k.ask({ kind: 'gradcam', image, class: 0 });
    expect(cam.map.shape).toEqual([8, 8]);
    expect(cam.upsampled.shape).toEqual([28, 28]);
    const sal = await k.ask({ kind: 'saliency', image });
    expect(sal.map.shape).toEqual([28, 28]);
    expect(sal.probabilities).toHaveLength(10);

    expect(tf.memory().numTensors).toBe(before);
    k.dispose();
  });

  it('says what is wrong with a question, with the kind "unavailable"', async () => {
    const k = keeper();
    await k.open(tinyNet());
    await expect(k.ask({ kind: 'filters', nodeId: 'flatten' })).rejects.toMatchObject({
      kind: 'unavailable', message: 'flatten is a Flatten, which has no filters to draw; choose a convolution',
    });
    await expect(k.ask({ kind: 'projection', rule: 'deconvnet', nodeId: 'conv', channel: 9, image: testImage(0), dataset: 'mnist' })).rejects.toMatchObject({
      kind: 'unavailable', message: 'Channel 9 is out of range: conv has 4 channels, 0 to 3',
      // The view's sentence travels as data, for the page to word in its language.
      said: { key: 'errors.viz.channelRange', values: expect.objectContaining({ channel: 9, node: 'conv', count: 4, last: 3 }) },
    });
    await expect(k.ask({ kind: 'feature-maps', nodeId: 'cnov', image: testImage(0), dataset: 'mnist' })).rejects.toMatchObject({
      kind: 'unavailable', message: expect.stringMatching(/^No node 'cnov' in this model/),
    });
    // Random weights have no evolution.
    expect((await k.ask({ kind: 'evolution' })).evolution).toBeNull();
    k.dispose();
  });
});

describe('feature evolution while training', () => {
  it('snapshots the filters and maps before training and after each epoch, kept with the weights', async () => {
    const store = new MemoryModelStore();
    const k = keeper(store);
    await k.train({ graph: tinyNet(), request: { id: 'mnist' }, settings });
    const { evolution } = await k.ask({ kind: 'evolution' });
    expect(evolution!.views).toEqual([{ kind: 'filters', node: 'conv' }, { kind: 'activations', node: 'conv' }]);
    expect(evolution!.snapshots.map((s) => s.epoch)).toEqual([0, 1, 2]);
    // The probe is test image 0.
    expect([...evolution!.image.data]).toEqual([...data.sample('test', 0).pixels]);
    // Epoch 0 is the seeded start; the last snapshot is the trained kernel.
    const fresh = ModelSession.create(tinyNet(), { seed: settings.seed });
    const start = fresh.model.getLayer(fresh.compiled.layerNames.conv!).getWeights()[0]!.dataSync();
    expect([...evolution!.snapshots[0]!.maps[0]!.data]).toEqual([...start]);
    fresh.dispose();
    const f = await k.ask({ kind: 'filters', nodeId: 'conv' });
    expect([...evolution!.snapshots[2]!.maps[0]!.data]).toEqual([...f.data]);
    expect(evolution!.snapshots[1]!.maps[0]!.data).not.toEqual(evolution!.snapshots[0]!.maps[0]!.data);
    k.dispose();

    // A new page: it comes back from the store with the weights.
    const again = keeper(store);
    await again.open(tinyNet());
    const back = await again.ask({ kind: 'evolution' });
    expect(back.evolution!.snapshots.map((s) => s.epoch)).toEqual([0, 1, 2]);
    expect([...back.evolution!.snapshots[2]!.maps[1]!.data]).toEqual([...evolution!.snapshots[2]!.maps[1]!.data]);
    again.dispose();
  });

  it('a run cut short keeps its record in the checkpoint, and the resumed run goes on with it', async () => {
    const store = new MemoryModelStore();
    const k = keeper(store);
    const controller = new TrainController();
    await k.train({ graph: tinyNet(), request: { id: 'mnist' }, settings: { ...settings, epochs: 3 }, controller, onEpoch: () => controller.stop() });
    k.dispose();
    const again = keeper(store);
    await again.open(tinyNet());
    const signatureKey = (await again.model()).signature.key;
    const cp = await store.getCheckpoint(signatureKey);
    expect(cp!.evolution!.snapshots.map((s) => s.epoch)).toEqual([0, 1]);
    await again.train({ graph: tinyNet(), request: { id: 'mnist' }, settings: { ...settings, epochs: 3 }, resume: true });
    const { evolution } = await again.ask({ kind: 'evolution' });
    expect(evolution!.snapshots.map((s) => s.epoch)).toEqual([0, 1, 2, 3]);
    again.dispose();
  });
});
