/**
 * Mini VGG: the VGG recipe (stacks of 3×3 convs, a 2×2 max-pool after each stage, channels doubling
 * at each pool, dense layers at the end) at CIFAR scale: three stages of two convs, 16/32/64 filters.
 */
import { buildVgg } from './vgg16';
import type { Preset } from './types';

export const miniVgg: Preset = {
  id: 'mini_vgg',
  name: 'Mini VGG',
  size: 'mini',
  history: {
    year: 2014,
    paper: 'Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition"',
    venue: 'ICLR 2015 (arXiv:1409.1556, 2014)',
    idea: 'Only 3×3 convolutions, stacked: two of them see a 5×5 window with fewer weights than one 5×5 and an extra ReLU between them.',
    notes: 'A small VGG for 32×32×3 images and 10 classes: three stages of two 3×3 convs (16, 32, 64 filters), each closed by a 2×2 max-pool, ' +
      'then dense 64 with dropout and a 10-way softmax (about 138k parameters, 10 M multiply-adds). VGG-16 has five stages, 64 to 512 filters and two 4096-unit dense layers.',
  },
  build: () => buildVgg({
    id: 'mini_vgg', name: 'Mini VGG', input: { height: 32, width: 32, channels: 3 }, convs: [2, 2, 2],
    filters: [16, 32, 64], hidden: [64], classes: 10, dropout: 0.3,
  }),
};
