import type { Shape } from '../graph/types';
import { definePrimitive } from './spec';
import { formatShape } from './util';

export type AddParams = Record<string, never>;

/** A suggestion for making `b` match `a` (the main path), for the error message. */
function fixFor(a: Shape, b: Shape): string {
  if (a.length === 3 && b.length === 3) {
    const stride = b[0]! / a[0]!;
    if (Number.isInteger(stride) && stride > 1 && b[1]! / a[1]! === stride) {
      return `give the shortcut a 1×1 conv with ${filters(a[2]!)} and stride ${stride}`;
    }
    // Same size, different channels: the main path usually widens, so match the wider one.
    if (a[0] === b[0] && a[1] === b[1]) return `give the shortcut a 1×1 conv with ${filters(Math.max(a[2]!, b[2]!))}`;
  }
  return 'make both branches end in the same shape';
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
        return { error: `Add needs equal shapes: ${formatShape(small)} and ${formatShape(big)}; ${fixFor(small, big)}` };
      }
    }
    return first;
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
});

const filters = (n: number) => `${n} filter${n === 1 ? '' : 's'}`;

function product3(s: Shape): number {
  return s.length === 3 ? s[0]! * s[1]! : s[0]!;
}
