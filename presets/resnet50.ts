/** ResNet-50: bottleneck blocks (1×1, 3×3, 1×1 ×4) in stages of 3, 4, 6, 3 blocks. */
import { buildResNet, IMAGENET_INPUT, residualStages, RESNET_HISTORY, v15Note } from './resnet18';
import type { Preset } from './types';

export const resnet50: Preset = {
  id: 'resnet50',
  name: 'ResNet-50',
  size: 'full',
  history: {
    ...RESNET_HISTORY,
    notes: v15Note(50, '3.858'),
  },
  build: () => buildResNet({ id: 'resnet50', name: 'ResNet-50', input: IMAGENET_INPUT, stem: 'imagenet', stages: residualStages('bottleneck', [3, 4, 6, 3]), classes: 1000 }),
};
