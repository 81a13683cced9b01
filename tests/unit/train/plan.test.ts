/**
 * The training panel's checks before a run (lib/train/plan.ts) and after it
 * (lib/train/diagnose.ts), on real presets: what the user is told, word for word.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { getPreset } from '@/presets';
import { imageForModel, lastLayer, mnistFit, planDataset, storedImage } from '@/lib/train/plan';
import type { DatasetId } from '@/lib/train/datasets/catalogue';
import { collapsedTo } from '@/lib/train/diagnose';

const preset = (id: string): Graph => getPreset(id)!.build();
const plan = (g: Graph, kind: DatasetId, classes?: number) => planDataset(g, analyse(g), kind, classes);

/** A preset with its last Dense layer given `units` and `activation` (what a teacher does in the editor). */
function withLastLayer(g: Graph, units: number, activation: string): Graph {
  const last = analyse(g).outputs[0];
  return { ...g, nodes: g.nodes.map((n) => (n.id === last ? { ...n, params: { ...n.params, units, activation } } : n)) };
}

describe('planDataset', () => {
  it('pads MNIST by 2 for LeNet-5 (32×32×1) and says so', () => {
    const p = plan(preset('lenet5'), 'mnist');
    // (32 − 28) / 2 = 2 pixels each side; 1 channel.
    expect(p.mnist).toEqual({ pad: 2, channels: 1 });
    expect(p.note).toBe('LeNet-5 takes 32×32×1; MNIST is padded from 28×28 to 32×32 (2 empty pixels on each side, as LeCun did).');
    expect(p.problem).toBeUndefined();
  });

  it('pads MNIST and repeats its grey to 3 channels for a 32×32×3 mini preset', () => {
    const p = plan(preset('mini_resnet'), 'mnist');
    expect(p.mnist).toEqual({ pad: 2, channels: 3 });
    expect(p.note).toContain('its grey value is repeated in the 3 colour channels');
    expect(p.problem).toBeUndefined();
  });

  it('refuses MNIST for a 224×224 model and the 1000 ImageNet classes, saying what to change', () => {
    const p = plan(preset('vgg16'), 'mnist');
    expect(p.mnist).toBeUndefined();
    expect(p.problem).toContain('VGG-16 takes 224×224×3 images; MNIST digits are 28×28×1');
    expect(p.problem).toContain('VGG-16 ends in 1000 outputs but MNIST has 10 classes: set the last Dense layer\'s units to 10.');
  });

  it('synthetic shapes fit a 32×32×3 model; for grey LeNet-5 it says to set 3 channels', () => {
    expect(plan(preset('mini_vgg'), 'synthetic').problem).toBeUndefined();
    expect(plan(preset('lenet5'), 'synthetic').problem).toBe(
      'LeNet-5 takes 32×32×1 images but the synthetic shapes are 32×32×3 (colour): set the Input block\'s channels to 3, or train on MNIST, which is grey.');
  });

  it('a folder is resized to the input; its class count must match the last layer', () => {
    const g = preset('lenet5');
    const unknown = plan(g, 'folder');
    expect(unknown.folder).toEqual({ size: [32, 32], channels: 1 });
    expect(unknown.problem).toBeUndefined();
    expect(plan(g, 'folder', 10).problem).toBeUndefined();
    expect(plan(g, 'folder', 3).problem).toBe('LeNet-5 ends in 10 outputs but your folder has 3 classes: set the last Dense layer\'s units to 3.');
  });

  it('multi-label data refuses a softmax model, naming the last layer and what to set it to', () => {
    const softmax5 = withLastLayer(preset('mini_vgg'), 5, 'softmax');
    expect(lastLayer(softmax5, analyse(softmax5))).toEqual({ nodeId: 'fc7', called: 'fc7', kind: 'dense', activation: 'softmax' });
    expect(plan(softmax5, 'synthetic-multilabel').problem).toBe(
      'Mini VGG ends in softmax, which makes its outputs compete (they sum to 1, one class wins), but an image of the multi-label synthetic shapes dataset ' +
      'may hold several labels at once, each a yes/no question of its own: set the last Dense layer\'s ("fc7") activation to sigmoid in the editor ' +
      '(or linear: the loss then applies the sigmoid).');
    // The preset as it comes: both problems, the units first.
    const p = plan(preset('mini_vgg'), 'synthetic-multilabel').problem!;
    expect(p).toMatch(/^Mini VGG ends in 10 outputs but the multi-label synthetic shapes dataset has 5 labels: set the last Dense layer's units to 5\. Mini VGG ends in softmax/);
    // Sigmoid (or linear) outputs fit.
    expect(plan(withLastLayer(preset('mini_vgg'), 5, 'sigmoid'), 'synthetic-multilabel').problem).toBeUndefined();
    expect(plan(withLastLayer(preset('mini_vgg'), 5, 'linear'), 'synthetic-multilabel').problem).toBeUndefined();
  });

  it('single-label data refuses sigmoid outputs, and takes linear ones', () => {
    expect(plan(withLastLayer(preset('mini_vgg'), 10, 'sigmoid'), 'synthetic').problem).toBe(
      'Mini VGG ends in sigmoid, a yes/no answer per output, but each image of the synthetic shapes dataset has exactly one class: ' +
      'set the last Dense layer\'s ("fc7") activation to softmax in the editor.');
    expect(plan(withLastLayer(preset('lenet5'), 10, 'sigmoid'), 'mnist-imbalanced').problem).toContain('LeNet-5 ends in sigmoid');
    expect(plan(withLastLayer(preset('mini_vgg'), 10, 'linear'), 'synthetic').problem).toBeUndefined();
  });

  it('CIFAR fits a 32×32×3 model of its class count', () => {
    expect(plan(preset('mini_vgg'), 'cifar10').problem).toBeUndefined();
    expect(plan(preset('mini_vgg'), 'cifar100-coarse').problem).toBe('Mini VGG ends in 10 outputs but CIFAR-100 by superclass has 20 classes: set the last Dense layer\'s units to 20.');
  });

  it('a graph with errors is sent back to the editor', () => {
    const g = preset('lenet5');
    const broken: Graph = { ...g, edges: g.edges.filter((e) => e.target !== 'c3') };
    const p = plan(broken, 'mnist');
    expect(p.problem).toMatch(/^The graph has \d+ errors?; fix (it|them) in the editor before training/);
  });
});

describe('collapsedTo', () => {
  it('finds the one class a collapsed model answers', () => {
    // 3 classes, 20 samples; column 1 holds 19 of 20 = 95% → collapsed to class 1.
    expect(collapsedTo([[0, 7, 0], [0, 6, 0], [1, 6, 0]])).toBe(1);
    // 18 of 20 = 90% → not collapsed.
    expect(collapsedTo([[2, 5, 0], [0, 6, 0], [0, 7, 0]])).toBeNull();
    expect(collapsedTo([[5, 0], [0, 5]])).toBeNull();
    expect(collapsedTo([[0, 0], [0, 0]])).toBeNull();
  });
});

describe('images through the plan', () => {
  it('MNIST fits 28…36 even sides, 1 or 3 channels', () => {
    expect(mnistFit([32, 32, 1])).toEqual({ pad: 2, channels: 1 });
    expect(mnistFit([28, 28, 3])).toEqual({ pad: 0, channels: 3 });
    expect(mnistFit([30, 30, 3])).toEqual({ pad: 1, channels: 3 });
    expect(mnistFit([38, 38, 1])).toBeNull(); // beyond 36: mostly border
    expect(mnistFit([31, 31, 1])).toBeNull(); // odd growth
    expect(mnistFit([32, 28, 1])).toBeNull();
  });

  it('a 28×28 drawing is padded and repeated for a 32×32×3 model, and cropped back as stored', () => {
    const drawing = new Uint8Array(28 * 28);
    drawing[0] = 255; // top-left pixel
    drawing[28 * 27 + 27] = 51; // bottom-right, 0.2
    const x = imageForModel(drawing, [28, 28, 1], [32, 32, 3]);
    expect(x).toHaveLength(32 * 32 * 3);
    // Pixel (0, 0) lands at (2, 2), all three channels; (27, 27) at (29, 29).
    expect([...x.subarray((2 * 32 + 2) * 3, (2 * 32 + 2) * 3 + 3)]).toEqual([1, 1, 1]);
    expect(x[(29 * 32 + 29) * 3 + 1]).toBeCloseTo(0.2, 6);
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(3 * 1.2, 5);
    // The padded bytes, back as MNIST stores them.
    const padded = Uint8Array.from(x, (v) => Math.round(v * 255));
    expect([...storedImage(padded, [32, 32, 3], { dataset: 'mnist', mnist: { pad: 2, channels: 3 } })]).toEqual([...drawing]);
    expect(() => imageForModel(new Uint8Array(10 * 10), [10, 10, 1], [32, 32, 1])).toThrow(/only 28×28 grey digits/);
  });
});
