/**
 * tfjs set-up shared by the compile, graph and wasm backend tests: the CPU and wasm backends in one
 * process, wasm patched by lib/backend/wasm (`patchWasmBackend()`, called here on import).
 *
 * Under Node, importing '@tensorflow/tfjs-backend-wasm' registers the backend and its loader finds
 * `tfjs-backend-wasm-simd.wasm` next to its own script: no `setWasmPaths` needed.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '@/lib/backend/wasm';

patchWasmBackend();

/** Initialises both backends (once) and leaves `backend` active. */
export async function switchBackend(backend: 'cpu' | 'wasm'): Promise<void> {
  const ok = await tf.setBackend(backend);
  if (!ok) throw new Error(`tfjs backend ${backend} did not start`);
}

/** Runs `fn` on `backend` and returns plain arrays (so nothing stays on that backend). */
export async function onBackend<T>(backend: 'cpu' | 'wasm', fn: () => T): Promise<T> {
  await switchBackend(backend);
  return fn();
}

/** Largest absolute difference between two nested number arrays of the same shape. */
export function maxAbsDiff(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return Infinity;
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, maxAbsDiff(a[i], b[i]));
    return m;
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  return Infinity;
}

export { tf };
