/**
 * AlexNet as in the paper: two GPU towers, so conv2, conv4 and conv5 see only their own tower's
 * half of the channels (grouped convolutions with 2 groups), LRN after conv1 and conv2, and a
 * 227×227 input (the paper says 224, but 11×11 stride 4 only gives 55×55 from 227).
 */
import { addClassifier, conv, pool, PresetBuilder } from './builder';
import type { Preset } from './types';

/** LRN as in the paper, section 3.3: k = 2, n = 5, α = 10⁻⁴, β = 0.75. */
export const ALEXNET_LRN = { size: 5, alpha: 1e-4, beta: 0.75, k: 2 };

/** Grouped conv params (two towers). */
function grouped(filters: number, kernel: number): Record<string, number | string | boolean> {
  return { filters, kernel, stride: 1, padding: 'same', groups: 2, useBias: true, activation: 'relu' };
}

export const alexnet: Preset = {
  id: 'alexnet',
  name: 'AlexNet',
  size: 'full',
  history: {
    year: 2012,
    paper: 'Krizhevsky, Sutskever & Hinton, "ImageNet Classification with Deep Convolutional Neural Networks"',
    venue: 'NIPS 2012',
    ilsvrc: 'ILSVRC 2012 winner, 15.3% top-5 test error (runner-up 26.2%)',
    idea: 'A big CNN trained on GPUs with ReLU, dropout and data augmentation (crops and flips) beat hand-made features by a wide margin and started the deep-learning era.',
    notes: 'The original two-GPU form: conv2, conv4 and conv5 are grouped convolutions with 2 groups (each GPU saw only its own half of the maps), ' +
      'local response normalisation after conv1 and conv2, 227×227 input (the paper says 224; the arithmetic needs 227). ' +
      '60,965,224 parameters. torchvision\'s single-tower variant (64/192/384/256/256 filters, no LRN) has 61,100,840.',
  },
  build() {
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 227, width: 227, channels: 3 });
    b.add('conv1', 'Conv2D', conv(96, 11, { stride: 4, padding: 'valid', activation: 'relu' }));
    b.add('norm1', 'LRN', ALEXNET_LRN);
    b.add('pool1', 'MaxPool', pool(3, 2));
    b.add('conv2', 'GroupedConv2D', grouped(256, 5));
    b.add('norm2', 'LRN', ALEXNET_LRN);
    b.add('pool2', 'MaxPool', pool(3, 2));
    b.add('conv3', 'Conv2D', conv(384, 3, { activation: 'relu' }));
    b.add('conv4', 'GroupedConv2D', grouped(384, 3));
    b.add('conv5', 'GroupedConv2D', grouped(256, 3));
    b.add('pool5', 'MaxPool', pool(3, 2));
    addClassifier(b, [4096, 4096], 1000, 0.5);
    return b.graph('alexnet', 'AlexNet');
  },
};
