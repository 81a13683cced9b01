/**
 * A short measurement of how fast the active backend trains a graph, for the time estimate before
 * Start (lib/train/estimate.ts): the user's own graph, compiled, at the chosen batch size, on
 * random images and labels (speed does not depend on the values), with the training loop's own
 * step (step.ts), or the data-parallel step (parallel/leader.ts) when given shards, so that the
 * estimate times what the run will do. Pure tfjs: it runs in a worker and under Node.
 */
import * as tf from '@tensorflow/tfjs';
import { compile } from '../compile/compile';
import type { Graph } from '../graph/types';
import { TrainError } from './errors';
import { warmUp, type StepRun } from './backends';
import { makeTrainStep, type StepOptions, type StepOutput } from './step';
import { makeParallelStep } from './parallel/leader';
import type { ShardLink } from './parallel/protocol';
import type { OptimizerSpec } from './optimizers';

export interface ProbeOptions {
  readonly batchSize: number;
  readonly optimizer: OptimizerSpec;
  /** Untimed steps first (allocations, kernel set-up). Default 1. */
  readonly warmupSteps?: number;
  /**
   * ...and on, untimed, until this many milliseconds have passed (at most 30 steps): V8 runs a
   * fresh worker's WebAssembly on its baseline compiler until each function is hot and optimized,
   * so LeNet-5's first ten steps or so take about twice as long as the later ones (measured under
   * Node: ~45 ms, then ~25 ms from step 15, batch 64). Timed then, the estimate came out 1.26× the
   * real time. Default 500.
   */
  readonly warmupMs?: number;
  /** Timed steps at least... Default 2. */
  readonly minSteps?: number;
  /** ...and on until this many milliseconds have been timed, at most `maxSteps`. Default 1,000. */
  readonly minMs?: number;
  /** Default 8. */
  readonly maxSteps?: number;
  /** The clock (default performance.now). */
  readonly now?: () => number;
  /**
   * Shard workers to train data-parallel with (the links are made once the graph compiles, and
   * closed at the end): the speed of 1 + their count workers. Absent: one worker.
   */
  readonly shards?: () => readonly ShardLink[];
}

export interface ProbeResult {
  readonly samplesPerSecond: number;
  readonly timedSteps: number;
  readonly stepMs: number;
}

/**
 * A StepRun (backends.ts) of `graph` on the active backend: training steps at `batchSize` on a
 * random batch (speed does not depend on the values), one worker or data-parallel with the shards
 * of `shards`. Throws a TrainError ('graph') when the graph does not compile, before any shard is
 * started. `dispose` frees the model, the batch, the optimizer and the shards.
 */
export async function probeStepRun(graph: Graph, options: Pick<ProbeOptions, 'batchSize' | 'optimizer' | 'shards'>): Promise<StepRun> {
  const compiled = compile(graph, { seed: 1 });
  if (!compiled.ok) throw new TrainError('graph', compiled.errors.map((e) => e.message).join(' '));
  const model = compiled.model;
  const inShape = model.inputs[0]!.shape.slice(1) as number[];
  const units = model.outputs[0]!.shape[model.outputs[0]!.shape.length - 1] as number;
  const xs = tf.randomUniform([options.batchSize, ...inShape], 0, 1, 'float32', 1);
  const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([options.batchSize], 0, units, 'int32', 2) as tf.Tensor1D, units)) as tf.Tensor2D;
  const stepOptions: StepOptions = { optimizer: options.optimizer, learningRate: 1e-3, numClasses: units, multiLabel: false };
  let step: { run(xs: tf.Tensor4D, ys: tf.Tensor2D): StepOutput | Promise<StepOutput>; dispose(): void };
  try {
    step = options.shards ? await makeParallelStep(model, stepOptions, options.shards(), { graph, seed: 1 }) : makeTrainStep(model, stepOptions);
  } catch (e) {
    model.dispose();
    xs.dispose();
    ys.dispose();
    throw e;
  }
  return {
    batchSize: options.batchSize,
    async step() {
      const { loss, right } = await step.run(xs as tf.Tensor4D, ys);
      await loss.data();
      loss.dispose();
      right.dispose();
    },
    dispose() {
      step.dispose();
      model.dispose();
      xs.dispose();
      ys.dispose();
    },
  };
}

/**
 * Times training steps of `graph` on the active backend and returns samples per second. Throws a
 * TrainError ('graph') when the graph does not compile. Frees everything it made.
 */
export async function probeTrainingSpeed(graph: Graph, options: ProbeOptions): Promise<ProbeResult> {
  const run = await probeStepRun(graph, options);
  const now = options.now ?? (() => performance.now());
  try {
    await warmUp(run, options.warmupSteps ?? 1, options.warmupMs ?? 500, now);
    const minSteps = options.minSteps ?? 2;
    const minMs = options.minMs ?? 1000;
    const maxSteps = Math.max(minSteps, options.maxSteps ?? 8);
    let timed = 0;
    let ms = 0;
    while (timed < minSteps || (ms < minMs && timed < maxSteps)) {
      const t0 = now();
      await run.step();
      ms += now() - t0;
      timed++;
    }
    const stepMs = ms / timed;
    return { samplesPerSecond: stepMs > 0 ? options.batchSize / (stepMs / 1000) : Infinity, timedSteps: timed, stepMs };
  } finally {
    run.dispose();
  }
}
