import { shapeValue } from '../graph/graph-errors';
import { definePrimitive, shapeError } from './spec';

export type GlobalAvgPoolParams = Record<string, never>;

export const globalAvgPool = definePrimitive<GlobalAvgPoolParams>({
  kind: 'primitive',
  type: 'GlobalAvgPool',
  name: 'GlobalAvgPool',
  category: 'head',
  ports: { min: 1, max: 1, ordered: false },
  params: {},
  teach: {
    summary: 'Averages each channel over the whole map, turning H×W×C into C numbers. It replaces the huge flatten-and-dense head of AlexNet and VGG with no weights at all, and lets the network accept any image size.',
    origin: 'Lin, Chen & Yan, "Network In Network" (2013); the head of GoogLeNet (2014), ResNet (2015) and their successors.',
    formula: 'no weights',
  },
  describe: () => 'GlobalAvgPool',
  inferShape([input]) {
    if (input!.length !== 3) {
      return shapeError('globalPoolAlreadyPooled', { shape: shapeValue(input!) });
    }
    return [input![2]!];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
  // Each output averages every position of the map, so it sees the whole input.
  footprint: () => 'global',
});
