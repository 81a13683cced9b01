/**
 * simdInstance (lib/backend/wasm/heap.ts) instantiates each compiled SIMD module on the memory it is
 * given, unshared (tfjs' one-thread build) or shared (its threaded build, which no unit test
 * otherwise reaches), once per memory; the kernels then work in that memory in place.
 */
import { describe, expect, it } from 'vitest';
import { WASM_BINARY as BATCH_NORM } from '@/lib/backend/wasm/batch-norm.wasm';
import { WASM_BINARY as CONV_FILTER_GRAD } from '@/lib/backend/wasm/conv-filter-grad.wasm';
import { WASM_BINARY as CONV_INPUT_GRAD } from '@/lib/backend/wasm/conv-input-grad.wasm';
import { simdInstance, type SimdBackend } from '@/lib/backend/wasm/heap';
import { WASM_BINARY as KERNELS } from '@/lib/backend/wasm/kernels.wasm';

/** A stand-in for the wasm backend: only its Emscripten module's memory is read. */
function backendOn(memory: WebAssembly.Memory): SimdBackend {
  return { wasm: { wasmMemory: memory } } as unknown as SimdBackend;
}

describe('simdInstance', () => {
  for (const shared of [false, true]) {
    it(`instantiates every module on ${shared ? 'a shared' : 'an unshared'} memory, once, and its kernels work there`, () => {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared });
      expect(memory.buffer instanceof SharedArrayBuffer).toBe(shared);
      const backend = backendOn(memory);
      for (const binary of [BATCH_NORM, KERNELS, CONV_FILTER_GRAD, CONV_INPUT_GRAD]) expect(simdInstance(backend, binary)).not.toBeNull();
      const kernels = simdInstance<{ relu6(x: number, y: number, n: number): void }>(backend, KERNELS)!;
      expect(simdInstance(backend, KERNELS)).toBe(kernels);
      // ReLU6 of 6 values at byte 64 into byte 128 (a group of four, then two one by one).
      const heap = new Float32Array(memory.buffer);
      heap.set([-1, 0.5, 7, Number.NaN, 6, 2], 16);
      kernels.relu6(64, 128, 6);
      expect(Array.from(heap.subarray(32, 38))).toEqual([0, 0.5, 6, Number.NaN, 6, 2]);
    });
  }

  it('gives null where the module cannot be instantiated (then the JavaScript paths run)', () => {
    expect(simdInstance(backendOn(undefined as unknown as WebAssembly.Memory), KERNELS)).toBeNull();
  });
});
