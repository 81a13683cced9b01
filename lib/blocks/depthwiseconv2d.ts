import { ACTIVATIONS, type Conv2DParams } from './conv2d';
import { definePrimitive } from './spec';
import { formatInt, requireMap, windowOutput } from './util';

export interface DepthwiseConv2DParams {
  [key: string]: number | string | boolean;
  kernel: number;
  stride: number;
  padding: 'same' | 'valid';
  depthMultiplier: number;
  useBias: boolean;
  activation: Conv2DParams['activation'];
}

export const depthwiseConv2d = definePrimitive<DepthwiseConv2DParams>({
  kind: 'primitive',
  type: 'DepthwiseConv2D',
  name: 'DepthwiseConv2D',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    kernel: { kind: 'int', label: 'Kernel', default: 3, min: 1, max: 31, help: 'Side of the square window each filter sees.' },
    stride: { kind: 'int', label: 'Stride', default: 1, min: 1, max: 16, help: 'Step between windows; 2 halves height and width.' },
    padding: { kind: 'enum', label: 'Padding', default: 'same', options: ['same', 'valid'], help: '"same" keeps height and width (at stride 1); "valid" uses only whole windows.' },
    depthMultiplier: { kind: 'int', label: 'Depth multiplier', default: 1, min: 1, max: 64, help: 'Filters per input channel; the output has channels × multiplier channels.' },
    useBias: { kind: 'bool', label: 'Bias', default: true, help: 'Add a learned bias per output channel (off when BatchNorm follows, as in MobileNet and EfficientNet).' },
    activation: { kind: 'enum', label: 'Activation', default: 'linear', options: ACTIVATIONS, help: 'Non-linearity applied to the output.' },
  },
  teach: {
    summary: 'Filters each input channel on its own with its own k×k filter, without mixing channels; a 1×1 convolution after it then mixes them. The pair does the work of one ordinary convolution for about 1/k² of the cost, which is what makes MobileNet and EfficientNet small.',
    origin: 'Sifre (2014) and Chollet, "Xception" (2017); made popular by Howard et al., MobileNets (2017).',
    formula: 'k×k×C_in×m weights + C_in×m biases (m = depth multiplier)',
  },
  describe: (p) => `DWConv ${p.kernel}×${p.kernel}${p.depthMultiplier > 1 ? `, ×${p.depthMultiplier}` : ''}${p.stride > 1 ? `, s${p.stride}` : ''}${p.activation !== 'linear' ? `, ${p.activation}` : ''}`,
  inferShape([input], p) {
    const bad = requireMap(input!, { type: 'DepthwiseConv2D', name: 'DepthwiseConv2D' });
    if (bad) return bad;
    const out = windowOutput(input!, p.kernel, p.stride, p.padding, { type: 'DepthwiseConv2D', name: 'DepthwiseConv2D' });
    if ('error' in out) return out;
    return [out.h, out.w, input![2]! * p.depthMultiplier];
  },
  countParams([input], p) {
    const cm = input![2]! * p.depthMultiplier;
    return { trainable: p.kernel * p.kernel * cm + (p.useBias ? cm : 0), nonTrainable: 0 };
  },
  // Each of the C·m output channels looks at one input channel only: k×k MACs per output value.
  countFlops([input], p, out) {
    return out[0]! * out[1]! * p.kernel * p.kernel * input![2]! * p.depthMultiplier;
  },
  footprint: (p) => ({ kernel: p.kernel, stride: p.stride }),
  formula([input], p) {
    const c = input![2]!;
    const m = p.depthMultiplier;
    const w = p.kernel * p.kernel * c * m;
    return p.useBias
      ? `${p.kernel}×${p.kernel}×${c}×${m} + ${c * m} = ${formatInt(w + c * m)}`
      : `${p.kernel}×${p.kernel}×${c}×${m} = ${formatInt(w)}`;
  },
});
