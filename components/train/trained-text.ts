/**
 * How trained weights are described to the user, the same in the training panel and the editor:
 * "Trained: 98.4% on MNIST, 1 epoch".
 */
import type { TrainedSummary } from '@/lib/train/session-types';

/** "98.4% on MNIST, 3 epochs" (or "2 epochs and part of the third"; "accuracy not measured"). */
export function trainedFigures(s: TrainedSummary): string {
  const accuracy = Number.isFinite(s.accuracy) ? `${(s.accuracy * 100).toFixed(1)}% on ${s.datasetName}` : `on ${s.datasetName} (accuracy not measured)`;
  const epochs = s.partial
    ? `${s.epochs} epoch${s.epochs === 1 ? '' : 's'} and part of the next`
    : `${s.epochs} epoch${s.epochs === 1 ? '' : 's'}`;
  return `${accuracy}, ${epochs}`;
}

/** "Trained: 98.4% on MNIST, 1 epoch". */
export function trainedLine(s: TrainedSummary): string {
  return `Trained: ${trainedFigures(s)}`;
}

/** "30 Nov 2026, 21:40" in the user's locale. */
export function trainedDate(s: TrainedSummary): string {
  return new Date(s.date).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
