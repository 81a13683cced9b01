import { describe, expect, it } from 'vitest';
import { compareGraphs } from '@/lib/compare/compare';
import { nodeDiffs, pairKey } from '@/lib/compare/nodes';
import { getPreset } from '@/presets';
import { chain } from '../helpers';

describe('nodeDiffs', () => {
  it('LeNet-5 → AlexNet: every node of both graphs, paired as the stage rows pair them', () => {
    const a = getPreset('lenet5')!.build();
    const b = getPreset('alexnet')!.build();
    const d = nodeDiffs(compareGraphs(a, b));
    // Every node of each graph has its entry: 9 in LeNet-5, 17 in AlexNet.
    expect([...d.a.keys()].sort()).toEqual(a.nodes.map((n) => n.id).sort());
    expect([...d.b.keys()].sort()).toEqual(b.nodes.map((n) => n.id).sort());

    // C1 (5×5, 6 filters, stride 1) became conv1 (11×11, 96 filters, stride 4): changed, on both sides.
    expect(d.a.get('c1')).toEqual({
      status: 'changed', key: 'c1|conv1', counterpart: 'conv1',
      changes: [{ key: 'filters', a: 6, b: 96 }, { key: 'kernel', a: 5, b: 11 }, { key: 'stride', a: 1, b: 4 }],
    });
    expect(d.b.get('conv1')).toMatchObject({ status: 'changed', key: 'c1|conv1', counterpart: 'c1' });
    // The 32×32 grey digit became a 227×227 colour photo.
    expect(d.a.get('input')!.changes).toEqual([{ key: 'channels', a: 1, b: 3 }, { key: 'height', a: 32, b: 227 }, { key: 'width', a: 32, b: 227 }]);
    // C3 → conv2: another conv type of the same family (AlexNet's two-GPU groups).
    expect(d.b.get('conv2')).toMatchObject({ status: 'changed', counterpart: 'c3' });
    expect(d.b.get('conv2')!.changes[0]).toEqual({ key: 'type', a: 'Conv2D', b: 'GroupedConv2D' });
    // Pools 2×2 → 3×3 (overlapping pooling), dense layers wider.
    expect(d.a.get('s2')).toMatchObject({ status: 'changed', counterpart: 'pool1', changes: [{ key: 'pool', a: 2, b: 3 }] });
    expect(d.a.get('output')).toMatchObject({ status: 'changed', counterpart: 'fc8', changes: [{ key: 'units', a: 10, b: 1000 }] });
    expect(d.a.get('flatten')).toEqual({ status: 'same', key: 'flatten|flatten', counterpart: 'flatten', changes: [] });

    // AlexNet's own: two LRNs, the third stage's three convs and its pool, two dropouts. LeNet-5 loses nothing.
    const added = [...d.b].filter(([, x]) => x.status === 'added').map(([id]) => id);
    expect(added).toEqual(['norm1', 'norm2', 'conv3', 'conv4', 'conv5', 'pool5', 'drop6', 'drop7']);
    expect(d.b.get('conv3')).toEqual({ status: 'added', key: '|conv3', changes: [] });
    expect([...d.a.values()].filter((x) => x.status === 'removed')).toEqual([]);
  });

  it('a removed pool has no counterpart; the Dense after it reads a bigger map', () => {
    // A: 8×8×1 → conv 5×5 ×2 (same) → pool 2 → flatten → dense 3. B: the same without the pool.
    const a = chain([8, 8, 1], ['Conv2D', { filters: 2, kernel: 5, padding: 'same' }], ['MaxPool', { pool: 2, stride: 2 }], ['Flatten'], ['Dense', { units: 3 }]);
    const b = chain([8, 8, 1], ['Conv2D', { filters: 2, kernel: 5, padding: 'same' }], ['Flatten'], ['Dense', { units: 3 }]);
    const d = nodeDiffs(compareGraphs(a, b));
    expect([...d.a].map(([id, x]) => `${id}:${x.status}:${x.counterpart ?? '-'}`))
      .toEqual(['in:same:in', 'n1:same:n1', 'n2:removed:-', 'n3:same:n2', 'n4:changed:n3']);
    expect(d.a.get('n2')!.key).toBe('n2|');
    // Dense 3 reading 4·4·2 = 32 values: 32·3 + 3 = 99 weights; reading 8·8·2 = 128: 128·3 + 3 = 387.
    expect(d.b.get('n3')!.changes).toEqual([{ key: 'trainable', a: 99, b: 387 }]);
    // B has no node without a partner.
    expect([...d.b.values()].map((x) => x.status)).toEqual(['same', 'same', 'same', 'changed']);
  });

  it('pairKey names both ends, or one', () => {
    const block = { id: 'x', type: 'Conv2D', params: {}, geometry: { kernels: [] }, trainable: 0, macs: 0 };
    expect(pairKey({ a: block, b: { ...block, id: 'y' } })).toBe('x|y');
    expect(pairKey({ b: block })).toBe('|x');
  });
});
