/** Mini DenseNet: DenseNet-BC at CIFAR scale — growth rate 12, three dense blocks of 4 layers. */
import { buildDenseNet, DENSENET_HISTORY } from './densenet121';
import type { Preset } from './types';

export const miniDensenet: Preset = {
  id: 'mini_densenet',
  name: 'Mini DenseNet',
  size: 'mini',
  history: {
    ...DENSENET_HISTORY,
    notes: 'A small DenseNet-BC for 32×32×3 images and 10 classes: a 3×3 conv of 24 (2k) with BN, ReLU and a 2×2 max-pool (→ 16×16), ' +
      'three dense blocks of 4 bottleneck layers with growth rate k = 12 (the paper\'s CIFAR growth rate), transitions with compression 0.5, ' +
      'a final BN + ReLU, global average pooling and a 10-way softmax.',
  },
  build: () => buildDenseNet({
    id: 'mini_densenet', name: 'Mini DenseNet', input: { height: 32, width: 32, channels: 3 }, initFeatures: 24, stem: 'small',
    blocks: [4, 4, 4], growthRate: 12, bottleneck: 4, compression: 0.5, classes: 10,
  }),
};
