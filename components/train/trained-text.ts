/**
 * How trained weights are described to the user, the same in the training panel and the editor:
 * "Trained: 98.4% on MNIST, 1 epoch" — in the user's language, through the `train` messages.
 */
import { datasetEntry } from '@/lib/train/datasets/catalogue';
import type { TrainedSummary } from '@/lib/train/session-types';

/** A translator of the `train` namespace (next-intl's `useTranslations('train')`). */
export type TrainWords = (key: string, values?: Record<string, string | number>) => string;

/** A translator of the `datasets` namespace, for a loss's name. */
export type DatasetWords = (key: string) => string;

const percent = (v: number): string => `${(v * 100).toFixed(1)}%`;

/**
 * "98.4% on MNIST, 3 epochs" (or "2 epochs and part of the third"; "accuracy not measured");
 * for multi-label data "62.3% exact match on ...", the share of images with every label right.
 */
export function trainedFigures(s: TrainedSummary, t: TrainWords): string {
  const dataset = s.datasetName;
  const accuracy = !Number.isFinite(s.accuracy) ? t('trained.notMeasured', { dataset })
    : t(datasetEntry(s.datasetId)?.multiLabel ? 'trained.exactMatch' : 'trained.accuracy', { percent: percent(s.accuracy), dataset });
  const epochs = t(s.partial ? 'trained.epochsPartial' : 'trained.epochs', { count: s.epochs });
  return t('trained.figures', { accuracy, epochs });
}

/**
 * What the weights were trained with, beyond the optimizer: "class-weighted cross-entropy,
 * augmented, tested with test-time augmentation (97.9% without)".
 */
export function trainedSettings(s: TrainedSummary, t: TrainWords, d: DatasetWords): string {
  const parts = [d(`loss.${s.settings.loss}.label`).toLocaleLowerCase()];
  parts.push(t(s.settings.augment ? 'trained.augmented' : 'trained.noAugmentation'));
  if (s.settings.tta) {
    parts.push(s.accuracyWithoutTta !== undefined ? t('trained.ttaWithout', { percent: percent(s.accuracyWithoutTta) }) : t('trained.tta'));
  }
  return parts.join(', ');
}

/** "Trained: 98.4% on MNIST, 1 epoch". */
export function trainedLine(s: TrainedSummary, t: TrainWords): string {
  return t('trained.line', { figures: trainedFigures(s, t) });
}

/** "30 Nov 2026, 21:40" in the user's locale. */
export function trainedDate(s: TrainedSummary, locale?: string): string {
  return new Date(s.date).toLocaleString(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
