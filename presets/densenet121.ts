/**
 * DenseNet-121, and the builder DenseNet-169 and mini DenseNet share: a stem, dense blocks joined
 * by transitions, a final BN + ReLU, global average pooling and a dense classifier.
 */
import { TORCH_BN } from '../lib/blocks/compose';
import type { Graph } from '../lib/graph/types';
import { conv, dense, pool, PresetBuilder } from './builder';
import type { History, Preset } from './types';

export interface DenseNetConfig {
  readonly id: string;
  readonly name: string;
  readonly input: { height: number; width: number; channels: number };
  /** Channels of the stem conv (64 for ImageNet, 2k in DenseNet-BC for CIFAR). */
  readonly initFeatures: number;
  /** 'imagenet': 7×7/2 conv + 3×3/2 max-pool (224 → 56); 'small': 3×3 conv + 2×2 max-pool (32 → 16). */
  readonly stem: 'imagenet' | 'small';
  readonly blocks: readonly number[];
  readonly growthRate: number;
  readonly bottleneck: number;
  readonly compression: number;
  readonly classes: number;
}

/** Builds conv0, norm0, relu0, pool0, denseblock1, transition1, …, norm5, relu5, avgpool, fc (torchvision's names). */
export function buildDenseNet(cfg: DenseNetConfig): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', cfg.input);
  if (cfg.stem === 'imagenet') b.add('conv0', 'Conv2D', conv(cfg.initFeatures, 7, { stride: 2, useBias: false }));
  else b.add('conv0', 'Conv2D', conv(cfg.initFeatures, 3, { useBias: false }));
  b.add('norm0', 'BatchNorm', TORCH_BN);
  b.add('relu0', 'Activation', { fn: 'relu' });
  b.add('pool0', 'MaxPool', cfg.stem === 'imagenet' ? pool(3, 2, 'same') : pool(2, 2));
  cfg.blocks.forEach((layers, i) => {
    b.add(`denseblock${i + 1}`, 'DenseBlock', { layers, growthRate: cfg.growthRate, bottleneck: cfg.bottleneck });
    if (i < cfg.blocks.length - 1) b.add(`transition${i + 1}`, 'Transition', { compression: cfg.compression });
  });
  // DenseNet's layers are pre-activation (BN-ReLU-conv), so the last block's output still needs its BN and ReLU.
  b.add(`norm${cfg.blocks.length + 1}`, 'BatchNorm', TORCH_BN);
  b.add(`relu${cfg.blocks.length + 1}`, 'Activation', { fn: 'relu' });
  b.add('avgpool', 'GlobalAvgPool', {});
  b.add('fc', 'Dense', dense(cfg.classes, 'softmax'));
  return b.graph(cfg.id, cfg.name);
}

export const DENSENET_HISTORY: Omit<History, 'notes'> = {
  year: 2016,
  paper: 'Huang, Liu, van der Maaten & Weinberger, "Densely Connected Convolutional Networks"',
  venue: 'CVPR 2017, best paper award (arXiv:1608.06993, 2016)',
  idea: 'Dense connectivity: every layer in a block sees the feature maps of all the layers before it (concatenated), so features are reused and each layer adds only k new channels.',
};

/** The shared note on the BC form, for the full DenseNets' cards. */
export function densenetNote(blocks: string, params: string): string {
  return `Built as torchvision's form (DenseNet-BC): growth rate k = 32, each layer BN-ReLU-conv 1×1 (4k channels) then BN-ReLU-conv 3×3 (k), ` +
    `transitions halve the channels (compression 0.5) and pool 2×2; 64 initial features from a 7×7/2 conv and a 3×3/2 max-pool; dense blocks of ${blocks} layers; ` +
    `a final BN + ReLU before pooling. ${params} trainable parameters (Keras counts the BatchNorm moving statistics in its total too).`;
}

const IMAGENET = { height: 224, width: 224, channels: 3 };

export const densenet121: Preset = {
  id: 'densenet121',
  name: 'DenseNet-121',
  size: 'full',
  history: { ...DENSENET_HISTORY, notes: densenetNote('6, 12, 24, 16', '7,978,856') },
  build: () => buildDenseNet({
    id: 'densenet121', name: 'DenseNet-121', input: IMAGENET, initFeatures: 64, stem: 'imagenet',
    blocks: [6, 12, 24, 16], growthRate: 32, bottleneck: 4, compression: 0.5, classes: 1000,
  }),
};
