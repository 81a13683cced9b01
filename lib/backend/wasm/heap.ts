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

/** What the SIMD kernels use of tfjs-backend-wasm's Emscripten module. */
export interface EmscriptenModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
  asm?: { memory?: WebAssembly.Memory };
  wasmMemory?: WebAssembly.Memory;
}

/** The wasm backend as the SIMD kernels see it: its heap and its Emscripten module. */
export type SimdBackend = WasmHeap & { wasm: EmscriptenModule };

/** A .wat file compiled by scripts/build-wasm-kernels.mjs: base64, memory unshared and shared. */
export interface WasmBinary { readonly single: string; readonly shared: string }

const instances = new WeakMap<object, Map<WasmBinary, unknown>>();

/**
 * The exports of one of our SIMD modules (a *.wasm.ts binary) instantiated on this backend's wasm
 * memory, once per module and memory (shared in the threaded build), so they read and write
 * tensors in place; null where that fails (a browser without wasm SIMD runs tfjs' non-SIMD build)
 * and the caller's JavaScript path runs instead.
 */
export function simdInstance<T>(backend: SimdBackend, binary: WasmBinary): T | null {
  const emscripten = backend.wasm;
  let byBinary = instances.get(emscripten);
  if (!byBinary) instances.set(emscripten, (byBinary = new Map()));
  if (byBinary.has(binary)) return byBinary.get(binary) as T | null;
  let exports: T | null = null;
  try {
    const memory = emscripten.asm?.memory ?? emscripten.wasmMemory;
    if (memory) {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const bytes = base64Bytes(shared ? binary.shared : binary.single);
      // Synchronous: each module is under 4 KB, which browsers allow on any thread.
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      exports = instance.exports as unknown as T;
    }
  } catch {
    exports = null;
  }
  byBinary.set(binary, exports);
  return exports;
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/**
 * `bytes` of scratch memory in wasm's heap for `body`, freed after. Pointers stay valid when the
 * heap grows; typed-array views do not, so views are made inside `body`, after every allocation.
 */
export function withScratch<T>(emscripten: EmscriptenModule, bytes: number, body: (pointer: number) => T): T {
  const pointer = emscripten._malloc(bytes);
  try {
    return body(pointer);
  } finally {
    emscripten._free(pointer);
  }
}
