import { definePrimitive } from './spec';

export const ACTIVATION_FUNCTIONS = ['relu', 'relu6', 'sigmoid', 'tanh', 'swish', 'softmax'] as const;
export type ActivationFunction = (typeof ACTIVATION_FUNCTIONS)[number];

export interface ActivationParams {
  [key: string]: string;
  fn: ActivationFunction;
}

/** Teaching text for each function: its formula and why a network would pick it. */
export const ACTIVATION_NOTES: Readonly<Record<ActivationFunction, { readonly formula: string; readonly note: string }>> = {
  relu: {
    formula: 'max(0, x)',
    note: 'Keeps positives, zeroes negatives. Its gradient does not fade for large inputs, which let AlexNet (2012) train deep nets several times faster than with tanh (Nair & Hinton 2010).',
  },
  relu6: {
    formula: 'min(max(0, x), 6)',
    note: 'ReLU capped at 6, so values stay in a range that low-precision arithmetic on phones handles well; MobileNet (2017) and MobileNetV2 (2018) use it.',
  },
  sigmoid: {
    formula: '1 / (1 + e^−x)',
    note: 'Squashes to (0, 1). The classic neuron of the 1980s, as in LeNet; its gradient vanishes for large |x|, so today it appears where a gate between 0 and 1 is wanted, such as SE blocks.',
  },
  tanh: {
    formula: '(e^x − e^−x) / (e^x + e^−x)',
    note: 'Squashes to (−1, 1), centred on zero; the usual choice before ReLU (LeCun et al. 1998). Like the sigmoid it saturates, and deep stacks of it train slowly.',
  },
  swish: {
    formula: 'x · sigmoid(x)',
    note: 'A smooth ReLU-like curve found by automated search (Ramachandran et al. 2017, also called SiLU); EfficientNet (2019) uses it throughout.',
  },
  softmax: {
    formula: 'e^x_i / Σ_j e^x_j',
    note: 'Turns the last layer\'s scores into probabilities that sum to 1 across the last axis (the classes). Used once, at the end of a classifier.',
  },
};

export const activation = definePrimitive<ActivationParams>({
  kind: 'primitive',
  type: 'Activation',
  name: 'Activation',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    fn: { kind: 'enum', label: 'Function', default: 'relu', options: ACTIVATION_FUNCTIONS, help: 'The non-linearity applied to every value (softmax: across the last axis).' },
  },
  teach: {
    summary: 'Applies a non-linear function to every value; without one, any stack of layers collapses into a single linear map. ReLU max(0, x) is the default since AlexNet; ReLU6 caps it at 6 (MobileNet); sigmoid and tanh squash (the older choice, and gates); swish x·sigmoid(x) is smooth (EfficientNet); softmax turns class scores into probabilities.',
    origin: 'ReLU: Nair & Hinton (2010), made standard by AlexNet (2012); sigmoid/tanh: the 1980s networks; swish: Ramachandran et al. (2017).',
    formula: 'no weights',
  },
  describe: (p) => `${p.fn === 'relu' ? 'ReLU' : p.fn === 'relu6' ? 'ReLU6' : p.fn[0]!.toUpperCase() + p.fn.slice(1)}`,
  inferShape: ([input]) => input!,
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
});
