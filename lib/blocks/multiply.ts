import type { Shape } from '../graph/types';
import { shapeValue } from '../graph/graph-errors';
import { definePrimitive, shapeError } from './spec';

export type MultiplyParams = Record<string, never>;

/** A per-channel vector: `[C]`, or `[1, 1, C]` as Keras' SE blocks reshape it. */
function isChannelVector(s: Shape): boolean {
  return s.length === 1 || (s.length === 3 && s[0] === 1 && s[1] === 1);
}

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The output when `vec` can scale `map` channel by channel, or undefined. */
function broadcast(map: Shape, vec: Shape): Shape | undefined {
  return map.length === 3 && isChannelVector(vec) && vec[vec.length - 1] === map[2] ? map : undefined;
}

export const multiply = definePrimitive<MultiplyParams>({
  kind: 'primitive',
  type: 'Multiply',
  name: 'Multiply',
  category: 'layer',
  ports: { min: 2, max: 2, ordered: false },
  params: {},
  teach: {
    summary: 'Multiplies its two inputs element by element. Given a H×W×C map and C numbers (in either order), it scales each channel of the map by its number: the "excitation" step of a squeeze-and-excitation block, which lets the network turn channels up or down for each image.',
    origin: 'Hu, Shen & Sun, "Squeeze-and-Excitation Networks" (SENet, ILSVRC 2017 winner).',
    formula: 'no weights',
  },
  describe: () => 'Multiply',
  inferShape(inputs) {
    const a = inputs[0]!;
    const b = inputs[1]!;
    if (sameShape(a, b)) return a;
    const out = broadcast(a, b) ?? broadcast(b, a);
    if (out) return out;
    const [map, vec] = isChannelVector(a) && !isChannelVector(b) ? [b, a] : [a, b];
    if (map.length === 3 && isChannelVector(vec)) {
      const c = vec[vec.length - 1]!;
      return shapeError('multiplyChannels', { map: shapeValue(map), need: map[2]!, got: c });
    }
    return shapeError('multiplyShapes', { a: shapeValue(a), b: shapeValue(b) });
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  // Elementwise: not a multiply-add of a conv or dense layer, so torchvision leaves it out.
  countFlops: () => 0,
});
