import { shapeValue } from '../graph/graph-errors';
import { definePrimitive, shapeError } from './spec';

export type ConcatParams = Record<string, never>;

export const concat = definePrimitive<ConcatParams>({
  kind: 'primitive',
  type: 'Concat',
  name: 'Concat',
  category: 'layer',
  ports: { min: 2, max: 64, ordered: true },
  params: {},
  teach: {
    summary: 'Stacks its inputs along the channel axis, in input order. Inception joins its branches this way; DenseNet joins every earlier layer.',
    origin: 'Szegedy et al., GoogLeNet (2014); Huang et al., DenseNet (2016).',
    formula: 'no weights; output channels = sum of input channels',
  },
  describe: () => 'Concat',
  inferShape(inputs) {
    const first = inputs[0]!;
    if (first.length === 1) {
      if (inputs.some((s) => s.length !== 1)) return shapeError('concatFlatWithMap');
      return [inputs.reduce((sum, s) => sum + s[0]!, 0)];
    }
    for (const s of inputs) {
      if (s.length !== 3) return shapeError('concatMapWithFlat');
      if (s[0] !== first[0] || s[1] !== first[1]) {
        return shapeError('concatSize', { first: shapeValue(first), other: shapeValue(s) });
      }
    }
    return [first[0]!, first[1]!, inputs.reduce((sum, s) => sum + s[2]!, 0)];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
});
