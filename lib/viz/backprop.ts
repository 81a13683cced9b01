/**
 * Projections of one unit (or one class score) back to pixel space, three ways, so that they can
 * be shown side by side:
 *
 * - **the deconvnet** (Zeiler & Fergus 2014, Fig. 1): start from the chosen activation alone (every
 *   other activation of the layer set to zero) and go down: max-unpooling puts each value back at
 *   the position its window's maximum came from in the forward pass (the switches), ReLU
 *   rectifies the signal on the way down, and convolutions and dense layers apply their filters
 *   transposed. On a chain of layers this is done literally (`method: 'switches'`); on graphs with
 *   branches it is the same computation as a gradient of the activation with respect to the input
 *   whose ReLU backward rule is max(g, 0) (`method: 'gradient'`; Springenberg et al. 2015 show the
 *   two are one). The tests hold the two equal on a chain.
 * - **guided backpropagation** (Springenberg et al. 2015): the gradient with ReLU's backward rule
 *   g·[x > 0]·[g > 0]: only what the unit saw (x > 0) and what excites it (g > 0) passes.
 * - **the plain gradient** (rule g·[x > 0]): for a class score before the softmax, Simonyan et
 *   al.'s saliency map (`saliency`).
 *
 * The projection is scaled by the activation's value (the deconvnet's starting signal), so the
 * three are comparable; a unit whose strongest activation is 0 projects to zeros.
 */
import * as tf from '@tensorflow/tfjs';
import { say } from '../train/said';
import { VizError, classOutputIndex, inputShape, isMap, resolveNode, subModel, toBatch, type ResolvedNode, type VizModel } from './model';
import type { NumberMap } from './activations';
import { activationOf, withLayerChanges, type BackwardRule } from './rules';
import type { ViewText } from './text';

/** A unit of a layer (by default the strongest of the channel for this image), or a class score. */
export type Target =
  | { readonly node: string; readonly channel: number; readonly y?: number; readonly x?: number }
  | { readonly class: number };

/** The unit or class a projection started from, with its value for the image. */
export type LocatedTarget =
  | { readonly kind: 'unit'; readonly node: string; readonly primitive: string; readonly channel: number; readonly y: number; readonly x: number; readonly value: number }
  | { readonly kind: 'class'; readonly class: number; readonly score: number };

/** An input-shaped map [H, W, C]: where in the image the target's signal comes from. */
export interface Backprojection extends NumberMap {
  readonly target: LocatedTarget;
  readonly rule: BackwardRule;
  /** 'switches': the literal deconvnet down a chain of layers; 'gradient': a gradient with the rule. */
  readonly method: 'switches' | 'gradient';
}

export const DECONVNET_TEXT: ViewText = {
  tab: 'Deconvnet',
  title: 'The pixels that made this unit fire, projected back down the network',
  idea: 'Zeiler and Fergus run the network backwards from one activation: unpooling puts each value back where the maximum '
    + 'came from, ReLU keeps only positive signals, and each filter is applied transposed. The picture shows the pattern in the '
    + 'input that this unit responds to.',
  notice: 'In a trained net, first-layer units project to edges and blobs, deeper units to strokes, corners and whole parts. '
    + 'The projection covers only the unit\'s receptive field. Compare it with guided backprop: the deconvnet ignores which '
    + 'pixels were switched off on the way up, so it looks less like this particular image.',
  paper: 'Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014 (Fig. 1)',
};

export const GUIDED_TEXT: ViewText = {
  tab: 'Guided backprop',
  title: 'Which pixels of this image excite the unit, keeping only positive evidence',
  idea: 'Guided backpropagation follows the gradient back to the input but, at every ReLU, lets a signal through only where '
    + 'the unit was active on the way up and where the signal going down is positive. It combines the deconvnet\'s rule with '
    + 'the gradient\'s.',
  notice: 'Sharper and closer to the image than the deconvnet and the plain gradient: you see the strokes of this digit that the '
    + 'unit uses. Beware: guided backprop looks crisp even for a random network, so it shows the image more than the model.',
  paper: 'Springenberg, Dosovitskiy, Brox & Riedmiller, "Striving for Simplicity: The All Convolutional Net", ICLR 2015 workshop',
};

export const SALIENCY_TEXT: ViewText = {
  tab: 'Saliency',
  title: 'How much each pixel changes the class score',
  idea: 'The gradient of the class score (before the softmax) with respect to the input: a pixel with a large gradient is one '
    + 'where a small change moves the score most. The map shows, per pixel, the largest absolute gradient over the colour channels.',
  notice: 'Noisy, and spread over the whole object: the plain gradient keeps negative signals that the deconvnet and guided '
    + 'backprop throw away. The score before the softmax is used so that other classes\' scores do not leak in.',
  paper: 'Simonyan, Vedaldi & Zisserman, "Deep Inside Convolutional Networks: Visualising Image Classification Models and Saliency Maps", ICLR 2014 workshop',
};

/** The model's output layers whose softmax/sigmoid is dropped to read logits. */
function outputLayers(vm: VizModel): tf.layers.Layer[] {
  return vm.model.outputs.map((o) => o.sourceLayer as tf.layers.Layer);
}

/** The layers of a node whose softmax or sigmoid must be dropped to read its scores before them. */
function logitLayersFor(vm: VizModel, node: ResolvedNode): tf.layers.Layer[] {
  const layer = vm.model.getLayer(node.layerName);
  const act = activationOf(layer);
  return act === 'softmax' || act === 'sigmoid' ? [layer] : [];
}

/** The number of classes of the model's class output. */
export function classCount(vm: VizModel): number {
  const s = vm.model.outputs[classOutputIndex(vm)]!.shape;
  return s[s.length - 1]!;
}

function checkClass(vm: VizModel, c: number): void {
  const k = classCount(vm);
  if (!Number.isInteger(c) || c < 0 || c >= k) throw new VizError(say('errors.viz.classRange', { class: c, count: k, last: k - 1 }));
}

/** Checks a channel number against a node's channels; returns the channel count. */
export function checkChannel(node: ResolvedNode, channel: number): number {
  const channels = node.shape[node.shape.length - 1]!;
  if (!Number.isInteger(channel) || channel < 0 || channel >= channels) {
    throw new VizError(say('errors.viz.channelRange', {
      channel, node: node.id, count: channels, channels: say(channels === 1 ? 'errors.viz.oneChannel' : 'errors.viz.manyChannels'), last: channels - 1,
    }));
  }
  return channels;
}

/** The model's class scores before the softmax for a batch, [b, classes]. */
export function logits(vm: VizModel, x: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => withLayerChanges(vm.model, { logits: outputLayers(vm) }, () => {
    const y = vm.model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(y) ? y[classOutputIndex(vm)]! : y) as tf.Tensor2D;
  }));
}

/** The position and value of the chosen unit (given, or the channel's strongest) for batch `x` of one. */
function locateUnit(vm: VizModel, node: ResolvedNode, target: { channel: number; y?: number; x?: number }, x: tf.Tensor4D): LocatedTarget & { kind: 'unit' } {
  if (node.type === 'Input') throw new VizError(say('errors.viz.isInput', { node: node.id }));
  checkChannel(node, target.channel);
  const map = tf.tidy(() => withLayerChanges(vm.model, { logits: logitLayersFor(vm, node) }, () => {
    const y = subModel(vm, [node]).apply(x, { training: false }) as tf.Tensor;
    return isMap(node) ? tf.squeeze(tf.slice(y, [0, 0, 0, target.channel], [1, -1, -1, 1]), [0, 3]) : tf.slice(y, [0, target.channel], [1, 1]).reshape([1, 1]);
  }));
  try {
    const values = map.dataSync();
    const [h, w] = map.shape as [number, number];
    let at: number;
    if (target.y !== undefined || target.x !== undefined) {
      const yy = target.y ?? 0;
      const xx = target.x ?? 0;
      if (!Number.isInteger(yy) || !Number.isInteger(xx) || yy < 0 || yy >= h || xx < 0 || xx >= w) {
        throw new VizError(say('errors.viz.position', { y: yy, x: xx, node: node.id, h, w }));
      }
      at = yy * w + xx;
    } else {
      at = 0;
      for (let i = 1; i < values.length; i++) if (values[i]! > values[at]!) at = i;
    }
    return { kind: 'unit', node: node.id, primitive: node.primitive, channel: target.channel, y: Math.floor(at / w), x: at % w, value: values[at]! };
  } finally {
    map.dispose();
  }
}

/** Locates the target (unit or class) for the image batch `x`. */
function locate(vm: VizModel, target: Target, x: tf.Tensor4D): LocatedTarget {
  if ('class' in target) {
    checkClass(vm, target.class);
    const z = logits(vm, x);
    try {
      return { kind: 'class', class: target.class, score: z.dataSync()[target.class]! };
    } finally {
      z.dispose();
    }
  }
  return locateUnit(vm, resolveNode(vm, target.node), target, x);
}

/** The target's value as a scalar of the forward pass (under withLayerChanges), times its value. */
function targetScalar(vm: VizModel, t: LocatedTarget, z: tf.Tensor4D): tf.Scalar {
  if (t.kind === 'class') {
    const y = vm.model.apply(z, { training: false }) as tf.Tensor | tf.Tensor[];
    const out = (Array.isArray(y) ? y[classOutputIndex(vm)]! : y) as tf.Tensor2D;
    return tf.sum(tf.slice(out, [0, t.class], [1, 1]));
  }
  const node = resolveNode(vm, t.primitive);
  const y = subModel(vm, [node]).apply(z, { training: false }) as tf.Tensor;
  const unit = isMap(node) ? tf.slice(y, [0, t.y, t.x, t.channel], [1, 1, 1, 1]) : tf.slice(y, [0, t.channel], [1, 1]);
  return tf.mul(tf.sum(unit), t.value);
}

/** The gradient of the (value-scaled) target with respect to the input, ReLUs following `rule`. */
function gradientProjection(vm: VizModel, t: LocatedTarget, x: tf.Tensor4D, rule: BackwardRule): tf.Tensor4D {
  const logitLayers = t.kind === 'class' ? outputLayers(vm) : logitLayersFor(vm, resolveNode(vm, t.primitive));
  return tf.tidy(() => withLayerChanges(vm.model, { relu: rule, logits: logitLayers, plain: true }, () =>
    tf.grad((z: tf.Tensor) => targetScalar(vm, t, z as tf.Tensor4D))(x) as tf.Tensor4D));
}

// ---- the literal deconvnet down a chain ------------------------------------------------------------

/** A step of the chain from the input to the target, with the tfjs layer that computes it. */
interface ChainStep {
  readonly id: string;
  readonly type: string;
  readonly layer: tf.layers.Layer;
}

/** Types whose way down is one of the deconvnet's three operations or a linear layer's transpose. */
const CHAIN_TYPES = new Set(['Conv2D', 'Dense', 'Activation', 'MaxPool', 'AvgPool', 'BatchNorm', 'Dropout', 'LRN', 'ZeroPad', 'Flatten']);

/**
 * The layers from the input to `node` when they form a chain the literal deconvnet can walk
 * (one input each; convolutions without groups or dilation; ReLU or no activation), else null.
 */
export function deconvChain(vm: VizModel, node: ResolvedNode): ChainStep[] | null {
  const into = new Map<string, string[]>();
  for (const e of vm.expanded.edges) {
    const list = into.get(e.target);
    if (list) list.push(e.source);
    else into.set(e.target, [e.source]);
  }
  const steps: ChainStep[] = [];
  let id = node.primitive;
  for (;;) {
    const info = vm.analysis.nodes[id]!;
    if (info.type === 'Input') break;
    if (!CHAIN_TYPES.has(info.type)) return null;
    const layer = vm.model.getLayer(vm.layerNames[id]!);
    const act = activationOf(layer);
    if ((info.type === 'Conv2D' || info.type === 'Dense' || info.type === 'Activation') && !(act === 'relu' || act === 'relu6' || act === 'linear')) return null;
    if (info.type === 'Conv2D' && layer.getClassName() !== 'Conv2D') return null; // dilated: our own layer
    const sources = into.get(id) ?? [];
    if (sources.length !== 1) return null;
    steps.push({ id, type: info.type, layer });
    id = sources[0]!;
  }
  return steps.reverse();
}

/** Max-unpooling: each value of `g` goes back to the input position its window's maximum came from. */
export function unpool(g: tf.Tensor4D, switches: tf.Tensor, inShape: readonly number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w, c] = inShape as [number, number, number, number];
    const flat = tf.scatterND(tf.reshape(switches, [-1, 1]), tf.reshape(g, [-1]), [h * w * c]);
    return tf.reshape(flat, [1, h, w, c]) as tf.Tensor4D;
  });
}

/**
 * The deconvnet down a chain: forward once keeping every layer's input and the pools' switches,
 * then from the lone activation down: rectify at every ReLU, unpool with the switches, apply
 * convolutions and dense layers transposed (bias left out, as in the paper). The other layers
 * (BatchNorm, LRN, average pooling, padding, flatten, dropout) pass the signal through their own
 * derivative, which for the linear ones is their transpose.
 */
function chainDeconvnet(steps: readonly ChainStep[], t: LocatedTarget & { kind: 'unit' }, x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const inputs: tf.Tensor[] = [];
    const switches = new Map<number, tf.Tensor>();
    let a: tf.Tensor = x;
    steps.forEach((s, i) => {
      inputs.push(a);
      if (s.type === 'MaxPool') {
        const c = s.layer.getConfig() as { poolSize: [number, number]; strides: [number, number]; padding: 'same' | 'valid' };
        switches.set(i, tf.maxPoolWithArgmax(a as tf.Tensor4D, c.poolSize, c.strides, c.padding, false).indexes);
      }
      a = s.layer.apply(a, { training: false }) as tf.Tensor;
    });
    // The starting signal: the chosen activation alone, every other one set to zero.
    const seed = tf.buffer(a.shape, 'float32');
    if (a.rank === 4) seed.set(t.value, 0, t.y, t.x, t.channel);
    else seed.set(t.value, 0, t.channel);
    let g: tf.Tensor = seed.toTensor();
    for (let i = steps.length - 1; i >= 0; i--) {
      const s = steps[i]!;
      const below = inputs[i]!;
      const act = activationOf(s.layer);
      if (act === 'relu' || act === 'relu6') g = tf.relu(g); // rectification on the way down
      switch (s.type) {
        case 'Activation':
          break;
        case 'Conv2D': {
          const c = s.layer.getConfig() as { strides: [number, number]; padding: 'same' | 'valid' };
          const kernel = s.layer.getWeights()[0] as tf.Tensor4D;
          g = tf.conv2dTranspose(g as tf.Tensor4D, kernel, below.shape as [number, number, number, number], c.strides, c.padding);
          break;
        }
        case 'Dense':
          g = tf.matMul(g as tf.Tensor2D, s.layer.getWeights()[0] as tf.Tensor2D, false, true);
          break;
        case 'MaxPool':
          g = unpool(g as tf.Tensor4D, switches.get(i)!, below.shape);
          break;
        default: {
          // A layer without ReLU or filters: its vector-Jacobian product at this input.
          const dy = g;
          g = tf.grad((z: tf.Tensor) => s.layer.apply(z, { training: false }) as tf.Tensor)(below, dy);
        }
      }
    }
    return g as tf.Tensor4D;
  });
}

// ---- the public functions -----------------------------------------------------------------------

async function finish(t: tf.Tensor4D, target: LocatedTarget, rule: BackwardRule, method: Backprojection['method']): Promise<Backprojection> {
  try {
    return { shape: t.shape.slice(1), data: (await t.data()) as Float32Array, target, rule, method };
  } finally {
    t.dispose();
  }
}

/** Runs `fn` with the image as a batch of one and the target located, freeing the batch after. */
async function withTarget<T>(vm: VizModel, image: tf.Tensor | Float32Array, target: Target, fn: (x: tf.Tensor4D, t: LocatedTarget) => Promise<T>): Promise<T> {
  const x = toBatch(vm, image);
  try {
    return await fn(x, locate(vm, target, x));
  } finally {
    x.dispose();
  }
}

/**
 * Projects an already located target with one backward rule (the deconvnet's literal chain walk
 * where it applies). `x` is a batch of one; the caller frees the returned tensor.
 */
export function project(vm: VizModel, x: tf.Tensor4D, t: LocatedTarget, rule: BackwardRule): { tensor: tf.Tensor4D; method: Backprojection['method'] } {
  if (rule === 'deconvnet' && t.kind === 'unit') {
    const steps = deconvChain(vm, resolveNode(vm, t.primitive));
    if (steps) return { tensor: chainDeconvnet(steps, t, x), method: 'switches' };
  }
  return { tensor: gradientProjection(vm, t, x, rule), method: 'gradient' };
}

/**
 * The deconvnet projection of a unit (default: the strongest activation of the channel) or of a
 * class score, as an input-shaped map [H, W, C]. Literal (switches) on chains, a gradient with
 * the max(g, 0) rule on graphs with branches; `options.route` forces one (to show they agree).
 */
export async function deconvnet(vm: VizModel, image: tf.Tensor | Float32Array, target: Target, options: { route?: Backprojection['method'] } = {}): Promise<Backprojection> {
  return withTarget(vm, image, target, (x, t) => {
    if (options.route === 'gradient') return finish(gradientProjection(vm, t, x, 'deconvnet'), t, 'deconvnet', 'gradient');
    const p = project(vm, x, t, 'deconvnet');
    if (options.route === 'switches' && p.method !== 'switches') {
      p.tensor.dispose();
      throw new VizError(t.kind === 'class' ? say('errors.viz.deconvClass') : say('errors.viz.deconvChain', { node: t.node }));
    }
    return finish(p.tensor, t, 'deconvnet', p.method);
  });
}

/** Guided backpropagation of a unit or class score: the gradient with ReLU's rule g·[x > 0]·[g > 0]. */
export async function guidedBackprop(vm: VizModel, image: tf.Tensor | Float32Array, target: Target): Promise<Backprojection> {
  return withTarget(vm, image, target, (x, t) => finish(gradientProjection(vm, t, x, 'guided'), t, 'guided', 'gradient'));
}

/** The plain gradient of a unit or class score (before the softmax) with respect to the input. */
export async function inputGradient(vm: VizModel, image: tf.Tensor | Float32Array, target: Target): Promise<Backprojection> {
  return withTarget(vm, image, target, (x, t) => finish(gradientProjection(vm, t, x, 'gradient'), t, 'gradient', 'gradient'));
}

/** The deconvnet, guided backpropagation and the plain gradient of one target, for showing side by side. */
export async function compareBackprojections(vm: VizModel, image: tf.Tensor | Float32Array, target: Target): Promise<Record<BackwardRule, Backprojection>> {
  return withTarget(vm, image, target, async (x, t) => {
    const d = project(vm, x, t, 'deconvnet');
    const deconv = await finish(d.tensor, t, 'deconvnet', d.method);
    const guided = await finish(gradientProjection(vm, t, x, 'guided'), t, 'guided', 'gradient');
    const gradient = await finish(gradientProjection(vm, t, x, 'gradient'), t, 'gradient', 'gradient');
    return { deconvnet: deconv, guided, gradient };
  });
}

export interface Saliency {
  /** Per pixel, the largest absolute gradient over the channels: [H, W]. */
  readonly map: NumberMap;
  /** The gradient itself, [H, W, C]. */
  readonly gradient: NumberMap;
  readonly class: number;
  /** The class score before the softmax. */
  readonly score: number;
  /** The model's probabilities (its own output) for the image. */
  readonly probabilities: Float32Array;
}

/**
 * Simonyan et al.'s saliency map for class `options.class` (default: the predicted class): the
 * gradient of the class score before the softmax with respect to the input, and its largest
 * absolute value over the channels at each pixel.
 */
export async function saliency(vm: VizModel, image: tf.Tensor | Float32Array, options: { class?: number } = {}): Promise<Saliency> {
  const x = toBatch(vm, image);
  try {
    // One forward pass for the scores; the probabilities follow from them.
    const z = logits(vm, x);
    const scores = (await z.data()) as Float32Array;
    z.dispose();
    const probabilities = toProbabilities(vm, scores);
    const c = options.class ?? argMax(scores);
    checkClass(vm, c);
    const t: LocatedTarget = { kind: 'class', class: c, score: scores[c]! };
    const g = gradientProjection(vm, t, x, 'gradient');
    const m = tf.tidy(() => tf.max(tf.abs(g), 3));
    const [h, w, ch] = inputShape(vm);
    try {
      return {
        gradient: { shape: [h, w, ch], data: (await g.data()) as Float32Array },
        map: { shape: [h, w], data: (await m.data()) as Float32Array },
        class: c, score: scores[c]!, probabilities,
      };
    } finally {
      g.dispose();
      m.dispose();
    }
  } finally {
    x.dispose();
  }
}

/** The model's own output for its scores before the softmax: the softmax or sigmoid its output layer applies. */
function toProbabilities(vm: VizModel, scores: Float32Array): Float32Array {
  const act = activationOf(outputLayers(vm)[classOutputIndex(vm)]!);
  if (act === 'sigmoid') return scores.map((v) => 1 / (1 + Math.exp(-v)));
  if (act !== 'softmax') return Float32Array.from(scores);
  const top = Math.max(...scores);
  const e = scores.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** The index of the largest value (the first one on ties). */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
