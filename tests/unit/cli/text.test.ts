/** The command line's text helpers and summary builders, in process (fast, no child process). */
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { bufferIO } from '@/lib/cli/io.node';
import { main } from '@/lib/cli/main.node';
import { summaryJson, summaryTable } from '@/lib/cli/summary.node';
import { formatCount, humanBytes, humanCount, renderTable } from '@/lib/cli/text';
import type { Graph } from '@/lib/graph/types';

describe('humanCount', () => {
  it('writes counts as model cards do', () => {
    expect(humanCount(25_557_032)).toBe('25.6M');
    expect(humanCount(61_706)).toBe('61.7K');
    expect(humanCount(138_357_544)).toBe('138.4M');
    expect(humanCount(950)).toBe('950');
    expect(humanCount(0)).toBe('0');
    expect(humanCount(1_200_000_000)).toBe('1.2B');
    expect(humanCount(4_089_184_256, 2, 'G')).toBe('4.09G');
    // Rounding that reaches the next unit moves to it: 999,960 is "1.0M", not "1000.0K".
    expect(humanCount(999_960)).toBe('1.0M');
    expect(humanCount(-61_706)).toBe('-61.7K');
  });

  it('formatCount groups digits whatever the locale', () => {
    expect(formatCount(25_557_032)).toBe('25,557,032');
    expect(formatCount(0)).toBe('0');
  });

  it('humanBytes uses binary units', () => {
    expect(humanBytes(512)).toBe('512 B');
    expect(humanBytes(1536)).toBe('1.5 KiB');
    // LeNet-5's 61,706 float32 params: 246,824 bytes / 1024 = 241.04 KiB.
    expect(humanBytes(61_706 * 4)).toBe('241.0 KiB');
    expect(humanBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
});

describe('renderTable', () => {
  it('sizes columns to their widest cell, right-aligns numbers, rules the header', () => {
    const lines = renderTable([{ title: 'Node' }, { title: 'Params', align: 'right' }], [['conv1', '156'], ['f5', '48,120']]);
    expect(lines).toEqual([
      'Node   Params',
      '─────  ──────',
      'conv1     156',
      'f5     48,120',
    ]);
  });
});

describe('summary of a hand-built graph', () => {
  /*
   * Input 16×16×3 → Conv2D 8@3×3 stride 2, same, no bias → BatchNorm → GlobalAvgPool → Dense 5.
   *   conv: 3·3·3·8 = 216 params; out ⌈16/2⌉ = 8 → 8×8×8; MACs 8·8·27·8 = 13,824
   *   BN: 2·8 = 16 trainable, 16 non-trainable;  GAP → 8;  dense: 8·5 + 5 = 45 params, 40 MACs
   *   totals: 216 + 16 + 45 = 277 trainable, 16 non-trainable, 13,864 MACs.
   */
  const g: Graph = {
    meta: { name: 'hand' },
    nodes: [
      { id: 'in', type: 'Input', params: { height: 16, width: 16, channels: 3 }, position: { x: 0, y: 0 } },
      { id: 'conv', type: 'Conv2D', params: { filters: 8, kernel: 3, stride: 2, useBias: false }, position: { x: 0, y: 0 } },
      { id: 'bn', type: 'BatchNorm', params: {}, position: { x: 0, y: 0 } },
      { id: 'gap', type: 'GlobalAvgPool', params: {}, position: { x: 0, y: 0 } },
      { id: 'fc', type: 'Dense', params: { units: 5 }, position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: 'a', source: 'in', target: 'conv', targetPort: 0 },
      { id: 'b', source: 'conv', target: 'bn', targetPort: 0 },
      { id: 'c', source: 'bn', target: 'gap', targetPort: 0 },
      { id: 'd', source: 'gap', target: 'fc', targetPort: 0 },
    ],
  };

  it('summaryJson has the totals and one entry per node in order', () => {
    const s = summaryJson('hand', analyse(g));
    expect(s).toMatchObject({ name: 'hand', trainableParams: 277, nonTrainableParams: 16, flops: 13_864, outputShape: [5] });
    expect(s.nodes.map((n) => n.id)).toEqual(['in', 'conv', 'bn', 'gap', 'fc']);
    expect(s.nodes[2]).toMatchObject({ type: 'BatchNorm', params: 32, trainableParams: 16, nonTrainableParams: 16, flops: 0 });
    expect(s.nodes[1]).toMatchObject({ outputShape: [8, 8, 8], params: 216, flops: 13_824, receptiveField: { size: 3, jump: 2 } });
  });

  it('summaryTable lists non-trainable params and says where they come from', () => {
    const text = summaryTable('hand', analyse(g), false).join('\n');
    expect(text).toMatch(/^bn\s+BatchNorm\s+8×8×8\s+32\s+0\s+3\s+2$/m);
    expect(text).toMatch(/^Non-trainable params:\s+16\s+\(BatchNorm moving mean and variance\)$/m);
    expect(text).toMatch(/^Total params:\s+293\s+/m);
  });
});

describe('main, in process', () => {
  it('routes help and unknown commands, and returns exit codes', async () => {
    const io = bufferIO();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^layerwise: design, check and train/);
    const bad = bufferIO();
    expect(await main(['presetz'], bad)).toBe(2);
    expect(bad.stderr()).toMatch(/unknown command 'presetz'; did you mean 'presets'\?/);
  });
});
