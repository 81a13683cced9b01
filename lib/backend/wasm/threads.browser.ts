/**
 * tfjs-backend-wasm in a browser (page or worker): its binaries served from our own origin, and
 * its threaded SIMD build with one thread per core where the page is cross-origin isolated.
 *
 * Why the threaded build crashed in Next's production build: tfjs starts each pthread worker with
 * the Emscripten factory's *source text*, `wasmFactoryThreadedSimd.toString()` wrapped in a Blob.
 * Bundled and minified, that function refers to names the minifier moved outside it, so every
 * pthread worker died at once with "ReferenceError: r is not defined" (seen in Chromium, 2 cores).
 * The fix: give the factory a `toString` that returns the original, unminified script
 * (tfjs-backend-wasm-threaded-simd.js, copied to public/wasm/ by scripts/copy-wasm.mjs), wrapped so
 * that it evaluates to the factory. The threaded binary and the worker code are tfjs' own.
 *
 * Where the page is not isolated (no SharedArrayBuffer: another host's headers, an old browser),
 * or the script cannot be fetched, wasm runs its one-thread SIMD build as before.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as threadedFactoryModule from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';

/** How the wasm backend will run, for people: how many threads, and why not more. */
export interface WasmThreading {
  /** Threads XNNPACK may use (1: the one-thread build). */
  readonly threads: number;
  /** "2 threads" or "1 thread: …why…". */
  readonly label: string;
}

/** The script that defines `WasmBackendModuleThreadedSimd`, as the file tfjs ships it. */
const THREADED_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';

/**
 * Points tfjs-backend-wasm at `base` (a URL ending in '/', serving the files of public/wasm/), and
 * chooses the threaded build with `threads` threads (default: one per core) when this context is
 * cross-origin isolated; otherwise the one-thread build. Call once, before the wasm backend starts.
 */
export async function setUpWasm(base: string, threads = defaultThreads()): Promise<WasmThreading> {
  setWasmPaths(base);
  const single = (why: string): WasmThreading => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return { threads: 1, label: `1 thread: ${why}` };
  };
  if (threads <= 1) return single('this machine reports one core');
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) {
    return single('the page is not cross-origin isolated, so the browser gives it no shared memory for threads');
  }
  let source: string;
  try {
    const response = await fetch(base + THREADED_SCRIPT);
    if (!response.ok) return single(`${THREADED_SCRIPT} could not be loaded (HTTP ${response.status})`);
    source = await response.text();
  } catch {
    return single(`${THREADED_SCRIPT} could not be loaded`);
  }
  const factory = ((threadedFactoryModule as unknown as { default?: unknown }).default ?? threadedFactoryModule) as { toString(): string };
  // What tfjs puts after `var WasmBackendModuleThreadedSimd = ` in each pthread worker's script.
  factory.toString = () => `(function () {\n${source}\nreturn WasmBackendModuleThreadedSimd;\n})()`;
  setThreadsCount(threads);
  return { threads, label: `${threads} threads` };
}

/**
 * The threading as the started wasm backend reports it (XNNPACK's pool may differ from what was
 * asked); `planned` when the backend has not started.
 */
export function threadingInUse(planned: WasmThreading): WasmThreading {
  let actual: number;
  try {
    actual = getThreadsCount();
  } catch {
    return planned; // not started yet
  }
  if (actual === planned.threads) return planned;
  return { threads: actual, label: actual === 1 ? '1 thread' : `${actual} threads` };
}

/** One thread per logical core, as the browser reports them (at least 1). */
function defaultThreads(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, Math.floor(cores ?? 1));
}
