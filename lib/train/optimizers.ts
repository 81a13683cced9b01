/**
 * Optimizers (SGD with momentum, Adam) and decoupled weight decay.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer, FusedMomentumOptimizer, FusedSGDOptimizer } from '../backend/wasm/optimizer';

export type OptimizerSpec =
  | { readonly kind: 'sgd'; readonly momentum?: number; readonly nesterov?: boolean }
  | { readonly kind: 'adam'; readonly beta1?: number; readonly beta2?: number; readonly epsilon?: number };

/**
 * Creates a tfjs optimizer. SGD's momentum is 0.9 by default (AlexNet, VGG, ResNet all used it).
 * They are tfjs' own classes whose step runs as one fused kernel per variable on wasm (once
 * patchWasmBackend has registered the kernels; lib/backend/wasm/optimizer.ts) and as tfjs' own
 * code elsewhere, with the same numbers, state and checkpoints either way.
 */
export function makeOptimizer(spec: OptimizerSpec, learningRate: number): tf.Optimizer {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new Error(`The learning rate must be a positive number (got ${learningRate}); try 0.01 for SGD or 0.001 for Adam.`);
  }
  switch (spec.kind) {
    case 'sgd': {
      const momentum = spec.momentum ?? 0.9;
      return momentum > 0 ? new FusedMomentumOptimizer(learningRate, momentum, spec.nesterov ?? false) : new FusedSGDOptimizer(learningRate);
    }
    case 'adam':
      return new FusedAdamOptimizer(learningRate, spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-7);
  }
}

/**
 * Changes an optimizer's learning rate between steps. SGD and momentum keep it in a scalar
 * tensor (`setLearningRate` replaces it); Adam reads its `learningRate` field on every step.
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (o.learningRate === lr) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/**
 * Frees an optimizer's state. tfjs 4.22's MomentumOptimizer.dispose() forgets the learning-rate
 * scalar it inherits from SGD (one tensor leaked per run); this frees it too.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  const c = (optimizer as unknown as { c?: tf.Tensor }).c;
  if (c && !c.isDisposed) c.dispose();
}

/** The default learning rate of each optimizer, as the papers and Keras use them. */
export function defaultLearningRate(kind: OptimizerSpec['kind']): number {
  return kind === 'adam' ? 0.001 : 0.01;
}

/**
 * Decoupled weight decay (Loshchilov & Hutter 2019): after each step, w ← w·(1 − lr·λ), for
 * kernels only (biases and BatchNorm's γ, β are not decayed, as is usual). For plain SGD this is
 * L2 regularisation with coefficient λ/2; for Adam it is AdamW.
 */
export function applyWeightDecay(variables: readonly tf.Variable[], lr: number, decay: number): void {
  if (decay <= 0) return;
  const factor = 1 - lr * decay;
  tf.tidy(() => {
    for (const v of variables) v.assign(tf.mul(v, factor));
  });
}

/** The variables weight decay applies to: kernels (rank ≥ 2), not biases or BatchNorm scales. */
export function decayedVariables(variables: readonly tf.Variable[]): tf.Variable[] {
  return variables.filter((v) => v.rank >= 2);
}
