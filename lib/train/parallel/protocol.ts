/**
 * The messages between the training loop's leader (leader.ts) and its shard workers (replica.ts,
 * run in components/train/shard.worker.ts in the browser). Structured-clone data only; the
 * Float32Arrays are transferred, not copied.
 *
 * 1. `init` carries the graph, the seed and the loss: the shard compiles its replica and answers
 *    `ready` with the layout of its weights, which the leader checks against its own model.
 * 2. Each step, `step` carries every weight of the leader's model (model.weights, BatchNorm's
 *    moving statistics included) and the shard's rows of the batch. The shard sets the weights,
 *    takes the gradients of its rows' loss (lib/train/step.ts lossGradients: the same forward and
 *    loss as a one-worker step) and answers `gradients`: the trainable weights' gradients, its
 *    loss and right answers, and its BatchNorm moving statistics after the forward pass.
 * 3. Anything thrown in the shard comes back as `failed` (kind and message for people).
 */
import type { Graph } from '../../graph/types';
import type { TrainErrorKind } from '../errors';
import type { LossOptions } from '../step';
import type { WeightEntry } from './shards';

export interface ShardInit {
  readonly type: 'init';
  readonly graph: Graph;
  /** The compile seed (the weights come with every step; the seed only makes the build the same). */
  readonly seed: number;
  readonly loss: LossOptions;
}

export interface ShardStep {
  readonly type: 'step';
  /** The leader's step number, echoed back. */
  readonly step: number;
  /** model.weights in order, flat. */
  readonly weights: Float32Array;
  readonly xs: Float32Array;
  /** [rows, height, width, channels]. */
  readonly xsShape: readonly [number, number, number, number];
  readonly ys: Float32Array;
  /** [rows, classes]. */
  readonly ysShape: readonly [number, number];
}

export type ToShard = ShardInit | ShardStep;

export interface ShardReady {
  readonly type: 'ready';
  /** model.weights, the order of `ShardStep.weights`. */
  readonly weights: readonly WeightEntry[];
  /** model.trainableWeights, the order of `ShardGradients.gradients`. */
  readonly trainable: readonly WeightEntry[];
  /** model.nonTrainableWeights (BatchNorm's moving statistics), the order of `ShardGradients.state`. */
  readonly state: readonly WeightEntry[];
}

export interface ShardGradients {
  readonly type: 'gradients';
  readonly step: number;
  /** The shard's mean loss (weighted mean for class-weighted cross-entropy). */
  readonly loss: number;
  /** Rows answered right. */
  readonly right: number;
  readonly gradients: Float32Array;
  readonly state: Float32Array;
  /** Milliseconds the shard spent on the step (setting weights, gradients, reading them), for the benchmarks. */
  readonly ms: number;
  /**
   * When the shard finished, in milliseconds since the epoch (performance.timeOrigin + now(): a
   * clock both sides share, unlike each worker's performance.now()). The leader cannot use the
   * time its answer arrives: the answer waits in the leader's queue while the leader computes its
   * own rows, so it always seems to come last.
   */
  readonly doneAt?: number;
}

export interface ShardFailed {
  readonly type: 'failed';
  readonly kind: TrainErrorKind;
  /** For people, one line. */
  readonly message: string;
}

export type FromShard = ShardReady | ShardGradients | ShardFailed;

/**
 * One shard as the leader sees it: a request gets the shard's answer (a shard answers one
 * request at a time, in order); the promise rejects when the shard itself died (a crashed worker).
 */
export interface ShardLink {
  request(message: ToShard, transfer?: Transferable[]): Promise<FromShard>;
  /** Ends the shard (a worker is terminated); pending requests reject. */
  close(): void;
}
