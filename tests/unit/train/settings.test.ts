/**
 * The run's settings (lib/train/settings.ts): the losses a dataset allows, settings stored before
 * the loss and TTA were part of them, and the command line that makes the same run, whose option
 * names are the command's own (checked against `layerwise train --help`).
 */
import { describe, expect, it } from 'vitest';
import { TRAIN_USAGE } from '@/lib/cli/train.node';
import { commandLine, completeSettings, defaultLossKind, DEFAULT_TRAIN_SETTINGS, LOSSES, lossesFor, type TrainSettings } from '@/lib/train/settings';

/** Settings as stored before the loss and TTA were part of them. */
function withoutLossAndTta(s: TrainSettings): Omit<TrainSettings, 'loss' | 'tta'> {
  return Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'loss' && k !== 'tta')) as Omit<TrainSettings, 'loss' | 'tta'>;
}

describe('losses by dataset', () => {
  it('multi-label data takes binary cross-entropy only; single-label data the three others, cross-entropy first', () => {
    expect(lossesFor(true)).toEqual(['binary-cross-entropy']);
    expect(lossesFor(false)).toEqual(['cross-entropy', 'weighted-cross-entropy', 'focal']);
    expect(defaultLossKind(true)).toBe('binary-cross-entropy');
    expect(defaultLossKind(false)).toBe(DEFAULT_TRAIN_SETTINGS.loss);
  });

  it('completes settings stored without a loss or TTA as those runs trained', () => {
    const old = withoutLossAndTta(DEFAULT_TRAIN_SETTINGS);
    expect(completeSettings(old, true)).toEqual({ ...DEFAULT_TRAIN_SETTINGS, loss: 'binary-cross-entropy', tta: false });
    expect(completeSettings({ ...old, loss: 'focal', tta: true }, false)).toMatchObject({ loss: 'focal', tta: true });
  });
});

describe('commandLine', () => {
  it('leaves out the defaults', () => {
    expect(commandLine('lenet5', 'mnist', DEFAULT_TRAIN_SETTINGS, false)).toBe('layerwise train lenet5 --dataset mnist');
    // The dataset's own default loss is a default too.
    expect(commandLine('mini_vgg', 'synthetic-multilabel', { ...DEFAULT_TRAIN_SETTINGS, loss: 'binary-cross-entropy' }, true))
      .toBe('layerwise train mini_vgg --dataset synthetic-multilabel');
  });

  it('names every other setting as the command line does', () => {
    const line = commandLine('lenet5', 'mnist-imbalanced', {
      epochs: 3, batchSize: 32, optimizer: 'sgd', learningRate: 0.05, schedule: 'step', seed: 7, augment: true, loss: 'weighted-cross-entropy', tta: true,
    }, false);
    expect(line).toBe('layerwise train lenet5 --dataset mnist-imbalanced --epochs 3 --batch 32 --optimizer sgd --lr 0.05 --schedule step --loss weighted-ce --augment --tta --seed 7');
    // SGD at its usual rate needs no --lr: the command picks it for sgd.
    expect(commandLine('lenet5', 'mnist', { ...DEFAULT_TRAIN_SETTINGS, optimizer: 'sgd', learningRate: 0.01 }, false)).toBe('layerwise train lenet5 --dataset mnist --optimizer sgd');
    for (const option of line.match(/--[a-z-]+/g)!) expect(TRAIN_USAGE, option).toContain(`  ${option} `);
    for (const { flag } of Object.values(LOSSES)) expect(TRAIN_USAGE).toContain(flag);
  });
});
