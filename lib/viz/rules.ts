/**
 * Backward rules for ReLU, and the temporary changes to a compiled model's layers that the
 * gradient-based views need:
 *
 * - the deconvnet (Zeiler & Fergus 2014) and guided backpropagation (Springenberg et al. 2015)
 *   are the gradient of a unit with ReLU's backward rule replaced (a tf.customGrad);
 * - saliency and Grad-CAM differentiate the class score before the softmax (the logits);
 * - Grad-CAM needs the gradient with respect to an inner feature map (a "tap": a zero tensor
 *   added to that layer's output, whose gradient is the map's gradient).
 *
 * tfjs-layers fuses a Conv2D's or Dense's ReLU into one kernel whose gradient cannot be changed
 * from outside, so the layer's activation object is swapped for one that applies the rule (the
 * layer then runs unfused: conv, bias, our ReLU), and restored afterwards. The swap lives only
 * inside `withLayerChanges`, which is synchronous: nothing else can run the model meanwhile.
 */
import * as tf from '@tensorflow/tfjs';
import { GroupedConv2DLayer } from '../compile';

/**
 * How a gradient passes back through ReLU(x), given the gradient g arriving from above:
 * - 'gradient': the true derivative, g·[x > 0] (plain backpropagation, saliency);
 * - 'deconvnet': max(g, 0), whatever x was: the deconvnet's rectification of the signal going down;
 * - 'guided': g·[x > 0]·[g > 0], both masks: guided backpropagation.
 * ReLU6 gets the same rules with [0 < x < 6] for [x > 0].
 */
export type BackwardRule = 'gradient' | 'deconvnet' | 'guided';

/** ReLU (or ReLU6) whose backward pass follows `rule`. */
export function ruledRelu(rule: BackwardRule, six = false): (x: tf.Tensor) => tf.Tensor {
  const f = (x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: six ? tf.relu6(x) : tf.relu(x),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const input = saved[0]!;
        const open = six ? tf.logicalAnd(tf.greater(input, 0), tf.less(input, 6)) : tf.greater(input, 0);
        switch (rule) {
          case 'gradient': return tf.mul(dy, tf.cast(open, dy.dtype));
          case 'deconvnet': return tf.relu(dy);
          case 'guided': return tf.mul(tf.relu(dy), tf.cast(open, dy.dtype));
          default: {
            const never: never = rule;
            throw new Error(`unknown backward rule ${String(never)}`);
          }
        }
      },
    };
  };
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;
}

/** A tfjs-layers activation object (Conv2D, Dense, DepthwiseConv2D and Activation layers hold one). */
interface ActivationLike {
  apply(x: tf.Tensor): tf.Tensor;
  getClassName(): string;
}

type WithActivation = tf.layers.Layer & { activation?: ActivationLike | null };
type Call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/** The activation's name a layer applies ('relu', 'softmax', 'linear', …), or undefined. */
export function activationOf(layer: tf.layers.Layer): string | undefined {
  if (layer instanceof GroupedConv2DLayer) return layer.activationName;
  const a = (layer as WithActivation).activation;
  return a && typeof a.getClassName === 'function' ? a.getClassName() : undefined;
}

/** What to change in the model for one computation. */
export interface LayerChanges {
  /** Replace every ReLU and ReLU6 (fused or not) by one with this backward rule. */
  readonly relu?: BackwardRule;
  /** Drop the softmax or sigmoid of these output layers: the model then outputs its logits. */
  readonly logits?: readonly tf.layers.Layer[];
  /** Add these tensors to these layers' outputs (zero taps whose gradient is the output's). */
  readonly taps?: ReadonlyMap<tf.layers.Layer, tf.Tensor>;
  /** Called with each tapped layer's output (after the tap is added), to keep it. */
  readonly onTap?: (layer: tf.layers.Layer, output: tf.Tensor) => void;
  /**
   * Run Conv2D and Dense layers as plain ops for a gradient with respect to the input (see
   * plainCall): the same numbers, without computing every kernel's gradient on the way.
   */
  readonly plain?: boolean;
}

const identity: ActivationLike = { apply: (x) => x, getClassName: () => 'linear' };

/** An activation object tfjs-layers cannot fuse (its name is not 'relu' or 'linear'), so it calls apply. */
function unfusable(fn: (x: tf.Tensor) => tf.Tensor, name: string): ActivationLike {
  return { apply: fn, getClassName: () => `layerwise_${name}` };
}

/**
 * Runs `fn` with the layers of `model` changed as asked, and puts them back however `fn` ends.
 * `fn` must be synchronous (tf.grad is): the changes must not be seen by anything else.
 */
export function withLayerChanges<T>(model: tf.LayersModel, changes: LayerChanges, fn: () => T): T {
  const undo: (() => void)[] = [];
  try {
    const logitLayers = new Set(changes.logits ?? []);
    for (const layer of model.layers) {
      if (changes.plain) {
        const call = plainCall(layer);
        if (call) setCall(layer, call, undo);
      }
      const act = activationOf(layer);
      let replacement: ((x: tf.Tensor) => tf.Tensor) | undefined;
      let name = '';
      if (changes.relu && (act === 'relu' || act === 'relu6')) {
        replacement = ruledRelu(changes.relu, act === 'relu6');
        name = `${act}_${changes.relu}`;
      } else if (logitLayers.has(layer) && (act === 'softmax' || act === 'sigmoid')) {
        replacement = (x) => x;
        name = 'logits';
      }
      const tap = changes.taps?.get(layer);
      if (!replacement && !tap) continue;
      if (layer instanceof GroupedConv2DLayer) {
        // Our own layer applies its activation by name: run it linear and apply the rule after.
        const own = layer as unknown as { activationName: string; call: Call };
        const saved = own.activationName;
        own.activationName = 'linear';
        undo.push(() => { own.activationName = saved; });
        if (replacement) wrapCall(layer, replacement, undo);
      } else if (replacement) {
        const l = layer as WithActivation;
        const saved = l.activation;
        l.activation = name === 'logits' ? identity : unfusable(replacement, name);
        undo.push(() => { l.activation = saved; });
      }
      if (tap) wrapCall(layer, (y) => { const out = tf.add(y, tap); changes.onTap?.(layer, out); return out; }, undo);
    }
    return fn();
  } finally {
    for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
  }
}

/** Gives `layer` its own `call` (shadowing the class's method) until undone. */
function setCall(layer: tf.layers.Layer, call: Call, undo: (() => void)[]): void {
  const l = layer as unknown as { call: Call };
  const hadOwn = Object.prototype.hasOwnProperty.call(l, 'call');
  const before = l.call;
  l.call = call;
  undo.push(() => {
    if (hadOwn) l.call = before;
    else delete (l as { call?: Call }).call;
  });
}

/** Makes `layer.call` apply `after` to its output. */
function wrapCall(layer: tf.layers.Layer, after: (y: tf.Tensor) => tf.Tensor, undo: (() => void)[]): void {
  const inner = (layer as unknown as { call: Call }).call;
  setCall(layer, (inputs, kwargs) => {
    const y = inner.call(layer, inputs, kwargs);
    return after(Array.isArray(y) ? y[0]! : y);
  }, undo);
}

/** The fields of tfjs-layers' Conv2D and Dense that their maths needs. */
interface ConvOrDense {
  kernel: { read(): tf.Tensor };
  bias: { read(): tf.Tensor } | null;
  activation: ActivationLike | null;
  strides: [number, number];
  padding: 'same' | 'valid';
  dilationRate: [number, number];
  dataFormat: string;
}

/**
 * Conv2D and Dense as plain ops: conv2d (or matMul), add the bias, then the layer's activation
 * object. tfjs-layers runs them as fused kernels whose gradient, in tfjs-core 4.22, computes the
 * kernel's and bias's gradients together with the input's even when only the input's is asked for;
 * plain ops have one gradient function per input, and tfjs skips the ones not needed. For VGG-16
 * that avoids fc6's 25,088×4,096 kernel gradient (400 MB) and every convolution's filter gradient.
 * Other layers (or other data formats and ranks) keep their own call: undefined.
 */
function plainCall(layer: tf.layers.Layer): Call | undefined {
  const cls = layer.getClassName();
  if (cls !== 'Conv2D' && cls !== 'Dense') return undefined;
  const l = layer as unknown as ConvOrDense;
  if (cls === 'Conv2D' && l.dataFormat !== 'channelsLast') return undefined;
  return (inputs) => tf.tidy(() => {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    let y: tf.Tensor;
    if (cls === 'Conv2D') {
      y = tf.conv2d(x as tf.Tensor4D, l.kernel.read() as tf.Tensor4D, l.strides, l.padding, 'NHWC', l.dilationRate);
    } else {
      if (x.rank !== 2) throw new Error(`Dense ${layer.name} got a rank-${x.rank} input; the views expect rank 2`);
      y = tf.matMul(x as tf.Tensor2D, l.kernel.read() as tf.Tensor2D);
    }
    if (l.bias) y = tf.add(y, l.bias.read());
    return l.activation ? l.activation.apply(y) : y;
  });
}
