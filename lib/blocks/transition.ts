import { ROW, TORCH_BN, convNoBias } from './compose';
import { defineComposite, shapeError } from './spec';
import { SubGraphBuilder } from './subgraph';
import { requireMap } from './util';

export interface TransitionParams {
  [key: string]: number;
  compression: number;
}

export const transition = defineComposite<TransitionParams>({
  kind: 'composite',
  type: 'Transition',
  name: 'Transition',
  category: 'block',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    compression: {
      kind: 'float', label: 'Compression θ', default: 0.5, min: 0.01, max: 1,
      help: 'Fraction of channels kept: the 1×1 conv outputs ⌊θ × C⌋ channels (DenseNet-BC uses 0.5).',
    },
  },
  teach: {
    summary: 'Sits between two dense blocks: BN, ReLU, a 1×1 conv that shrinks the channel stack by the compression factor, then 2×2 average pooling that halves height and width. Without it the channels would keep growing from block to block.',
    origin: 'Huang et al., "Densely Connected Convolutional Networks" (DenseNet, 2016); compression θ < 1 makes it DenseNet-BC.',
    formula: 'BN 2×C (+ 2×C non-trainable) + C×⌊θ×C⌋ (1×1 conv, no bias); MACs H×W×C×⌊θ×C⌋ at the input size',
  },
  describe: (p) => `Transition ×${p.compression}`,
  expand(p, [input]) {
    const bad = requireMap(input!, { type: 'Transition', name: 'Transition' });
    if (bad) return bad;
    const c = input![2]!;
    const out = Math.floor(c * p.compression);
    if (out < 1) {
      return shapeError('transitionNoChannels', { compression: p.compression, channels: c, least: (1 / c).toPrecision(2) });
    }
    const b = new SubGraphBuilder();
    const bn = b.node('bn', 'BatchNorm', TORCH_BN, 0, 0);
    const pool = b.chain(
      bn,
      b.node('relu', 'Activation', { fn: 'relu' }, 0, ROW),
      b.node('conv', 'Conv2D', convNoBias(out, 1), 0, 2 * ROW),
      b.node('pool', 'AvgPool', { pool: 2, stride: 2, padding: 'valid' }, 0, 3 * ROW),
    );
    return b.done([[{ node: bn, port: 0 }]], pool);
  },
});
