/**
 * LeNet-5 in its common modern form (the one most courses and Keras tutorials build): 32×32×1
 * input, two conv + pool stages, three dense layers. 61,706 trainable params, 416,520 MACs.
 */
import { conv, dense, pool, PresetBuilder } from './builder';
import type { Preset } from './types';

export const lenet5: Preset = {
  id: 'lenet5',
  name: 'LeNet-5',
  size: 'full',
  history: {
    year: 1998,
    paper: 'LeCun, Bottou, Bengio & Haffner, "Gradient-Based Learning Applied to Document Recognition"',
    venue: 'Proceedings of the IEEE 86(11), 1998',
    idea: 'Convolutions with shared weights and subsampling, trained end to end by back-propagation: the template of every CNN since. It read cheques for US banks.',
    notes: 'This is the common modern form: 32×32×1 input (MNIST padded by 2), conv 6@5×5, 2×2 max-pool, conv 16@5×5 connected to all 6 maps, ' +
      '2×2 max-pool, dense 120, 84, 10 with ReLU — 61,706 parameters. The 1998 net differed: C3 saw only some of S2\'s maps (a fixed connection table), ' +
      'the subsampling layers had a trainable weight and bias per map, activations were scaled tanh and the outputs were RBF units; it had 60,000 trainable parameters.',
  },
  build() {
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 32, width: 32, channels: 1 });
    b.add('c1', 'Conv2D', conv(6, 5, { padding: 'valid', activation: 'relu' }), { label: 'C1' });
    b.add('s2', 'MaxPool', pool(2, 2), { label: 'S2' });
    b.add('c3', 'Conv2D', conv(16, 5, { padding: 'valid', activation: 'relu' }), { label: 'C3' });
    b.add('s4', 'MaxPool', pool(2, 2), { label: 'S4' });
    b.add('flatten', 'Flatten', {});
    b.add('f5', 'Dense', dense(120, 'relu'), { label: 'F5' });
    b.add('f6', 'Dense', dense(84, 'relu'), { label: 'F6' });
    b.add('output', 'Dense', dense(10, 'softmax'));
    return b.graph('lenet5', 'LeNet-5');
  },
};
