/**
 * The numbers of the history page's second view, one row per full-size preset: year, trainable
 * params, multiply-adds and depth from the graph itself (analyse, weightDepth), and the ImageNet
 * accuracy with its source. Built once per process: the page renders it on the server.
 */
import { weightDepth } from '../compare/depth';
import { analyse } from '../graph/analyse';
import { PRESETS } from '../../presets';
import { IMAGENET_TOP1, type Source } from './ilsvrc';

export interface PresetFigures {
  readonly id: string;
  readonly name: string;
  readonly year: number;
  readonly trainable: number;
  readonly macs: number;
  readonly depth: number;
  /** ImageNet top-1 accuracy in percent (undefined for LeNet-5, an MNIST network). */
  readonly top1?: number;
  readonly source?: Source;
  /** True for models that were never an ILSVRC entry's network (EfficientNet, MobileNetV2, DenseNet, LeNet-5). */
  readonly notAnEntry: boolean;
}

/** Presets whose network was part of an ILSVRC classification entry (ResNets: MSRA's 2015 ensemble). */
const ENTRIES: ReadonlySet<string> = new Set([
  'alexnet', 'zfnet', 'vgg16', 'vgg19', 'googlenet', 'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet152', 'resnext50_32x4d', 'se_resnet50',
]);

let cached: readonly PresetFigures[] | undefined;

/** The figures of every full-size preset, in the presets' historical order. */
export function presetFigures(): readonly PresetFigures[] {
  cached ??= PRESETS.filter((p) => p.size === 'full').map((p) => {
    const graph = p.build();
    const a = analyse(graph);
    const acc = IMAGENET_TOP1[p.id];
    return {
      id: p.id, name: p.name, year: p.history.year,
      trainable: a.totals.trainable, macs: a.totals.flops, depth: weightDepth(graph),
      ...(acc ? { top1: acc.top1, source: acc.source } : {}),
      notAnEntry: !ENTRIES.has(p.id),
    };
  });
  return cached;
}
