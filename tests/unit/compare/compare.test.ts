import { describe, expect, it } from 'vitest';
import { alignBlocks, compareGraphs, figuresOf, paramChanges } from '@/lib/compare/compare';
import type { BlockInfo } from '@/lib/compare/stages';
import { getPreset } from '@/presets';
import { chain } from '../helpers';

const block = (id: string, type: string, params: Record<string, number | string> = {}): BlockInfo =>
  ({ id, type, params, geometry: { kernels: [] }, trainable: 0, macs: 0 });

/** Small "A": 8×8×1 → conv 5×5 ×2 (same) → pool 2 → flatten → dense 3. */
const small = () => chain([8, 8, 1],
  ['Conv2D', { filters: 2, kernel: 5, padding: 'same' }], ['MaxPool', { pool: 2, stride: 2 }], ['Flatten'], ['Dense', { units: 3 }]);

/** "B": the same with a 3×3 kernel, LRN added after the conv, and a second stage of one conv at 4×4. */
const bigger = () => chain([8, 8, 1],
  ['Conv2D', { filters: 2, kernel: 3, padding: 'same' }], ['LRN'], ['MaxPool', { pool: 2, stride: 2 }],
  ['Conv2D', { filters: 4, kernel: 3, padding: 'same' }], ['Flatten'], ['Dense', { units: 3 }]);

describe('paramChanges', () => {
  it('lists the params that differ, nested ones with a dotted key', () => {
    expect(paramChanges(block('a', 'Conv2D', { kernel: 5, filters: 6 }), block('b', 'Conv2D', { kernel: 11, filters: 6 })))
      .toEqual([{ key: 'kernel', a: 5, b: 11 }]);
    const ra = { ...block('l', 'Repeat'), params: { block: 'Residual', times: 3, params: { seRatio: 0 } } };
    const rb = { ...block('l', 'Repeat'), params: { block: 'Residual', times: 3, params: { seRatio: 16 } } };
    expect(paramChanges(ra, rb)).toEqual([{ key: 'params.seRatio', a: 0, b: 16 }]);
    // ResNet → ResNeXt: another block; only the params both blocks have are compared.
    const rx = { ...block('l', 'Repeat'), params: { block: 'ResNeXt', times: 3, params: { cardinality: 32, filters: 64 } } };
    const rr = { ...block('l', 'Repeat'), params: { block: 'Residual', times: 3, params: { variant: 'bottleneck', filters: 64 } } };
    expect(paramChanges(rr, rx)).toEqual([{ key: 'block', a: 'Residual', b: 'ResNeXt' }]);
  });

  it('names a change of type and compares only the params both types have', () => {
    expect(paramChanges(block('a', 'Conv2D', { filters: 16, dilation: 1 }), block('b', 'GroupedConv2D', { filters: 256, groups: 2 })))
      .toEqual([{ key: 'type', a: 'Conv2D', b: 'GroupedConv2D' }, { key: 'filters', a: 16, b: 256 }]);
  });
});

describe('alignBlocks', () => {
  it('pairs blocks of one family, marks the others added or removed', () => {
    const rows = alignBlocks(
      [block('c1', 'Conv2D', { kernel: 5 }), block('p', 'MaxPool', { pool: 2 })],
      [block('c1', 'Conv2D', { kernel: 11 }), block('n', 'LRN'), block('p', 'AvgPool', { pool: 2 })],
    );
    expect(rows.map((r) => r.status)).toEqual(['changed', 'added', 'changed']);
    expect(rows[2]!.changes).toEqual([{ key: 'type', a: 'MaxPool', b: 'AvgPool' }]);
  });
});

describe('compareGraphs', () => {
  it('aligns the stages, marks a new stage as added and its blocks too, and gives the figures', () => {
    const c = compareGraphs(small(), bigger());
    expect(c.stages.map((s) => `${s.status}:${s.a?.resolution ?? (s.a?.head ? 'head' : '-')}/${s.b?.resolution ?? (s.b?.head ? 'head' : '-')}`))
      .toEqual(['changed:8/8', 'added:-/4', 'changed:head/head']);
    expect(c.stages[0]!.blocks.map((r) => `${r.status}:${r.a?.id ?? ''}>${r.b?.id ?? ''}`)).toEqual(['changed:n1>n1', 'added:>n2', 'same:n2>n3']);
    expect(c.stages[0]!.blocks[0]!.changes).toEqual([{ key: 'kernel', a: 5, b: 3 }]);
    expect(c.stages[1]!.blocks.map((r) => r.status)).toEqual(['added']);
    // Head: flatten of 4·4·2 = 32 vs 4·4·4 = 64 values feeding the same Dense 3: same params, more weights.
    expect(c.stages[2]!.blocks.map((r) => r.status)).toEqual(['same', 'changed']);
    expect(c.stages[2]!.blocks[1]!.changes).toEqual([{ key: 'trainable', a: 99, b: 195 }]);
    // A: conv 5·5·1·2 + 2 = 52, dense 32·3 + 3 = 99 → 151. B: conv 3·3·1·2 + 2 = 20, conv 3·3·2·4 + 4 = 76, dense 64·3 + 3 = 195 → 291.
    expect(c.a.trainable).toBe(151);
    expect(c.b.trainable).toBe(291);
    // MACs: A 8·8·25·2 = 3,200 + 96 = 3,296. B 8·8·9·2 = 1,152 + LRN 0 + 4·4·18·4 = 1,152 + 192 = 2,496.
    expect(c.a.macs).toBe(3296);
    expect(c.b.macs).toBe(2496);
    expect([c.a.depth, c.b.depth]).toEqual([2, 3]);
    // Receptive field of the last map: A 5 then pool 2 → 6; B 3, pool 2 → 4, conv 3 at jump 2 → 8.
    expect([c.a.receptiveField, c.b.receptiveField]).toEqual([6, 8]);
  });

  it('LeNet-5 → AlexNet: the figures the comparison page shows, from the published counts', () => {
    const a = figuresOf(getPreset('lenet5')!.build());
    const b = figuresOf(getPreset('alexnet')!.build());
    expect(b.trainable - a.trainable).toBe(60_965_224 - 61_706); // +60,903,518
    expect(b.macs - a.macs).toBe(724_406_816 - 416_520); // +723,990,296
    expect([a.depth, b.depth]).toEqual([5, 8]);
    // LeNet-5: 5×5 → pool 2 (6) → 5×5 at jump 2 (14) → pool 2 (16). AlexNet: 11 s4 → pool 3 s2 (19) → 5 at 8 (51)
    // → pool 3 (67) → three 3×3 at 16 (99, 131, 163) → pool 3 (195).
    expect([a.receptiveField, b.receptiveField]).toEqual([16, 195]);
  });

  it('a graph compared with itself is the same everywhere', () => {
    const c = compareGraphs(bigger(), bigger());
    expect(c.stages.every((s) => s.status === 'same' && s.blocks.every((r) => r.status === 'same'))).toBe(true);
  });
});
