/**
 * ResNet-18, and the builder every ResNet-style preset shares (ResNet-18 to -152, ResNeXt,
 * SE-ResNet and their minis): a stem, four stages each one Repeat of a residual block, global
 * average pooling and a dense classifier.
 */
import { TORCH_BN } from '../lib/blocks/compose';
import type { Graph, ParamRecord } from '../lib/graph/types';
import { conv, dense, pool, PresetBuilder } from './builder';
import type { History, Preset } from './types';

/** One stage: `times` copies of `block`; the first copy carries the stage's stride. */
export interface Stage {
  readonly block: 'Residual' | 'ResNeXt';
  readonly times: number;
  readonly params: ParamRecord;
}

export interface ResNetConfig {
  readonly id: string;
  readonly name: string;
  readonly input: { height: number; width: number; channels: number };
  /**
   * 'imagenet': 7×7/2 conv 64 + BN + ReLU + 3×3/2 max-pool (224 → 56), as torchvision.
   * 'small': 3×3 conv of `stemFilters` with stride `stemStride` + BN + ReLU, for 32×32 images.
   */
  readonly stem: 'imagenet' | 'small';
  readonly stemFilters?: number;
  readonly stemStride?: number;
  readonly stages: readonly Stage[];
  readonly classes: number;
}

/** Builds a ResNet-style graph: conv1, bn1, relu1, (pool1), layer1…layerN, avgpool, fc. */
export function buildResNet(cfg: ResNetConfig): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', cfg.input);
  if (cfg.stem === 'imagenet') {
    b.add('conv1', 'Conv2D', conv(64, 7, { stride: 2, useBias: false }));
  } else {
    b.add('conv1', 'Conv2D', conv(cfg.stemFilters ?? 16, 3, { stride: cfg.stemStride ?? 1, useBias: false }));
  }
  b.add('bn1', 'BatchNorm', TORCH_BN);
  b.add('relu1', 'Activation', { fn: 'relu' });
  if (cfg.stem === 'imagenet') b.add('maxpool', 'MaxPool', pool(3, 2, 'same'));
  cfg.stages.forEach((s, i) => {
    b.add(`layer${i + 1}`, 'Repeat', { block: s.block, times: s.times, params: s.params });
  });
  b.add('avgpool', 'GlobalAvgPool', {});
  b.add('fc', 'Dense', dense(cfg.classes, 'softmax'));
  return b.graph(cfg.id, cfg.name);
}

/** Four stages of Residual blocks with 64, 128, 256, 512 filters; strides 1, 2, 2, 2. */
export function residualStages(variant: 'basic' | 'bottleneck', times: readonly number[], seRatio = 0, widths = [64, 128, 256, 512]): Stage[] {
  return times.map((n, i) => ({
    block: 'Residual',
    times: n,
    params: { variant, filters: widths[i]!, stride: i === 0 ? 1 : 2, seRatio },
  }));
}

export const IMAGENET_INPUT = { height: 224, width: 224, channels: 3 };

/** The card all ResNets share; `notes` says which depth and form. */
export const RESNET_HISTORY: Omit<History, 'notes'> = {
  year: 2015,
  paper: 'He, Zhang, Ren & Sun, "Deep Residual Learning for Image Recognition"',
  venue: 'CVPR 2016 (arXiv:1512.03385, 2015)',
  ilsvrc: 'ILSVRC 2015 winner, 3.57% top-5 error (ensemble)',
  idea: 'Identity shortcuts: each block learns a correction that is added to its input, so gradients flow straight back and networks of 152 layers train better than shallow ones.',
};

/** How the bottleneck ResNets are built, for their cards. */
export function v15Note(depth: number, v1Gmacs: string): string {
  return `Built as torchvision's ResNet-${depth} ("v1.5"): in a downsampling bottleneck the stride sits on the 3×3 conv rather than the first 1×1 as in the paper ("v1"). ` +
    `The parameters are the same either way; v1 needs fewer multiply-adds (${v1Gmacs} G). Convs before BatchNorm have no bias; ` +
    'shortcuts that change shape are 1×1 convs with BatchNorm (option B).';
}

export const resnet18: Preset = {
  id: 'resnet18',
  name: 'ResNet-18',
  size: 'full',
  history: {
    ...RESNET_HISTORY,
    notes: 'Built as torchvision\'s ResNet-18: four stages of 2 basic blocks (two 3×3 convs each) with 64, 128, 256, 512 filters; ' +
      'convs before BatchNorm have no bias; shortcuts that change shape are 1×1 convs with BatchNorm (option B). 11,689,512 parameters.',
  },
  build: () => buildResNet({ id: 'resnet18', name: 'ResNet-18', input: IMAGENET_INPUT, stem: 'imagenet', stages: residualStages('basic', [2, 2, 2, 2]), classes: 1000 }),
};
