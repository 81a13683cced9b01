/** ResNeXt-50 (32×4d): ResNet-50 with each bottleneck's 3×3 split into 32 groups of 4 channels (doubled). */
import { buildResNet, IMAGENET_INPUT } from './resnet18';
import type { Preset } from './types';

export const resnext50: Preset = {
  id: 'resnext50_32x4d',
  name: 'ResNeXt-50 (32×4d)',
  size: 'full',
  history: {
    year: 2016,
    paper: 'Xie, Girshick, Dollár, Tu & He, "Aggregated Residual Transformations for Deep Neural Networks"',
    venue: 'CVPR 2017 (arXiv:1611.05431, 2016)',
    ilsvrc: 'ILSVRC 2016: 2nd in classification',
    idea: 'Cardinality: split a block\'s 3×3 conv into many parallel paths (a grouped convolution). More paths beat going deeper or wider at the same cost.',
    notes: 'Built as torchvision\'s resnext50_32x4d: ResNet-50\'s layout (3, 4, 6, 3 blocks) with the 3×3 of each bottleneck a grouped conv of ' +
      '32 groups, ⌊planes × 4 / 64⌋ × 32 channels wide (128, 256, 512, 1024 by stage); stride on the 3×3 ("v1.5"); 25,028,904 parameters.',
  },
  build: () => buildResNet({
    id: 'resnext50_32x4d', name: 'ResNeXt-50 (32×4d)', input: IMAGENET_INPUT, stem: 'imagenet', classes: 1000,
    stages: [3, 4, 6, 3].map((times, i) => ({
      block: 'ResNeXt' as const, times,
      params: { filters: 64 << i, cardinality: 32, bottleneckWidth: 4, stride: i === 0 ? 1 : 2 },
    })),
  }),
};
