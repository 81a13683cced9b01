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
  /** Why one thread, as a code for the interface to word (absent with several threads). */
  readonly oneThreadBecause?: OneThreadReason;
}

/** Why wasm runs one thread: one core, no cross-origin isolation, or the threaded script missing. */
export type OneThreadReason = 'one-core' | 'not-isolated' | 'script-missing';

/** The script that defines `WasmBackendModuleThreadedSimd`, as the file tfjs ships it. */
const THREADED_SCRIPT = 'tfjs-backend-wasm-threaded-simd.js';

/**
 * Points tfjs-backend-wasm at `base` (a URL ending in '/', serving the files of public/wasm/), and
 * chooses the threaded build with `threads` threads (default: one per core) when this context is
 * cross-origin isolated; otherwise the one-thread build. Call once, before the wasm backend starts.
 */
export async function setUpWasm(base: string, threads = defaultThreads()): Promise<WasmThreading> {
  setWasmPaths(base);
  const single = (because: OneThreadReason, why: string): WasmThreading => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    return { threads: 1, label: `1 thread: ${why}`, oneThreadBecause: because };
  };
  if (threads <= 1) return single('one-core', 'this machine reports one core');
  if (!(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) {
    return single('not-isolated', 'the page is not cross-origin isolated, so the browser gives it no shared memory for threads');
  }
  let source: string;
  try {
    const response = await fetch(base + THREADED_SCRIPT);
    if (!response.ok) return single('script-missing', `${THREADED_SCRIPT} could not be loaded (HTTP ${response.status})`);
    source = await response.text();
  } catch {
    return single('script-missing', `${THREADED_SCRIPT} could not be loaded`);
  }
  const factory = ((threadedFactoryModule as unknown as { default?: unknown }).default ?? threadedFactoryModule) as { toString(): string };
  // What tfjs puts after `var WasmBackendModuleThreadedSimd = ` in each pthread worker's script.
  factory.toString = () => `(function () {\n${source}\nreturn WasmBackendModuleThreadedSimd;\n})()`;
  setThreadsCount(threads);
  reportCoresForThreads(threads);
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

/**
 * tfjs-backend-wasm caps XNNPACK's pool at half the logical cores (backend.cc's
 * `init_with_threads_count`: it assumes two hyper-threads per core), so on a 2-core machine asking
 * for 2 threads gave 1: the threaded build ran, and trained on one thread. The cap is read from
 * `navigator.hardwareConcurrency` when the module starts; this context (the worker that trains)
 * reports twice the threads asked for, so the pool gets them all. Nothing else here reads it later.
 */
function reportCoresForThreads(threads: number): void {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (!nav) return;
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  } catch {
    // A browser that refuses: the pool gets half the threads, as tfjs intends.
  }
}

/** One thread per logical core, as the browser reports them (at least 1). */
function defaultThreads(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Math.max(1, Math.floor(cores ?? 1));
}
