/**
 * The training loop: a compiled tf.LayersModel, a Dataset, an optimizer and a loss.
 *
 * A custom loop rather than `model.fit`: each step is `optimizer.minimize` over the model's
 * forward pass in training mode, so BatchNorm and Dropout behave as in fit, and every tensor a
 * step makes is freed before the next (the tests count them). It also lets the loop set the
 * learning rate per batch, apply decoupled weight decay, pause and stop between batches, and
 * report loss, accuracy and speed after every batch. bench/train.ts measures it against fit.
 */
import * as tf from '@tensorflow/tfjs';
import type { Augmentation, Dataset } from './datasets/types';
import { disposeBatch } from './datasets/types';
import { TrainController } from './controller';
import { TrainError } from './errors';
import { evaluate, type Evaluation } from './evaluate';
import { fitProblem } from './fit';
import { MAX_CLIPPED_LOSS, type LossSpec, type OutputKind } from './losses';
import { defaultLearningRate, type OptimizerSpec } from './optimizers';
import { english, say, type Said } from './said';
import { learningRateAt, type LrSchedule } from './schedule';
import { makeTrainStep, type StepOptions, type StepOutput, type TrainStep } from './step';

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  /** Default: SGD with momentum 0.9. */
  readonly optimizer?: OptimizerSpec;
  /** Base learning rate (default 0.01 for SGD, 0.001 for Adam). */
  readonly learningRate?: number;
  readonly schedule?: LrSchedule;
  /** Decoupled weight decay λ (default 0): w ← w·(1 − lr·λ) after each step, kernels only. */
  readonly weightDecay?: number;
  /** Default: cross-entropy (binary cross-entropy for multi-label data). */
  readonly loss?: LossSpec;
  readonly augment?: Augmentation;
  /** Seeds the batch order and the augmentation (weight initialisation is the compiler's). */
  readonly seed?: number;
  /** Evaluate on the test split after every epoch (default true), for the live charts. */
  readonly evaluateEachEpoch?: boolean;
  /**
   * Test-time augmentation for the final evaluation (evaluate.ts: AlexNet's crops, mirrored only
   * for data that may be mirrored). The result then holds the final test without it too.
   */
  readonly tta?: 'none' | 'crops';
  readonly controller?: TrainController;
  readonly onBatch?: (event: BatchEvent) => void | Promise<void>;
  readonly onEpoch?: (event: EpochEvent) => void | Promise<void>;
  /**
   * Resume: the epochs already done (the run starts with epoch `startEpoch`, whose batch order,
   * augmentation and learning rate are those a straight run would have used).
   */
  readonly startEpoch?: number;
  /** Resume: the optimizer's state at the end of epoch `startEpoch` (from `optimizer.getWeights()`), set before the first step. */
  readonly optimizerState?: readonly { name: string; tensor: tf.Tensor }[];
  /**
   * Called after each finished epoch (after its evaluation and onEpoch) with the optimizer,
   * whose `getWeights()` is the state to save with a checkpoint. The run waits for it.
   */
  readonly onEpochDone?: (epochsDone: number, optimizer: tf.Optimizer) => void | Promise<void>;
  /**
   * Makes the run's steps (default: makeTrainStep, on this thread). Data-parallel training
   * (lib/train/parallel) passes steps that share each batch with other workers.
   */
  readonly makeStep?: (model: tf.LayersModel, options: StepOptions) => Promise<LoopStep>;
}

/** A step as the loop uses it: makeTrainStep's, or one that waits for other workers. */
export interface LoopStep extends Omit<TrainStep, 'run' | 'variables'> {
  run(xs: tf.Tensor4D, ys: tf.Tensor2D, learningRate?: number): StepOutput | Promise<StepOutput>;
}

export interface BatchEvent {
  /** 0-based. */
  readonly epoch: number;
  readonly epochs: number;
  /** 0-based within the epoch. */
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly batchSize: number;
  readonly loss: number;
  /** Share right in this batch (multi-label: exact match). */
  readonly accuracy: number;
  readonly learningRate: number;
  /** Training samples per second over this epoch so far (pauses excluded). */
  readonly samplesPerSecond: number;
  /** Seconds of training left at the current speed (this epoch and the next ones). */
  readonly etaSeconds: number;
  readonly elapsedSeconds: number;
}

export interface EpochEvent {
  readonly epoch: number;
  readonly epochs: number;
  /** Mean training loss and accuracy over the epoch's batches. */
  readonly loss: number;
  readonly accuracy: number;
  readonly learningRate: number;
  readonly samplesPerSecond: number;
  readonly seconds: number;
  readonly etaSeconds: number;
  readonly test?: Evaluation;
}

export type TrainStatus = 'completed' | 'stopped' | 'diverged';

export interface TrainResult {
  readonly status: TrainStatus;
  /** Why it stopped early, for the user (divergence advice), in English. */
  readonly message?: string;
  /** The same as data, for the page to word in the user's language. */
  readonly said?: Said;
  /** Full epochs done, counting the `startEpoch` done before a resume. */
  readonly epochsCompleted: number;
  /** This call's finished epochs (not those before a resume). */
  readonly history: readonly EpochEvent[];
  /** Seconds spent in training steps (not evaluation, not pauses). */
  readonly trainSeconds: number;
  readonly samplesPerSecond: number;
  /** Final evaluation on the test split (absent when diverged or stopped before the first epoch ended). */
  readonly test?: Evaluation;
  /** With test-time augmentation: the same weights tested on the plain images, to set beside `test`. */
  readonly testWithoutTta?: Evaluation;
}

/** Gives the event loop a turn (for pause, stop and UI updates) at almost no cost. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else if (typeof MessageChannel === 'function') {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { ch.port1.close(); resolve(); };
      ch.port2.postMessage(0);
    } else setTimeout(resolve, 0);
  });
}

/** The advice shown when the loss becomes NaN or explodes, as data (the page words it; `divergenceAdvice` is its English). */
export function divergenceAdviceSaid(info: {
  what: Said; epoch: number; batch: number; learningRate: number; optimizer: OptimizerSpec['kind'];
  hasBatchNorm: boolean; output: OutputKind;
}): Said {
  const tries: Said[] = [];
  const lower = info.learningRate / 10;
  // Three digits: a schedule's rate part-way (0.99999…) reads as the rate the user set.
  tries.push(say('train.diverged.lowerRate', { now: String(Number(info.learningRate.toPrecision(3))), lower: String(Number(lower.toPrecision(2))) }));
  if (!info.hasBatchNorm) tries.push(say('train.diverged.batchNorm'));
  if (info.optimizer === 'sgd') tries.push(say('train.diverged.adam'));
  tries.push(say('train.diverged.warmup'));
  tries.push(say('train.diverged.lastLayer'));
  const list = tries.slice(1).reduce<Said>((acc, item) => say('train.diverged.list', { list: acc, item }), tries[0]!);
  // Epoch and batch as written, not grouped by a locale's number format.
  return say('train.diverged.advice', { epoch: String(info.epoch + 1), batch: String(info.batch + 1), what: info.what, tries: list });
}

/** The advice shown when the loss becomes NaN or explodes, in English (the command line's). */
export function divergenceAdvice(info: Parameters<typeof divergenceAdviceSaid>[0]): string {
  return english(divergenceAdviceSaid(info));
}

/**
 * Trains `model` on `dataset`. Throws (before any step) when the dataset does not fit the model
 * or the loss does not fit the output; otherwise returns how the run ended. The optimizer's state
 * is freed at the end, so the tensor count after a run equals the count before it.
 */
export async function train(model: tf.LayersModel, dataset: Dataset, options: TrainOptions): Promise<TrainResult> {
  const problem = fitProblem(model, dataset);
  if (problem) throw new TrainError('data-does-not-fit', problem);
  const { epochs, batchSize } = options;
  const startEpoch = options.startEpoch ?? 0;
  if (!Number.isInteger(epochs) || epochs < 1) throw new TrainError('bad-settings', `Epochs must be a whole number of at least 1 (got ${epochs}).`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TrainError('bad-settings', `The batch size must be a whole number of at least 1 (got ${batchSize}).`);
  if (!Number.isInteger(startEpoch) || startEpoch < 0 || startEpoch >= epochs) {
    throw new TrainError('bad-settings', `A run of ${epochs} epoch${epochs === 1 ? '' : 's'} cannot resume after epoch ${startEpoch}.`);
  }
  const optimizerSpec = options.optimizer ?? { kind: 'sgd' };
  const baseLr = options.learningRate ?? defaultLearningRate(optimizerSpec.kind);
  const schedule = options.schedule ?? { kind: 'constant' };
  const controller = options.controller ?? new TrainController();
  const seed = options.seed ?? 1;
  const k = dataset.numClasses;
  const multiLabel = dataset.multiLabel;
  const hasBatchNorm = model.layers.some((l) => l.getClassName() === 'BatchNormalization');

  const stepOptions: StepOptions = {
    optimizer: optimizerSpec, learningRate: baseLr, numClasses: k, multiLabel, classCounts: dataset.trainClassCounts,
    ...(options.loss ? { loss: options.loss } : {}), ...(options.weightDecay ? { weightDecay: options.weightDecay } : {}),
  };
  const step: LoopStep = options.makeStep ? await options.makeStep(model, stepOptions) : makeTrainStep(model, stepOptions);
  const { optimizer, output } = step;
  if (options.optimizerState) {
    try {
      await optimizer.setWeights([...options.optimizerState]);
    } catch (e) {
      step.dispose();
      throw new TrainError('weights-do-not-fit', `The checkpoint's optimizer state does not fit this model (${(e as Error).message}); start the run again.`);
    }
  }

  const batchesPerEpoch = Math.ceil(dataset.trainSize / batchSize);
  const history: EpochEvent[] = [];
  let trainMs = 0;
  let samplesDone = 0;
  const totalSamples = dataset.trainSize * (epochs - startEpoch);
  const runStart = performance.now();
  let pausedMs = 0;
  let status: TrainStatus = 'completed';
  let message: string | undefined;
  let said: Said | undefined;
  let reference = 0; // mean loss of the first batches, for spotting an explosion
  const firstLosses: number[] = [];
  let lr = baseLr;

  try {
    for (let epoch = startEpoch; epoch < epochs && status === 'completed'; epoch++) {
      const epochStart = performance.now();
      let epochTrainMs = 0;
      let epochSamples = 0;
      let lossSum = 0;
      let rightSum = 0;
      let batchIndex = 0;
      const batches = dataset.batches('train', { batchSize, seed: seed * 1000 + epoch, shuffle: true, ...(options.augment ? { augment: options.augment } : {}) });
      for (;;) {
        if (controller.state === 'paused') {
          const p0 = performance.now();
          await controller.waitWhilePaused();
          pausedMs += performance.now() - p0;
        }
        if (controller.stopped) {
          status = 'stopped';
          break;
        }
        const t0 = performance.now();
        const next = batches.next();
        if (next.done) break;
        const batch = next.value;
        lr = learningRateAt(baseLr, schedule, epoch + batchIndex / batchesPerEpoch, epochs);
        let out;
        try {
          out = await step.run(batch.xs, batch.ys, lr);
        } finally {
          disposeBatch(batch);
        }
        const [lossData, rightData] = await Promise.all([out.loss.data(), out.right.data()]);
        out.loss.dispose();
        out.right.dispose();
        const stepMs = performance.now() - t0;
        trainMs += stepMs;
        epochTrainMs += stepMs;
        epochSamples += batch.size;
        samplesDone += batch.size;
        const loss = lossData[0]!;
        lossSum += loss * batch.size;
        rightSum += rightData[0]!;

        // Divergence: NaN/∞, a loss 10× the first batches' (and above 5), or probability outputs
        // pinned near the clipping limit: above 0.4·(−ln ε) = 6.4 and twice the loss of a guess
        // (ln K), which an untrained model never reaches and a collapsed one (always the same
        // class, with certainty) does: (1 − 1/K)·16.1.
        let what: Said | undefined;
        if (!Number.isFinite(loss)) what = say(Number.isNaN(loss) ? 'train.diverged.nan' : 'train.diverged.infinite');
        else if (reference > 0 && loss > 10 * reference && loss > 5) what = say('train.diverged.exploded', { loss: loss.toFixed(1), start: reference.toFixed(2) });
        else if (output !== 'logits' && !multiLabel && loss > Math.max(0.4 * MAX_CLIPPED_LOSS, 2 * Math.log(k))) what = say('train.diverged.ceiling', { loss: loss.toFixed(1), ceiling: MAX_CLIPPED_LOSS.toFixed(1) });
        if (what) {
          status = 'diverged';
          said = divergenceAdviceSaid({ what, epoch, batch: batchIndex, learningRate: lr, optimizer: optimizerSpec.kind, hasBatchNorm, output });
          message = english(said);
          break;
        }
        if (firstLosses.length < 5) {
          firstLosses.push(loss);
          if (firstLosses.length === 5 || batchIndex === batchesPerEpoch - 1) reference = firstLosses.reduce((a, b) => a + b, 0) / firstLosses.length;
        }

        const sps = epochSamples / (epochTrainMs / 1000);
        if (options.onBatch) {
          await options.onBatch({
            epoch, epochs, batch: batchIndex, batchesPerEpoch, batchSize, loss, accuracy: rightData[0]! / batch.size,
            learningRate: lr, samplesPerSecond: sps, etaSeconds: (totalSamples - samplesDone) / sps,
            elapsedSeconds: (performance.now() - runStart - pausedMs) / 1000,
          });
        }
        batchIndex++;
        await yieldToEventLoop();
      }
      if (status !== 'completed' || epochSamples < dataset.trainSize) break;
      const test = options.evaluateEachEpoch === false ? undefined : await evaluate(model, dataset, {
        batchSize: Math.max(batchSize, 128), ...(options.loss ? { loss: options.loss } : {}),
      });
      const sps = epochSamples / (epochTrainMs / 1000);
      const event: EpochEvent = {
        epoch, epochs, loss: lossSum / epochSamples, accuracy: rightSum / epochSamples, learningRate: lr,
        samplesPerSecond: sps, seconds: (performance.now() - epochStart) / 1000,
        etaSeconds: ((epochs - epoch - 1) * dataset.trainSize) / (samplesDone / (trainMs / 1000)),
        ...(test ? { test } : {}),
      };
      history.push(event);
      if (options.onEpoch) await options.onEpoch(event);
      if (options.onEpochDone) await options.onEpochDone(epoch + 1, optimizer);
    }
  } finally {
    step.dispose();
  }

  let test: Evaluation | undefined;
  let testWithoutTta: Evaluation | undefined;
  if (status !== 'diverged' && history.length > 0) {
    const last = history[history.length - 1]!.test;
    const tta = options.tta ?? 'none';
    const common = { batchSize: Math.max(batchSize, 128), ...(options.loss ? { loss: options.loss } : {}) };
    const plain = last && status === 'completed' ? last : await evaluate(model, dataset, common);
    if (tta === 'none') {
      test = plain;
    } else {
      test = await evaluate(model, dataset, { ...common, tta });
      testWithoutTta = plain;
    }
  }
  return {
    status,
    ...(message ? { message } : {}),
    ...(said ? { said } : {}),
    epochsCompleted: startEpoch + history.length,
    history,
    trainSeconds: trainMs / 1000,
    samplesPerSecond: trainMs > 0 ? samplesDone / (trainMs / 1000) : 0,
    ...(test ? { test } : {}),
    ...(testWithoutTta ? { testWithoutTta } : {}),
  };
}

