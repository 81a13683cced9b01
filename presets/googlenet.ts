/**
 * GoogLeNet as in the paper (Table 1 and Figure 3): conv biases, no BatchNorm, 5×5 convs in the
 * Inception modules, LRN in the stem. The auxiliary classifiers are optional (off by default).
 */
import { conv, dense, pool, PresetBuilder, X_BRANCH } from './builder';
import type { Graph } from '../lib/graph/types';
import type { Preset } from './types';

/** The paper's Table 1: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj. */
export const GOOGLENET_TABLE: Readonly<Record<string, readonly [number, number, number, number, number, number]>> = {
  '3a': [64, 96, 128, 16, 32, 32],
  '3b': [128, 128, 192, 32, 96, 64],
  '4a': [192, 96, 208, 16, 48, 64],
  '4b': [160, 112, 224, 24, 64, 64],
  '4c': [128, 128, 256, 24, 64, 64],
  '4d': [112, 144, 288, 32, 64, 64],
  '4e': [256, 160, 320, 32, 128, 128],
  '5a': [256, 160, 320, 32, 128, 128],
  '5b': [384, 192, 384, 48, 128, 128],
};

/** Inception block params from a row of the table. */
export function inceptionParams(row: readonly [number, number, number, number, number, number]): Record<string, number | boolean> {
  const [n1x1, n3x3reduce, n3x3, n5x5reduce, n5x5, poolProj] = row;
  return { n1x1, n3x3reduce, n3x3, n5x5reduce, n5x5, poolProj, useBias: true };
}

const LRN = { size: 5, alpha: 1e-4, beta: 0.75, k: 2 };

/**
 * Builds GoogLeNet. With `auxHeads`, adds the two auxiliary classifiers of the paper after 4a and
 * 4d (5×5/3 average pool, 1×1 conv 128, dense 1024, dropout 0.7, dense 1000): the graph then has
 * three outputs, as the network had in training.
 */
export function buildGoogLeNet(opts: { auxHeads?: boolean } = {}): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', { height: 224, width: 224, channels: 3 });
  b.add('conv1', 'Conv2D', conv(64, 7, { stride: 2, activation: 'relu' }));
  b.add('pool1', 'MaxPool', pool(3, 2, 'same'));
  b.add('norm1', 'LRN', LRN);
  b.add('conv2_reduce', 'Conv2D', conv(64, 1, { activation: 'relu' }));
  b.add('conv2', 'Conv2D', conv(192, 3, { activation: 'relu' }));
  b.add('norm2', 'LRN', LRN);
  b.add('pool2', 'MaxPool', pool(3, 2, 'same'));
  const aux = (after: string, n: number) => {
    const x = X_BRANCH;
    b.add(`aux${n}_pool`, 'AvgPool', pool(5, 3), { from: after, x });
    b.add(`aux${n}_conv`, 'Conv2D', conv(128, 1, { activation: 'relu' }), { x });
    b.add(`aux${n}_flatten`, 'Flatten', {}, { x });
    b.add(`aux${n}_fc1`, 'Dense', dense(1024, 'relu'), { x });
    b.add(`aux${n}_drop`, 'Dropout', { rate: 0.7 }, { x });
    b.add(`aux${n}_fc2`, 'Dense', dense(1000, 'softmax'), { x });
    b.resume(after);
  };
  for (const m of ['3a', '3b']) b.add(`inc${m}`, 'Inception', inceptionParams(GOOGLENET_TABLE[m]!));
  b.add('pool3', 'MaxPool', pool(3, 2, 'same'));
  for (const m of ['4a', '4b', '4c', '4d', '4e']) {
    const id = b.add(`inc${m}`, 'Inception', inceptionParams(GOOGLENET_TABLE[m]!));
    if (opts.auxHeads && m === '4a') aux(id, 1);
    if (opts.auxHeads && m === '4d') aux(id, 2);
  }
  b.add('pool4', 'MaxPool', pool(3, 2, 'same'));
  for (const m of ['5a', '5b']) b.add(`inc${m}`, 'Inception', inceptionParams(GOOGLENET_TABLE[m]!));
  b.add('avgpool', 'GlobalAvgPool', {});
  b.add('dropout', 'Dropout', { rate: 0.4 });
  b.add('fc', 'Dense', dense(1000, 'softmax'));
  return b.graph('googlenet', opts.auxHeads ? 'GoogLeNet (with auxiliary classifiers)' : 'GoogLeNet');
}

export const googlenet: Preset = {
  id: 'googlenet',
  name: 'GoogLeNet',
  size: 'full',
  history: {
    year: 2014,
    paper: 'Szegedy, Liu, Jia, Sermanet, Reed, Anguelov, Erhan, Vanhoucke & Rabinovich, "Going Deeper with Convolutions"',
    venue: 'CVPR 2015 (arXiv:1409.4842, 2014)',
    ilsvrc: 'ILSVRC 2014 winner, 6.67% top-5 error',
    idea: 'The Inception module: 1×1, 3×3 and 5×5 convolutions and a pooling branch side by side, with 1×1 "reduce" convolutions to keep it cheap — 22 layers deep with 12× fewer parameters than AlexNet.',
    notes: 'Built as in the paper: conv biases, no BatchNorm, real 5×5 convolutions in every module, LRN in the stem, no auxiliary classifiers ' +
      '(6,998,552 parameters; with both auxiliary heads, used only in training, 13,378,280). torchvision\'s googlenet differs: it adds BatchNorm, ' +
      'drops the conv biases and uses 3×3 where the paper has 5×5 (6,624,904 parameters). The 7×7 average pool is drawn as a global average pool (the same at 7×7).',
  },
  build: () => buildGoogLeNet(),
};
