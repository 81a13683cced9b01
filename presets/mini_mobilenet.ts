/** Mini MobileNet: MobileNetV2's inverted residual stages, fewer and narrower, for 32×32 images. */
import { buildMobile } from './mobilenet_v2';
import type { Preset } from './types';

export const miniMobilenet: Preset = {
  id: 'mini_mobilenet',
  name: 'Mini MobileNet',
  size: 'mini',
  history: {
    year: 2018,
    paper: 'Sandler, Howard, Zhu, Zhmoginov & Chen, "MobileNetV2: Inverted Residuals and Linear Bottlenecks"',
    venue: 'CVPR 2018 (arXiv:1801.04381)',
    idea: 'The inverted residual with a linear bottleneck: widen with a 1×1 conv, filter each channel with a cheap depthwise 3×3, project back down with no ReLU.',
    notes: 'A small MobileNetV2 for 32×32×3 images and 10 classes: a 3×3 stem conv of 16 at stride 1 (as CIFAR ports do), ' +
      'then (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,2,2) (6,64,2,2) with ReLU6, a 1×1 head conv to 256, dropout 0.2 and a 10-way softmax.',
  },
  build: () => buildMobile({
    id: 'mini_mobilenet', name: 'Mini MobileNet', input: { height: 32, width: 32, channels: 3 }, stemFilters: 16, stemStride: 1,
    stages: [
      { t: 1, c: 16, n: 1, s: 1, k: 3 },
      { t: 6, c: 24, n: 2, s: 2, k: 3 },
      { t: 6, c: 32, n: 2, s: 2, k: 3 },
      { t: 6, c: 64, n: 2, s: 2, k: 3 },
    ],
    headFilters: 256, activation: 'relu6', seRatio: 0, dropout: 0.2, classes: 10,
  }),
};
