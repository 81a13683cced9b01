/**
 * tfjs-layers' ReLU6 as one kernel forwards and one backwards.
 *
 * tfjs-layers computes the activation 'relu6' as minimum(6, relu(x)), so a training step runs Relu
 * and Minimum forwards, then Minimum's gradient (Greater, Cast, Multiply) and Relu's (Step, Cast,
 * Multiply) backwards: eight passes over every activation (Greater and Minimum alone were 7% of a
 * Mini MobileNet step). Here:
 * - `LayerwiseRelu6` (x) → min(6, max(0, x)), NaN kept, one pass;
 * - its gradient, `LayerwiseRelu6Grad` (x, dy) → dy·mask with mask 1 where 0 < x < 6, 0 elsewhere
 *   and NaN where x is NaN, exactly the product tfjs-core's two gradients form (at x = 6 it is 0,
 *   as there: Minimum's gradient passes ties to the constant 6).
 * Both are SIMD (kernels.wat), with JavaScript loops where wasm has no SIMD. Registered for 'wasm'.
 *
 * `fuseRelu6Activation()` makes tfjs-layers' ReLU6 activation (the Activation layer's and any
 * layer's `activation: 'relu6'`) run through them when the active backend has the kernel; elsewhere
 * its own code runs. `tf.relu6` (the Relu6 kernel, whose gradient is 1 at x = 6) is left alone.
 */
import * as tf from '@tensorflow/tfjs';
import { trainingKernels } from './gradients';
import { isMarked, markPatched, type SimdBackend } from './heap';

/** The fused forward kernel's name (added to the kernel registry for 'wasm'). */
export const RELU6 = 'LayerwiseRelu6';
/** The fused gradient kernel's name. */
export const RELU6_GRAD = 'LayerwiseRelu6Grad';

/** y = min(6, max(0, x)), NaN kept: the JavaScript twin of kernels.wat's relu6. Exported for the tests. */
export function relu6Into(x: Float32Array, y: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    y[i] = v < 0 ? 0 : v > 6 ? 6 : v;
  }
}

/** dx = dy·mask (1 where 0 < x < 6, NaN where x is NaN, else 0): the twin of relu6Grad. Exported for the tests. */
export function relu6GradInto(x: Float32Array, dy: Float32Array, dx: Float32Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    dx[i] = dy[i]! * (v !== v ? v : v > 0 && v < 6 ? 1 : 0);
  }
}

const forwardKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const x = inputs['x']!;
  const wasm = backend as unknown as SimdBackend;
  const y = wasm.makeOutput(x.shape, 'float32');
  const xs = wasm.typedArrayFromHeap(x) as Float32Array;
  const ys = wasm.typedArrayFromHeap(y) as Float32Array;
  const simd = trainingKernels(wasm);
  if (simd) simd.relu6(xs.byteOffset, ys.byteOffset, xs.length);
  else relu6Into(xs, ys);
  return y;
};

const gradKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const wasm = backend as unknown as SimdBackend;
  const dx = wasm.makeOutput(x.shape, 'float32');
  const [xs, dys, dxs] = [x, dy, dx].map((t) => wasm.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
  const simd = trainingKernels(wasm);
  if (simd) simd.relu6Grad(xs.byteOffset, dys.byteOffset, dxs.byteOffset, xs.length);
  else relu6GradInto(xs, dys, dxs);
  return dx;
};

/** The two kernels, for 'wasm' (float32 only: the hook calls them so). */
export const RELU6_KERNELS: readonly tf.KernelConfig[] = [
  { kernelName: RELU6, backendName: 'wasm', kernelFunc: forwardKernel },
  { kernelName: RELU6_GRAD, backendName: 'wasm', kernelFunc: gradKernel },
];

/** The forward kernel's gradient: one call of the gradient kernel. */
export const RELU6_GRADIENT: tf.GradConfig = {
  kernelName: RELU6,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tf.engine().runKernel(RELU6_GRAD, { x: x!, dy: dy as tf.Tensor }) as tf.Tensor };
  },
};

/** The active backend's name, without starting one. */
function activeBackend(): string | null {
  const engine = tf.engine() as unknown as { backendName?: string | null; backendInstance?: unknown };
  return engine.backendInstance ? (engine.backendName ?? null) : null;
}

type Apply = (this: unknown, x: tf.Tensor, ...rest: unknown[]) => tf.Tensor;

/**
 * Makes tfjs-layers' ReLU6 activation run through the fused kernels for float32 tensors wherever
 * the active backend has them (wasm after patchWasmBackend); its own minimum(6, relu(x)) runs
 * everywhere else. The class keeps its name and serialization. Idempotent; returns whether it
 * installed the hook now.
 */
export function fuseRelu6Activation(): boolean {
  const layer = tf.layers.activation({ activation: 'relu6' }) as unknown as { activation: object };
  const proto = Object.getPrototypeOf(layer.activation) as { apply: Apply };
  if (isMarked(proto.apply)) return false;
  const original = proto.apply;
  const apply: Apply = function (this: unknown, x, ...rest) {
    const backend = activeBackend();
    if (x.dtype !== 'float32' || backend === null || tf.getKernel(RELU6, backend) === undefined) return original.call(this, x, ...rest);
    return tf.engine().runKernel(RELU6, { x }) as tf.Tensor;
  };
  proto.apply = markPatched(apply);
  return true;
}
