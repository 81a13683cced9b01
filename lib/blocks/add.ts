import type { Shape } from '../graph/types';
import { shapeValue } from '../graph/graph-errors';
import { definePrimitive, shapeError, type ShapeError } from './spec';

export type AddParams = Record<string, never>;

/** The error for shapes `a` and `b`, with a suggestion for making `b` match `a` (the main path). */
function mismatch(a: Shape, b: Shape): ShapeError {
  const shapes = { small: shapeValue(a), big: shapeValue(b) };
  if (a.length === 3 && b.length === 3) {
    const stride = b[0]! / a[0]!;
    if (Number.isInteger(stride) && stride > 1 && b[1]! / a[1]! === stride) {
      return shapeError('addShapesStride', { ...shapes, filters: a[2]!, stride });
    }
    // Same size, different channels: the main path usually widens, so match the wider one.
    if (a[0] === b[0] && a[1] === b[1]) return shapeError('addShapesChannels', { ...shapes, filters: Math.max(a[2]!, b[2]!) });
  }
  return shapeError('addShapes', shapes);
}

export const add = definePrimitive<AddParams>({
  kind: 'primitive',
  type: 'Add',
  name: 'Add',
  category: 'layer',
  ports: { min: 2, max: 8, ordered: false },
  params: {},
  teach: {
    summary: 'Adds its inputs element by element. With one input taken straight from earlier in the network this is the residual (skip) connection: the block learns only a correction, so very deep networks still train.',
    origin: 'He et al., "Deep Residual Learning for Image Recognition" (ResNet, 2015).',
    formula: 'no weights',
  },
  describe: () => 'Add',
  inferShape(inputs) {
    const first = inputs[0]!;
    for (const other of inputs.slice(1)) {
      if (other.length !== first.length || other.some((d, i) => d !== first[i])) {
        // Name the larger map second so the advice is about shrinking it.
        const [small, big] = product3(first) <= product3(other) ? [first, other] : [other, first];
        return mismatch(small, big);
      }
    }
    return first;
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
});

function product3(s: Shape): number {
  return s.length === 3 ? s[0]! * s[1]! : s[0]!;
}
