/**
 * VGG-16 (configuration D of the paper): thirteen 3×3 convs in five stages, each closed by a
 * 2×2 max-pool, then three dense layers. Also exports the builder VGG-19 and mini VGG share.
 */
import { addClassifier, conv, pool, PresetBuilder } from './builder';
import type { Graph } from '../lib/graph/types';
import type { History, Preset } from './types';

/** Shape of a VGG-style network: convs per stage, filters per stage, and the head. */
export interface VggConfig {
  readonly id: string;
  readonly name: string;
  readonly input: { height: number; width: number; channels: number };
  readonly convs: readonly number[];
  readonly filters: readonly number[];
  /** Hidden dense layers before the classifier (4096, 4096 in the paper). */
  readonly hidden: readonly number[];
  readonly classes: number;
  readonly dropout: number;
}

/** Builds a VGG graph: stage s has convs[s] 3×3 convs (conv{s}_{i}) and pool{s}. */
export function buildVgg(cfg: VggConfig): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', cfg.input);
  cfg.convs.forEach((n, s) => {
    for (let i = 1; i <= n; i++) b.add(`conv${s + 1}_${i}`, 'Conv2D', conv(cfg.filters[s]!, 3, { activation: 'relu' }));
    b.add(`pool${s + 1}`, 'MaxPool', pool(2, 2));
  });
  addClassifier(b, cfg.hidden, cfg.classes, cfg.dropout);
  return b.graph(cfg.id, cfg.name);
}

/** The card VGG-16 and VGG-19 share. */
export const VGG_HISTORY: Omit<History, 'notes'> = {
  year: 2014,
  paper: 'Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition"',
  venue: 'ICLR 2015 (arXiv:1409.1556, 2014)',
  ilsvrc: 'ILSVRC 2014: 2nd in classification (7.3% top-5 error), 1st in localisation',
  idea: 'Depth from uniformity: only 3×3 convolutions (two of them see as far as one 5×5, with fewer weights and one more ReLU), doubling the channels after each pool.',
};

const IMAGENET = { height: 224, width: 224, channels: 3 };

export const vgg16: Preset = {
  id: 'vgg16',
  name: 'VGG-16',
  size: 'full',
  history: {
    ...VGG_HISTORY,
    notes: 'Configuration D of the paper\'s Table 1 (13 conv + 3 dense layers), as in torchvision and Keras: 138,357,544 parameters, ' +
      '15.5 G multiply-adds. Almost 90% of the parameters sit in the first dense layer (7×7×512 → 4096).',
  },
  build: () => buildVgg({
    id: 'vgg16', name: 'VGG-16', input: IMAGENET, convs: [2, 2, 3, 3, 3], filters: [64, 128, 256, 512, 512],
    hidden: [4096, 4096], classes: 1000, dropout: 0.5,
  }),
};
