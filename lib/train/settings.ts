/**
 * The settings of a training run, and the one set of defaults that the command line
 * (`layerwise train`) and the training panel share, so that a run started either way with no
 * option given is the same run.
 */
import type { LrSchedule } from './schedule';

/** The optimizers a user can pick: SGD with momentum 0.9, or Adam. */
export type OptimizerKind = 'adam' | 'sgd';

/** The learning-rate schedules a user can pick (lib/train/schedule.ts). */
export type ScheduleKind = LrSchedule['kind'];

export interface TrainSettings {
  /** Passes over the training split. */
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerKind;
  /** The base learning rate (the schedule starts from it). */
  readonly learningRate: number;
  readonly schedule: ScheduleKind;
  /** Seeds the weights, the batch order and the augmentation. */
  readonly seed: number;
  /** Train with the augmentation the dataset declares (digits: shifts and small rotations). */
  readonly augment: boolean;
}

/**
 * The defaults, measured on LeNet-5 and the official MNIST (60,000/10,000) under Node on wasm:
 * one epoch reaches at least 98% on seeds 1, 2 and 3 (docs/cli.md has the figures). Adam at 0.002
 * with a cosine decay over the run: the larger rate learns fast early, the decay settles the
 * weights at the end of even a one-epoch run (constant Adam 0.001 gave 97.5–98.1%).
 */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  epochs: 2,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 0.002,
  schedule: 'cosine',
  seed: 1,
  augment: false,
};

/** Each optimizer's usual starting rate: Adam 0.001 (Kingma & Ba), SGD with momentum 0.01. */
export function usualLearningRate(optimizer: OptimizerKind): number {
  return optimizer === 'adam' ? 0.001 : 0.01;
}

/** The limits the panel enforces (the command line allows more: it is not a browser tab). */
export const SETTINGS_LIMITS = { maxEpochs: 200, maxBatchSize: 1024, maxLearningRate: 1 } as const;

/**
 * What is wrong with the settings, in words, or null when they are fine. `limits` caps epochs,
 * batch size and learning rate (the panel passes SETTINGS_LIMITS; the command line none).
 */
export function settingsProblem(s: TrainSettings, limits?: typeof SETTINGS_LIMITS): string | null {
  const maxEpochs = limits?.maxEpochs ?? Infinity;
  const maxBatch = limits?.maxBatchSize ?? Infinity;
  const maxLr = limits?.maxLearningRate ?? Infinity;
  const upTo = (max: number): string => (Number.isFinite(max) ? ` from 1 to ${max.toLocaleString('en-US')}` : ' of at least 1');
  if (!Number.isInteger(s.epochs) || s.epochs < 1 || s.epochs > maxEpochs) return `Epochs must be a whole number${upTo(maxEpochs)}.`;
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1 || s.batchSize > maxBatch) return `The batch size must be a whole number${upTo(maxBatch)}.`;
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate) || s.learningRate > maxLr) {
    return `The learning rate must be above 0${Number.isFinite(maxLr) ? ` and at most ${maxLr}` : ''}; try ${s.optimizer === 'adam' ? '0.001 for Adam' : '0.01 for SGD'}.`;
  }
  if (!Number.isInteger(s.seed) || s.seed < 0) return `The seed must be a whole number of at least 0 (got ${s.seed}).`;
  return null;
}

/** The schedule object the loop takes, for a kind and a run of `epochs` epochs. */
export function scheduleFor(kind: ScheduleKind, epochs: number, stepEvery?: number): LrSchedule {
  switch (kind) {
    case 'constant': return { kind: 'constant' };
    case 'cosine': return { kind: 'cosine' };
    case 'step': return { kind: 'step', every: stepEvery ?? Math.max(1, Math.round(epochs / 3)) };
  }
}
