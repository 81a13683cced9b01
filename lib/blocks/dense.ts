import { ACTIVATIONS } from './conv2d';
import { shapeValue } from '../graph/graph-errors';
import { definePrimitive, shapeError } from './spec';
import { formatInt } from './util';

export interface DenseParams {
  [key: string]: number | string | boolean;
  units: number;
  useBias: boolean;
  activation: 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'swish' | 'softmax';
}

export const dense = definePrimitive<DenseParams>({
  kind: 'primitive',
  type: 'Dense',
  name: 'Dense',
  category: 'head',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    units: { kind: 'int', label: 'Units', default: 10, min: 1, max: 65536, help: 'Number of outputs (the class count for the last layer).' },
    useBias: { kind: 'bool', label: 'Bias', default: true, help: 'Add a learned bias per unit.' },
    activation: { kind: 'enum', label: 'Activation', default: 'linear', options: [...ACTIVATIONS, 'softmax'], help: 'Non-linearity applied to the output; softmax turns the last layer into class probabilities.' },
  },
  teach: {
    summary: 'A fully connected layer: every output is a weighted sum of every input. The classic head of a classifier.',
    origin: 'Rosenblatt\'s perceptron (1958); the multi-layer form trained by back-propagation, Rumelhart, Hinton & Williams (1986).',
    formula: 'N_in×N_out weights + N_out biases',
  },
  describe: (p) => `Dense ${p.units}${p.activation !== 'linear' ? `, ${p.activation}` : ''}`,
  inferShape([input], p) {
    if (input!.length !== 1) {
      return shapeError('denseNeedsFlat', { shape: shapeValue(input!) });
    }
    return [p.units];
  },
  countParams([input], p) {
    return { trainable: input![0]! * p.units + (p.useBias ? p.units : 0), nonTrainable: 0 };
  },
  countFlops: ([input], p) => input![0]! * p.units,
  footprint: () => 'global',
  formula([input], p) {
    const n = input![0]!;
    return p.useBias ? `${n}×${p.units} + ${p.units} = ${formatInt(n * p.units + p.units)}` : `${n}×${p.units} = ${formatInt(n * p.units)}`;
  },
});
