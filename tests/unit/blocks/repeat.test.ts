import { describe, expect, it } from 'vitest';
import { getBlock } from '@/lib/blocks';
import { repeat, type RepeatParams } from '@/lib/blocks/repeat';
import { compile } from '@/lib/compile';
import { analyse } from '@/lib/graph/analyse';
import { expandGraph } from '@/lib/graph/expand';
import { parseGraphFile, serializeGraph } from '@/lib/graph/format';
import type { CustomBlockDef, Graph, ParamRecord } from '@/lib/graph/types';
import { chain, edge, node, type Layer } from '../helpers';
import { switchBackend, tf } from '../tf-setup';
import { expectExpandedAgrees } from './composite-check';

const rep = (block: string, times: number, params: ParamRecord = {}): Layer => ['Repeat', { block, times, params }];

/** torchvision's ResNet: 7×7/2 stem + max-pool, four Repeat stages, pooling, 1000-way dense. */
function resnet(variant: 'basic' | 'bottleneck', times: readonly number[], seRatio = 0): Graph {
  return chain([224, 224, 3],
    ['Conv2D', { filters: 64, kernel: 7, stride: 2, useBias: false }], ['BatchNorm'], ['Activation', { fn: 'relu' }],
    ['MaxPool', { pool: 3, stride: 2, padding: 'same' }],
    ...times.map((n, i) => rep('Residual', n, { variant, filters: 64 << i, stride: i === 0 ? 1 : 2, seRatio })),
    ['GlobalAvgPool'], ['Dense', { units: 1000 }]);
}

describe('Repeat', () => {
  it('ResNet-50 layer1 = 3 bottlenecks of 64 on 56×56×64: 215,808 params, 667,942,912 MACs', () => {
    const a = analyse(chain([56, 56, 64], rep('Residual', 3, { variant: 'bottleneck', filters: 64 })));
    expect(a.valid).toBe(true);
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([56, 56, 256]);
    // Block 1 (64 → 256, with projection): 75,008 (see residual.test.ts).
    // Blocks 2 and 3 (256 → 256, identity): conv1 256×64 = 16,384 + bn 128; conv2 9×64×64 = 36,864
    //   + bn 128; conv3 64×256 = 16,384 + bn 512 → 70,400 each.
    // 75,008 + 2×70,400 = 215,808 (torchvision's layer1).
    // Moving stats: 1,280 + 2×(128 + 128 + 512) = 2,816.
    expect(n.paramCount).toEqual({ trainable: 215_808, nonTrainable: 2_816 });
    // Block 1: 231,211,008. Blocks 2, 3: 3,136×(16,384 + 36,864 + 16,384 = 69,632) = 218,365,952 each.
    // 231,211,008 + 2×218,365,952 = 667,942,912
    expect(n.flops).toBe(667_942_912);
    // Three blocks of (1×1, 3×3, 1×1): 1 + 3×2 = 7.
    expect(n.receptiveField).toEqual({ size: 7, jump: 1 });
  });

  it('gives the first copy the stride and the channel change, the others stride 1', () => {
    const a = analyse(chain([56, 56, 256], rep('Residual', 4, { variant: 'bottleneck', filters: 128, stride: 2 })));
    const n = a.nodes.n1!;
    expect(n.outputShape).toEqual([28, 28, 512]);
    const sub = n.innerGraph!;
    expect(sub.nodes.map((x) => x.id)).toEqual(['residual1', 'residual2', 'residual3', 'residual4']);
    expect(sub.nodes.map((x) => x.params.stride)).toEqual([2, 1, 1, 1]);
    // Each copy carries the full params (defaults filled in), so an opened Repeat reads plainly.
    expect(sub.nodes[1]!.params).toEqual({ variant: 'bottleneck', filters: 128, stride: 1, seRatio: 0 });
    expect(sub.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['residual1->residual2', 'residual2->residual3', 'residual3->residual4']);
    // Only the first copy needs a projection shortcut.
    expect(n.inner!.nodes.residual1!.innerGraph!.nodes.some((x) => x.id === 'downsample')).toBe(true);
    expect(n.inner!.nodes.residual2!.innerGraph!.nodes.some((x) => x.id === 'downsample')).toBe(false);
  });

  it('repeats blocks without a stride param as they are', () => {
    // SE ×2 on 8×8×32, r = 4: 2 × (32×8 + 8 + 8×32 + 32 = 552) = 1,104.
    const a = analyse(chain([8, 8, 32], rep('SE', 2, { ratio: 4 })));
    expect(a.nodes.n1!.innerGraph!.nodes.map((x) => x.params)).toEqual([{ ratio: 4 }, { ratio: 4 }]);
    expect(a.totals.trainable).toBe(1_104);
    // A primitive works too: Conv2D 3×3/2 × 3 on 32×32×3 → only the first halves: 16×16×8.
    const c = analyse(chain([32, 32, 3], rep('Conv2D', 3, { filters: 8, kernel: 3, stride: 2 })));
    expect(c.outputShape).toEqual([16, 16, 8]);
  });

  it('nested composites: the same totals collapsed, expanded one level, and expanded to primitives', () => {
    const g = chain([56, 56, 64], rep('Residual', 3, { variant: 'bottleneck', filters: 64, seRatio: 16 }), rep('MBConv', 2, { filters: 32, stride: 2, seRatio: 0.25 }));
    const { collapsed, expandedGraph } = expectExpandedAgrees(g);
    // One level: the Repeats open into Residual and MBConv blocks, which stay composite.
    const once = expandGraph(g);
    expect(once.nodes.filter((x) => x.type === 'Residual').map((x) => x.id)).toEqual(['n1/residual1', 'n1/residual2', 'n1/residual3']);
    expect(analyse(once).totals).toEqual(collapsed.totals);
    // Deep: ids trace back through both levels.
    expect(expandedGraph.nodes.map((x) => x.id)).toContain('n1/residual2/se_scale');
    expect(expandedGraph.nodes.map((x) => x.id)).toContain('n2/mbconv1/depthwise');
    // Expanding only n2, deeply, leaves n1 collapsed.
    const onlyN2 = expandGraph(g, { ids: ['n2'], deep: true });
    expect(onlyN2.nodes.find((x) => x.id === 'n1')!.type).toBe('Repeat');
    expect(onlyN2.nodes.some((x) => x.type === 'MBConv')).toBe(false);
    expect(analyse(onlyN2).totals).toEqual(collapsed.totals);
  });

  it('whole ResNet-18, -50 and SE-ResNet-50 built from Repeat stages match the reference', () => {
    const r18 = expectExpandedAgrees(resnet('basic', [2, 2, 2, 2])).collapsed;
    expect(r18.totals.trainable).toBe(11_689_512);
    expect(Math.abs(r18.totals.flops / 1.814e9 - 1)).toBeLessThan(0.02);
    const r50 = expectExpandedAgrees(resnet('bottleneck', [3, 4, 6, 3])).collapsed;
    expect(r50.totals.trainable).toBe(25_557_032);
    // Keras' ResNet50 reports 53,120 non-trainable params: the BN moving statistics.
    expect(r50.totals.nonTrainable).toBe(53_120);
    expect(Math.abs(r50.totals.flops / 4.089e9 - 1)).toBeLessThan(0.02);
    const se50 = expectExpandedAgrees(resnet('bottleneck', [3, 4, 6, 3], 16)).collapsed;
    expect(se50.totals.trainable).toBe(28_088_024);
    expect(Math.abs(se50.totals.flops / 4.092e9 - 1)).toBeLessThan(0.02);
  });

  it('refuses blocks it cannot chain, with a reason and a way out', () => {
    const err = (layer: Layer) => analyse(chain([8, 8, 4], layer)).nodes.n1!.errors.join('\n');
    expect(err(rep('Input', 2))).toMatch(/Repeat cannot chain Input blocks: Input takes no input.*pick a block with one input/);
    expect(err(rep('Add', 2))).toMatch(/Repeat cannot chain Add blocks: Add joins several inputs/);
    expect(err(rep('Concat', 2))).toMatch(/Repeat cannot chain Concat blocks/);
    expect(err(rep('Multiply', 2))).toMatch(/Repeat cannot chain Multiply blocks/);
    expect(err(rep('Repeat', 2, { block: 'Residual', times: 2, params: {} }))).toMatch(/Repeat cannot hold another Repeat; raise its Times instead/);
    expect(err(rep('Resnet', 2))).toMatch(/Repeat: unknown block type "Resnet"; pick a block such as Residual/);
  });

  it('reports the repeated block\'s bad params by name', () => {
    const a = analyse(chain([8, 8, 4], rep('Residual', 2, { filters: 0, depth: 3 })));
    const errs = a.nodes.n1!.errors.join('\n');
    expect(errs).toMatch(/Repeat of Residual block: Filters must be between 1 and 4096, not 0/);
    expect(errs).toMatch(/Residual block has no param "depth"/);
    expect(analyse(chain([8, 8, 4], ['Repeat', { block: 'Residual', times: 0, params: {} }])).nodes.n1!.errors.join())
      .toMatch(/Times must be between 1 and 64, not 0/);
  });

  it('passes the inner block\'s shape errors up', () => {
    const a = analyse(chain([7, 7, 64], ['GlobalAvgPool'], rep('Residual', 2)));
    expect(a.nodes.n2!.errors.join()).toMatch(/Repeat: Residual block needs a feature map .* flat vector of 64.*\(inside, at 'residual1'\)/);
  });

  it('describes itself with the block it repeats, and teaches', () => {
    const p = (x: Partial<RepeatParams>): RepeatParams => ({ block: 'Residual', times: 3, params: { variant: 'bottleneck', filters: 64 }, ...x });
    const ctx = { lookup: getBlock };
    expect(repeat.describe(p({}), ctx)).toBe('3 × Bottleneck 64→256');
    expect(repeat.describe(p({ block: 'Nope' }), ctx)).toBe('Nope ×3');
    // Without a lookup it can only name the block.
    expect(repeat.describe(p({}))).toBe('Residual ×3');
    expect(repeat.teach.summary).toMatch(/first copy/);
  });

  describe('of a graph\'s own block', () => {
    /** "Stem": Conv 3×3 (F filters, bias, 'same') → BatchNorm → ReLU; one input, at conv:0. */
    const stem = (filters: number): CustomBlockDef => ({
      name: 'Stem',
      nodes: [node('conv', 'Conv2D', { filters, kernel: 3 }), node('bn', 'BatchNorm'), node('act', 'Activation', { fn: 'relu' })],
      edges: [edge('conv', 'bn'), edge('bn', 'act')],
      inputs: [[{ node: 'conv', port: 0 }]],
      output: 'act',
    });
    /** Input 8×8×4 → Repeat Stem ×3 (n1). */
    const repeated = (def: CustomBlockDef, params: ParamRecord = {}): Graph =>
      ({ ...chain([8, 8, 4], rep(def.name, 3, params)), blocks: { [def.name]: def } });

    it('Stem ×3 on 8×8×4: 1,512 trainable and 48 non-trainable params, 92,160 MACs, the same expanded', () => {
      const g = repeated(stem(8));
      const { collapsed, expandedGraph } = expectExpandedAgrees(g);
      const n = collapsed.nodes.n1!;
      expect(n.outputShape).toEqual([8, 8, 8]);
      // Copy 1 (4 → 8): conv 3·3·4·8 + 8 = 296; BN γ, β 2·8 = 16 (+ 16 moving statistics).
      // Copies 2 and 3 (8 → 8): conv 3·3·8·8 + 8 = 584; BN 16 (+ 16) → 600 each.
      // 296 + 16 + 2 × 600 = 1,512 trainable; 3 × 16 = 48 non-trainable.
      expect(n.paramCount).toEqual({ trainable: 1_512, nonTrainable: 48 });
      // MACs: 8·8·8 outputs × 3·3·4 = 18,432, then 8·8·8 × 3·3·8 = 36,864 twice: 92,160.
      expect(n.flops).toBe(92_160);
      expect(n.description).toBe('3 × Stem');
      expect(n.innerGraph!.nodes.map((x) => `${x.id}:${x.type}`)).toEqual(['stem1:Stem', 'stem2:Stem', 'stem3:Stem']);
      // Deep expansion leaves only registry primitives, named through both levels.
      expect(expandedGraph.nodes.every((x) => getBlock(x.type)?.kind === 'primitive')).toBe(true);
      expect(expandedGraph.nodes.map((x) => x.id)).toContain('n1/stem3/bn');
    });

    it('compiles to a model whose countParams() equals analyse\'s count', async () => {
      await switchBackend('cpu');
      const before = tf.memory().numTensors;
      const r = compile(repeated(stem(8)), { seed: 1 });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.model.countParams()).toBe(1_512 + 48);
      expect(r.model.getLayer('n1/stem2/conv').countParams()).toBe(584);
      expect(r.model.outputs[0]!.shape).toEqual([null, 8, 8, 8]);
      r.model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('follows the definition when it changes (no stale memo)', () => {
      expect(analyse(repeated(stem(8))).totals.trainable).toBe(1_512);
      // Filters 4: conv 3·3·4·4 + 4 = 148 and BN 8 in every copy: 3 × 156 = 468 (+ 3 × 8 = 24).
      const a = analyse(repeated(stem(4)));
      expect(a.totals).toMatchObject({ trainable: 468, nonTrainable: 24 });
    });

    it('is refused with a reason when it cannot be chained, has no params, or is not in the graph', () => {
      const err = (g: Graph) => analyse(g).nodes.n1!.errors.join('\n');
      const twoInputs: CustomBlockDef = {
        name: 'Pair', nodes: [node('sum', 'Add')], edges: [], inputs: [[{ node: 'sum', port: 0 }], [{ node: 'sum', port: 1 }]], output: 'sum',
      };
      expect(err(repeated(twoInputs))).toMatch(/Repeat cannot chain Pair blocks: Pair joins several inputs/);
      expect(err(repeated(stem(8), { filters: 16 }))).toMatch(/Repeat of Stem: Stem has no param "filters"/);
      // Without graph.blocks, "Stem" is no block at all.
      expect(err(chain([8, 8, 4], rep('Stem', 3)))).toMatch(/Repeat: unknown block type "Stem"/);
    });

    it('is kept by the file format: written, read back, analysed the same', () => {
      const g = repeated(stem(8));
      const back = parseGraphFile(serializeGraph(g));
      expect(back.ok).toBe(true);
      if (!back.ok) return;
      expect(back.graph.nodes.find((x) => x.id === 'n1')!.params).toEqual({ block: 'Stem', times: 3, params: {} });
      expect(analyse(back.graph).totals).toEqual(analyse(g).totals);
    });
  });
});
