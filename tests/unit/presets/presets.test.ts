/**
 * Every preset against the published numbers (docs/presets.md): trainable params exactly,
 * multiply-adds within 2%, the right output, a filled history card; the minis small enough to train
 * here; and the same totals whether composite blocks are collapsed or expanded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { expandGraph } from '@/lib/graph/expand';
import { parseGraphFile, serializeGraph } from '@/lib/graph/format';
import { getBlock } from '@/lib/blocks';
import { buildGoogLeNet } from '@/presets/googlenet';
import { getPreset, PRESETS } from '@/presets';

/**
 * The reference table of docs/presets.md, typed in by hand (id, trainable params, GMACs). Where the
 * table says "worked out", the arithmetic is in the comment.
 */
const REFERENCE: readonly { id: string; params: number; gmacs: number; classes: number }[] = [
  // LeNet-5: C1 5·5·1·6+6 = 156, C3 5·5·6·16+16 = 2,416, F5 400·120+120 = 48,120,
  // F6 120·84+84 = 10,164, out 84·10+10 = 850 → 61,706.
  // MACs: 28·28·25·6 = 117,600 + 10·10·150·16 = 240,000 + 48,000 + 10,080 + 840 = 416,520.
  { id: 'lenet5', params: 61_706, gmacs: 0.000417, classes: 10 },
  // AlexNet: conv1 11·11·3·96+96 = 34,944; conv2 5·5·48·256+256 = 307,456; conv3 3·3·256·384+384 = 885,120;
  // conv4 3·3·192·384+384 = 663,936; conv5 3·3·192·256+256 = 442,624; fc6 9216·4096+4096 = 37,752,832;
  // fc7 16,781,312; fc8 4,097,000 → 60,965,224. MACs: 55²·363·96 = 105,415,200 + 27²·1200·256 = 223,948,800
  // + 13²·2304·384 = 149,520,384 + 13²·1728·384 = 112,140,288 + 13²·1728·256 = 74,760,192 + 58,621,952 = 724,406,816.
  { id: 'alexnet', params: 60_965_224, gmacs: 0.7244, classes: 1000 },
  // ZFNet: conv1 7·7·3·96+96 = 14,208; conv2 5·5·96·256+256 = 614,656; conv3 885,120; conv4 3·3·384·384+384 = 1,327,488;
  // conv5 3·3·384·256+256 = 884,992; dense 58,631,144 → 62,357,608. MACs: 110²·147·96 = 170,755,200 + 26²·2400·256 = 415,334,400
  // + 149,520,384 + 13²·3456·384 = 224,280,576 + 13²·3456·256 = 149,520,384 + 58,621,952 = 1,168,032,896.
  { id: 'zfnet', params: 62_357_608, gmacs: 1.168, classes: 1000 },
  { id: 'vgg16', params: 138_357_544, gmacs: 15.470, classes: 1000 },
  { id: 'vgg19', params: 143_667_240, gmacs: 19.632, classes: 1000 },
  { id: 'googlenet', params: 6_998_552, gmacs: 1.583, classes: 1000 },
  { id: 'resnet18', params: 11_689_512, gmacs: 1.814, classes: 1000 },
  { id: 'resnet34', params: 21_797_672, gmacs: 3.664, classes: 1000 },
  { id: 'resnet50', params: 25_557_032, gmacs: 4.089, classes: 1000 },
  { id: 'resnet101', params: 44_549_160, gmacs: 7.801, classes: 1000 },
  { id: 'resnet152', params: 60_192_808, gmacs: 11.514, classes: 1000 },
  { id: 'resnext50_32x4d', params: 25_028_904, gmacs: 4.23, classes: 1000 },
  { id: 'densenet121', params: 7_978_856, gmacs: 2.834, classes: 1000 },
  { id: 'densenet169', params: 14_149_480, gmacs: 3.36, classes: 1000 },
  { id: 'se_resnet50', params: 28_088_024, gmacs: 4.092, classes: 1000 },
  { id: 'efficientnet_b0', params: 5_288_548, gmacs: 0.386, classes: 1000 },
  { id: 'mobilenet_v2', params: 3_504_872, gmacs: 0.301, classes: 1000 },
];

const MINIS = ['mini_vgg', 'mini_inception', 'mini_resnet', 'mini_densenet', 'mini_se_resnet', 'mini_mobilenet'];


function firstErrors(a: ReturnType<typeof analyse>): string {
  return a.errors.slice(0, 3).map((e) => `${e.nodeId ?? ''}: ${e.message}`).join('\n');
}

describe('preset registry', () => {
  it('lists every full preset of the reference, in historical order, and every mini', () => {
    const full = PRESETS.filter((p) => p.size === 'full');
    expect(full.map((p) => p.id).sort()).toEqual(REFERENCE.map((r) => r.id).sort());
    // Historical order: years never go back (MobileNetV2, 2018, before EfficientNet-B0, 2019).
    const years = full.map((p) => p.history.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(full.map((p) => p.id).slice(0, 3)).toEqual(['lenet5', 'alexnet', 'zfnet']);
    expect(PRESETS.filter((p) => p.size === 'mini').map((p) => p.id).sort()).toEqual([...MINIS].sort());
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
  });

  it('finds presets by id', () => {
    expect(getPreset('resnet50')?.name).toBe('ResNet-50');
    expect(getPreset('no_such_model')).toBeUndefined();
  });
});

describe('docs/presets.md', () => {
  it('publishes the same reference table as this file, row for row', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../docs/presets.md'), 'utf8');
    const section = doc.split('## The reference table')[1]!.split('\n## ')[0]!;
    // Rows "| id | model | params | GMACs | source |", header and rule left out.
    const rows = section.split('\n').filter((l) => /^\| [a-z]/.test(l) && !l.startsWith('| id |')).map((l) => l.split('|').map((c) => c.trim()));
    expect(rows.map(([, id, , params, gmacs]) => ({ id, params: Number(params!.replace(/,/g, '')), gmacs: Number(gmacs) })))
      .toEqual(REFERENCE.map(({ id, params, gmacs }) => ({ id, params, gmacs })));
  });
});

describe.each(REFERENCE)('$id matches docs/presets.md', (ref) => {
  const preset = getPreset(ref.id);

  it('exists and is full size', () => {
    expect(preset, `preset ${ref.id} missing`).toBeDefined();
    expect(preset!.size).toBe('full');
  });

  it(`has ${ref.params.toLocaleString('en-US')} trainable params, ${ref.gmacs} GMACs (±2%), and a ${ref.classes}-way output`, () => {
    const graph = preset!.build();
    const a = analyse(graph);
    expect(a.valid, firstErrors(a)).toBe(true);
    expect(a.totals.trainable).toBe(ref.params);
    const macs = a.totals.flops;
    expect(Math.abs(macs / (ref.gmacs * 1e9) - 1), `MACs ${macs} vs ${ref.gmacs}e9`).toBeLessThan(0.02);
    expect(a.outputShape).toEqual([ref.classes]);
    expect(graph.meta?.preset).toBe(ref.id);
  });
});

describe('GoogLeNet with auxiliary heads', () => {
  it('adds 2 × (1×1 conv 128 + dense 2048→1024 + dense 1024→1000): 13,378,280 in all', () => {
    // After 4a (512 ch): 512·128+128 = 65,664; 2048·1024+1024 = 2,098,176; 1024·1000+1000 = 1,025,000 → 3,188,840.
    // After 4d (528 ch): 528·128+128 = 67,712 → 3,190,888. 6,998,552 + 3,188,840 + 3,190,888 = 13,378,280.
    const a = analyse(buildGoogLeNet({ auxHeads: true }));
    expect(a.valid, firstErrors(a)).toBe(true);
    expect(a.totals.trainable).toBe(13_378_280);
    expect(a.outputs).toHaveLength(3);
    expect(a.nodes.aux1_pool!.outputShape).toEqual([4, 4, 512]);
  });
});

describe.each(MINIS)('%s is small and trains here', (id) => {
  it('is a valid 32×32×3 → 10 network with under 1M params', () => {
    const preset = getPreset(id);
    expect(preset, `preset ${id} missing`).toBeDefined();
    expect(preset!.size).toBe('mini');
    const graph = preset!.build();
    const a = analyse(graph);
    expect(a.valid, firstErrors(a)).toBe(true);
    expect(a.outputShape).toEqual([10]);
    expect(a.inputs).toHaveLength(1);
    expect(a.nodes[a.inputs[0]!]!.outputShape).toEqual([32, 32, 3]);
    // Big enough to learn MNIST/CIFAR-10-like data, small enough to train in a minute or two on CPU/WASM.
    expect(a.totals.trainable).toBeGreaterThan(40_000);
    expect(a.totals.trainable).toBeLessThan(1_000_000);
    expect(a.totals.flops).toBeLessThan(20e6);
  });
});

describe.each(PRESETS.map((p) => [p.id, p] as const))('%s is well formed', (_id, preset) => {
  it('has a filled history card', () => {
    const h = preset.history;
    expect(h.year).toBeGreaterThanOrEqual(1989);
    expect(h.year).toBeLessThanOrEqual(2025);
    expect(h.paper.length).toBeGreaterThan(10);
    expect(h.venue.length).toBeGreaterThan(3);
    expect(h.idea.length).toBeGreaterThan(30);
    expect(preset.name.length).toBeGreaterThan(2);
    if (preset.size === 'mini') expect(h.notes ?? '').not.toBe('');
  });

  it('has unique node ids, known block types, and edges between its own nodes', () => {
    const graph = preset.build();
    const ids = graph.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_.-]+$/);
    for (const n of graph.nodes) expect(getBlock(n.type), `${n.id}: ${n.type}`).toBeDefined();
    const idSet = new Set(ids);
    for (const e of graph.edges) {
      expect(idSet.has(e.source)).toBe(true);
      expect(idSet.has(e.target)).toBe(true);
    }
    // Built fresh each time: a caller may edit the graph it gets.
    expect(preset.build()).not.toBe(graph);
  });

  it('survives a save and load through the graph file format', () => {
    const graph = preset.build();
    const read = parseGraphFile(serializeGraph(graph));
    expect(read.ok, read.ok ? '' : read.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('\n')).toBe(true);
    if (!read.ok) return;
    expect(read.warnings).toEqual([]);
    expect(read.graph.meta?.preset).toBe(preset.id);
    const a = analyse(graph);
    const b = analyse(read.graph);
    expect(b.totals).toEqual(a.totals);
    expect(b.outputShape).toEqual(a.outputShape);
  });

  it('gives the same totals expanded (deep) as collapsed', () => {
    const graph = preset.build();
    const collapsed = analyse(graph);
    const expanded = expandGraph(graph, { deep: true });
    const b = analyse(expanded);
    expect(b.valid, firstErrors(b)).toBe(true);
    expect(expanded.nodes.every((n) => getBlock(n.type)?.kind === 'primitive')).toBe(true);
    expect(b.totals.trainable).toBe(collapsed.totals.trainable);
    expect(b.totals.nonTrainable).toBe(collapsed.totals.nonTrainable);
    expect(b.totals.flops).toBe(collapsed.totals.flops);
    expect(b.outputShape).toEqual(collapsed.outputShape);
  });
});

describe('non-trainable params are BatchNorm moving statistics', () => {
  it('is 0 for the nets without BatchNorm and equal to the BN gamma/beta count for the rest', () => {
    for (const p of PRESETS) {
      const expanded = expandGraph(p.build(), { deep: true });
      const a = analyse(expanded);
      let bnTrainable = 0;
      for (const n of expanded.nodes) if (n.type === 'BatchNorm') bnTrainable += a.nodes[n.id]!.paramCount.trainable;
      // Moving mean and variance: 2 per channel, as gamma and beta.
      expect(a.totals.nonTrainable, p.id).toBe(bnTrainable);
    }
  });
});
