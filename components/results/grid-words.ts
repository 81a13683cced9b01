/**
 * What the test-image grid and the confusion matrix show, in the user's words: "10,000 test
 * images", "23 mistakes of 10,000", "true 4, predicted 9: 12 images of 10,000" (the
 * `results.count` messages).
 */
import type { ConfusionCell } from '@/lib/results/confusion';
import { classLabel, type GridFilter } from '@/lib/results/predictions';

/** A translator of the `results` namespace (next-intl's `useTranslations('results')`). */
export type ResultsWords = (key: string, values?: Record<string, string | number>) => string;

/** How many images the grid's filter chose, and of how many. */
export function selectionWords(filter: GridFilter, count: number, total: number, classNames: readonly string[], t: ResultsWords): string {
  switch (filter.kind) {
    case 'all': return t('count.all', { count });
    case 'mistakes': return t('count.mistakes', { count, total });
    case 'cell': return t('count.cell', { truth: classLabel(classNames, filter.truth), predicted: classLabel(classNames, filter.predicted), count, total });
  }
}

/** A confusion-matrix cell's name: "true 4, predicted 9: 12 images". */
export function cellWords(cell: ConfusionCell, count: number, classNames: readonly string[], t: ResultsWords): string {
  return t('count.confusionCell', { truth: classLabel(classNames, cell.truth), predicted: classLabel(classNames, cell.predicted), count });
}
