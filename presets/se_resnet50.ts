/** SE-ResNet-50: ResNet-50 with a squeeze-and-excitation gate (reduction 16) on every block's branch. */
import { buildResNet, IMAGENET_INPUT, residualStages } from './resnet18';
import type { Preset } from './types';

export const seResnet50: Preset = {
  id: 'se_resnet50',
  name: 'SE-ResNet-50',
  size: 'full',
  history: {
    year: 2017,
    paper: 'Hu, Shen, Albanie, Sun & Wu, "Squeeze-and-Excitation Networks"',
    venue: 'CVPR 2018 (arXiv:1709.01507, 2017)',
    ilsvrc: 'ILSVRC 2017 winner, 2.251% top-5 error',
    idea: 'Squeeze and excitation: pool each channel to one number, pass them through a tiny two-layer network, and re-weight the channels by the result — a cheap attention over channels.',
    notes: 'ResNet-50 (torchvision layout, stride on the 3×3, "v1.5") with an SE gate before each add: global average pool, dense C/16 with ReLU, ' +
      'dense C with sigmoid (both with bias), multiply. 28,088,024 parameters, as osmr/imgclsmob and the Cadene port count; ' +
      'the SE layers add 2.5 M parameters but only 0.0025 G multiply-adds. (Cadene\'s weights put the stride on the first 1×1, which changes MACs, not parameters.)',
  },
  build: () => buildResNet({ id: 'se_resnet50', name: 'SE-ResNet-50', input: IMAGENET_INPUT, stem: 'imagenet', stages: residualStages('bottleneck', [3, 4, 6, 3], 16), classes: 1000 }),
};
