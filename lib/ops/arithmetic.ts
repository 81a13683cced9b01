/**
 * The arithmetic of one output value of a layer, step by step, with every number kept so the view
 * can show it: a convolution's sum of products (per input channel) plus its bias, a dense unit's,
 * a pooling window, an activation, softmax from the logits, batch normalization with its
 * statistics. Pure numbers in float64 (tfjs computes in float32, so the last digits may differ);
 * the view words them.
 */
import { windowTaps, type Tap, type WindowGeometry } from './geometry';

/** Functions a layer applies after its weighted sum (a Conv2D's or Dense's `activation`, an Activation node's `fn`). */
export type ActivationName = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'swish' | 'softmax';

/** One value through an element-wise activation, with the numbers in between. */
export type ActivationWorked =
  | { readonly fn: 'linear'; readonly z: number; readonly value: number }
  | { readonly fn: 'relu'; readonly z: number; readonly value: number }
  | { readonly fn: 'relu6'; readonly z: number; readonly value: number }
  /** 1 / (1 + e^−z): `expNeg` = e^−z, `denominator` = 1 + e^−z. */
  | { readonly fn: 'sigmoid'; readonly z: number; readonly expNeg: number; readonly denominator: number; readonly value: number }
  /** (e^z − e^−z) / (e^z + e^−z). */
  | { readonly fn: 'tanh'; readonly z: number; readonly expPos: number; readonly expNeg: number; readonly value: number }
  /** z · sigmoid(z). */
  | { readonly fn: 'swish'; readonly z: number; readonly sigmoid: number; readonly value: number }
  /** One unit of a softmax over a vector (see `softmaxWorked`). */
  | { readonly fn: 'softmax'; readonly z: number; readonly softmax: SoftmaxWorked; readonly unit: number; readonly value: number };

/** An element-wise activation of z (softmax needs the whole vector: use `softmaxWorked`). */
export function activationWorked(fn: Exclude<ActivationName, 'softmax'>, z: number): ActivationWorked {
  switch (fn) {
    case 'linear': return { fn, z, value: z };
    case 'relu': return { fn, z, value: Math.max(0, z) };
    case 'relu6': return { fn, z, value: Math.min(Math.max(0, z), 6) };
    case 'sigmoid': {
      const expNeg = Math.exp(-z);
      return { fn, z, expNeg, denominator: 1 + expNeg, value: 1 / (1 + expNeg) };
    }
    case 'tanh': {
      const expPos = Math.exp(z);
      const expNeg = Math.exp(-z);
      // Math.tanh for the value: the quotient overflows for |z| > ~700.
      return { fn, z, expPos, expNeg, value: Math.tanh(z) };
    }
    case 'swish': {
      const sigmoid = 1 / (1 + Math.exp(-z));
      return { fn, z, sigmoid, value: z * sigmoid };
    }
  }
}

/** Softmax of a vector, in the steps a stable implementation takes. */
export interface SoftmaxWorked {
  readonly logits: readonly number[];
  /** The largest logit, subtracted first so that no exponential overflows (the result is unchanged). */
  readonly max: number;
  /** e^(z_i − max). */
  readonly exps: readonly number[];
  /** Σ e^(z_j − max). */
  readonly sum: number;
  /** e^(z_i − max) / Σ: the probabilities, summing to 1. */
  readonly probabilities: readonly number[];
}

/** Softmax of `logits`, step by step. */
export function softmaxWorked(logits: readonly number[]): SoftmaxWorked {
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return { logits: [...logits], max, exps, sum, probabilities: exps.map((e) => e / sum) };
}

/** The activation of unit `unit` of a vector of pre-activations `zs`. */
export function activationOf(fn: ActivationName, zs: ArrayLike<number>, unit: number): ActivationWorked {
  const z = zs[unit]!;
  if (fn !== 'softmax') return activationWorked(fn, z);
  const softmax = softmaxWorked(Array.from(zs));
  return { fn, z, softmax, unit, value: softmax.probabilities[unit]! };
}

/** A map [H, W, C] channels last, or a vector [N]. */
export interface Numbers {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** One tap of a window with the numbers it multiplies (a padding tap reads 0). */
export interface ProductTap extends Tap {
  /** The input value (0 in the padding). */
  readonly x: number;
  /** The kernel weight. */
  readonly w: number;
  readonly product: number;
}

/** One input channel's part of a convolution output. */
export interface ChannelPart {
  /** The input channel read. */
  readonly channel: number;
  readonly taps: readonly ProductTap[];
  /** Σ x·w over this channel's window. */
  readonly partial: number;
}

/** How a convolution's filters read the input channels. */
export type ConvKind =
  | { readonly kind: 'conv' }
  /** Filter f of G groups reads the C_in/G channels of group ⌊f / (F/G)⌋. */
  | { readonly kind: 'grouped'; readonly groups: number }
  /** Output channel c·M + m reads input channel c only, with kernel [.., c, m]. */
  | { readonly kind: 'depthwise'; readonly multiplier: number };

/** One output value of a convolution: per-channel sums of products, plus the bias, through the activation. */
export interface ConvWorked {
  readonly kind: 'conv';
  readonly y: number;
  readonly x: number;
  readonly c: number;
  readonly parts: readonly ChannelPart[];
  /** Σ of the partial sums. */
  readonly sum: number;
  /** The filter's bias (0 when the layer has none; `hasBias` says which). */
  readonly bias: number;
  readonly hasBias: boolean;
  /** sum + bias: the value before the activation. */
  readonly z: number;
  readonly activation: ActivationWorked;
  readonly value: number;
}

/** Which input channels output channel `c` reads, and where its kernel slice is. */
function filterChannels(conv: ConvKind, c: number, inChannels: number, kernelShape: readonly number[]): { channel: number; kernelAt: (ky: number, kx: number) => number }[] {
  const [, kw, a, b] = kernelShape as [number, number, number, number];
  // Kernel [kh, kw, a, b], flat index ((ky·kw + kx)·a + i)·b + o.
  const at = (i: number, o: number) => (ky: number, kx: number) => ((ky * kw + kx) * a + i) * b + o;
  if (conv.kind === 'depthwise') {
    const ch = Math.floor(c / conv.multiplier);
    return [{ channel: ch, kernelAt: at(ch, c % conv.multiplier) }];
  }
  const groups = conv.kind === 'grouped' ? conv.groups : 1;
  const perGroup = inChannels / groups;
  const group = Math.floor(c / (b / groups));
  return Array.from({ length: perGroup }, (_, i) => ({ channel: group * perGroup + i, kernelAt: at(i, c) }));
}

/**
 * Output (y, x, c) of a convolution of `input` [H, W, C_in] by `kernel` [K, K, C_in/G, F]
 * (depthwise: [K, K, C_in, M]) with `bias` [F] and an element-wise activation.
 */
export function convWorked(
  input: Numbers, kernel: Numbers, bias: Numbers | null, g: WindowGeometry, conv: ConvKind,
  fn: Exclude<ActivationName, 'softmax'>, y: number, x: number, c: number,
): ConvWorked {
  const [, w, cin] = input.shape as [number, number, number];
  const taps = windowTaps(g, y, x);
  const parts = filterChannels(conv, c, cin, kernel.shape).map(({ channel, kernelAt }): ChannelPart => {
    let partial = 0;
    const products = taps.map((t): ProductTap => {
      const xv = t.inside ? input.data[(t.iy * w + t.ix) * cin + channel]! : 0;
      const wv = kernel.data[kernelAt(t.ky, t.kx)]!;
      const product = xv * wv;
      partial += product;
      return { ...t, x: xv, w: wv, product };
    });
    return { channel, taps: products, partial };
  });
  const sum = parts.reduce((s, p) => s + p.partial, 0);
  const b = bias ? bias.data[c]! : 0;
  const activation = activationWorked(fn, sum + b);
  return { kind: 'conv', y, x, c, parts, sum, bias: b, hasBias: !!bias, z: sum + b, activation, value: activation.value };
}

/** One term of a dense unit's sum. */
export interface DenseTerm {
  readonly i: number;
  readonly x: number;
  readonly w: number;
  readonly product: number;
}

/** One unit of a dense (fully connected) layer. */
export interface DenseWorked {
  readonly kind: 'dense';
  readonly unit: number;
  readonly terms: readonly DenseTerm[];
  readonly sum: number;
  readonly bias: number;
  readonly hasBias: boolean;
  readonly z: number;
  readonly activation: ActivationWorked;
  readonly value: number;
}

/** Every unit's pre-activation x·W + b of a dense layer (kernel [in, out]). */
export function denseLogits(input: Numbers, kernel: Numbers, bias: Numbers | null): Float64Array {
  const [n, units] = kernel.shape as [number, number];
  const z = new Float64Array(units);
  for (let u = 0; u < units; u++) {
    let s = bias ? bias.data[u]! : 0;
    for (let i = 0; i < n; i++) s += input.data[i]! * kernel.data[i * units + u]!;
    z[u] = s;
  }
  return z;
}

/** Unit `unit` of a dense layer: Σ x_i·w_iu + b_u through the activation (softmax over all units). */
export function denseWorked(input: Numbers, kernel: Numbers, bias: Numbers | null, fn: ActivationName, unit: number): DenseWorked {
  const [n, units] = kernel.shape as [number, number];
  let sum = 0;
  const terms: DenseTerm[] = [];
  for (let i = 0; i < n; i++) {
    const xv = input.data[i]!;
    const wv = kernel.data[i * units + unit]!;
    terms.push({ i, x: xv, w: wv, product: xv * wv });
    sum += xv * wv;
  }
  const b = bias ? bias.data[unit]! : 0;
  const activation = fn === 'softmax' ? activationOf(fn, denseLogits(input, kernel, bias), unit) : activationWorked(fn, sum + b);
  return { kind: 'dense', unit, terms, sum, bias: b, hasBias: !!bias, z: sum + b, activation, value: activation.value };
}

/** One output value of a pooling window. */
export interface PoolWorked {
  readonly kind: 'pool';
  readonly mode: 'max' | 'avg';
  readonly y: number;
  readonly x: number;
  readonly c: number;
  /** The window's taps with their input values (padding taps carry NaN: they take no part). */
  readonly taps: readonly (Tap & { readonly value: number })[];
  /** Taps inside the input: the average divides by this (padding is left out, as TensorFlow does). */
  readonly count: number;
  /** Σ of the values inside (for the average). */
  readonly sum: number;
  /** Index into `taps` of the largest value (the max's winner). */
  readonly winner: number;
  readonly value: number;
}

/** Output (y, x, c) of max or average pooling of `input` [H, W, C]. */
export function poolWorked(input: Numbers, g: WindowGeometry, mode: 'max' | 'avg', y: number, x: number, c: number): PoolWorked {
  const [, w, cin] = input.shape as [number, number, number];
  const taps = windowTaps(g, y, x).map((t) => ({ ...t, value: t.inside ? input.data[(t.iy * w + t.ix) * cin + c]! : Number.NaN }));
  let count = 0;
  let sum = 0;
  let winner = -1;
  taps.forEach((t, i) => {
    if (!t.inside) return;
    count++;
    sum += t.value;
    if (winner < 0 || t.value > taps[winner]!.value) winner = i;
  });
  const value = mode === 'max' ? taps[winner]!.value : sum / count;
  return { kind: 'pool', mode, y, x, c, taps, count, sum, winner, value };
}

/** Global average pooling of channel `c`: the mean of its whole map. */
export interface GlobalAvgWorked {
  readonly kind: 'global-avg';
  readonly c: number;
  readonly values: readonly number[];
  readonly sum: number;
  readonly count: number;
  readonly value: number;
}

/** Channel `c`'s mean over an [H, W, C] map. */
export function globalAvgWorked(input: Numbers, c: number): GlobalAvgWorked {
  const cin = input.shape[2]!;
  const values: number[] = [];
  for (let i = c; i < input.data.length; i += cin) values.push(input.data[i]!);
  const sum = values.reduce((a, b) => a + b, 0);
  return { kind: 'global-avg', c, values, sum, count: values.length, value: sum / values.length };
}

/** Batch normalization of one value at inference, with the layer's statistics. */
export interface BatchNormWorked {
  readonly kind: 'batchnorm';
  readonly c: number;
  readonly x: number;
  /** The moving mean and variance learned during training (channel c's). */
  readonly mean: number;
  readonly variance: number;
  readonly epsilon: number;
  readonly gamma: number;
  readonly beta: number;
  /** x − mean. */
  readonly centred: number;
  /** √(variance + ε). */
  readonly std: number;
  /** (x − mean) / √(variance + ε). */
  readonly normalised: number;
  /** γ · normalised. */
  readonly scaled: number;
  /** γ · normalised + β. */
  readonly value: number;
}

/** y = γ · (x − μ) / √(σ² + ε) + β, step by step. */
export function batchNormWorked(x: number, stats: { mean: number; variance: number; gamma: number; beta: number; epsilon: number }, c: number): BatchNormWorked {
  const centred = x - stats.mean;
  const std = Math.sqrt(stats.variance + stats.epsilon);
  const normalised = centred / std;
  const scaled = stats.gamma * normalised;
  return { kind: 'batchnorm', c, x, ...stats, centred, std, normalised, scaled, value: scaled + stats.beta };
}
