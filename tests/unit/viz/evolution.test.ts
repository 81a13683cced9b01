/** Feature evolution: snapshots of chosen views, kept in order, and their JSON round trip. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addSnapshot, decodeEvolution, encodeEvolution, evolutionEpochs, evolutionStrip, snapshot, startEvolution,
} from '@/lib/viz';
import { chain } from '../helpers';
import { switchBackend } from '../tf-setup';
import { leakFree, rounded, setWeights, vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

describe('feature evolution', () => {
  it('takes Zeiler & Fergus\'s epochs up to the run\'s length, and the last one', () => {
    expect(evolutionEpochs(64)).toEqual([1, 2, 5, 10, 20, 30, 40, 64]);
    expect(evolutionEpochs(12)).toEqual([1, 2, 5, 10, 12]);
    expect(evolutionEpochs(1)).toEqual([1]);
  });

  it('snapshots each view as the weights change, keeps them in epoch order, and survives JSON', async () => {
    const vm = vizOf(chain([2, 2, 1], ['Conv2D', { filters: 1, kernel: 1, activation: 'relu', useBias: false }]));
    const image = { shape: [2, 2, 1], data: new Float32Array([1, -2, 0, 3]) };
    let ev = startEvolution(image, [{ kind: 'activations', node: 'n1' }, { kind: 'filters', node: 'n1' }, { kind: 'deconvnet', node: 'n1', channel: 0 }]);
    // "Training": the weight goes 1 → 2 → −1.
    for (const [epoch, w] of [[2, 2], [1, 1], [5, -1]] as const) {
      setWeights(vm, 'n1', [[w], [1, 1, 1, 1]]);
      ev = addSnapshot(ev, await leakFree(() => snapshot(vm, ev, epoch)));
    }
    expect(ev.snapshots.map((s) => s.epoch)).toEqual([1, 2, 5]);
    // Activations ReLU(w·x); filters [w]; deconvnet of the strongest unit (value v at pixel p): v·w at p.
    expect(evolutionStrip(ev, 0).map((f) => rounded(f.map.data))).toEqual([[1, 0, 0, 3], [2, 0, 0, 6], [0, 2, 0, 0]]);
    expect(evolutionStrip(ev, 1).map((f) => rounded(f.map.data))).toEqual([[1], [2], [-1]]);
    expect(evolutionStrip(ev, 2).map((f) => rounded(f.map.data))).toEqual([[0, 0, 0, 3], [0, 0, 0, 12], [0, -2, 0, 0]]);

    const json = JSON.parse(JSON.stringify(encodeEvolution(ev)));
    expect(typeof json.snapshots[0].maps[0].data).toBe('string');
    const back = decodeEvolution(json);
    expect(back.views).toEqual(ev.views);
    expect(back.snapshots.map((s) => s.maps.map((m) => Array.from(m.data)))).toEqual(ev.snapshots.map((s) => s.maps.map((m) => Array.from(m.data))));
    expect(Array.from(back.image.data)).toEqual([1, -2, 0, 3]);
    vm.model.dispose();
  });

  it('says what is damaged in a saved evolution', () => {
    const ev = encodeEvolution(startEvolution({ shape: [1], data: new Float32Array([1]) }, [{ kind: 'filters', node: 'c1' }]));
    expect(() => decodeEvolution({ ...ev, version: 2 })).toThrow(/unknown version/);
    expect(() => decodeEvolution({ ...ev, image: { shape: [2], data: ev.image.data } })).toThrow(/image: 4 bytes for 2 numbers \(8 expected\)/);
    expect(() => decodeEvolution({ ...ev, snapshots: [{ epoch: 1, maps: [] }] })).toThrow(/snapshots\[0\] needs an epoch and 1 maps/);
  });
});
