/**
 * The tfjs layers Layerwise needs and tfjs-layers lacks, registered for serialization so that a
 * saved model loads back (`tf.loadLayersModel`) with the same maths:
 *
 * - `LayerwiseLRN`: local response normalisation across channels (AlexNet, GoogLeNet).
 * - `LayerwiseConv2D`: a convolution with groups (AlexNet's two-GPU layers, ResNeXt) and/or
 *   dilation. tfjs has no grouped convolution, and its Conv2D gradient refuses dilations > 1, so
 *   plain Conv2D blocks with dilation 1 use tf.layers.conv2d and only these cases come here.
 *
 * Both follow tfjs-layers' pattern: `computeOutputShape` (pure shape maths), `build` (weights),
 * `call` (maths inside `tidy`), `getConfig` (serialization).
 */
import * as tf from '@tensorflow/tfjs';

/** Activations a conv or dense block may carry (lib/blocks/conv2d.ts ACTIVATIONS, plus softmax). */
export type ActivationName = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'swish' | 'softmax';

/** The activation as a tensor function, with tfjs-layers' maths (swish = x·sigmoid(x)). */
export function applyActivation(name: ActivationName, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'linear': return x;
    case 'relu': return tf.relu(x);
    case 'relu6': return tf.relu6(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'tanh': return tf.tanh(x);
    case 'swish': return tf.mul(x, tf.sigmoid(x));
    case 'softmax': return tf.softmax(x);
    default: {
      const never: never = name;
      throw new Error(`Unknown activation "${String(never)}"`);
    }
  }
}

function oneTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) throw new Error(`expected one input tensor, got ${inputs.length}`);
    return inputs[0]!;
  }
  return inputs;
}

/** One input's shape: a list of shapes has arrays as its items, a shape has numbers or nulls. */
function oneShape(shape: tf.Shape | tf.Shape[]): tf.Shape {
  return Array.isArray(shape[0]) ? (shape as tf.Shape[])[0]! : (shape as tf.Shape);
}

// ---- LRN ------------------------------------------------------------------------------------

export interface LRNArgs {
  name?: string;
  /** n: channels in the window, odd (5 in AlexNet). */
  size: number;
  /** α as in the paper: multiplies the plain sum of squares (not divided by n). */
  alpha: number;
  beta: number;
  k: number;
}

/**
 * Local response normalisation, AlexNet section 3.3:
 *   b[c] = a[c] / (k + α · Σ_{c' = c−(n−1)/2 … c+(n−1)/2} a[c']²)^β
 * over channels (the last axis), clipped at the edges. That is tfjs'
 * `localResponseNormalization(x, depthRadius = (n−1)/2, bias = k, alpha = α, beta = β)`:
 * tfjs, like TensorFlow and the paper, multiplies the sum by α itself. PyTorch's
 * `LocalResponseNorm(size=n, alpha, beta, k)` divides by n (α/n · Σ), so a PyTorch α equals n
 * times the α here (AlexNet's α = 10⁻⁴ here is alpha = 5·10⁻⁴ in PyTorch).
 */
export class LRNLayer extends tf.layers.Layer {
  static className = 'LayerwiseLRN';
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;

  constructor(args: LRNArgs) {
    super({ name: args.name });
    this.size = args.size;
    this.alpha = args.alpha;
    this.beta = args.beta;
    this.k = args.k;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return oneShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.localResponseNormalization(
      oneTensor(inputs) as tf.Tensor4D, (this.size - 1) / 2, this.k, this.alpha, this.beta));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size, alpha: this.alpha, beta: this.beta, k: this.k };
  }
}

// ---- grouped / dilated convolution -------------------------------------------------------------

export interface ConvArgs {
  name?: string;
  filters: number;
  kernel: number;
  stride: number;
  padding: 'same' | 'valid';
  dilation: number;
  groups: number;
  useBias: boolean;
  activation: ActivationName;
  /** Seed for the kernel's Glorot-uniform initialiser (random when omitted). */
  seed?: number;
}

/**
 * A square convolution with `groups` (each output channel sees C_in / groups input channels, as
 * PyTorch's `groups`) and `dilation`. The kernel is one weight `[k, k, C_in / groups, filters]`,
 * so its parameter count is PyTorch's and analyse's: k·k·(C_in/groups)·filters (+ filters bias).
 * Output channel f belongs to group ⌊f / (filters/groups)⌋, which sees input channels
 * [g·C_in/groups, (g+1)·C_in/groups).
 *
 * Maths, chosen for speed on tfjs' kernels:
 * - groups = C_in (one input channel per group): a depthwise conv with multiplier filters/groups;
 * - otherwise split the input and kernel into `groups` slices, conv each, concat (AlexNet's 2
 *   groups, ResNeXt's 32);
 * - dilation d > 1: the kernel with d−1 zeros between taps, as a plain conv (tfjs cannot
 *   differentiate its own dilated conv). Same numbers, more multiplies.
 */
export class GroupedConv2DLayer extends tf.layers.Layer {
  static className = 'LayerwiseConv2D';
  readonly filters: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: 'same' | 'valid';
  readonly dilation: number;
  readonly groups: number;
  readonly useBias: boolean;
  readonly activationName: ActivationName;
  private readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: ConvArgs) {
    super({ name: args.name });
    this.filters = args.filters;
    this.kernelSize = args.kernel;
    this.stride = args.stride;
    this.padding = args.padding;
    this.dilation = args.dilation ?? 1;
    this.groups = args.groups ?? 1;
    this.useBias = args.useBias;
    this.activationName = args.activation ?? 'linear';
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const cin = oneShape(inputShape)[3]!;
    if (cin % this.groups !== 0) {
      throw new Error(`${this.name}: ${cin} input channels cannot be split into ${this.groups} equal groups`);
    }
    if (this.filters % this.groups !== 0) {
      throw new Error(`${this.name}: ${this.filters} filters cannot be split into ${this.groups} equal groups`);
    }
    this.kernel = this.addWeight('kernel', [this.kernelSize, this.kernelSize, cin / this.groups, this.filters], 'float32',
      tf.initializers.glorotUniform({ seed: this.seed }));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [n, h, w] = oneShape(inputShape);
    const eff = (this.kernelSize - 1) * this.dilation + 1;
    const out = (len: number | null) => (len === null ? null : this.padding === 'same'
      ? Math.ceil(len / this.stride) : Math.floor((len - eff) / this.stride) + 1);
    return [n ?? null, out(h ?? null), out(w ?? null), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor(inputs) as tf.Tensor4D;
      let w = this.kernel!.read() as tf.Tensor4D;
      if (this.dilation > 1) w = dilateKernel(w, this.dilation);
      const stride = this.stride;
      const cin = x.shape[3];
      const g = this.groups;
      let y: tf.Tensor4D;
      if (g === 1) {
        y = tf.conv2d(x, w, stride, this.padding);
      } else if (cin === g) {
        // One input channel per group: W [k, k, 1, g·m] is the depthwise filter [k, k, g, m],
        // and depthwise output channel c·m + j is filter g·m + j of group c.
        const [kh, kw] = w.shape;
        y = tf.depthwiseConv2d(x, tf.reshape(w, [kh, kw, g, this.filters / g]) as tf.Tensor4D, stride, this.padding);
      } else {
        const xs = tf.split(x, g, 3);
        const ws = tf.split(w, g, 3);
        y = tf.concat(xs.map((xi, i) => tf.conv2d(xi as tf.Tensor4D, ws[i] as tf.Tensor4D, stride, this.padding)), 3);
      }
      const biased = this.bias ? tf.add(y, this.bias.read()) : y;
      return applyActivation(this.activationName, biased);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(), filters: this.filters, kernel: this.kernelSize, stride: this.stride, padding: this.padding,
      dilation: this.dilation, groups: this.groups, useBias: this.useBias, activation: this.activationName,
    };
  }
}

/** A k×k kernel dilated by d as the ((k−1)·d+1)² kernel it equals, zeros between the taps. */
export function dilateKernel(w: tf.Tensor4D, d: number): tf.Tensor4D {
  const [kh, kw, a, b] = w.shape;
  const spread = tf.pad(tf.reshape(w, [kh, 1, kw, 1, a, b]), [[0, 0], [0, d - 1], [0, 0], [0, d - 1], [0, 0], [0, 0]]);
  return tf.slice(tf.reshape(spread, [kh * d, kw * d, a, b]) as tf.Tensor4D, [0, 0, 0, 0], [(kh - 1) * d + 1, (kw - 1) * d + 1, a, b]);
}

let registered = false;

/**
 * Registers the custom layers with tfjs' serialization (idempotent), so saved models load back.
 * Not done on import: compile() calls it, and so must code that loads a saved model without
 * compiling a graph first.
 */
export function registerCustomLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(LRNLayer);
  tf.serialization.registerClass(GroupedConv2DLayer);
  registered = true;
}
