/**
 * Mini ResNet: the residual idea at CIFAR scale — a 3×3 stem and three stages of two basic blocks
 * (16, 32, 64 filters), in the manner of the paper's own CIFAR-10 ResNets (section 4.2).
 */
import { buildResNet, residualStages, RESNET_HISTORY } from './resnet18';
import type { Preset } from './types';

export const miniResnet: Preset = {
  id: 'mini_resnet',
  name: 'Mini ResNet',
  size: 'mini',
  history: {
    ...RESNET_HISTORY,
    notes: 'A small ResNet for 32×32×3 images and 10 classes, like the paper\'s CIFAR-10 nets (section 4.2) but with a stride-2 stem to keep it fast here: ' +
      'a 3×3/2 conv of 16 with BatchNorm and ReLU (→ 16×16), three stages of 2 basic blocks with 16, 32, 64 filters (→ 16, 8, 4), global average pooling and a 10-way softmax. ' +
      'Same blocks as ResNet-18, 14 layers deep instead of 18, with about 175k parameters (ResNet-18 has 11.7 M).',
  },
  build: () => buildResNet({
    id: 'mini_resnet', name: 'Mini ResNet', input: { height: 32, width: 32, channels: 3 }, stem: 'small', stemFilters: 16, stemStride: 2,
    stages: residualStages('basic', [2, 2, 2], 0, [16, 32, 64]), classes: 10,
  }),
};
