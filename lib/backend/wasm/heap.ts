/**
 * What the wasm kernels share: reading and writing tensors in wasm's memory, taking kernel inputs
 * as tf.Tensors, and marking the kernel functions this folder registers so that patching twice
 * changes nothing.
 */
import * as tf from '@tensorflow/tfjs';

export type Tensor4D = tf.Tensor4D;
export type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
export type Rounding = 'floor' | 'round' | 'ceil' | undefined;

/** The two BackendWasm methods the JS kernels use (the class is not exported by the package root). */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * A kernel input as a Tensor we may use with ops. The engine passes the Tensors themselves, but the
 * kernel contract only promises a TensorInfo; a bare TensorInfo is wrapped in a new Tensor that
 * holds its own reference to the data (`incRef`), so the kernel's `tidy` freeing the wrapper
 * never frees the caller's data.
 */
export function asTensor(info: tf.TensorInfo, backend: tf.KernelBackend): tf.Tensor {
  if (isTensor(info)) return info;
  const t = tf.engine().makeTensorFromTensorInfo(info, backend as tf.KernelBackend);
  backend.incRef(info.dataId);
  return t;
}

function isTensor(info: tf.TensorInfo): info is tf.Tensor {
  // Duck-typed rather than instanceof: two copies of tfjs-core in a bundle share one engine.
  return typeof (info as Partial<tf.Tensor>).dispose === 'function' && typeof (info as Partial<tf.Tensor>).rank === 'number';
}

/** A stride or dilation attr as [height, width]; absent means 1. */
export function pair(v: number | readonly number[] | undefined): [number, number] {
  if (v === undefined) return [1, 1];
  return typeof v === 'number' ? [v, v] : [v[0]!, v[1]!];
}

const PATCHED = Symbol.for('layerwise.wasmPatched');

/** Marks a kernel function (or a method we replaced) as ours, so that patching again leaves it alone. Returns it. */
export function markPatched<F extends object>(fn: F): F {
  (fn as unknown as Record<symbol, boolean>)[PATCHED] = true;
  return fn;
}

/** Whether a function was marked by markPatched. */
export function isMarked(fn: unknown): boolean {
  return typeof fn === 'function' && Boolean((fn as unknown as Record<symbol, boolean>)[PATCHED]);
}

/** Whether a registered kernel is one of ours (a wrapper made by this folder). */
export function isPatched(config: tf.KernelConfig | undefined): boolean {
  return Boolean(config && isMarked(config.kernelFunc));
}

/** Registers `config` for wasm in place of the kernel registered under its name, if any. */
export function replaceKernel(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}

/**
 * A kernel that wraps wasm's own one: tries a faster or correct path first and falls back to
 * `original` for the cases it does not take.
 */
export type KernelWrapper = (original: tf.KernelConfig) => tf.KernelConfig;
