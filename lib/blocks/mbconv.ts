import { COL, ROW, convBnAct, convNoBias, depthwiseNoBias, squeezeExcite, type Consumers } from './compose';
import { defineComposite } from './spec';
import { SubGraphBuilder } from './subgraph';
import { requireMap } from './util';

export interface MBConvParams {
  [key: string]: number | string;
  expandRatio: number;
  kernel: number;
  stride: number;
  filters: number;
  seRatio: number;
  activation: 'swish' | 'relu6' | 'relu';
}

/** SE width in MBConv: a fraction of the block's *input* channels, as EfficientNet (and torchvision) size it. */
export function mbconvSqueeze(inputChannels: number, seRatio: number): number {
  return Math.max(1, Math.floor(inputChannels * seRatio));
}

export const mbconv = defineComposite<MBConvParams>({
  kind: 'composite',
  type: 'MBConv',
  name: 'MBConv',
  category: 'block',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    expandRatio: {
      kind: 'int', label: 'Expand ratio t', default: 6, min: 1, max: 16,
      help: 'The 1×1 conv widens the input t times before the depthwise conv; 1 leaves that conv out.',
    },
    kernel: {
      kind: 'int', label: 'Kernel', default: 3, min: 1, max: 15,
      help: 'Side of the depthwise window (3 or 5 in EfficientNet).',
    },
    stride: {
      kind: 'int', label: 'Stride', default: 1, min: 1, max: 4,
      help: 'Stride of the depthwise conv; 2 halves height and width (and drops the skip connection).',
    },
    filters: {
      kind: 'int', label: 'Filters', default: 24, min: 1, max: 4096,
      help: 'Output channels of the linear 1×1 projection.',
    },
    seRatio: {
      kind: 'float', label: 'SE ratio', default: 0, min: 0, max: 1,
      help: '0 for none (MobileNetV2); 0.25 gives EfficientNet\'s SE, ⌊0.25 × input channels⌋ wide, on the expanded map.',
    },
    activation: {
      kind: 'enum', label: 'Activation', default: 'relu6', options: ['relu6', 'swish', 'relu'],
      help: 'relu6 for MobileNetV2, swish for EfficientNet; the projection stays linear.',
    },
  },
  teach: {
    summary: 'The inverted residual: a 1×1 conv widens the input t times, a cheap depthwise k×k conv filters each channel on its own, an optional SE gate re-weights channels, and a 1×1 conv projects back down with no activation (a "linear bottleneck", since ReLU on few channels destroys information). When stride is 1 and channels match, the input is added to the output. Each conv is followed by BatchNorm and has no bias.',
    origin: 'Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks" (2018); with SE and swish as MBConv in Tan & Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks" (2019).',
    formula: 'E = t×C_in: C_in×E (omitted when t = 1) + k×k×E (depthwise) + E×F (projection), BN after each (2× channels trainable + 2× non-trainable); SE of s = ⌊ratio×C_in⌋: E×s + s + s×E + E',
  },
  describe: (p) => `MBConv${p.expandRatio} ${p.kernel}×${p.kernel}, ${p.filters}${p.stride > 1 ? `, s${p.stride}` : ''}${p.seRatio > 0 ? ', SE' : ''}`,
  expand(p, [input]) {
    const bad = requireMap(input!, { type: 'MBConv', name: 'MBConv' });
    if (bad) return bad;
    const cin = input![2]!;
    const hidden = cin * p.expandRatio;
    const b = new SubGraphBuilder();
    const consumers: Consumers = [];
    let x: string | undefined;
    let y = 0;
    if (p.expandRatio !== 1) {
      x = convBnAct(b, undefined, 'expand', 'Conv2D', convNoBias(hidden, 1), p.activation, 0, y);
      consumers.push({ node: 'expand', port: 0 });
      y += 3 * ROW;
    } else {
      consumers.push({ node: 'depthwise', port: 0 });
    }
    x = convBnAct(b, x, 'depthwise', 'DepthwiseConv2D', depthwiseNoBias(p.kernel, p.stride), p.activation, 0, y);
    y += 3 * ROW;
    if (p.seRatio > 0) {
      // EfficientNet's SE squeezes to a fraction of the block's input channels and uses the
      // block's activation (swish) inside.
      x = squeezeExcite(b, x, 'se_', hidden, mbconvSqueeze(cin, p.seRatio), p.activation, 0, y).output;
      y += 4 * ROW;
    }
    x = convBnAct(b, x, 'project', 'Conv2D', convNoBias(p.filters, 1), undefined, 0, y);
    y += 2 * ROW;
    if (p.stride === 1 && cin === p.filters) {
      const add = b.node('add', 'Add', {}, -COL / 2, y);
      b.edge(x, add, 0);
      consumers.push({ node: add, port: 1 });
      x = add;
    }
    return b.done([consumers], x);
  },
});
