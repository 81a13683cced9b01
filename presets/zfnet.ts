/**
 * ZFNet (Zeiler & Fergus): AlexNet re-tuned after looking at its filters with a deconvnet —
 * a 7×7 stride-2 first layer instead of 11×11 stride 4, and single-tower (ungrouped) convs.
 */
import { addClassifier, conv, pool, PresetBuilder } from './builder';
import type { Preset } from './types';

/** Contrast normalisation across feature maps, as AlexNet's LRN. */
const NORM = { size: 5, alpha: 1e-4, beta: 0.75, k: 2 };

export const zfnet: Preset = {
  id: 'zfnet',
  name: 'ZFNet',
  size: 'full',
  history: {
    year: 2013,
    paper: 'Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks"',
    venue: 'ECCV 2014 (arXiv:1311.2901, 2013)',
    ilsvrc: 'ILSVRC 2013: the winning entry was Clarifai (11.7% top-5 error), Zeiler\'s company, built on this work',
    idea: 'Looking inside: a deconvnet projects a unit\'s activation back to pixels. What it showed about AlexNet\'s first layers led to a 7×7 stride-2 first layer instead of 11×11 stride 4.',
    notes: 'Input 224×224; conv1 96@7×7 stride 2 with 1 pixel of padding → 110×110, 3×3/2 max-pool → 55, contrast norm; ' +
      'conv2 256@5×5 stride 2 → 26, pool → 13, contrast norm; conv3–5 384/384/256 at 3×3 (not grouped); pool → 6×6×256; dense 4096, 4096, 1000. ' +
      '62,357,608 parameters. The first pool pads (ceil mode) to reach 55 as in the paper\'s figure.',
  },
  build() {
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 224, width: 224, channels: 3 });
    b.add('pad1', 'ZeroPad', { padding: 1 });
    b.add('conv1', 'Conv2D', conv(96, 7, { stride: 2, padding: 'valid', activation: 'relu' }));
    b.add('pool1', 'MaxPool', pool(3, 2, 'same'));
    b.add('norm1', 'LRN', NORM);
    b.add('conv2', 'Conv2D', conv(256, 5, { stride: 2, padding: 'valid', activation: 'relu' }));
    b.add('pool2', 'MaxPool', pool(3, 2, 'same'));
    b.add('norm2', 'LRN', NORM);
    b.add('conv3', 'Conv2D', conv(384, 3, { activation: 'relu' }));
    b.add('conv4', 'Conv2D', conv(384, 3, { activation: 'relu' }));
    b.add('conv5', 'Conv2D', conv(256, 3, { activation: 'relu' }));
    b.add('pool5', 'MaxPool', pool(3, 2));
    addClassifier(b, [4096, 4096], 1000, 0.5);
    return b.graph('zfnet', 'ZFNet');
  },
};
