/** ResNet-34: the basic-block ResNet with stages of 3, 4, 6, 3 blocks. */
import { buildResNet, IMAGENET_INPUT, residualStages, RESNET_HISTORY } from './resnet18';
import type { Preset } from './types';

export const resnet34: Preset = {
  id: 'resnet34',
  name: 'ResNet-34',
  size: 'full',
  history: {
    ...RESNET_HISTORY,
    notes: 'Built as torchvision\'s ResNet-34: stages of 3, 4, 6, 3 basic blocks (two 3×3 convs each) with 64, 128, 256, 512 filters; ' +
      'convs before BatchNorm have no bias; shortcuts that change shape are 1×1 convs with BatchNorm (option B). The paper\'s Figure 3 compares it with a plain 34-layer net.',
  },
  build: () => buildResNet({ id: 'resnet34', name: 'ResNet-34', input: IMAGENET_INPUT, stem: 'imagenet', stages: residualStages('basic', [3, 4, 6, 3]), classes: 1000 }),
};
