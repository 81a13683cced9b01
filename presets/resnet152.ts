/** ResNet-152: bottleneck blocks (1×1, 3×3, 1×1 ×4) in stages of 3, 8, 36, 3 blocks. */
import { buildResNet, IMAGENET_INPUT, residualStages, RESNET_HISTORY, v15Note } from './resnet18';
import type { Preset } from './types';

export const resnet152: Preset = {
  id: 'resnet152',
  name: 'ResNet-152',
  size: 'full',
  history: {
    ...RESNET_HISTORY,
    notes: v15Note(152, '11.282'),
  },
  build: () => buildResNet({ id: 'resnet152', name: 'ResNet-152', input: IMAGENET_INPUT, stem: 'imagenet', stages: residualStages('bottleneck', [3, 8, 36, 3]), classes: 1000 }),
};
