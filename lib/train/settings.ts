/**
 * The settings of a training run, and the one set of defaults that the command line
 * (`layerwise train`) and the training panel share, so that a run started either way with no
 * option given is the same run.
 */
import { english, say, type Said } from './said';
import type { LossKind } from './losses';
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
  /**
   * The loss (lib/train/losses.ts). Multi-label data takes binary cross-entropy and nothing else;
   * single-label data cross-entropy, class-weighted cross-entropy or focal loss.
   */
  readonly loss: LossKind;
  /** Test the final weights with test-time augmentation (AlexNet's crops, fitted to the data: datasets/augmentation.ts). */
  readonly tta: boolean;
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
  loss: 'cross-entropy',
  tta: false,
};

/** What the losses are called, and their `--loss` names on the command line. */
export const LOSSES: Readonly<Record<LossKind, { readonly label: string; readonly flag: string; readonly help: string }>> = {
  'cross-entropy': {
    label: 'Cross-entropy', flag: 'ce',
    help: 'Softmax cross-entropy, −ln p of the true class: every image counts the same, so on imbalanced data the common classes dominate.',
  },
  'weighted-cross-entropy': {
    label: 'Class-weighted cross-entropy', flag: 'weighted-ce',
    help: 'Each image weighted by N/(K·n) for its class of n training images: a class ten times rarer weighs ten times more (scikit-learn\'s "balanced" weights).',
  },
  focal: {
    label: 'Focal loss (γ = 2)', flag: 'focal',
    help: 'Cross-entropy scaled by (1 − p)²: images the model already gets right count little, so the hard ones (often the rare classes) drive learning (Lin et al. 2017).',
  },
  'binary-cross-entropy': {
    label: 'Binary cross-entropy', flag: 'bce',
    help: 'One yes/no question per label, each output its own sigmoid: for multi-label data, where an image may hold several labels at once.',
  },
};

/** The losses that fit a dataset, its default first: binary cross-entropy alone for multi-label data. */
export function lossesFor(multiLabel: boolean): readonly LossKind[] {
  return multiLabel ? ['binary-cross-entropy'] : ['cross-entropy', 'weighted-cross-entropy', 'focal'];
}

/** The loss a dataset trains with unless the user picks another (the command line's default too). */
export function defaultLossKind(multiLabel: boolean): LossKind {
  return lossesFor(multiLabel)[0]!;
}

/**
 * Settings as stored before the loss and test-time augmentation were part of them (weights kept in
 * IndexedDB, files saved by an older `--save`), completed the way those runs trained: the
 * dataset's default loss, no test-time augmentation.
 */
export function completeSettings(stored: Omit<TrainSettings, 'loss' | 'tta'> & Partial<Pick<TrainSettings, 'loss' | 'tta'>>, multiLabel: boolean): TrainSettings {
  return { ...stored, loss: stored.loss ?? defaultLossKind(multiLabel), tta: stored.tta ?? false };
}

/**
 * The command line that makes the same run (`layerwise train ...`), for the panel to show:
 * options at their defaults are left out. `model` is a preset id or a graph file's name; `dataset`
 * is a `--dataset` value (a folder's path for files).
 */
export function commandLine(model: string, dataset: string, s: TrainSettings, multiLabel: boolean): string {
  const d = DEFAULT_TRAIN_SETTINGS;
  const parts = ['layerwise train', model, `--dataset ${dataset}`];
  if (s.epochs !== d.epochs) parts.push(`--epochs ${s.epochs}`);
  if (s.batchSize !== d.batchSize) parts.push(`--batch ${s.batchSize}`);
  if (s.optimizer !== d.optimizer) parts.push(`--optimizer ${s.optimizer}`);
  const usual = s.optimizer === d.optimizer ? d.learningRate : usualLearningRate(s.optimizer);
  if (s.learningRate !== usual) parts.push(`--lr ${s.learningRate}`);
  if (s.schedule !== d.schedule) parts.push(`--schedule ${s.schedule}`);
  if (s.loss !== defaultLossKind(multiLabel)) parts.push(`--loss ${LOSSES[s.loss].flag}`);
  if (s.augment) parts.push('--augment');
  if (s.tta) parts.push('--tta');
  if (s.seed !== d.seed) parts.push(`--seed ${s.seed}`);
  return parts.join(' ');
}

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
  const said = settingsProblemSaid(s, limits);
  return said ? english(said) : null;
}

/** settingsProblem as a sentence for the interface to word in the user's language. */
export function settingsProblemSaid(s: TrainSettings, limits?: typeof SETTINGS_LIMITS): Said | null {
  const maxEpochs = limits?.maxEpochs ?? Infinity;
  const maxBatch = limits?.maxBatchSize ?? Infinity;
  const maxLr = limits?.maxLearningRate ?? Infinity;
  const range = (max: number): Said => (Number.isFinite(max) ? say('train.settings.upTo', { max }) : say('train.settings.atLeastOne'));
  if (!Number.isInteger(s.epochs) || s.epochs < 1 || s.epochs > maxEpochs) return say('train.settings.epochs', { range: range(maxEpochs) });
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1 || s.batchSize > maxBatch) return say('train.settings.batch', { range: range(maxBatch) });
  if (!(s.learningRate > 0) || !Number.isFinite(s.learningRate) || s.learningRate > maxLr) {
    const usual = say(s.optimizer === 'adam' ? 'train.settings.usualAdam' : 'train.settings.usualSgd');
    return Number.isFinite(maxLr) ? say('train.settings.rateMax', { max: String(maxLr), usual }) : say('train.settings.rate', { usual });
  }
  if (!Number.isInteger(s.seed) || s.seed < 0) return say('train.settings.seed', { seed: String(s.seed) });
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
