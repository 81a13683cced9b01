/** Mini SE-ResNet: mini ResNet with a squeeze-and-excitation gate on every block. */
import { buildResNet, residualStages } from './resnet18';
import type { Preset } from './types';

export const miniSeResnet: Preset = {
  id: 'mini_se_resnet',
  name: 'Mini SE-ResNet',
  size: 'mini',
  history: {
    year: 2017,
    paper: 'Hu, Shen, Albanie, Sun & Wu, "Squeeze-and-Excitation Networks"',
    venue: 'CVPR 2018 (arXiv:1709.01507, 2017)',
    idea: 'Squeeze and excitation: pool each channel to one number, pass them through a tiny two-layer network, and re-weight the channels by the result.',
    notes: 'Mini ResNet (32×32×3, a 3×3/2 stem, three stages of 2 basic blocks with 16, 32, 64 filters, 10 classes) with an SE gate before every add. ' +
      'The reduction is 4 instead of SENet\'s 16, so that the narrow 16-channel blocks still squeeze to 4 units rather than 1.',
  },
  build: () => buildResNet({
    id: 'mini_se_resnet', name: 'Mini SE-ResNet', input: { height: 32, width: 32, channels: 3 }, stem: 'small', stemFilters: 16, stemStride: 2,
    stages: residualStages('basic', [2, 2, 2], 4, [16, 32, 64]), classes: 10,
  }),
};
