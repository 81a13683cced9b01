import { definePrimitive } from './spec';
import { formatInt } from './util';

export interface BatchNormParams {
  [key: string]: number;
  epsilon: number;
  momentum: number;
}

export const batchNorm = definePrimitive<BatchNormParams>({
  kind: 'primitive',
  type: 'BatchNorm',
  name: 'BatchNorm',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    epsilon: { kind: 'float', label: 'Epsilon', default: 0.001, min: 1e-12, max: 1, help: 'Small number added to the variance so that it never divides by zero (Keras 0.001, PyTorch 1e-5).' },
    momentum: { kind: 'float', label: 'Momentum', default: 0.99, min: 0, max: 1, help: 'How slowly the moving mean and variance follow each batch (Keras 0.99 is PyTorch\'s 0.01).' },
  },
  teach: {
    summary: 'Normalises each channel to zero mean and unit variance over the batch, then scales by a learned γ and shifts by a learned β. Training becomes faster and less fussy about learning rates. At test time it uses moving averages of mean and variance gathered during training, which are stored but not trained.',
    origin: 'Ioffe & Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift" (2015).',
    formula: '2×C trainable (γ, β) + 2×C non-trainable (moving mean, moving variance)',
  },
  describe: () => 'BatchNorm',
  // Normalises over the last axis, so it works the same on maps [H, W, C] and flat vectors [N].
  inferShape: ([input]) => input!,
  countParams([input]) {
    const c = input![input!.length - 1]!;
    return { trainable: 2 * c, nonTrainable: 2 * c };
  },
  // A per-element scale and shift; torchvision's FLOP count leaves it out (it folds into the conv).
  countFlops: () => 0,
  formula([input]) {
    const c = input![input!.length - 1]!;
    return `2×${c} = ${formatInt(2 * c)} trainable + 2×${c} = ${formatInt(2 * c)} non-trainable`;
  },
});
