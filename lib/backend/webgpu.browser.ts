/**
 * tfjs' WebGPU backend, as a candidate of the backend trial where the browser has WebGPU.
 *
 * It is loaded only where `navigator.gpu` exists: elsewhere (headless Chromium, browsers without
 * WebGPU) the module would register a backend that can never start, and its code would be fetched
 * for nothing. The trial then reports WebGPU as unavailable, with why (lib/train/backends.ts).
 */

/** True when this context (page or worker) exposes WebGPU. */
export function hasWebGpu(): boolean {
  return typeof (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu === 'object';
}

/**
 * Registers tfjs' WebGPU backend where `navigator.gpu` exists; resolves to whether it did. It does
 * not start the backend (that asks the GPU for an adapter, which the trial does when it tries it).
 */
export async function registerWebGpuBackend(): Promise<boolean> {
  if (!hasWebGpu()) return false;
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
    return true;
  } catch {
    return false;
  }
}
