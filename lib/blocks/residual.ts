import type { Shape } from '../graph/types';
import { COL, ROW, convBnAct, convNoBias, groupedNoBias, squeezeExcite, type Consumers } from './compose';
import { seSqueeze } from './se';
import { defineComposite, type ShapeError, type SubGraph } from './spec';
import { SubGraphBuilder } from './subgraph';
import { requireMap, type BlockRef } from './util';

export interface ResidualParams {
  [key: string]: number | string;
  variant: 'basic' | 'bottleneck';
  filters: number;
  stride: number;
  seRatio: number;
}

/** Output channels of a residual block: the bottleneck widens its last 1×1 conv 4 times. */
export const BOTTLENECK_EXPANSION = 4;

/** The shape of one residual block, as torchvision's BasicBlock / Bottleneck take it. */
export interface ResidualLayout {
  readonly variant: 'basic' | 'bottleneck';
  /** Channels out of the block. */
  readonly out: number;
  /** Channels of the inner convs (the 3×3 of a bottleneck). */
  readonly width: number;
  readonly stride: number;
  /** 1 for ResNet; the cardinality for ResNeXt. */
  readonly groups: number;
  /** SE reduction ratio on the residual branch; 0 for none. */
  readonly seRatio: number;
}

/**
 * The inner graph of a residual block (torchvision's BasicBlock and Bottleneck, "v1.5": the
 * stride sits on the 3×3 conv). The branch ends in BN (and SE when asked), is added to the
 * shortcut, and ReLU follows the add. The shortcut is the input itself when shapes already match,
 * else a 1×1 conv with the block's stride and BN (the paper's option B).
 */
export function residualSubGraph(input: Shape, l: ResidualLayout, block: BlockRef): SubGraph | ShapeError {
  const bad = requireMap(input, block);
  if (bad) return bad;
  const cin = input[2]!;
  const b = new SubGraphBuilder();
  const consumers: Consumers = [{ node: 'conv1', port: 0 }];
  let branch: string;
  if (l.variant === 'basic') {
    const a = convBnAct(b, undefined, 'conv1', 'Conv2D', convNoBias(l.width, 3, l.stride), 'relu', 0, 0);
    branch = convBnAct(b, a, 'conv2', 'Conv2D', convNoBias(l.out, 3), undefined, 0, 3 * ROW);
  } else {
    const a = convBnAct(b, undefined, 'conv1', 'Conv2D', convNoBias(l.width, 1), 'relu', 0, 0);
    const mid = l.groups > 1
      ? convBnAct(b, a, 'conv2', 'GroupedConv2D', groupedNoBias(l.width, 3, l.stride, l.groups), 'relu', 0, 3 * ROW)
      : convBnAct(b, a, 'conv2', 'Conv2D', convNoBias(l.width, 3, l.stride), 'relu', 0, 3 * ROW);
    branch = convBnAct(b, mid, 'conv3', 'Conv2D', convNoBias(l.out, 1), undefined, 0, 6 * ROW);
  }
  let y = (l.variant === 'basic' ? 5 : 8) * ROW;
  if (l.seRatio > 0) {
    // SENet puts SE on the branch just before the add, sized by the block's output channels.
    branch = squeezeExcite(b, branch, 'se_', l.out, seSqueeze(l.out, l.seRatio), 'relu', 0, y).output;
    y += 4 * ROW;
  }
  const add = b.node('add', 'Add', {}, 0, y);
  b.edge(branch, add, 0);
  if (needsProjection(cin, l.out, l.stride)) {
    const proj = convBnAct(b, undefined, 'downsample', 'Conv2D', convNoBias(l.out, 1, l.stride), undefined, -COL, 0);
    consumers.push({ node: 'downsample', port: 0 });
    b.edge(proj, add, 1);
  } else {
    consumers.push({ node: add, port: 1 });
  }
  const out = b.chain(add, b.node('relu', 'Activation', { fn: 'relu' }, 0, y + ROW));
  return b.done([consumers], out);
}

/** Whether a block with these input channels, output channels and stride needs a projection shortcut. */
export function needsProjection(cin: number, out: number, stride: number): boolean {
  return stride !== 1 || cin !== out;
}

export const residual = defineComposite<ResidualParams>({
  kind: 'composite',
  type: 'Residual',
  name: 'Residual block',
  category: 'block',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    variant: {
      kind: 'enum', label: 'Variant', default: 'basic', options: ['basic', 'bottleneck'],
      help: 'basic: two 3×3 convs (ResNet-18/34); bottleneck: 1×1 shrink, 3×3, 1×1 widen to 4× filters (ResNet-50 and deeper).',
    },
    filters: {
      kind: 'int', label: 'Filters', default: 64, min: 1, max: 4096,
      help: 'Width of the inner convs ("planes"); the block outputs this many channels (basic) or 4× as many (bottleneck).',
    },
    stride: {
      kind: 'int', label: 'Stride', default: 1, min: 1, max: 4,
      help: '2 halves height and width (the first block of a stage); it sits on the 3×3 conv, as in torchvision.',
    },
    seRatio: {
      kind: 'int', label: 'SE ratio', default: 0, min: 0, max: 1024,
      help: '0 for a plain ResNet block; 16 adds a squeeze-and-excitation gate before the add (SE-ResNet).',
    },
  },
  teach: {
    summary: 'A few convs whose output is added to the block\'s own input, then ReLU. The convs only learn a correction F(x) to x, and the identity path carries gradients straight back, so networks of 50, 100 or 150 layers still train. When the block changes the shape (stride 2 or more channels), the shortcut becomes a 1×1 conv with BatchNorm so the add fits. Every conv is followed by BatchNorm and has no bias.',
    origin: 'He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition" (ResNet, 2015), the ILSVRC 2015 winner; stride on the 3×3 as in torchvision ("ResNet v1.5"); SE option from Hu et al., SENet (2017).',
    formula: 'basic: 3×3×C_in×F + 3×3×F×F; bottleneck: C_in×F + 3×3×F×F + F×4F; each conv\'s BN adds 2×channels trainable and 2×channels non-trainable; projection shortcut C_in×out + BN; SE 2×out×(out/r) + out/r + out',
  },
  describe(p) {
    const out = p.variant === 'bottleneck' ? BOTTLENECK_EXPANSION * p.filters : p.filters;
    const name = p.variant === 'bottleneck' ? `Bottleneck ${p.filters}→${out}` : `Basic ${out}`;
    return `${name}${p.stride > 1 ? `, s${p.stride}` : ''}${p.seRatio > 0 ? `, SE/${p.seRatio}` : ''}`;
  },
  expand(p, [input]) {
    const out = p.variant === 'bottleneck' ? BOTTLENECK_EXPANSION * p.filters : p.filters;
    return residualSubGraph(input!, { variant: p.variant, out, width: p.filters, stride: p.stride, groups: 1, seRatio: p.seRatio }, { type: 'Residual', name: 'Residual block' });
  },
});
