import { defineComposite } from './spec';
import { SubGraphBuilder } from './subgraph';
import { requireMap } from './util';

export interface InceptionParams {
  [key: string]: number | boolean;
  n1x1: number;
  n3x3reduce: number;
  n3x3: number;
  n5x5reduce: number;
  n5x5: number;
  poolProj: number;
  useBias: boolean;
}

const channels = (label: string, help: string, def: number) =>
  ({ kind: 'int', label, help, default: def, min: 1, max: 4096 }) as const;

export const inception = defineComposite<InceptionParams>({
  kind: 'composite',
  type: 'Inception',
  name: 'Inception module',
  category: 'block',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    n1x1: channels('#1×1', '1×1 convolutions of branch 1.', 64),
    n3x3reduce: channels('#3×3 reduce', '1×1 convolutions that shrink channels before the 3×3.', 96),
    n3x3: channels('#3×3', '3×3 convolutions of branch 2.', 128),
    n5x5reduce: channels('#5×5 reduce', '1×1 convolutions that shrink channels before the 5×5.', 16),
    n5x5: channels('#5×5', '5×5 convolutions of branch 3.', 32),
    poolProj: channels('Pool proj', '1×1 convolutions after the 3×3 max-pool of branch 4.', 32),
    useBias: { kind: 'bool', label: 'Bias', default: true, help: 'Conv biases, as in the paper (no BatchNorm).' },
  },
  teach: {
    summary: 'Four branches side by side — 1×1, 1×1→3×3, 1×1→5×5 and 3×3 max-pool→1×1 — concatenated along channels. The 1×1 "reduce" convolutions cut the cost of the big filters, so the network can be wide and deep on a budget.',
    origin: 'Szegedy et al., "Going Deeper with Convolutions" (GoogLeNet, ILSVRC 2014).',
    formula: 'sum of its six convolutions; output channels = #1×1 + #3×3 + #5×5 + pool proj',
  },
  describe: (p) => `Inception ${p.n1x1}/${p.n3x3}/${p.n5x5}/${p.poolProj} → ${p.n1x1 + p.n3x3 + p.n5x5 + p.poolProj}`,
  expand(p, [input]) {
    const bad = requireMap(input!, { type: 'Inception', name: 'Inception module' });
    if (bad) return bad;
    const conv = (filters: number, kernel: number) => ({ filters, kernel, stride: 1, padding: 'same', dilation: 1, useBias: p.useBias, activation: 'relu' });
    const b = new SubGraphBuilder();
    const c1 = b.node('branch1_1x1', 'Conv2D', conv(p.n1x1, 1), 0, 100);
    const r3 = b.node('branch2_reduce', 'Conv2D', conv(p.n3x3reduce, 1), 200, 0);
    const c3 = b.chain(r3, b.node('branch2_3x3', 'Conv2D', conv(p.n3x3, 3), 200, 100));
    const r5 = b.node('branch3_reduce', 'Conv2D', conv(p.n5x5reduce, 1), 400, 0);
    const c5 = b.chain(r5, b.node('branch3_5x5', 'Conv2D', conv(p.n5x5, 5), 400, 100));
    const pool = b.node('branch4_pool', 'MaxPool', { pool: 3, stride: 1, padding: 'same' }, 600, 0);
    const pp = b.chain(pool, b.node('branch4_proj', 'Conv2D', conv(p.poolProj, 1), 600, 100));
    const cat = b.node('concat', 'Concat', {}, 300, 200);
    [c1, c3, c5, pp].forEach((src, port) => b.edge(src, cat, port));
    return b.done([[c1, r3, r5, pool].map((node) => ({ node, port: 0 }))], cat);
  },
});
