/**
 * Completing tfjs-backend-wasm 4.22 for training: `patchWasmBackend()` registers the gradient
 * kernels it lacks (gradients.ts), replaces the kernels that give wrong numbers (fixes.ts), wraps
 * slow ones with fast paths (fast-paths.ts), runs training-mode BatchNorm as fused SIMD kernels
 * (batch-norm.ts) and the optimizer step as one SIMD kernel per variable (optimizer.ts); heap.ts
 * holds what they share (wasm's memory, kernel inputs as tensors, the marks that make patching
 * idempotent).
 *
 * Together, with the depthwise filter-gradient loop, they took training at batch 64 under Node
 * (SGD, medians of 5 interleaved rounds, 2 shared cores) from 23 to 47 samples/s on Mini
 * MobileNet, 136 to 276 on Mini ResNet and 1,968 to 2,970 on LeNet-5.
 * The SIMD kernels of kernels.wat and conv-input-grad.wat (the convolution gradients, ReLU6) then
 * took Mini MobileNet 2.9–6.8× and Mini ResNet ~1.7× faster again, side by side on a loaded
 * machine (npm run bench:kernels; docs/speed.md).
 *
 * Nothing is registered on import: the command line, the training worker, the tests and the
 * benchmarks call `patchWasmBackend()` once at start-up. Importing this module does load
 * '@tensorflow/tfjs-backend-wasm' (which registers the 'wasm' backend and its own kernels), so
 * that the wrappers always wrap wasm's kernels and are never overwritten by them.
 *
 * Node: `patchWasmBackend()` then `await tf.setBackend('wasm')`: its Node build loads
 * `tfjs-backend-wasm-simd.wasm` from next to its own script, so no `setWasmPaths` is needed. The
 * browser needs the `.wasm` files served and `setWasmPaths(url)` before `setBackend`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { BATCH_NORM_GRADIENT, BATCH_NORM_KERNELS, BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, fuseBatchNormLayers } from './batch-norm';
import { FAST_PATH_WRAPPERS } from './fast-paths';
import { CORRECTING_WRAPPERS, REPLACED_KERNELS } from './fixes';
import { ADDED_KERNELS } from './gradients';
import { isPatched, replaceKernel } from './heap';
import { ADAM_UPDATE, MOMENTUM_UPDATE, OPTIMIZER_KERNELS, SGD_UPDATE } from './optimizer';
import { fuseRelu6Activation, RELU6, RELU6_GRAD, RELU6_GRADIENT, RELU6_KERNELS } from './relu6';

/** Kernel names patchWasmBackend registers for the 'wasm' backend (added, replaced or wrapped). */
export const WASM_PATCHED_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'MaxPoolGrad',
  'MaxPoolWithArgmax',
  'Conv2D',
  'DepthwiseConv2dNative',
  'FusedConv2D',
  'FusedDepthwiseConv2D',
  'Tile',
  'Conv2DBackpropInput',
  'Sum',
  'Mean',
  'Identity',
  'Cast',
  'Minimum',
  'Maximum',
  'Greater',
  'Less',
  'BatchMatMul',
  '_FusedMatMul',
  BATCH_NORM_TRAINING,
  BATCH_NORM_TRAINING_GRAD,
  RELU6,
  RELU6_GRAD,
  ADAM_UPDATE,
  MOMENTUM_UPDATE,
  SGD_UPDATE,
] as const;

/**
 * Makes the 'wasm' backend train conv nets correctly and fast: registers the missing gradient
 * kernels (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter/-Input), replaces MaxPoolGrad
 * and MaxPoolWithArgmax, wraps the 'same'-padded forward convolutions, and wraps the slow kernels
 * with fast paths (see the module header).
 *
 * Registers the fused BatchNorm kernels and their gradient, and hooks tfjs-layers'
 * BatchNormalization so that it trains through them on wasm (batch-norm.ts); likewise the fused
 * ReLU6 kernels and tfjs-layers' 'relu6' activation (relu6.ts). Registers the fused optimizer
 * updates that lib/train/optimizers.ts's optimizers run on wasm (optimizer.ts).
 *
 * Idempotent and cheap: call it once at start-up, before or after `tf.setBackend('wasm')`.
 * Kernels already present and patched are left alone, so a future tfjs-backend-wasm that ships
 * the gradient kernels keeps its own. Returns the kernel names it registered or replaced now
 * (and 'BatchNormalization (layer)', 'ReLU6 (activation)' when it installed those hooks).
 */
export function patchWasmBackend(): string[] {
  const changed: string[] = [];
  for (const config of ADDED_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')) continue;
    tf.registerKernel(config);
    changed.push(config.kernelName);
  }
  for (const config of REPLACED_KERNELS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current && current.kernelFunc === config.kernelFunc) continue;
    replaceKernel(config);
    changed.push(config.kernelName);
  }
  for (const [name, wrap] of [...CORRECTING_WRAPPERS, ...FAST_PATH_WRAPPERS]) {
    const original = tf.getKernel(name, 'wasm');
    if (!original || isPatched(original)) continue;
    replaceKernel(wrap(original));
    changed.push(name);
  }
  for (const config of BATCH_NORM_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')) continue;
    tf.registerKernel(config);
    changed.push(config.kernelName);
  }
  if (!tf.getGradient(BATCH_NORM_TRAINING)) tf.registerGradient(BATCH_NORM_GRADIENT);
  if (fuseBatchNormLayers()) changed.push('BatchNormalization (layer)');
  for (const config of RELU6_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')) continue;
    tf.registerKernel(config);
    changed.push(config.kernelName);
  }
  if (!tf.getGradient(RELU6)) tf.registerGradient(RELU6_GRADIENT);
  if (fuseRelu6Activation()) changed.push('ReLU6 (activation)');
  for (const config of OPTIMIZER_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm')) continue;
    tf.registerKernel(config);
    changed.push(config.kernelName);
  }
  return changed;
}
