import { graphError } from '../graph/graph-errors';
import { definePrimitive } from './spec';

export interface DropoutParams {
  [key: string]: number;
  rate: number;
}

export const dropout = definePrimitive<DropoutParams>({
  kind: 'primitive',
  type: 'Dropout',
  name: 'Dropout',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    rate: { kind: 'float', label: 'Rate', default: 0.5, min: 0, max: 1, help: 'Fraction of values set to zero at each training step (0.5 in AlexNet and VGG); must be below 1.' },
  },
  teach: {
    summary: 'During training, sets a random fraction of values to zero and scales the rest up to keep the sum; at test time it does nothing. No unit can rely on any other, so the network overfits less — AlexNet\'s cure for its huge dense layers.',
    origin: 'Hinton et al. (2012) and Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting" (2014); used in AlexNet (2012).',
    formula: 'no weights',
  },
  validate(p) {
    if (p.rate >= 1) return graphError('dropoutRate');
    return undefined;
  },
  describe: (p) => `Dropout ${p.rate}`,
  inferShape: ([input]) => input!,
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
});
