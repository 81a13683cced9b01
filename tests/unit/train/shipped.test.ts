/**
 * The trained LeNet-5 that ships with the app (public/models/lenet5-mnist), found by weight
 * signature (lib/train/shipped.ts): the LeNet-5 preset starts from it when the store has nothing
 * of its own, says so, answers with its weights; weights trained in this browser come first, and
 * "Forget" gives random weights for the rest of the page's life.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SessionKeeper } from '@/lib/train/keeper';
import { ShippedCatalogue, shippedNote, type FetchBytes } from '@/lib/train/shipped';
import { weightSignature } from '@/lib/train/signature';
import { MemoryModelStore } from '@/lib/train/store';
import { getPreset } from '@/presets';
import { halves28, tinyNet } from './session-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const PUBLIC = path.join(__dirname, '..', '..', '..', 'public');

/** Reads public/ files as the worker's fetch does, counting the reads. */
function counting(): { fetchBytes: FetchBytes; reads: string[] } {
  const reads: string[] = [];
  return { reads, fetchBytes: async (p) => { reads.push(p); return new Uint8Array(await readFile(path.join(PUBLIC, p))); } };
}

const lenet = () => getPreset('lenet5')!.build();

describe('ShippedCatalogue', () => {
  it('finds the shipped LeNet-5 for the preset\'s weights, reading its graph once and its weights only on a match', async () => {
    const { fetchBytes, reads } = counting();
    const catalogue = new ShippedCatalogue(fetchBytes);
    expect(await catalogue.find(weightSignature(tinyNet())!)).toBeUndefined();
    expect(reads).toEqual(['models/lenet5-mnist/graph.json']);
    const found = await catalogue.find(weightSignature(lenet())!);
    expect(found!.note).toBe('Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST');
    expect(found!.summary).toMatchObject({ datasetId: 'mnist', datasetName: 'MNIST', accuracy: 0.994, epochs: 12, testSamples: 10_000 });
    expect(found!.summary.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(found!.encoded.data.byteLength).toBe(61_706 * 4);
    expect(await catalogue.find(weightSignature(lenet())!)).toBe(found);
    expect(reads.sort()).toEqual(['models/lenet5-mnist/graph.json', 'models/lenet5-mnist/model.json', 'models/lenet5-mnist/weights.bin', 'models/lenet5-mnist/graph.json'].sort());
  });

  it('gives nothing when the files cannot be read (the session keeps random weights)', async () => {
    const catalogue = new ShippedCatalogue(async () => { throw new Error('offline'); });
    expect(await catalogue.find(weightSignature(lenet())!)).toBeUndefined();
  });

  it('words the note with two decimals', () => {
    expect(shippedNote('LeNet-5', 0.994, 'MNIST')).toBe('Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST');
  });
});

describe('the keeper with shipped weights', () => {
  const keeperWith = (store: MemoryModelStore) => new SessionKeeper({
    store, loadDataset: async () => ({ dataset: halves28(), skipped: 0 }), findShipped: (s) => new ShippedCatalogue(counting().fetchBytes).find(s),
  });

  it('starts the LeNet-5 preset from the shipped weights and says so; its filters are the file\'s', async () => {
    const k = keeperWith(new MemoryModelStore());
    const status = await k.open(lenet());
    expect(status.state).toMatchObject({ kind: 'trained', restored: false, edited: false, shipped: 'Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST' });
    const filters = await k.ask({ kind: 'filters', nodeId: 'c1' });
    const manifest = JSON.parse(await readFile(path.join(PUBLIC, 'models/lenet5-mnist/model.json'), 'utf8')).weightsManifest[0].weights as { name: string; shape: number[] }[];
    const bin = await readFile(path.join(PUBLIC, 'models/lenet5-mnist/weights.bin'));
    // c1's kernel comes first in the file: 5×5×1×6 floats.
    expect(manifest[0]!.shape).toEqual([5, 5, 1, 6]);
    const kernel = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + 150 * 4));
    expect([...filters.data]).toEqual([...kernel]);
    // An edit that changes a weight's shape makes them stale, as any trained weights.
    expect((await k.open(tinyNet())).state).toMatchObject({ kind: 'stale', was: { accuracy: 0.994 } });
    k.dispose();
    // A graph without shipped weights starts untrained.
    const other = keeperWith(new MemoryModelStore());
    expect((await other.open(tinyNet())).state.kind).toBe('untrained');
    other.dispose();
  });

  it('weights trained in this browser come first; "Forget" gives random weights until the page closes', async () => {
    const store = new MemoryModelStore();
    const signature = weightSignature(lenet())!;
    const shipped = await new ShippedCatalogue(counting().fetchBytes).find(signature);
    await store.putModel({
      key: signature.key, weights: signature.weights, functionKey: signature.functionKey, graph: lenet(), encoded: shipped!.encoded,
      summary: { ...shipped!.summary, accuracy: 0.5, date: 1 },
    });
    const k = keeperWith(store);
    expect((await k.open(lenet())).state).toMatchObject({ kind: 'trained', restored: true, summary: { accuracy: 0.5 } });
    expect((k.status.state as { shipped?: string }).shipped).toBeUndefined();
    k.dispose();

    const fresh = keeperWith(new MemoryModelStore());
    expect((await fresh.open(lenet())).state).toMatchObject({ kind: 'trained', shipped: expect.any(String) });
    await fresh.ask({ kind: 'forget' });
    expect(fresh.status.state.kind).toBe('untrained');
    const moved = lenet();
    expect((await fresh.open({ ...moved, nodes: moved.nodes.map((n) => ({ ...n, position: { x: n.position.x + 1, y: 0 } })) })).state.kind).toBe('untrained');
    fresh.dispose();
  });
});
