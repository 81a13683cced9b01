/**
 * What the fused BatchNorm kernels (lib/backend/wasm/batch-norm.ts) buy, side by side in one run
 * (npm run bench:batchnorm [-- presetId ...]; default mini_mobilenet mini_resnet mini_densenet).
 *
 * For each preset on wasm under Node: the same compiled model trained with the fused kernels and
 * with tfjs-layers' own BatchNormalization (the fused kernel unregistered for the turn, which is
 * what makes the layer fall back), in alternating rounds on the same fixed batches → samples/s and
 * their ratio. Then accuracy: the same seed, the same 40 Adam steps on 8 batches of the synthetic
 * shapes (batch 64), once each way: the loss and accuracy of the last 10 steps (batch statistics,
 * as in training: after 40 steps the moving averages that inference uses have not settled, with
 * momentum 0.99).
 *
 * BN_ROUNDS, BN_STEPS, BN_ACCURACY_STEPS shorten the run on a busy machine.
 * Not a test: it prints figures and never fails on them.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_TRAINING } from '../lib/backend/wasm/batch-norm';
import { sideBySide, type Without } from './side-by-side';

/** Runs `fn` with the fused kernel unregistered (tfjs-layers' own BatchNormalization), then puts it back. */
const unfused: Without = async (fn) => {
  const config = tf.getKernel(BATCH_NORM_TRAINING, 'wasm');
  if (!config) throw new Error('The fused BatchNorm kernel is not registered: patchWasmBackend() first.');
  tf.unregisterKernel(BATCH_NORM_TRAINING, 'wasm');
  try {
    return await fn();
  } finally {
    tf.registerKernel(config);
  }
};

const ids = process.argv.slice(2);
sideBySide(ids.length ? ids : ['mini_mobilenet', 'mini_resnet', 'mini_densenet'], { with: 'fused', without: 'tfjs-layers' }, unfused, {
  rounds: Number(process.env.BN_ROUNDS ?? 3),
  steps: Number(process.env.BN_STEPS ?? 4),
  accuracySteps: Number(process.env.BN_ACCURACY_STEPS ?? 40),
}).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
