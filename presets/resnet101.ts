/** ResNet-101: bottleneck blocks (1×1, 3×3, 1×1 ×4) in stages of 3, 4, 23, 3 blocks. */
import { buildResNet, IMAGENET_INPUT, residualStages, RESNET_HISTORY, v15Note } from './resnet18';
import type { Preset } from './types';

export const resnet101: Preset = {
  id: 'resnet101',
  name: 'ResNet-101',
  size: 'full',
  history: {
    ...RESNET_HISTORY,
    notes: v15Note(101, '7.570'),
  },
  build: () => buildResNet({ id: 'resnet101', name: 'ResNet-101', input: IMAGENET_INPUT, stem: 'imagenet', stages: residualStages('bottleneck', [3, 4, 23, 3]), classes: 1000 }),
};
