/** VGG-19 (configuration E): VGG-16 with a fourth 3×3 conv in each of the last three stages. */
import { buildVgg, VGG_HISTORY } from './vgg16';
import type { Preset } from './types';

export const vgg19: Preset = {
  id: 'vgg19',
  name: 'VGG-19',
  size: 'full',
  history: {
    ...VGG_HISTORY,
    notes: 'Configuration E of the paper\'s Table 1 (16 conv + 3 dense layers), as in torchvision and Keras: 143,667,240 parameters, ' +
      '19.6 G multiply-adds. Deeper than VGG-16 but barely better: plain stacks stop gaining from depth, the problem ResNet solved.',
  },
  build: () => buildVgg({
    id: 'vgg19', name: 'VGG-19', input: { height: 224, width: 224, channels: 3 }, convs: [2, 2, 4, 4, 4],
    filters: [64, 128, 256, 512, 512], hidden: [4096, 4096], classes: 1000, dropout: 0.5,
  }),
};
