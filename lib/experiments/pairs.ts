/**
 * The live experiments: each puts one claim of a paper on the screen by training two small
 * networks that differ in that one thing, side by side on MNIST, for a few hundred steps. Here are
 * the graphs and the settings; the words live in the `experiments` messages (keyed by the ids),
 * and components/experiments trains the arms in the browser's training worker.
 *
 * The networks are small on purpose: a class watches them learn in about a minute on a laptop.
 */
import { conv, dense, pool, PresetBuilder } from '../../presets/builder';
import type { Graph } from '../graph/types';
import type { TrainSettings } from '../train/settings';
import type { DatasetId } from '../train/datasets/catalogue';

/** The experiments, in the order of the history (AlexNet, VGG, GoogLeNet, ResNet, BatchNorm). */
export const EXPERIMENT_IDS = ['relu-vs-sigmoid', 'dropout', 'stacked-3x3', 'reduction-1x1', 'skips', 'batchnorm'] as const;
export type ExperimentId = (typeof EXPERIMENT_IDS)[number];

/** One of the two networks an experiment trains. */
export interface ExperimentArm {
  /** 'a' is the older way, 'b' the paper's idea; messages name them (experiments.<id>.a / .b). */
  readonly key: 'a' | 'b';
  readonly graph: Graph;
}

export interface Experiment {
  readonly id: ExperimentId;
  /** The paper whose claim it shows, as a preset id (its history card cites the paper). */
  readonly preset: string;
  readonly arms: readonly [ExperimentArm, ExperimentArm];
  readonly dataset: DatasetId;
  readonly settings: TrainSettings;
  /** Training stops after this many steps (batches); then both arms are tested. */
  readonly steps: number;
}

const MNIST_INPUT = { height: 28, width: 28, channels: 1 } as const;

/** The settings every experiment starts from: one epoch (cut at `steps`), batch 32, a constant rate. */
const BASE: TrainSettings = {
  epochs: 1, batchSize: 32, optimizer: 'adam', learningRate: 0.001, schedule: 'constant', seed: 1,
  augment: false, loss: 'cross-entropy', tta: false,
};

/** Steps each arm trains: enough for the curves to part, short enough to watch in class. */
export const EXPERIMENT_STEPS = 300;

function graphOf(b: PresetBuilder, id: string, name: string): Graph {
  const g = b.graph(id, name);
  // Not a preset: the editor and the Train page must not take it for one.
  return { ...g, meta: { name } };
}

/**
 * AlexNet (Krizhevsky et al. 2012, fig. 1): a small CNN with ReLU reached 25% training error on
 * CIFAR-10 six times faster than the same net with tanh. Sigmoid saturates worse than tanh; plain
 * SGD (no Adam) keeps the comparison the paper's.
 */
export function reluVsSigmoid(fn: 'relu' | 'sigmoid'): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', MNIST_INPUT);
  b.add('conv1', 'Conv2D', conv(16, 3, { activation: fn }));
  b.add('pool1', 'MaxPool', pool(2, 2));
  b.add('conv2', 'Conv2D', conv(32, 3, { activation: fn }));
  b.add('pool2', 'MaxPool', pool(2, 2));
  b.add('flatten', 'Flatten', {});
  b.add('fc', 'Dense', dense(64, fn));
  b.add('output', 'Dense', dense(10, 'softmax'));
  return graphOf(b, `exp-act-${fn}`, fn === 'relu' ? 'Small CNN, ReLU' : 'Small CNN, sigmoid');
}

/** AlexNet's dropout (p = 0.5 before each hidden dense layer's output): a wide MLP with and without. */
export function withDropout(rate: number): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', MNIST_INPUT);
  b.add('flatten', 'Flatten', {});
  b.add('fc1', 'Dense', dense(512, 'relu'));
  if (rate > 0) b.add('drop1', 'Dropout', { rate });
  b.add('fc2', 'Dense', dense(512, 'relu'));
  if (rate > 0) b.add('drop2', 'Dropout', { rate });
  b.add('output', 'Dense', dense(10, 'softmax'));
  return graphOf(b, `exp-dropout-${rate}`, rate > 0 ? `MLP 512-512, dropout ${rate}` : 'MLP 512-512, no dropout');
}

/** Channels of the block compared in `stacked3x3` (in and out). */
export const STACK_CHANNELS = 32;

/**
 * VGG (Simonyan & Zisserman 2014, §2.3): two stacked 3×3 convolutions see a 5×5 window like one
 * 5×5, with 2·9·C² instead of 25·C² weights and one more non-linearity.
 */
export function stacked3x3(stacked: boolean): Graph {
  const c = STACK_CHANNELS;
  const b = new PresetBuilder();
  b.add('input', 'Input', MNIST_INPUT);
  b.add('stem', 'Conv2D', conv(c, 3, { activation: 'relu' }));
  b.add('pool1', 'MaxPool', pool(2, 2));
  if (stacked) {
    b.add('conv3a', 'Conv2D', conv(c, 3, { activation: 'relu' }));
    b.add('conv3b', 'Conv2D', conv(c, 3, { activation: 'relu' }));
  } else {
    b.add('conv5', 'Conv2D', conv(c, 5, { activation: 'relu' }));
  }
  b.add('pool2', 'MaxPool', pool(2, 2));
  b.add('gap', 'GlobalAvgPool', {});
  b.add('output', 'Dense', dense(10, 'softmax'));
  return graphOf(b, `exp-vgg-${stacked ? '3x3' : '5x5'}`, stacked ? 'Two 3×3 convolutions' : 'One 5×5 convolution');
}

/** GoogLeNet's inception (3a) 5×5 branch: 192 channels in, reduced to 16 by a 1×1, then 32 out (Table 1). */
export const INCEPTION_3A_5X5 = { inChannels: 192, reduce: 16, outChannels: 32, side: 28, kernel: 5 } as const;

/** Weights and multiply-adds of a K×K convolution (bias included in the weights, as the papers count). */
export function convCost(inChannels: number, outChannels: number, kernel: number, side: number): { params: number; macs: number } {
  const weights = kernel * kernel * inChannels * outChannels;
  return { params: weights + outChannels, macs: weights * side * side };
}

/**
 * The 1×1 reduction's savings on GoogLeNet's own numbers: the 5×5 branch of inception (3a) with
 * and without its 1×1 reduction, on the 28×28 map.
 */
export function reductionSavings(): { direct: { params: number; macs: number }; reduced: { params: number; macs: number } } {
  const { inChannels, reduce, outChannels, side, kernel } = INCEPTION_3A_5X5;
  const direct = convCost(inChannels, outChannels, kernel, side);
  const r1 = convCost(inChannels, reduce, 1, side);
  const r5 = convCost(reduce, outChannels, kernel, side);
  return { direct, reduced: { params: r1.params + r5.params, macs: r1.macs + r5.macs } };
}

/** The trainable small version: 64 channels in, a 5×5 to 32 directly or through a 1×1 to 16. */
export function reduction1x1(reduced: boolean): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', MNIST_INPUT);
  b.add('stem', 'Conv2D', conv(64, 3, { activation: 'relu' }));
  b.add('pool1', 'MaxPool', pool(2, 2));
  if (reduced) b.add('reduce', 'Conv2D', conv(16, 1, { activation: 'relu' }));
  b.add('conv5', 'Conv2D', conv(32, 5, { activation: 'relu' }));
  b.add('pool2', 'MaxPool', pool(2, 2));
  b.add('gap', 'GlobalAvgPool', {});
  b.add('output', 'Dense', dense(10, 'softmax'));
  return graphOf(b, `exp-1x1-${reduced ? 'reduced' : 'direct'}`, reduced ? '5×5 after a 1×1 reduction' : '5×5 on all 64 channels');
}

/** Residual blocks in the `skips` experiment (two 3×3 convolutions each). */
export const SKIP_BLOCKS = 5;
/** Channels of every convolution in the `skips` experiment. */
export const SKIP_CHANNELS = 16;

/**
 * ResNet (He et al. 2015, §4.1): a deeper plain net trains worse than a shallower one (the
 * degradation problem); the same layers with identity shortcuts train. No batch normalization
 * here, so the shortcut is the only difference.
 */
export function deepNet(skips: boolean): Graph {
  const c = SKIP_CHANNELS;
  const b = new PresetBuilder();
  b.add('input', 'Input', MNIST_INPUT);
  b.add('stem', 'Conv2D', conv(c, 3, { activation: 'relu' }));
  let x = b.add('pool1', 'MaxPool', pool(2, 2));
  for (let i = 1; i <= SKIP_BLOCKS; i++) {
    b.add(`b${i}a`, 'Conv2D', conv(c, 3, { activation: 'relu' }), { from: x });
    const y = b.add(`b${i}b`, 'Conv2D', conv(c, 3));
    const sum = skips ? b.add(`b${i}add`, 'Add', {}, { from: [y, x] }) : y;
    x = b.add(`b${i}relu`, 'Activation', { fn: 'relu' }, { from: sum });
  }
  b.add('gap', 'GlobalAvgPool', {}, { from: x });
  b.add('output', 'Dense', dense(10, 'softmax'));
  return graphOf(b, `exp-deep-${skips ? 'res' : 'plain'}`, skips ? `${2 * SKIP_BLOCKS + 1} convolutions with skips` : `${2 * SKIP_BLOCKS + 1} convolutions, plain`);
}

/** Convolutions in the `batchnorm` experiment. */
export const BN_LAYERS = 4;
/** Channels of each. */
export const BN_CHANNELS = 16;

/**
 * Batch normalization (Ioffe & Szegedy 2015): normalizing each layer's inputs per batch lets a
 * net train faster; here at plain SGD's rate, where the net without it crawls.
 */
export function withBatchNorm(bn: boolean): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', MNIST_INPUT);
  for (let i = 1; i <= BN_LAYERS; i++) {
    // With BN the convolution's bias is redundant (BN's beta shifts anyway), as in the paper.
    b.add(`conv${i}`, 'Conv2D', conv(BN_CHANNELS, 3, { useBias: !bn, activation: bn ? 'linear' : 'sigmoid' }));
    if (bn) {
      // Momentum 0.9 (not Keras's 0.99): the test uses the running statistics, which must catch up within a few hundred steps.
      b.add(`bn${i}`, 'BatchNorm', { momentum: 0.9 });
      b.add(`act${i}`, 'Activation', { fn: 'sigmoid' });
    }
    if (i % 2 === 0) b.add(`pool${i}`, 'MaxPool', pool(2, 2));
  }
  b.add('gap', 'GlobalAvgPool', {});
  b.add('output', 'Dense', dense(10, 'softmax'));
  return graphOf(b, `exp-bn-${bn ? 'on' : 'off'}`, bn ? 'Sigmoid CNN with batch norm' : 'Sigmoid CNN');
}

const SGD: Partial<TrainSettings> = { optimizer: 'sgd', learningRate: 0.05 };

/** Builds an experiment's two networks and its settings. */
export function experiment(id: ExperimentId): Experiment {
  const make = (a: Graph, b: Graph, preset: string, extra: Partial<TrainSettings> = {}): Experiment => ({
    id, preset, arms: [{ key: 'a', graph: a }, { key: 'b', graph: b }], dataset: 'mnist',
    settings: { ...BASE, ...extra }, steps: EXPERIMENT_STEPS,
  });
  switch (id) {
    case 'relu-vs-sigmoid': return make(reluVsSigmoid('sigmoid'), reluVsSigmoid('relu'), 'alexnet', SGD);
    case 'dropout': return make(withDropout(0), withDropout(0.5), 'alexnet');
    case 'stacked-3x3': return make(stacked3x3(false), stacked3x3(true), 'vgg16');
    case 'reduction-1x1': return make(reduction1x1(false), reduction1x1(true), 'googlenet');
    case 'skips': return make(deepNet(false), deepNet(true), 'resnet50', SGD);
    // A higher rate than the others: what BN allows (the net without it gains nothing from it).
    case 'batchnorm': return make(withBatchNorm(false), withBatchNorm(true), 'mini_resnet', { optimizer: 'sgd', learningRate: 0.1 });
  }
}

/** True for one of the experiments' ids (from a URL). */
export function isExperimentId(x: unknown): x is ExperimentId {
  return typeof x === 'string' && (EXPERIMENT_IDS as readonly string[]).includes(x);
}
