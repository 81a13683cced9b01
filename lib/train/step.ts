/**
 * One training step, the same everywhere: the training loop, the backend trial (which times a
 * few steps of the user's model on each backend) and the benchmarks all call `makeTrainStep`.
 *
 * A step is `optimizer.minimize` over the model's forward pass in training mode (BatchNorm and
 * Dropout behave as in model.fit), the loss of lib/train/losses.ts, then decoupled weight decay.
 * It returns the loss and the count of right answers as scalars for the caller to read; every
 * other tensor it makes is freed before it returns.
 */
import * as tf from '@tensorflow/tfjs';
import type { StepRun } from './backends';
import type { Batch } from './datasets/types';
import { disposeBatch } from './datasets/types';
import { TrainError } from './errors';
import { defaultLoss, makeLoss, outputKind, type LossSpec, type OutputKind } from './losses';
import { applyWeightDecay, decayedVariables, disposeOptimizer, makeOptimizer, setLearningRate, type OptimizerSpec } from './optimizers';

export interface StepOptions {
  readonly optimizer: OptimizerSpec;
  readonly learningRate: number;
  /** Default: cross-entropy (binary cross-entropy for multi-label data). */
  readonly loss?: LossSpec;
  readonly numClasses: number;
  readonly multiLabel: boolean;
  /** Train split's samples per class (class-weighted losses). */
  readonly classCounts?: readonly number[];
  /** Decoupled weight decay λ on kernels (default 0). */
  readonly weightDecay?: number;
}

/** What one step gives back: scalars the caller reads (`data()`) and disposes. */
export interface StepOutput {
  readonly loss: tf.Scalar;
  /** Samples of the batch answered right (multi-label: every label right). */
  readonly right: tf.Scalar;
}

export interface TrainStep {
  /** One step on a batch, at `learningRate` when given (the schedule's rate for this batch). */
  run(xs: tf.Tensor4D, ys: tf.Tensor2D, learningRate?: number): StepOutput;
  readonly optimizer: tf.Optimizer;
  /** The variables the optimizer updates, in the model's order (the optimizer state follows it). */
  readonly variables: readonly tf.Variable[];
  readonly output: OutputKind;
  /** Frees the optimizer's state (not the model's weights). */
  dispose(): void;
}

/** What the loss of a batch needs besides the model: StepOptions without the optimizer's part. */
export type LossOptions = Pick<StepOptions, 'loss' | 'numClasses' | 'multiLabel' | 'classCounts'>;

/**
 * The loss of one batch as every step computes it: the model's forward pass in training mode
 * (BatchNorm and Dropout behave as in model.fit, and BatchNorm's moving statistics move), the loss
 * of lib/train/losses.ts, and the count of right answers. The data-parallel shards
 * (lib/train/parallel) take their gradients of the same function.
 */
export interface BatchLoss {
  readonly output: OutputKind;
  /** The variables a step updates: the trainable weights, in the model's order. */
  readonly variables: readonly tf.Variable[];
  /**
   * Call inside a gradient function: returns the loss, and `right` kept out of the enclosing
   * tidy (the caller disposes it).
   */
  lossOf(xs: tf.Tensor4D, ys: tf.Tensor2D): { loss: tf.Scalar; right: tf.Scalar };
}

/**
 * The loss of `model`'s batches (checked against the model's output: a TrainError
 * 'loss-does-not-fit' when it cannot work).
 */
export function makeBatchLoss(model: tf.LayersModel, options: LossOptions): BatchLoss {
  const output = outputKind(model);
  let lossFn;
  try {
    lossFn = makeLoss(options.loss ?? defaultLoss(options.multiLabel), {
      output, numClasses: options.numClasses, multiLabel: options.multiLabel, classCounts: options.classCounts ?? [],
    });
  } catch (e) {
    throw new TrainError('loss-does-not-fit', (e as Error).message);
  }
  const { multiLabel, numClasses: k } = options;
  return {
    output,
    variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
    lossOf(xs, ys) {
      const out = model.apply(xs, { training: true }) as tf.Tensor2D;
      const right = tf.keep(countRight(ys, out, output, multiLabel, k));
      return { loss: lossFn(ys, out), right };
    },
  };
}

/**
 * The loss of a batch and its gradients with respect to `batchLoss.variables` (in their order),
 * without updating anything but BatchNorm's moving statistics. The caller disposes all of it.
 */
export function lossGradients(batchLoss: BatchLoss, xs: tf.Tensor4D, ys: tf.Tensor2D): { loss: tf.Scalar; right: tf.Scalar; gradients: tf.Tensor[] } {
  let right: tf.Scalar | undefined;
  try {
    const { value, grads } = tf.variableGrads(() => {
      const r = batchLoss.lossOf(xs, ys);
      right = r.right;
      return r.loss;
    }, batchLoss.variables as tf.Variable[]);
    return { loss: value, right: right!, gradients: batchLoss.variables.map((v) => grads[v.name]!) };
  } catch (e) {
    right?.dispose();
    throw e;
  }
}

/**
 * One optimizer step on a batch: the loss minimised over `batchLoss.variables`, then `after` (the
 * decoupled weight decay). Returns the loss and the right answers for the caller to read and free.
 */
export function minimizeBatch(optimizer: tf.Optimizer, batchLoss: BatchLoss, xs: tf.Tensor4D, ys: tf.Tensor2D, after: () => void): StepOutput {
  let right: tf.Scalar | undefined;
  try {
    const loss = optimizer.minimize(() => {
      const r = batchLoss.lossOf(xs, ys);
      right = r.right;
      return r.loss;
    }, true, batchLoss.variables as tf.Variable[])!;
    after();
    return { loss, right: right! };
  } catch (e) {
    right?.dispose();
    throw e;
  }
}

/**
 * Prepares steps for `model`: the optimizer, the loss (makeBatchLoss) and the variables to update
 * (the trainable weights; BatchNorm's moving statistics are updated by the forward pass in
 * training mode).
 */
export function makeTrainStep(model: tf.LayersModel, options: StepOptions): TrainStep {
  const batchLoss = makeBatchLoss(model, options);
  const { variables, output } = batchLoss;
  const decayed = decayedVariables(variables);
  const optimizer = makeOptimizer(options.optimizer, options.learningRate);
  const decay = options.weightDecay ?? 0;
  return {
    optimizer,
    variables,
    output,
    run(xs, ys, learningRate) {
      const lr = learningRate ?? options.learningRate;
      setLearningRate(optimizer, lr);
      return minimizeBatch(optimizer, batchLoss, xs, ys, () => applyWeightDecay(decayed, lr, decay));
    },
    dispose: () => disposeOptimizer(optimizer),
  };
}

/** How many samples of a batch the outputs get right (multi-label: all labels right). */
export function countRight(ys: tf.Tensor2D, out: tf.Tensor2D, output: OutputKind, multiLabel: boolean, k: number): tf.Scalar {
  return tf.tidy(() => {
    if (multiLabel) {
      // A label is predicted present at probability ≥ 0.5, i.e. logit ≥ 0.
      const predicted = output === 'logits' ? tf.greaterEqual(out, 0) : tf.greaterEqual(out, 0.5);
      const agree = tf.equal(predicted, tf.cast(ys, 'bool'));
      return tf.sum(tf.cast(tf.equal(tf.sum(tf.cast(agree, 'int32'), 1), k), 'float32'));
    }
    return tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(ys, 1)), 'float32'));
  });
}

/**
 * A StepRun (lib/train/backends.ts) for timing: steps of `model` on one fixed batch, each waiting
 * for its loss (WebGL queues work; a step not waited for measures nothing). Dispose frees the
 * batch, the optimizer and, when `ownsModel`, the model.
 */
export function timedStepRun(model: tf.LayersModel, batch: Batch, options: StepOptions, ownsModel = true): StepRun {
  return stepRunOf(makeTrainStep(model, options), model, batch, ownsModel);
}

/**
 * The StepRun of any step (one worker's or data-parallel): each timed step waits for its loss;
 * dispose frees the batch, the step and, when `ownsModel`, the model.
 */
export function stepRunOf(
  step: { run(xs: tf.Tensor4D, ys: tf.Tensor2D): StepOutput | Promise<StepOutput>; dispose(): void },
  model: tf.LayersModel, batch: Batch, ownsModel: boolean,
): StepRun {
  return {
    batchSize: batch.size,
    async step() {
      const { loss, right } = await step.run(batch.xs, batch.ys);
      await loss.data();
      loss.dispose();
      right.dispose();
    },
    dispose() {
      disposeBatch(batch);
      step.dispose();
      if (ownsModel) model.dispose();
    },
  };
}
