import { graphError } from '../graph/graph-errors';
import { definePrimitive } from './spec';
import { formatInt, requireMap, windowOutput } from './util';

export interface Conv2DParams {
  [key: string]: number | string | boolean;
  filters: number;
  kernel: number;
  stride: number;
  padding: 'same' | 'valid';
  dilation: number;
  useBias: boolean;
  activation: 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'swish';
}

export const ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'swish'] as const;

export const conv2d = definePrimitive<Conv2DParams>({
  kind: 'primitive',
  type: 'Conv2D',
  name: 'Conv2D',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    filters: { kind: 'int', label: 'Filters', default: 32, min: 1, max: 8192, help: 'Number of output channels (one per learned filter).' },
    kernel: { kind: 'int', label: 'Kernel', default: 3, min: 1, max: 31, help: 'Side of the square window each filter sees.' },
    stride: { kind: 'int', label: 'Stride', default: 1, min: 1, max: 16, help: 'Step between windows; 2 halves height and width.' },
    padding: { kind: 'enum', label: 'Padding', default: 'same', options: ['same', 'valid'], help: '"same" keeps height and width (at stride 1); "valid" uses only whole windows.' },
    dilation: { kind: 'int', label: 'Dilation', default: 1, min: 1, max: 16, help: 'Gap between kernel taps; widens the view without more weights.' },
    useBias: { kind: 'bool', label: 'Bias', default: true, help: 'Add a learned bias per filter (off when BatchNorm follows, as in torchvision).' },
    activation: { kind: 'enum', label: 'Activation', default: 'linear', options: ACTIVATIONS, help: 'Non-linearity applied to the output.' },
  },
  teach: {
    summary: 'Slides learned k×k filters over the input; each filter mixes all input channels into one output channel. Weights are shared across positions, which is what makes CNNs small and translation-equivariant.',
    origin: 'LeCun et al., "Gradient-based learning applied to document recognition" (1998); Fukushima\'s Neocognitron (1980).',
    formula: 'k×k×C_in×C_out weights + C_out biases',
  },
  validate(p) {
    if (p.stride > 1 && p.dilation > 1) return graphError('convStrideDilation');
    return undefined;
  },
  describe: (p) => `Conv ${p.kernel}×${p.kernel}, ${p.filters}${p.stride > 1 ? `, s${p.stride}` : ''}${p.dilation > 1 ? `, d${p.dilation}` : ''}${p.activation !== 'linear' ? `, ${p.activation}` : ''}`,
  inferShape([input], p) {
    const bad = requireMap(input!, { type: 'Conv2D', name: 'Conv2D' });
    if (bad) return bad;
    const out = windowOutput(input!, p.kernel, p.stride, p.padding, { type: 'Conv2D', name: 'Conv2D' }, p.dilation);
    if ('error' in out) return out;
    return [out.h, out.w, p.filters];
  },
  countParams([input], p) {
    const cin = input![2]!;
    return { trainable: p.kernel * p.kernel * cin * p.filters + (p.useBias ? p.filters : 0), nonTrainable: 0 };
  },
  countFlops([input], p, out) {
    return out[0]! * out[1]! * p.kernel * p.kernel * input![2]! * p.filters;
  },
  footprint: (p) => ({ kernel: p.kernel, stride: p.stride, dilation: p.dilation }),
  formula([input], p) {
    const cin = input![2]!;
    const w = p.kernel * p.kernel * cin * p.filters;
    return p.useBias
      ? `${p.kernel}×${p.kernel}×${cin}×${p.filters} + ${p.filters} = ${formatInt(w + p.filters)}`
      : `${p.kernel}×${p.kernel}×${cin}×${p.filters} = ${formatInt(w)}`;
  },
});
