import { COL, ROW, TORCH_BN, convNoBias } from './compose';
import { defineComposite } from './spec';
import { SubGraphBuilder } from './subgraph';
import { requireMap } from './util';

export interface DenseBlockParams {
  [key: string]: number;
  layers: number;
  growthRate: number;
  bottleneck: number;
}

export const denseBlock = defineComposite<DenseBlockParams>({
  kind: 'composite',
  type: 'DenseBlock',
  name: 'Dense block',
  category: 'block',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    layers: {
      kind: 'int', label: 'Layers', default: 6, min: 1, max: 128,
      help: 'How many BN-ReLU-conv layers the block holds; DenseNet-121 uses 6, 12, 24, 16.',
    },
    growthRate: {
      kind: 'int', label: 'Growth rate k', default: 32, min: 1, max: 1024,
      help: 'Channels each layer adds to the stack; the block outputs C_in + layers × k channels.',
    },
    bottleneck: {
      kind: 'int', label: 'Bottleneck ×k', default: 4, min: 1, max: 16,
      help: 'The 1×1 conv before each 3×3 narrows to this many times k channels (DenseNet-B uses 4).',
    },
  },
  teach: {
    summary: 'Each layer sees the feature maps of every layer before it in the block, stacked along channels, and adds k new channels of its own. Features are reused rather than relearned, so the network stays narrow (k = 32) yet accurate, and every layer gets a short path to the loss. Each layer is BN-ReLU-conv 1×1 (to bottleneck × k channels), BN-ReLU-conv 3×3 (to k), with no conv biases.',
    origin: 'Huang, Liu, van der Maaten & Weinberger, "Densely Connected Convolutional Networks" (DenseNet, 2016), CVPR 2017 best paper.',
    formula: 'layer i (input C_i = C_in + i×k, b = bottleneck): BN 2×C_i + C_i×b×k + BN 2×b×k + 3×3×b×k×k; half of each BN is non-trainable moving statistics',
  },
  describe: (p) => `Dense block ×${p.layers}, k=${p.growthRate}`,
  expand(p, [input]) {
    const bad = requireMap(input!, { type: 'DenseBlock', name: 'Dense block' });
    if (bad) return bad;
    const k = p.growthRate;
    const b = new SubGraphBuilder();
    const consumers: { node: string; port: number }[] = [];
    // The running stack of maps. Each layer's output is concatenated onto it, as Keras' DenseNet
    // does (x = Concatenate()([x, new])): the same maps in the same order as torchvision's list.
    let stack: string | undefined;
    for (let i = 1; i <= p.layers; i++) {
      const x = (i - 1) * COL;
      const n = (s: string) => `layer${i}_${s}`;
      const bn1 = b.node(n('bn1'), 'BatchNorm', TORCH_BN, x, 0);
      if (stack === undefined) consumers.push({ node: bn1, port: 0 });
      else b.edge(stack, bn1);
      const conv2 = b.chain(
        bn1,
        b.node(n('relu1'), 'Activation', { fn: 'relu' }, x, ROW),
        b.node(n('conv1'), 'Conv2D', convNoBias(p.bottleneck * k, 1), x, 2 * ROW),
        b.node(n('bn2'), 'BatchNorm', TORCH_BN, x, 3 * ROW),
        b.node(n('relu2'), 'Activation', { fn: 'relu' }, x, 4 * ROW),
        b.node(n('conv2'), 'Conv2D', convNoBias(k, 3), x, 5 * ROW),
      );
      const cat = b.node(n('concat'), 'Concat', {}, x + COL / 2, 6 * ROW);
      if (stack === undefined) consumers.push({ node: cat, port: 0 });
      else b.edge(stack, cat, 0);
      b.edge(conv2, cat, 1);
      stack = cat;
    }
    return b.done([consumers], stack!);
  },
});
