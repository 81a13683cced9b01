import { ACTIVATIONS, type Conv2DParams } from './conv2d';
import { graphError, listValue } from '../graph/graph-errors';
import { definePrimitive, shapeError } from './spec';
import { formatInt, requireMap, windowOutput } from './util';

export interface GroupedConv2DParams {
  [key: string]: number | string | boolean;
  filters: number;
  kernel: number;
  stride: number;
  padding: 'same' | 'valid';
  groups: number;
  useBias: boolean;
  activation: Conv2DParams['activation'];
}

/** The divisors of `n` closest to `g` from below and above, for advice in errors. */
function nearDivisors(n: number, g: number): number[] {
  let below = Math.min(g, n);
  while (n % below !== 0) below--;
  let above = Math.max(g, 1);
  while (above <= n && n % above !== 0) above++;
  return above <= n && above !== below ? [below, above] : [below];
}

export const groupedConv2d = definePrimitive<GroupedConv2DParams>({
  kind: 'primitive',
  type: 'GroupedConv2D',
  name: 'GroupedConv2D',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    filters: { kind: 'int', label: 'Filters', default: 64, min: 1, max: 8192, help: 'Number of output channels, shared equally among the groups.' },
    kernel: { kind: 'int', label: 'Kernel', default: 3, min: 1, max: 31, help: 'Side of the square window each filter sees.' },
    stride: { kind: 'int', label: 'Stride', default: 1, min: 1, max: 16, help: 'Step between windows; 2 halves height and width.' },
    padding: { kind: 'enum', label: 'Padding', default: 'same', options: ['same', 'valid'], help: '"same" keeps height and width (at stride 1); "valid" uses only whole windows.' },
    groups: { kind: 'int', label: 'Groups', default: 2, min: 1, max: 4096, help: 'Independent slices of the channels; each filter sees only its group\'s C_in / groups channels.' },
    useBias: { kind: 'bool', label: 'Bias', default: true, help: 'Add a learned bias per filter (off when BatchNorm follows, as in ResNeXt).' },
    activation: { kind: 'enum', label: 'Activation', default: 'linear', options: ACTIVATIONS, help: 'Non-linearity applied to the output.' },
  },
  teach: {
    summary: 'Splits the input channels into g groups and convolves each group with its own filters, then stacks the results; each filter sees only C_in / g channels, so weights and cost fall by g. AlexNet did this to fit on two GPUs (g = 2); ResNeXt made the number of groups, its "cardinality", a design choice.',
    origin: 'Krizhevsky, Sutskever & Hinton, AlexNet (2012); Xie et al., "Aggregated Residual Transformations" (ResNeXt, 2017).',
    formula: 'k×k×(C_in / g)×C_out weights + C_out biases',
  },
  validate(p) {
    if (p.filters % p.groups !== 0) {
      const fix = Math.max(p.groups, Math.round(p.filters / p.groups) * p.groups);
      return graphError('groupedFilters', { filters: p.filters, groups: p.groups, fix });
    }
    return undefined;
  },
  describe: (p) => `GConv ${p.kernel}×${p.kernel}, ${p.filters}, g${p.groups}${p.stride > 1 ? `, s${p.stride}` : ''}${p.activation !== 'linear' ? `, ${p.activation}` : ''}`,
  inferShape([input], p) {
    const bad = requireMap(input!, { type: 'GroupedConv2D', name: 'GroupedConv2D' });
    if (bad) return bad;
    const c = input![2]!;
    if (c % p.groups !== 0) {
      const more = Math.ceil(c / p.groups) * p.groups;
      return shapeError('groupedChannels', { channels: c, groups: p.groups, divisors: listValue(nearDivisors(c, p.groups), 'or'), more });
    }
    const out = windowOutput(input!, p.kernel, p.stride, p.padding, { type: 'GroupedConv2D', name: 'GroupedConv2D' });
    if ('error' in out) return out;
    return [out.h, out.w, p.filters];
  },
  countParams([input], p) {
    const cg = input![2]! / p.groups;
    return { trainable: p.kernel * p.kernel * cg * p.filters + (p.useBias ? p.filters : 0), nonTrainable: 0 };
  },
  countFlops([input], p, out) {
    return out[0]! * out[1]! * p.kernel * p.kernel * (input![2]! / p.groups) * p.filters;
  },
  footprint: (p) => ({ kernel: p.kernel, stride: p.stride }),
  formula([input], p) {
    const cg = input![2]! / p.groups;
    const w = p.kernel * p.kernel * cg * p.filters;
    return p.useBias
      ? `${p.kernel}×${p.kernel}×${cg}×${p.filters} + ${p.filters} = ${formatInt(w + p.filters)}`
      : `${p.kernel}×${p.kernel}×${cg}×${p.filters} = ${formatInt(w)}`;
  },
});
