import { graphError } from '../graph/graph-errors';
import { definePrimitive } from './spec';
import { requireMap } from './util';

/**
 * Params follow the paper (AlexNet section 3.3): b = a / (k + α·Σ a²)^β, the sum over `size` (n)
 * neighbouring channels. α is not divided by n, as in tfjs' localResponseNormalization
 * (depthRadius = (n − 1) / 2); PyTorch's LocalResponseNorm divides it, so its α is n times larger.
 */
export interface LRNParams {
  [key: string]: number;
  size: number;
  alpha: number;
  beta: number;
  k: number;
}

export const lrn = definePrimitive<LRNParams>({
  kind: 'primitive',
  type: 'LRN',
  name: 'LRN',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    size: { kind: 'int', label: 'Size (n)', default: 5, min: 1, max: 99, help: 'Channels summed across, centred on each channel; odd (5 in AlexNet).' },
    alpha: { kind: 'float', label: 'Alpha', default: 1e-4, min: 0, max: 10, help: 'Weight of the sum of squares (10⁻⁴ in AlexNet; not divided by the size).' },
    beta: { kind: 'float', label: 'Beta', default: 0.75, min: 0, max: 10, help: 'Exponent of the denominator (0.75 in AlexNet).' },
    k: { kind: 'float', label: 'k', default: 2, min: 1e-6, max: 100, help: 'Constant added to the denominator so it never reaches zero (2 in AlexNet).' },
  },
  teach: {
    summary: 'Divides each value by the energy of the same position in its neighbouring channels: b = a / (k + α·Σ a²)^β. Strongly active channels damp their neighbours, a "lateral inhibition" borrowed from real neurons. AlexNet gained about 1% with it; VGG found it did not help and BatchNorm replaced it.',
    origin: 'Krizhevsky, Sutskever & Hinton, "ImageNet Classification with Deep Convolutional Neural Networks" (AlexNet, 2012), section 3.3; also in GoogLeNet (2014).',
    formula: 'no weights',
  },
  validate(p) {
    if (p.size % 2 === 0) return graphError('lrnEvenSize', { below: p.size - 1, above: p.size + 1 });
    return undefined;
  },
  describe: (p) => `LRN ${p.size}`,
  inferShape([input]) {
    return requireMap(input!, { type: 'LRN', name: 'LRN' }) ?? input!;
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
});
