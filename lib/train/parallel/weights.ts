/**
 * Moving a model's weights (and gradients) in and out of flat Float32Arrays, in the model's
 * order, for the messages of data-parallel training (protocol.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { WeightEntry } from './shards';

/** The weights' names in the graph (stable across compiles, unlike tfjs' unique names) and shapes. */
export function layoutOf(weights: readonly tf.LayerVariable[]): WeightEntry[] {
  return weights.map((w) => ({ name: w.originalName, shape: [...w.read().shape] }));
}

/** The values of `tensors`, one after another (reads them synchronously: WASM and CPU answer at once). */
export function flatten(tensors: readonly tf.Tensor[]): Float32Array {
  const out = new Float32Array(tensors.reduce((n, t) => n + t.size, 0));
  let at = 0;
  for (const t of tensors) {
    out.set(t.dataSync() as Float32Array, at);
    at += t.size;
  }
  return out;
}

/** The current values of `weights`, flat. */
export function readWeights(weights: readonly tf.LayerVariable[]): Float32Array {
  return flatten(weights.map((w) => w.read()));
}

/** Sets `weights` from `flat` (their values one after another, as readWeights gives them); copies, so `flat` may change after. */
export function writeWeights(weights: readonly tf.LayerVariable[], flat: Float32Array): void {
  const total = weights.reduce((n, w) => n + w.read().size, 0);
  if (flat.length !== total) throw new Error(`Expected ${total} weight values, got ${flat.length}.`);
  tf.tidy(() => {
    let at = 0;
    for (const w of weights) {
      const { size, shape } = w.read();
      w.write(tf.tensor(flat.slice(at, at + size), shape, 'float32'));
      at += size;
    }
  });
}

/** `flat` cut into tensors of the variables' shapes, named by the variables (for optimizer.applyGradients). The caller disposes them. */
export function namedTensors(variables: readonly tf.Variable[], flat: Float32Array): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  let at = 0;
  for (const v of variables) {
    out[v.name] = tf.tensor(flat.slice(at, at + v.size), v.shape, 'float32');
    at += v.size;
  }
  return out;
}
