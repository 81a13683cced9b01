/**
 * Synchronous data-parallel training steps: the leader (the training worker's own model) and
 * N−1 shards (replica.ts, each in its own worker on single-threaded WASM). Each step:
 *
 * 1. the batch is cut into shards (shards.ts `shardSizes`); every shard worker gets the leader's
 *    weights (all of model.weights, BatchNorm's moving statistics included) and its rows;
 * 2. while they work, the leader takes the gradients of its own rows (the first shard) with the
 *    same forward pass and loss as a one-worker step (step.ts `lossGradients`);
 * 3. the leader averages the gradients weighted by each shard's share of the loss (shards.ts
 *    `weightedAverage`: for a model without BatchNorm or Dropout this is the whole batch's
 *    gradient), applies the optimizer and the weight decay once, and sets the moving statistics
 *    to the shards' average weighted by rows.
 *
 * BatchNorm normalises each shard by its own batch statistics, as multi-GPU training without
 * SyncBN does; its moving statistics move by the average of the shards' means and variances.
 *
 * The optimizer, its state and the model stay the leader's, so checkpoints, resume, evaluation
 * and everything after a run see one model, as with one worker.
 */
import * as tf from '@tensorflow/tfjs';
import type { Graph } from '../../graph/types';
import type { StepRun } from '../backends';
import type { Batch } from '../datasets/types';
import { disposeBatch } from '../datasets/types';
import { TrainError } from '../errors';
import { balancedClassWeights, type OutputKind } from '../losses';
import { applyWeightDecay, decayedVariables, disposeOptimizer, makeOptimizer, setLearningRate } from '../optimizers';
import { lossGradients, makeBatchLoss, minimizeBatch, stepRunOf, type StepOptions, type StepOutput } from '../step';
import type { FromShard, ShardGradients, ShardLink, ShardReady } from './protocol';
import { balancedSizes, layoutDifference, nextExtraRows, shardLossWeight, shardOffsets, weightedAverage, type WeightEntry } from './shards';
import { flatten, layoutOf, namedTensors, readWeights, writeWeights } from './weights';

/** The fewest rows a shard gets: BatchNorm's statistics over fewer are noise. A batch too small for two shards trains on the leader alone. */
export const MIN_SHARD_ROWS = 8;

/** Where a leader's steps spent their time (milliseconds, summed over the data-parallel steps), for the benchmarks. */
export interface ParallelProfile {
  steps: number;
  /** Reading the batch and the weights, cutting and sending the shards' messages. */
  sendMs: number;
  /** The leader's own rows: gradients, read into a flat array. */
  ownMs: number;
  /** Waiting for the shards after the leader's own rows were done. */
  waitMs: number;
  /** The shards' own time on their rows (the slowest shard each step). */
  shardMs: number;
  /** Averaging, the optimizer, weight decay and the moving statistics. */
  updateMs: number;
  /** The leader's rows beyond an even share, summed over the steps (its mean: what balancing settled on). */
  extraRows: number;
}

/** A training step that may wait for other workers (the loop awaits `run`). */
export interface ParallelStep {
  run(xs: tf.Tensor4D, ys: tf.Tensor2D, learningRate?: number): Promise<StepOutput>;
  readonly optimizer: tf.Optimizer;
  readonly variables: readonly tf.Variable[];
  readonly output: OutputKind;
  /** Workers training, the leader included. */
  readonly workers: number;
  readonly profile: ParallelProfile;
  /** Frees the optimizer's state and ends the shards. */
  dispose(): void;
}

export interface ParallelOptions {
  /** The graph the model was compiled from, and its compile seed: the shards build the same model. */
  readonly graph: Graph;
  readonly seed: number;
  readonly minShardRows?: number;
  /**
   * Move rows between the leader and the shards so that they finish together (shards.ts
   * nextExtraRows); default true. Off, every batch is cut evenly (the tests that check the cut).
   */
  readonly balance?: boolean;
}

/** The error of a shard, for people: which worker, what it said, what to do. */
export function shardError(worker: number, workers: number, what: string, kind: TrainError['kind'] = 'backend'): TrainError {
  return new TrainError(kind === 'too-big' ? 'too-big' : 'backend',
    `Training worker ${worker} of ${workers} (data-parallel training) failed: ${what} ` +
    'Start the run again; if it fails again, reload the page, try a smaller batch size, or choose the WebGL or CPU backend, which train in one worker.');
}

/** The answer expected, or the shard's failure as a TrainError. */
function expect<T extends FromShard['type']>(reply: FromShard, type: T, worker: number, workers: number): Extract<FromShard, { type: T }> {
  if (reply.type === 'failed') throw shardError(worker, workers, /[.!?]$/.test(reply.message) ? reply.message : `${reply.message}.`, reply.kind);
  if (reply.type !== type) throw shardError(worker, workers, `it answered "${reply.type}" where "${type}" was expected.`);
  return reply as Extract<FromShard, { type: T }>;
}

/**
 * Data-parallel steps for `model` over `links` (one per shard worker; the leader is worker 1):
 * builds each shard's replica and checks that its weights are the leader's, layout for layout.
 * Throws a TrainError (and closes the links) when a shard cannot. With no links every step is
 * the leader's alone, as makeTrainStep's.
 */
export async function makeParallelStep(model: tf.LayersModel, options: StepOptions, links: readonly ShardLink[], parallel: ParallelOptions): Promise<ParallelStep> {
  const workers = links.length + 1;
  const closeAll = () => links.forEach((l) => l.close());
  let batchLoss;
  try {
    batchLoss = makeBatchLoss(model, options);
    const init = { type: 'init' as const, graph: parallel.graph, seed: parallel.seed, loss: { loss: options.loss, numClasses: options.numClasses, multiLabel: options.multiLabel, classCounts: options.classCounts } };
    const replies = await Promise.all(links.map((l) => l.request(init)));
    const own: Record<'weights' | 'trainable' | 'state', WeightEntry[]> = {
      weights: layoutOf(model.weights), trainable: layoutOf(model.trainableWeights), state: layoutOf(model.nonTrainableWeights),
    };
    replies.forEach((r, i) => {
      const ready: ShardReady = expect(r, 'ready', i + 2, workers);
      for (const part of ['weights', 'trainable', 'state'] as const) {
        const diff = layoutDifference(own[part], ready[part]);
        if (diff) throw shardError(i + 2, workers, `its model is not the leader's (${diff}).`, 'internal');
      }
    });
  } catch (e) {
    closeAll();
    throw e;
  }
  const { variables, output } = batchLoss;
  const decayed = decayedVariables(variables);
  const optimizer = makeOptimizer(options.optimizer, options.learningRate);
  const decay = options.weightDecay ?? 0;
  const classWeights = options.loss?.kind === 'weighted-cross-entropy' ? (options.loss.weights ?? balancedClassWeights(options.classCounts ?? [])) : undefined;
  const minRows = parallel.minShardRows ?? MIN_SHARD_ROWS;
  let stepNumber = 0;
  const profile: ParallelProfile = { steps: 0, sendMs: 0, ownMs: 0, waitMs: 0, shardMs: 0, updateMs: 0, extraRows: 0 };
  const balance = parallel.balance ?? true;
  /** The leader's rows beyond an even share (balancedSizes), moved by each step's timing. */
  let extra = 0;

  /** A step on the leader alone (a batch too small to share): the optimizer and loss of the parallel steps. */
  const alone = (xs: tf.Tensor4D, ys: tf.Tensor2D, lr: number): StepOutput =>
    minimizeBatch(optimizer, batchLoss, xs, ys, () => applyWeightDecay(decayed, lr, decay));

  return {
    optimizer, variables, output, workers, profile,
    async run(xs, ys, learningRate) {
      const lr = learningRate ?? options.learningRate;
      setLearningRate(optimizer, lr);
      const rows = xs.shape[0];
      const sizes = balancedSizes(rows, workers, minRows, balance ? extra : 0);
      if (sizes.length === 1) return alone(xs, ys, lr);
      let shardsDone = 0;
      const t0 = performance.now();
      const offsets = shardOffsets(sizes);
      const step = ++stepNumber;
      const [, h, w, c] = xs.shape;
      const k = ys.shape[1];
      const xsAll = xs.dataSync() as Float32Array;
      const ysAll = ys.dataSync() as Float32Array;
      const weights = readWeights(model.weights);
      const lossWeights = sizes.map((n, s) => shardLossWeight(ysAll.subarray(offsets[s]! * k, (offsets[s]! + n) * k), k, classWeights));
      // The shards first, so that they work while the leader takes its own rows' gradients.
      const pending = sizes.slice(1).map((n, i) => {
        const s = i + 1;
        const message = {
          type: 'step' as const, step, weights: s === sizes.length - 1 ? weights : weights.slice(),
          xs: xsAll.slice(offsets[s]! * h * w * c, (offsets[s]! + n) * h * w * c), xsShape: [n, h, w, c] as const,
          ys: ysAll.slice(offsets[s]! * k, (offsets[s]! + n) * k), ysShape: [n, k] as const,
        };
        return links[i]!.request(message, [message.weights.buffer as ArrayBuffer, message.xs.buffer as ArrayBuffer, message.ys.buffer as ArrayBuffer])
          .then((r) => {
            const answer = expect(r, 'gradients', s + 1, workers);
            // When the shard finished, on this worker's clock (protocol.ts `doneAt`); the arrival when not said.
            shardsDone = Math.max(shardsDone, answer.doneAt !== undefined ? answer.doneAt - performance.timeOrigin : performance.now());
            return answer;
          }, (e: unknown) => {
            throw e instanceof TrainError ? e : shardError(s + 1, workers, `${e instanceof Error ? e.message : String(e)}.`);
          });
      });
      // Settled (not thrown) while the leader works, so that a shard's failure is never an unhandled rejection.
      const settled = Promise.allSettled(pending);
      const t1 = performance.now();
      const own = tf.tidy(() => lossGradients(batchLoss, tf.slice(xs, 0, sizes[0]), tf.slice(ys, 0, sizes[0])));
      let mine: ShardGradients;
      try {
        mine = {
          type: 'gradients', step, loss: own.loss.dataSync()[0]!, right: own.right.dataSync()[0]!,
          gradients: flatten(own.gradients), state: readWeights(model.nonTrainableWeights), ms: 0,
        };
      } finally {
        tf.dispose([own.loss, own.right, ...own.gradients]);
      }
      const t2 = performance.now();
      const results = await settled;
      const t3 = performance.now();
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) throw (failure as PromiseRejectedResult).reason;
      profile.extraRows += sizes[0]! - rows / sizes.length;
      if (balance) extra = nextExtraRows(extra, { leaderDoneMs: t2 - t0, shardsDoneMs: shardsDone - t0, leaderRows: sizes[0]!, leaderOwnMs: t2 - t1, workers: sizes.length }, rows);
      const all = [mine, ...results.map((r) => (r as PromiseFulfilledResult<ShardGradients>).value)];
      const gradients = weightedAverage(all.map((g, s) => ({ values: g.gradients, weight: lossWeights[s]! })));
      const grads = namedTensors(variables, gradients);
      try {
        optimizer.applyGradients(grads);
      } finally {
        tf.dispose(Object.values(grads));
      }
      applyWeightDecay(decayed, lr, decay);
      if (model.nonTrainableWeights.length > 0) {
        writeWeights(model.nonTrainableWeights, weightedAverage(all.map((g, s) => ({ values: g.state, weight: sizes[s]! }))));
      }
      const t4 = performance.now();
      profile.steps++;
      profile.sendMs += t1 - t0;
      profile.ownMs += t2 - t1;
      profile.waitMs += t3 - t2;
      profile.shardMs += Math.max(...all.slice(1).map((g) => g.ms));
      profile.updateMs += t4 - t3;
      const totalWeight = lossWeights.reduce((a, b) => a + b, 0);
      const loss = all.reduce((sum, g, s) => sum + (totalWeight > 0 ? lossWeights[s]! / totalWeight : 0) * g.loss, 0);
      return { loss: tf.scalar(loss), right: tf.scalar(all.reduce((sum, g) => sum + g.right, 0)) };
    },
    dispose() {
      closeAll();
      disposeOptimizer(optimizer);
    },
  };
}

/**
 * A StepRun (lib/train/backends.ts) for timing data-parallel steps of `model` on one fixed batch
 * (the benchmarks set it beside `timedStepRun`'s one-worker steps). Dispose frees the batch, the
 * optimizer, the shards and, when `ownsModel`, the model.
 */
export async function timedParallelRun(model: tf.LayersModel, batch: Batch, options: StepOptions, links: readonly ShardLink[], parallel: ParallelOptions, ownsModel = true): Promise<StepRun & { readonly profile: ParallelProfile }> {
  let step: ParallelStep;
  try {
    step = await makeParallelStep(model, options, links, parallel);
  } catch (e) {
    disposeBatch(batch);
    if (ownsModel) model.dispose();
    throw e;
  }
  return { ...stepRunOf(step, model, batch, ownsModel), profile: step.profile };
}
