/** EfficientNet-B0: MBConv blocks with squeeze-and-excitation and swish, found by architecture search. */
import { buildMobile, type MBStage } from './mobilenet_v2';
import type { Preset } from './types';

/** The paper's Table 1: expand ratio, channels, layers, stride, kernel of stages 2–8. */
export const EFFICIENTNET_B0_STAGES: readonly MBStage[] = [
  { t: 1, c: 16, n: 1, s: 1, k: 3 },
  { t: 6, c: 24, n: 2, s: 2, k: 3 },
  { t: 6, c: 40, n: 2, s: 2, k: 5 },
  { t: 6, c: 80, n: 3, s: 2, k: 3 },
  { t: 6, c: 112, n: 3, s: 1, k: 5 },
  { t: 6, c: 192, n: 4, s: 2, k: 5 },
  { t: 6, c: 320, n: 1, s: 1, k: 3 },
];

export const efficientnetB0: Preset = {
  id: 'efficientnet_b0',
  name: 'EfficientNet-B0',
  size: 'full',
  history: {
    year: 2019,
    paper: 'Tan & Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks"',
    venue: 'ICML 2019 (arXiv:1905.11946)',
    idea: 'Compound scaling: grow depth, width and input resolution together by fixed ratios, starting from a small searched base network (B0): 77.1% top-1 with 5.3M parameters.',
    notes: 'Built as torchvision\'s efficientnet_b0: a 3×3/2 stem conv of 32, seven stages of MBConv blocks (Table 1 of the paper) with swish and ' +
      'squeeze-and-excitation reducing to 0.25 × the block\'s input channels (SE layers with bias), no expansion conv in the first stage (ratio 1), ' +
      'a skip only where stride is 1 and channels match, a 1×1 head conv to 1280, dropout 0.2, 1000 classes: 5,288,548 parameters. ' +
      'Stochastic depth (drop-connect), used only in training, is left out.',
  },
  build: () => buildMobile({
    id: 'efficientnet_b0', name: 'EfficientNet-B0', input: { height: 224, width: 224, channels: 3 }, stemFilters: 32, stemStride: 2,
    stages: EFFICIENTNET_B0_STAGES, headFilters: 1280, activation: 'swish', seRatio: 0.25, dropout: 0.2, classes: 1000,
  }),
};
