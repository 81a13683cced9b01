import { definePrimitive } from './spec';
import { requireMap } from './util';

export interface ZeroPadParams {
  [key: string]: number;
  padding: number;
  bottom: number;
  right: number;
}

export const zeroPad = definePrimitive<ZeroPadParams>({
  kind: 'primitive',
  type: 'ZeroPad',
  name: 'ZeroPad',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    padding: { kind: 'int', label: 'Padding', default: 1, min: 0, max: 256, help: 'Rows and columns of zeros added on every side.' },
    bottom: { kind: 'int', label: 'Extra bottom', default: 0, min: 0, max: 256, help: 'More rows of zeros at the bottom only, for asymmetric padding (as TensorFlow pads "same" at stride 2).' },
    right: { kind: 'int', label: 'Extra right', default: 0, min: 0, max: 256, help: 'More columns of zeros on the right only.' },
  },
  teach: {
    summary: 'Surrounds the map with rows and columns of zeros. A convolution with "valid" padding after it can then keep the borders, or hit an exact output size: ZFNet pads its 224×224 input by 1 so that a 7×7 stride-2 conv gives 110×110.',
    origin: 'Explicit padding as in the original papers\' layer tables (e.g. Zeiler & Fergus, ZFNet, 2014); Keras ZeroPadding2D.',
    formula: 'no weights',
  },
  describe: (p) => `ZeroPad ${p.padding}${p.bottom ? `, +${p.bottom} bottom` : ''}${p.right ? `, +${p.right} right` : ''}`,
  inferShape([input], p) {
    const bad = requireMap(input!, { type: 'ZeroPad', name: 'ZeroPad' });
    if (bad) return bad;
    const [h, w, c] = input as [number, number, number];
    return [h + 2 * p.padding + p.bottom, w + 2 * p.padding + p.right, c];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
});
