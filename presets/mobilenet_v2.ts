/**
 * MobileNetV2, and the builder EfficientNet-B0 and mini MobileNet share: a strided 3×3 stem,
 * stages of MBConv (inverted residual) blocks, a 1×1 head conv, pooling, dropout and a classifier.
 */
import { TORCH_BN } from '../lib/blocks/compose';
import type { Graph } from '../lib/graph/types';
import { conv, dense, PresetBuilder } from './builder';
import type { Preset } from './types';

/** One stage of MBConv blocks: expand ratio t, output channels c, n blocks, stride s of the first, kernel k. */
export interface MBStage {
  readonly t: number;
  readonly c: number;
  readonly n: number;
  readonly s: number;
  readonly k: number;
}

export interface MobileConfig {
  readonly id: string;
  readonly name: string;
  readonly input: { height: number; width: number; channels: number };
  readonly stemFilters: number;
  readonly stemStride: number;
  readonly stages: readonly MBStage[];
  readonly headFilters: number;
  readonly activation: 'relu6' | 'swish' | 'relu';
  /** SE ratio of every MBConv (of its input channels); 0 for none. */
  readonly seRatio: number;
  readonly dropout: number;
  readonly classes: number;
}

/**
 * Builds stem_conv, stem_bn, stem_act, stage1…stageN, head_conv, head_bn, head_act, avgpool,
 * dropout, fc. A stage of one block is that MBConv itself; longer stages are a Repeat.
 */
export function buildMobile(cfg: MobileConfig): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', cfg.input);
  b.add('stem_conv', 'Conv2D', conv(cfg.stemFilters, 3, { stride: cfg.stemStride, useBias: false }));
  b.add('stem_bn', 'BatchNorm', TORCH_BN);
  b.add('stem_act', 'Activation', { fn: cfg.activation });
  cfg.stages.forEach((s, i) => {
    const params = { expandRatio: s.t, kernel: s.k, stride: s.s, filters: s.c, seRatio: cfg.seRatio, activation: cfg.activation };
    if (s.n === 1) b.add(`stage${i + 1}`, 'MBConv', params);
    else b.add(`stage${i + 1}`, 'Repeat', { block: 'MBConv', times: s.n, params });
  });
  b.add('head_conv', 'Conv2D', conv(cfg.headFilters, 1, { useBias: false }));
  b.add('head_bn', 'BatchNorm', TORCH_BN);
  b.add('head_act', 'Activation', { fn: cfg.activation });
  b.add('avgpool', 'GlobalAvgPool', {});
  if (cfg.dropout > 0) b.add('dropout', 'Dropout', { rate: cfg.dropout });
  b.add('fc', 'Dense', dense(cfg.classes, 'softmax'));
  return b.graph(cfg.id, cfg.name);
}

/** The paper's Table 2: (t, c, n, s), all with 3×3 depthwise kernels. */
export const MOBILENET_V2_STAGES: readonly MBStage[] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
].map(([t, c, n, s]) => ({ t: t!, c: c!, n: n!, s: s!, k: 3 }));

export const mobilenetV2: Preset = {
  id: 'mobilenet_v2',
  name: 'MobileNetV2',
  size: 'full',
  history: {
    year: 2018,
    paper: 'Sandler, Howard, Zhu, Zhmoginov & Chen, "MobileNetV2: Inverted Residuals and Linear Bottlenecks"',
    venue: 'CVPR 2018 (arXiv:1801.04381)',
    idea: 'The inverted residual with a linear bottleneck: widen with a 1×1 conv, filter each channel with a cheap depthwise 3×3, project back down with no ReLU, and add the shortcut between the narrow ends.',
    notes: 'Built as torchvision\'s mobilenet_v2 (width 1.0, 224×224): a 3×3/2 conv of 32, the paper\'s Table 2 stages (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2) ' +
      '(6,64,4,2) (6,96,3,1) (6,160,3,2) (6,320,1,1), ReLU6, a 1×1 head conv to 1280, dropout 0.2 and a 1000-way classifier: 3,504,872 parameters, 0.30 G multiply-adds.',
  },
  build: () => buildMobile({
    id: 'mobilenet_v2', name: 'MobileNetV2', input: { height: 224, width: 224, channels: 3 }, stemFilters: 32, stemStride: 2,
    stages: MOBILENET_V2_STAGES, headFilters: 1280, activation: 'relu6', seRatio: 0, dropout: 0.2, classes: 1000,
  }),
};
