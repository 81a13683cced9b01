/**
 * What the SIMD training kernels of lib/backend/wasm (kernels.wat, conv-input-grad.wat) buy, side by side in one run
 * (npm run bench:kernels [-- presetId ...]; default mini_mobilenet mini_resnet mini_densenet
 * mini_se_resnet).
 *
 * "with": patchWasmBackend() as shipped. "without": the same, but the gradients of conv2d (filter,
 * input) and depthwise conv (filter, input) run their non-SIMD paths (forward convs or a matmul
 * through XNNPACK with transposes, a JavaScript loop: what ran before kernels.wat and
 * conv-input-grad.wat, and still runs where wasm has no SIMD) and the fused ReLU6 kernel is
 * unregistered (tfjs-layers' minimum(6, relu(x)) runs).
 * Alternating rounds on the same fixed batches → samples/s and their ratio; then the same seed's
 * 40 Adam steps each way → loss and accuracy of the last 10 (they should agree closely).
 *
 * KERNELS_BEFORE=<git revision> compares with that commit's SIMD gradient kernels instead
 * ("without": the gradients of conv2d and depthwise conv run the binaries built at that revision,
 * through today's wrappers; ReLU6 stays fused), e.g. to measure a change to a .wat file.
 *
 * KERNELS_ROUNDS, KERNELS_STEPS, KERNELS_ACCURACY_STEPS shorten the run on a busy machine.
 * Not a test: it prints figures and never fails on them.
 */
import * as tf from '@tensorflow/tfjs';
import { CONV2D_INPUT_GRAD_WITHOUT_SIMD } from '../lib/backend/wasm/fast-paths';
import { GRAD_KERNELS_WITHOUT_SIMD } from '../lib/backend/wasm/gradients';
import { RELU6 } from '../lib/backend/wasm/relu6';
import { gradKernelsAt } from './kernels-at';
import { sideBySide, type Without } from './side-by-side';

/** Swaps the SIMD gradients for their previous paths and unregisters the fused ReLU6; with `rev`, swaps them for that commit's build only. */
const withoutSimdKernels = (rev: string | undefined): Without => async (fn) => {
  const before = rev ? gradKernelsAt(rev) : [...GRAD_KERNELS_WITHOUT_SIMD, CONV2D_INPUT_GRAD_WITHOUT_SIMD];
  const saved = [...before.map((k) => k.kernelName), ...(rev ? [] : [RELU6])].map((name) => {
    const config = tf.getKernel(name, 'wasm');
    if (!config) throw new Error(`${name} is not registered for wasm: patchWasmBackend() first.`);
    tf.unregisterKernel(name, 'wasm');
    return config;
  });
  for (const config of before) tf.registerKernel(config);
  try {
    return await fn();
  } finally {
    for (const config of before) tf.unregisterKernel(config.kernelName, 'wasm');
    for (const config of saved) tf.registerKernel(config);
  }
};

const ids = process.argv.slice(2);
const rev = process.env.KERNELS_BEFORE;
sideBySide(ids.length ? ids : ['mini_mobilenet', 'mini_resnet', 'mini_densenet', 'mini_se_resnet'],
  rev ? { with: 'now', without: rev } : { with: 'simd', without: 'before' }, withoutSimdKernels(rev), {
  rounds: Number(process.env.KERNELS_ROUNDS ?? 3),
  steps: Number(process.env.KERNELS_STEPS ?? 4),
  accuracySteps: Number(process.env.KERNELS_ACCURACY_STEPS ?? 40),
}).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
