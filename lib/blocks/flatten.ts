import { shapeValue } from '../graph/graph-errors';
import { definePrimitive, shapeError } from './spec';

export type FlattenParams = Record<string, never>;

export const flatten = definePrimitive<FlattenParams>({
  kind: 'primitive',
  type: 'Flatten',
  name: 'Flatten',
  category: 'head',
  ports: { min: 1, max: 1, ordered: false },
  params: {},
  teach: {
    summary: 'Unrolls a H×W×C map into one vector of H·W·C numbers, row by row, so that Dense layers can follow. Every number keeps its place, so the Dense layer after it learns a weight for each position: that is where most of AlexNet\'s and VGG\'s parameters are.',
    origin: 'The bridge from convolutions to fully connected layers in LeNet (1998), AlexNet (2012) and VGG (2014); later nets use GlobalAvgPool instead.',
    formula: 'no weights; output length = H×W×C',
  },
  describe: () => 'Flatten',
  inferShape([input]) {
    if (input!.length !== 3) {
      return shapeError('flattenAlreadyFlat', { shape: shapeValue(input!) });
    }
    return [input![0]! * input![1]! * input![2]!];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
  // The vector mixes every position, so what follows it sees the whole input.
  footprint: () => 'global',
});
