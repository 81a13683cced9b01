/** DenseNet-169: DenseNet-121 with deeper third and fourth blocks (32 and 32 layers). */
import { buildDenseNet, DENSENET_HISTORY, densenetNote } from './densenet121';
import type { Preset } from './types';

export const densenet169: Preset = {
  id: 'densenet169',
  name: 'DenseNet-169',
  size: 'full',
  history: { ...DENSENET_HISTORY, notes: densenetNote('6, 12, 32, 32', '14,149,480') },
  build: () => buildDenseNet({
    id: 'densenet169', name: 'DenseNet-169', input: { height: 224, width: 224, channels: 3 }, initFeatures: 64, stem: 'imagenet',
    blocks: [6, 12, 32, 32], growthRate: 32, bottleneck: 4, compression: 0.5, classes: 1000,
  }),
};
