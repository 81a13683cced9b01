/**
 * The optimizer step as one fused kernel per variable: Adam, SGD with momentum and plain SGD.
 *
 * tfjs-core's optimizers update each variable through element-wise ops: Adam 14 kernels a variable
 * (and 4 more a step for its bias corrections), momentum 4, SGD 2. On wasm each kernel costs
 * ~15–20 µs of dispatch and one pass over the variable, so Adam alone was 144 of the 286 kernels
 * of a LeNet-5 step and ~2 ms of it, and in data-parallel training the update is the part of
 * every step no worker can share. Here each variable's update is one kernel with one SIMD pass
 * (optimizer.wat) that returns the new value and the new state, which the variables then take
 * (`assign`), as tfjs' own code does:
 * - `LayerwiseAdamUpdate` (value, gradient, m, v) → [value', m', v'];
 * - `LayerwiseMomentumUpdate` (value, gradient, accumulation) → [value', accumulation'];
 * - `LayerwiseSgdUpdate` (value, gradient) → value'.
 * Each computes tfjs-core 4.22's formula with the same float32 operations in the same order, so
 * the numbers are the CPU backend's (NaN and ±Infinity where tfjs puts them).
 *
 * The optimizers (`FusedAdamOptimizer`, `FusedMomentumOptimizer`, `FusedSGDOptimizer`) are tfjs'
 * own classes with `applyGradients` overridden: where the active backend has the kernel (wasm,
 * after patchWasmBackend) and wasm has SIMD, the fused step runs; everywhere else (CPU, WebGL,
 * WebGPU, wasm without SIMD, a variable not float32) tfjs' own code does. Their state variables,
 * names and order, `getWeights()`/`setWeights()`, class names and configs are tfjs', so
 * checkpoints and resumed runs do not tell them apart. Registered for 'wasm' by patchWasmBackend.
 */
import * as tf from '@tensorflow/tfjs';
import { simdInstance, type SimdBackend } from './heap';
import { WASM_BINARY } from './optimizer.wasm';

/** The fused Adam update's kernel name (added to the kernel registry for 'wasm'). */
export const ADAM_UPDATE = 'LayerwiseAdamUpdate';
/** The fused momentum update's kernel name. */
export const MOMENTUM_UPDATE = 'LayerwiseMomentumUpdate';
/** The fused plain-SGD update's kernel name. */
export const SGD_UPDATE = 'LayerwiseSgdUpdate';

/** Adam's float32 coefficients for one step: as tfjs rounds them into scalar tensors. */
export interface AdamCoefficients {
  readonly beta1: number;
  /** 1 − β1. */
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  /** 1 − β2. */
  readonly oneMinusBeta2: number;
  /** 1 − β1ᵗ: the first moment's bias correction. */
  readonly oneMinusAccBeta1: number;
  /** 1 − β2ᵗ: the second moment's. */
  readonly oneMinusAccBeta2: number;
  readonly epsilon: number;
  /** −learning rate. */
  readonly negLearningRate: number;
}

/** Momentum's float32 coefficients for one step. */
export interface MomentumCoefficients {
  readonly momentum: number;
  /** −learning rate. */
  readonly negLearningRate: number;
  readonly nesterov: boolean;
}

const f32 = Math.fround;

/**
 * Adam's update of n values, every operation rounded to float32 in tfjs-core's order: the
 * JavaScript twin of optimizer.wat's `adam` (run where wasm has no SIMD). Exported for the tests.
 */
export function adamInto(
  w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array,
  wOut: Float32Array, mOut: Float32Array, vOut: Float32Array, k: AdamCoefficients,
): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = f32(f32(m[i]! * k.beta1) + f32(gi * k.oneMinusBeta1));
    const vi = f32(f32(v[i]! * k.beta2) + f32(f32(gi * gi) * k.oneMinusBeta2));
    mOut[i] = mi;
    vOut[i] = vi;
    const denominator = f32(f32(Math.sqrt(f32(vi / k.oneMinusAccBeta2))) + k.epsilon);
    wOut[i] = f32(f32(f32(f32(mi / k.oneMinusAccBeta1) / denominator) * k.negLearningRate) + w[i]!);
  }
}

/** Momentum's update of n values (tfjs-core's order, float32): the twin of optimizer.wat's `momentum`. Exported for the tests. */
export function momentumInto(w: Float32Array, g: Float32Array, a: Float32Array, wOut: Float32Array, aOut: Float32Array, k: MomentumCoefficients): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const ai = f32(f32(k.momentum * a[i]!) + gi);
    aOut[i] = ai;
    const step = k.nesterov ? f32(gi + f32(ai * k.momentum)) : ai;
    wOut[i] = f32(f32(k.negLearningRate * step) + w[i]!);
  }
}

/** Plain SGD's update w' = c·g + w (float32): the twin of optimizer.wat's `sgd`. Exported for the tests. */
export function sgdInto(w: Float32Array, g: Float32Array, wOut: Float32Array, negLearningRate: number): void {
  for (let i = 0; i < w.length; i++) wOut[i] = f32(f32(negLearningRate * g[i]!) + w[i]!);
}

/** optimizer.wat's exports, instantiated on one tfjs wasm module's memory. */
interface SimdKernels {
  adam(w: number, g: number, m: number, v: number, wOut: number, mOut: number, vOut: number, n: number,
    b1: number, c1: number, b2: number, c2: number, d1: number, d2: number, eps: number, lr: number): void;
  momentum(w: number, g: number, a: number, wOut: number, aOut: number, n: number, mu: number, c: number, nesterov: number): void;
  sgd(w: number, g: number, wOut: number, n: number, c: number): void;
}

function simdKernels(backend: SimdBackend): SimdKernels | null {
  return simdInstance<SimdKernels>(backend, WASM_BINARY);
}

/** New float32 outputs shaped like `like`, and a view of any tensor (made after every allocation: growing the heap detaches views). */
function outputs(wasm: SimdBackend, like: readonly tf.TensorInfo[]): { outs: tf.TensorInfo[]; view: (t: tf.TensorInfo) => Float32Array } {
  const outs = like.map((t) => wasm.makeOutput(t.shape, 'float32'));
  return { outs, view: (t) => wasm.typedArrayFromHeap(t) as Float32Array };
}

const adamKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { value, gradient, m, v } = inputs as Record<'value' | 'gradient' | 'm' | 'v', tf.TensorInfo>;
  const k = attrs as unknown as AdamCoefficients;
  const wasm = backend as unknown as SimdBackend;
  const { outs, view } = outputs(wasm, [value, m, v]);
  const [w, g, mi, vi, wOut, mOut, vOut] = [value, gradient, m, v, ...outs].map(view) as Float32Array[];
  const simd = simdKernels(wasm);
  if (simd) {
    simd.adam(w!.byteOffset, g!.byteOffset, mi!.byteOffset, vi!.byteOffset, wOut!.byteOffset, mOut!.byteOffset, vOut!.byteOffset, w!.length,
      k.beta1, k.oneMinusBeta1, k.beta2, k.oneMinusBeta2, k.oneMinusAccBeta1, k.oneMinusAccBeta2, k.epsilon, k.negLearningRate);
  } else {
    adamInto(w!, g!, mi!, vi!, wOut!, mOut!, vOut!, k);
  }
  return outs;
};

const momentumKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { value, gradient, accumulation } = inputs as Record<'value' | 'gradient' | 'accumulation', tf.TensorInfo>;
  const k = attrs as unknown as MomentumCoefficients;
  const wasm = backend as unknown as SimdBackend;
  const { outs, view } = outputs(wasm, [value, accumulation]);
  const [w, g, a, wOut, aOut] = [value, gradient, accumulation, ...outs].map(view) as Float32Array[];
  const simd = simdKernels(wasm);
  if (simd) simd.momentum(w!.byteOffset, g!.byteOffset, a!.byteOffset, wOut!.byteOffset, aOut!.byteOffset, w!.length, k.momentum, k.negLearningRate, k.nesterov ? 1 : 0);
  else momentumInto(w!, g!, a!, wOut!, aOut!, k);
  return outs;
};

const sgdKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { value, gradient } = inputs as Record<'value' | 'gradient', tf.TensorInfo>;
  const c = (attrs as unknown as { negLearningRate: number }).negLearningRate;
  const wasm = backend as unknown as SimdBackend;
  const { outs, view } = outputs(wasm, [value]);
  const [w, g, wOut] = [value, gradient, outs[0]!].map(view) as Float32Array[];
  const simd = simdKernels(wasm);
  if (simd) simd.sgd(w!.byteOffset, g!.byteOffset, wOut!.byteOffset, w!.length, c);
  else sgdInto(w!, g!, wOut!, c);
  return outs[0]!;
};

/** The three update kernels, for 'wasm' (float32 only: the optimizers call them so). */
export const OPTIMIZER_KERNELS: readonly tf.KernelConfig[] = [
  { kernelName: ADAM_UPDATE, backendName: 'wasm', kernelFunc: adamKernel },
  { kernelName: MOMENTUM_UPDATE, backendName: 'wasm', kernelFunc: momentumKernel },
  { kernelName: SGD_UPDATE, backendName: 'wasm', kernelFunc: sgdKernel },
];

/** What applyGradients takes: gradients by variable name, or a list of named gradients. */
type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];
type AdamGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type MomentumGradients = Parameters<tf.MomentumOptimizer['applyGradients']>[0];
interface Entry { readonly name: string; readonly gradient: tf.Tensor | null | undefined }

/** The variables' names and gradients in the order tfjs' optimizers walk them (their state follows it). */
function entries(gradients: Gradients): Entry[] {
  return Array.isArray(gradients)
    ? gradients.map((g) => ({ name: g.name, gradient: g.tensor }))
    : Object.keys(gradients).map((name) => ({ name, gradient: (gradients as tf.NamedTensorMap)[name] }));
}

function registeredVariable(name: string): tf.Variable | undefined {
  return (tf.engine().registeredVariables as Record<string, tf.Variable | undefined>)[name];
}

/**
 * Whether this step can run fused: the active backend has `kernel` (wasm after patchWasmBackend),
 * wasm has SIMD there (else tfjs' own path runs, as elsewhere in this folder), and every variable
 * and gradient is float32, each gradient of its variable's shape (any other goes to tfjs' own code,
 * which broadcasts or refuses it; the kernel would read it as a flat array).
 */
function fusable(kernel: string, list: readonly Entry[]): boolean {
  const engine = tf.engine() as unknown as { backendName?: string | null; backendInstance?: unknown };
  const name = engine.backendInstance ? engine.backendName : null;
  if (!name || tf.getKernel(kernel, name) === undefined) return false;
  if (!simdKernels(engine.backendInstance as SimdBackend)) return false;
  return list.every(({ name: n, gradient }) => {
    const value = registeredVariable(n);
    return value !== undefined && value.dtype === 'float32' &&
      (gradient == null || (gradient.dtype === 'float32' && tf.util.arraysEqual(gradient.shape, value.shape)));
  });
}

/** A state variable as tfjs' optimizers make it: zeros like the variable, not trainable. */
function stateVariable(value: tf.Variable, originalName: string): { originalName: string; variable: tf.Variable } {
  return { originalName, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
}

interface StateVariable { originalName: string; variable: tf.Variable }
/** AdamOptimizer's private state (tfjs-core 4.22). */
interface AdamState { accBeta1: tf.Variable; accBeta2: tf.Variable; accumulatedFirstMoment: StateVariable[]; accumulatedSecondMoment: StateVariable[] }
/** MomentumOptimizer's private state. */
interface MomentumState { m: tf.Scalar; useNesterov: boolean; accumulations: StateVariable[] }

/** A scalar tensor's value (synchronous: only read on wasm, where it is a copy from its heap). */
const scalarValue = (t: tf.Tensor): number => t.dataSync()[0]!;

/**
 * tfjs' Adam with the update fused on wasm (one kernel per variable, none for the bias
 * corrections, computed in float32 as tfjs' kernels compute them). Same state, names, weights and
 * class name ('Adam') as tfjs.AdamOptimizer.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: AdamGradients): void {
    const list = entries(variableGradients);
    if (!fusable(ADAM_UPDATE, list)) {
      super.applyGradients(variableGradients);
      return;
    }
    const s = this as unknown as AdamState;
    const [acc1, acc2] = [scalarValue(s.accBeta1), scalarValue(s.accBeta2)];
    // Each as tfjs makes it: a float32 scalar tensor of the JavaScript number, or sub(1, accBeta).
    const k: AdamCoefficients = {
      beta1: f32(this.beta1), oneMinusBeta1: f32(1 - this.beta1),
      beta2: f32(this.beta2), oneMinusBeta2: f32(1 - this.beta2),
      oneMinusAccBeta1: f32(1 - acc1), oneMinusAccBeta2: f32(1 - acc2),
      epsilon: f32(this.epsilon), negLearningRate: f32(-this.learningRate),
    };
    tf.tidy(() => {
      list.forEach(({ name, gradient }, i) => {
        const value = registeredVariable(name)!;
        s.accumulatedFirstMoment[i] ??= stateVariable(value, `${name}/m`);
        s.accumulatedSecondMoment[i] ??= stateVariable(value, `${name}/v`);
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i].variable;
        const v = s.accumulatedSecondMoment[i].variable;
        const [w1, m1, v1] = tf.engine().runKernel(ADAM_UPDATE, { value, gradient, m, v }, k as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m1!);
        v.assign(v1!);
        value.assign(w1!);
      });
      // accBeta ← accBeta·β, the float32 product tfjs' Multiply gives, without a kernel.
      s.accBeta1.assign(tf.scalar(f32(acc1 * k.beta1)));
      s.accBeta2.assign(tf.scalar(f32(acc2 * k.beta2)));
    });
    this.incrementIterations();
  }
}

/**
 * tfjs' SGD with momentum, the update fused on wasm (one kernel per variable). Same state, names,
 * weights and class name ('Momentum') as tfjs.MomentumOptimizer.
 */
export class FusedMomentumOptimizer extends tf.MomentumOptimizer {
  override applyGradients(variableGradients: MomentumGradients): void {
    const list = entries(variableGradients);
    if (!fusable(MOMENTUM_UPDATE, list)) {
      super.applyGradients(variableGradients);
      return;
    }
    const s = this as unknown as MomentumState;
    // tfjs multiplies by its scalars m (the momentum given at construction) and c (−learning rate).
    const k: MomentumCoefficients = { momentum: scalarValue(s.m), negLearningRate: scalarValue(this.c), nesterov: Boolean(s.useNesterov) };
    tf.tidy(() => {
      list.forEach(({ name, gradient }, i) => {
        const value = registeredVariable(name)!;
        s.accumulations[i] ??= stateVariable(value, `${name}/momentum`);
        if (gradient == null) return;
        const accumulation = s.accumulations[i].variable;
        const [w1, a1] = tf.engine().runKernel(MOMENTUM_UPDATE, { value, gradient, accumulation }, k as unknown as tf.NamedAttrMap) as tf.Tensor[];
        accumulation.assign(a1!);
        value.assign(w1!);
      });
    });
    this.incrementIterations();
  }
}

/** tfjs' plain SGD, the update fused on wasm. Same weights and class name ('SGD') as tfjs.SGDOptimizer. */
export class FusedSGDOptimizer extends tf.SGDOptimizer {
  override applyGradients(variableGradients: Gradients): void {
    const list = entries(variableGradients);
    if (!fusable(SGD_UPDATE, list)) {
      super.applyGradients(variableGradients);
      return;
    }
    const attrs = { negLearningRate: scalarValue(this.c) };
    tf.tidy(() => {
      for (const { name, gradient } of list) {
        if (gradient == null) continue;
        const value = registeredVariable(name)!;
        value.assign(tf.engine().runKernel(SGD_UPDATE, { value, gradient }, attrs) as tf.Tensor);
      }
    });
    this.incrementIterations();
  }
}
