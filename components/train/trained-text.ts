/**
 * How trained weights are described to the user, the same in the training panel and the editor:
 * "Trained: 98.4% on MNIST, 1 epoch".
 */
import { datasetEntry } from '@/lib/train/datasets/catalogue';
import type { TrainedSummary } from '@/lib/train/session-types';
import { LOSSES } from '@/lib/train/settings';

/**
 * "98.4% on MNIST, 3 epochs" (or "2 epochs and part of the third"; "accuracy not measured");
 * for multi-label data "62.3% exact match on ...", the share of images with every label right.
 */
export function trainedFigures(s: TrainedSummary): string {
  const kind = datasetEntry(s.datasetId)?.multiLabel ? ' exact match' : '';
  const accuracy = Number.isFinite(s.accuracy) ? `${(s.accuracy * 100).toFixed(1)}%${kind} on ${s.datasetName}` : `on ${s.datasetName} (accuracy not measured)`;
  const epochs = s.partial
    ? `${s.epochs} epoch${s.epochs === 1 ? '' : 's'} and part of the next`
    : `${s.epochs} epoch${s.epochs === 1 ? '' : 's'}`;
  return `${accuracy}, ${epochs}`;
}

/**
 * What the weights were trained with, beyond the optimizer: "class-weighted cross-entropy,
 * augmented, tested with test-time augmentation (97.9% without)".
 */
export function trainedSettings(s: TrainedSummary): string {
  const parts = [LOSSES[s.settings.loss].label.toLowerCase()];
  parts.push(s.settings.augment ? 'augmented' : 'no augmentation');
  if (s.settings.tta) {
    parts.push(`tested with test-time augmentation${s.accuracyWithoutTta !== undefined ? ` (${(s.accuracyWithoutTta * 100).toFixed(1)}% without)` : ''}`);
  }
  return parts.join(', ');
}

/** "Trained: 98.4% on MNIST, 1 epoch". */
export function trainedLine(s: TrainedSummary): string {
  return `Trained: ${trainedFigures(s)}`;
}

/** "30 Nov 2026, 21:40" in the user's locale. */
export function trainedDate(s: TrainedSummary): string {
  return new Date(s.date).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
