/**
 * The session keeper (lib/train/keeper.ts) with an in-memory store: weights kept after a run come
 * back in a new keeper (a reload), evaluate to the same accuracy, go stale when a kernel changes
 * and come back on undo; a run cut short resumes; export and import round-trip; forget forgets.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainController } from '@/lib/train/controller';
import { SessionKeeper, type DatasetLoader } from '@/lib/train/keeper';
import type { SessionStatus } from '@/lib/train/session-types';
import { DEFAULT_TRAIN_SETTINGS } from '@/lib/train/settings';
import { weightSignature } from '@/lib/train/signature';
import { MemoryModelStore } from '@/lib/train/store';
import { halves28, tinyNet } from './session-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const loader: DatasetLoader = async () => ({ dataset: halves28(), skipped: 0 });
const settings = { ...DEFAULT_TRAIN_SETTINGS, epochs: 2, batchSize: 16 };

function keeper(store: MemoryModelStore, statuses: SessionStatus[] = []) {
  return new SessionKeeper({ store, loadDataset: loader, onStatus: (s) => statuses.push(s) });
}

describe('SessionKeeper', () => {
  it('keeps trained weights, restores them after a "reload", marks them stale on a kernel edit and back on undo', async () => {
    const store = new MemoryModelStore();
    const statuses: SessionStatus[] = [];
    const k = keeper(store, statuses);
    expect((await k.open(tinyNet())).state.kind).toBe('untrained');
    const outcome = await k.train({ graph: tinyNet(), request: { id: 'mnist' }, settings });
    expect(k.status.state).toMatchObject({ kind: 'trained', restored: false, edited: false });
    expect(statuses.at(-1)!.state.kind).toBe('trained');
    const accuracy = outcome.test!.accuracy;
    const probe = await k.ask({ kind: 'predict', image: { from: 'dataset', split: 'test', index: 3 } });
    k.dispose();

    // A new page: a new keeper on the same store.
    const before = tf.memory().numTensors;
    const again = keeper(store);
    const restored = await again.open(tinyNet());
    expect(restored.state).toMatchObject({ kind: 'trained', restored: true, summary: { accuracy, epochs: 2, datasetId: 'mnist' } });
    expect(restored.resume).toBeUndefined(); // the run finished: its checkpoint is gone
    const evaluation = await again.ask({ kind: 'evaluate' });
    expect(evaluation.accuracy).toBe(accuracy);
    expect(evaluation.predicted).toHaveLength(32);
    const same = await again.ask({ kind: 'predict', image: { from: 'dataset', split: 'test', index: 3 } });
    expect([...same.probabilities]).toEqual([...probe.probabilities]);
    expect(same.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

    // Test images come back as stored, with their labels.
    const images = await again.ask({ kind: 'test-images', indices: [0, 5] });
    expect(images.shape).toEqual([28, 28, 1]);
    expect(images.pixels).toHaveLength(2 * 784);
    expect([...images.labels]).toEqual([0, 1]);

    // An edit that keeps the weights (moving the nodes) keeps them; a kernel edit does not.
    const moved = tinyNet();
    const m = { ...moved, nodes: moved.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y } })) };
    expect((await again.open(m)).state).toMatchObject({ kind: 'trained', edited: false });
    const stale = await again.open(tinyNet(3));
    expect(stale.state).toMatchObject({ kind: 'stale', why: expect.stringContaining("conv's kernel is now 3×3×1×4 (it was 5×5×1×4)") });
    // Stale: the session answers with random weights for the new graph.
    expect((await again.ask({ kind: 'predict', image: { from: 'dataset', split: 'test', index: 3 } })).probabilities).toHaveLength(10);
    expect((await again.open(tinyNet())).state).toMatchObject({ kind: 'trained', restored: true });
    again.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('offers to resume a run cut short, and the resumed run ends where a straight one would', async () => {
    const store = new MemoryModelStore();
    const k = keeper(store);
    const controller = new TrainController();
    // When the page hears that an epoch ended, its checkpoint is already stored (a reload then resumes).
    const storedWhenTold: (number | undefined)[] = [];
    const key = weightSignature(tinyNet())!.key;
    await k.train({
      graph: tinyNet(), request: { id: 'mnist' }, settings, controller,
      onEpoch: async () => { storedWhenTold.push((await store.getCheckpoint(key))?.epochsDone); controller.stop(); },
    });
    expect(storedWhenTold).toEqual([1]);
    k.dispose();
    const again = keeper(store);
    const status = await again.open(tinyNet());
    expect(status.resume).toMatchObject({ epochsDone: 1, epochs: 2, datasetId: 'mnist' });
    expect(status.resume!.history).toHaveLength(1);
    const out = await again.train({ graph: tinyNet(), request: { id: 'mnist' }, settings, resume: true });
    expect(out.result.epochsCompleted).toBe(2);
    expect(again.status.resume).toBeUndefined();

    const straight = keeper(new MemoryModelStore());
    const ref = await straight.train({ graph: tinyNet(), request: { id: 'mnist' }, settings });
    expect(out.test!.accuracy).toBe(ref.test!.accuracy);
    again.dispose();
    straight.dispose();
  });

  it('exports model.json + weights.bin + graph.json that import into another browser; forget forgets', async () => {
    const k = keeper(new MemoryModelStore());
    await k.train({ graph: tinyNet(), request: { id: 'mnist' }, settings });
    const files = await k.ask({ kind: 'export' });
    const manifest = JSON.parse(files.modelJson);
    expect(manifest.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(files.weightsBin.byteLength).toBe(4 * (5 * 5 * 1 * 4 + 4 + 8 * 8 * 4 * 10 + 10));
    const p = await k.ask({ kind: 'predict', image: { from: 'dataset', split: 'test', index: 7 } });

    const other = keeper(new MemoryModelStore());
    await other.open(tinyNet());
    const imported = await other.ask({ kind: 'import', files });
    expect(imported.fitsOpenGraph).toBe(true);
    expect(other.status.state.kind).toBe('trained');
    const q = await other.ask({ kind: 'predict', image: { from: 'dataset', split: 'test', index: 7 } });
    expect([...q.probabilities]).toEqual([...p.probabilities]);

    await expect(other.ask({ kind: 'import', files: { ...files, weightsBin: files.weightsBin.subarray(4) } })).rejects.toMatchObject({ kind: 'weights-do-not-fit' });
    await other.ask({ kind: 'forget' });
    expect(other.status.state.kind).toBe('untrained');
    k.dispose();
    other.dispose();
  });

  it('keeps the loss and test-time augmentation with the weights: a reload says what they were trained with and tests the same way', async () => {
    const store = new MemoryModelStore();
    const k = keeper(store);
    const withTta = { ...settings, loss: 'focal' as const, tta: true };
    const outcome = await k.train({ graph: tinyNet(), request: { id: 'mnist' }, settings: withTta });
    // Both tests of the final weights: with the crops (the headline) and without (beside it).
    expect(outcome.test!.crops).toEqual({ count: 5, padding: 4, mirrored: false });
    expect(outcome.testWithoutTta!.tta).toBe('none');
    expect(outcome.summary).toMatchObject({ accuracy: outcome.test!.accuracy, accuracyWithoutTta: outcome.testWithoutTta!.accuracy });
    k.dispose();

    const again = keeper(store);
    const restored = await again.open(tinyNet());
    if (restored.state.kind !== 'trained') throw new Error('expected trained weights');
    expect(restored.state.summary.settings).toMatchObject({ loss: 'focal', tta: true, augment: false });
    // "Evaluate again" tests as the run did, with the crops and the focal loss: the same figures.
    const evaluation = await again.ask({ kind: 'evaluate' });
    expect(evaluation.crops).toEqual({ count: 5, padding: 4, mirrored: false });
    expect(evaluation.accuracy).toBe(outcome.test!.accuracy);
    expect(evaluation.loss).toBeCloseTo(outcome.test!.loss, 6);
    again.dispose();
  });

  it('completes settings stored before the loss and TTA were settings: the dataset\'s default loss, no TTA', async () => {
    const store = new MemoryModelStore();
    const k = keeper(store);
    await k.train({ graph: tinyNet(), request: { id: 'mnist' }, settings });
    const record = (await store.getModel(weightSignature(tinyNet())!.key))!;
    // As a record of an older version holds it: no loss, no tta.
    const old = Object.fromEntries(Object.entries(record.summary.settings).filter(([k]) => k !== 'loss' && k !== 'tta'));
    await store.putModel({ ...record, summary: { ...record.summary, settings: old as typeof record.summary.settings } });
    k.dispose();
    const again = keeper(store);
    const restored = await again.open(tinyNet());
    expect(restored.state).toMatchObject({ kind: 'trained', summary: { settings: { loss: 'cross-entropy', tta: false } } });
    again.dispose();
  });
});
