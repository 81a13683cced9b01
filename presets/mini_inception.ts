/**
 * Mini Inception: a conv stem and three Inception modules (two at 16×16, one at 8×8) with the
 * same four-branch layout as GoogLeNet's, at about a tenth of its channel counts.
 */
import { conv, dense, pool, PresetBuilder } from './builder';
import { inceptionParams } from './googlenet';
import type { Preset } from './types';

export const miniInception: Preset = {
  id: 'mini_inception',
  name: 'Mini Inception',
  size: 'mini',
  history: {
    year: 2014,
    paper: 'Szegedy et al., "Going Deeper with Convolutions"',
    venue: 'CVPR 2015 (arXiv:1409.4842, 2014)',
    idea: 'The Inception module: 1×1, 3×3 and 5×5 convolutions and a pooling branch side by side, with cheap 1×1 "reduce" convolutions before the big ones.',
    notes: 'A small GoogLeNet for 32×32×3 images and 10 classes: a 3×3 conv stem, a 2×2 max-pool, two Inception modules at 16×16 ' +
      '(16/32/8/8 and 32/48/16/16 output channels per branch), a max-pool, one at 8×8 (48/64/24/24), global average pooling and a 10-way softmax. ' +
      'Like the paper: conv biases, no BatchNorm, real 5×5 branches.',
  },
  build() {
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 32, width: 32, channels: 3 });
    b.add('conv1', 'Conv2D', conv(32, 3, { activation: 'relu' }));
    b.add('pool1', 'MaxPool', pool(2, 2));
    b.add('inc_a', 'Inception', inceptionParams([16, 24, 32, 4, 8, 8]));
    b.add('inc_b', 'Inception', inceptionParams([32, 32, 48, 8, 16, 16]));
    b.add('pool2', 'MaxPool', pool(3, 2, 'same'));
    b.add('inc_c', 'Inception', inceptionParams([48, 48, 64, 12, 24, 24]));
    b.add('avgpool', 'GlobalAvgPool', {});
    b.add('fc', 'Dense', dense(10, 'softmax'));
    return b.graph('mini_inception', 'Mini Inception');
  },
};
