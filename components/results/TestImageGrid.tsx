'use client';
/**
 * The test images with what the model made of them: pages of thumbnails, each captioned
 * "true 7 / predicted 1" with the model's confidence, mistakes outlined. Filters: every image,
 * only the mistakes, or one confusion-matrix cell (set by clicking the matrix); ordered by test
 * index or by confidence. Clicking an image sends it to the probability view. For multi-label
 * data each caption sets the true labels over the predicted ones ("true disc, ring / saw disc"),
 * and a mistake is any label missed or wrongly seen.
 *
 * Only the images of the page shown are fetched (`loadImages`), as the dataset stores them.
 */
import { useTranslations } from 'next-intl';
import { memo, useEffect, useId, useMemo, useState } from 'react';
import {
  ALL_IMAGES, countMistakes, classLabel, isMistake, labelDecisions, labelList, pageOf, selectImages,
  type GridFilter, type GridOrder, type TestPredictions,
} from '@/lib/results/predictions';
import { formatCount, formatProbability } from '@/lib/results/text';
import type { ImageShape } from '@/lib/train/datasets/types';
import { AskError } from '@/components/train/useTrainer';
import { errorWords } from '@/components/train/said-words';
import { selectionWords } from './grid-words';
import { PixelImage, pixelScale } from './PixelImage';
import styles from './Results.module.css';

/** Test images by index: their bytes, one after another, at `shape` (as the dataset stores them). */
export interface ImageBatch {
  readonly shape: ImageShape;
  readonly pixels: Uint8Array;
}

/** Fetches the test images at `indices` (from the worker that holds the dataset). */
export type LoadImages = (indices: Int32Array) => Promise<ImageBatch>;

/** One test image, for the probability view. */
export interface InspectedImage {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly shape: ImageShape;
}

interface TestImageGridProps {
  readonly predictions: TestPredictions;
  readonly classNames: readonly string[];
  readonly loadImages: LoadImages;
  readonly filter: GridFilter;
  readonly onFilterChange: (filter: GridFilter) => void;
  /** Called when an image is clicked: show it in the probability view. */
  readonly onInspect?: (image: InspectedImage) => void;
  /** The test index shown in the probability view (outlined here). */
  readonly inspected?: number | null;
  readonly pageSize?: number;
}

/** The orders of the grid; `label` is its message key in the `results` namespace. */
const ORDERS: readonly { value: GridOrder; label: string }[] = [
  { value: 'test', label: 'orderTest' },
  { value: 'confident-first', label: 'orderConfident' },
  { value: 'unsure-first', label: 'orderUnsure' },
];

/** Thumbnails are scaled by whole pixels to about this many CSS pixels (28 → 56, 32 → 64). */
const THUMB = 64;

const filterKey = (f: GridFilter): string => (f.kind === 'cell' ? `cell:${f.truth}:${f.predicted}` : f.kind);

/** A page's images, by test index, once loaded. */
type PageImages = { readonly key: string; readonly byIndex: ReadonlyMap<number, Uint8Array>; readonly shape: ImageShape } | { readonly key: string; readonly error: unknown };

export const TestImageGrid = memo(function TestImageGrid({
  predictions, classNames, loadImages, filter, onFilterChange, onInspect, inspected = null, pageSize = 48,
}: TestImageGridProps) {
  const id = useId();
  const t = useTranslations('results');
  const all = useTranslations();
  const [order, setOrder] = useState<GridOrder>('test');
  // The page belongs to a filter and an order: another filter or order starts at page 1.
  const view = `${filterKey(filter)}|${order}`;
  const [paging, setPaging] = useState({ view, page: 0 });
  const selection = useMemo(() => selectImages(predictions, filter, order), [predictions, filter, order]);
  const mistakes = useMemo(() => countMistakes(predictions), [predictions]);
  const total = predictions.truth.length;
  const pageNumber = paging.view === view ? paging.page : 0;
  const page = useMemo(() => pageOf(selection, pageNumber, pageSize), [selection, pageNumber, pageSize]);
  const pageKey = `${view}|${page.page}|${total}`;

  const [images, setImages] = useState<PageImages | null>(null);
  useEffect(() => {
    if (page.indices.length === 0) return;
    let live = true;
    const indices = Int32Array.from(page.indices);
    loadImages(indices).then(
      ({ shape, pixels }) => {
        if (!live) return;
        const size = shape[0] * shape[1] * shape[2];
        const byIndex = new Map<number, Uint8Array>();
        indices.forEach((index, j) => byIndex.set(index, pixels.subarray(j * size, (j + 1) * size)));
        setImages({ key: pageKey, byIndex, shape });
      },
      (error: unknown) => {
        if (live) setImages({ key: pageKey, error });
      },
    );
    return () => {
      live = false;
    };
  }, [page, pageKey, loadImages]);
  const shown = images?.key === pageKey ? images : null;
  // Placeholders take the size of the images seen last, so the grid does not jump as a page loads.
  const thumbSide = images && 'shape' in images ? images.shape[0] * pixelScale(images.shape[0], THUMB) : THUMB;

  const goTo = (p: number) => setPaging({ view, page: p });
  const summary = selectionWords(filter, selection.length, total, classNames, t);

  return (
    <section aria-label={t('testImages')} className={styles.gridRegion} data-testid="test-images" data-filter={filterKey(filter)} data-count={selection.length}>
      <div className={styles.gridBar}>
        <fieldset className={styles.filters}>
          <legend className={styles.srOnly}>{t('show')}</legend>
          <label>
            <input type="radio" name={`${id}-filter`} checked={filter.kind === 'all'} onChange={() => onFilterChange(ALL_IMAGES)} />
            {t('all', { count: formatCount(total) })}
          </label>
          <label>
            <input type="radio" name={`${id}-filter`} checked={filter.kind === 'mistakes'} onChange={() => onFilterChange({ kind: 'mistakes' })} />
            {t(predictions.multi ? 'anyWrong' : 'mistakes', { count: formatCount(mistakes) })}
          </label>
          {filter.kind === 'cell' && (
            <label>
              <input type="radio" name={`${id}-filter`} checked readOnly />
              {t('cell', { truth: classLabel(classNames, filter.truth), predicted: classLabel(classNames, filter.predicted) })}
            </label>
          )}
        </fieldset>
        <label className={styles.order}>
          {t('order')}
          <select value={order} onChange={(e) => setOrder(e.target.value as GridOrder)} data-testid="grid-order">
            {ORDERS.map((o) => <option key={o.value} value={o.value}>{t(o.label)}</option>)}
          </select>
        </label>
      </div>
      <p className={styles.gridCount} aria-live="polite" data-testid="grid-count">{summary}</p>

      {shown && 'error' in shown && (
        <p className={styles.problem} role="alert">
          {t('fetchFailed', { error: shown.error instanceof AskError ? errorWords(shown.error, all) : shown.error instanceof Error ? shown.error.message : String(shown.error) })}
        </p>
      )}
      {selection.length === 0 ? (
        <p className={styles.muted}>{filter.kind === 'mistakes' ? t('noMistakes') : t('noImages')}</p>
      ) : (
        <ol className={styles.grid} start={page.first + 1} aria-busy={!shown}>
          {Array.from(page.indices, (index) => {
            const confidence = predictions.confidence[index]!;
            const wrong = isMistake(predictions, index);
            const bytes = shown && 'byIndex' in shown ? shown.byIndex.get(index) : undefined;
            const labels = predictions.multi ? labelDecisions(predictions.multi, index) : null;
            const truth = labels ? labelList(classNames, labels.truth) : classLabel(classNames, predictions.truth[index]!);
            const predicted = labels ? labelList(classNames, labels.predicted) : classLabel(classNames, predictions.predicted[index]!);
            const caption = t('tile.caption', { truth, predicted });
            // Multi-label: which labels went wrong, in words, for the tooltip and screen readers.
            const wrongLabels = labels && wrong
              ? [labels.missed.length ? t('tile.missed', { labels: labelList(classNames, labels.missed) }) : '',
                labels.extra.length ? t('tile.wronglySaw', { labels: labelList(classNames, labels.extra) }) : '']
                .filter(Boolean).join(t('tile.separator'))
              : '';
            const sure = t(labels ? 'tile.leastSure' : 'tile.sure', { probability: formatProbability(confidence) });
            return (
              <li key={index} className={`${styles.tile}${wrong ? ` ${styles.wrong}` : ''}${index === inspected ? ` ${styles.inspected}` : ''}`}
                data-index={index}
                data-truth={labels ? labels.truth.join(',') : predictions.truth[index]} data-predicted={labels ? labels.predicted.join(',') : predictions.predicted[index]}>
                <button type="button" onClick={() => bytes && shown && 'shape' in shown && onInspect?.({ index, bytes, shape: shown.shape })}
                  aria-label={t('tile.label', {
                    index: formatCount(index), caption, sure,
                    mistake: wrong ? (wrongLabels ? t('tile.mistakeWhich', { which: wrongLabels }) : t('tile.mistake')) : '',
                  })}
                  aria-pressed={index === inspected}>
                  {bytes && shown && 'shape' in shown
                    ? <PixelImage bytes={bytes} shape={shown.shape} scale={pixelScale(shown.shape[0], THUMB)} />
                    : <span className={styles.tilePlaceholder} style={{ width: thumbSide, height: thumbSide }} />}
                  <span className={styles.tileCaption} title={t('tile.title', { caption, sure, which: wrongLabels ? t('tile.which', { which: wrongLabels }) : '' })}>
                    {labels ? (
                      <>
                        <span className={styles.labelSet}>{t.rich('tile.trueSet', { set: () => <LabelSet labels={labels.truth} marked={labels.missed} markClass={styles.missedLabel} classNames={classNames} /> })}</span>
                        <span className={styles.labelSet}>{t.rich('tile.sawSet', { set: () => <LabelSet labels={labels.predicted} marked={labels.extra} markClass={styles.wrongLabel} classNames={classNames} /> })}</span>
                      </>
                    ) : (
                      <>
                        <span>{t('tile.true', { truth })}</span>
                        <span className={styles.predicted}>{t('tile.predicted', { predicted })}</span>
                      </>
                    )}
                    <span className={styles.muted}>{formatProbability(confidence)}</span>
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {page.pages > 1 && (
        <nav className={styles.pager} aria-label={t('pages')}>
          <button type="button" onClick={() => goTo(page.page - 1)} disabled={page.page === 0}>{t('previous')}</button>
          <span data-testid="grid-page">{t('page', { n: page.page + 1, of: formatCount(page.pages) })}</span>
          <button type="button" onClick={() => goTo(page.page + 1)} disabled={page.page >= page.pages - 1}>{t('next')}</button>
        </nav>
      )}
    </section>
  );
});

/** A set of labels in words, those in `marked` (missed, or wrongly seen) styled apart; "none" when empty. */
function LabelSet({ labels, marked, markClass, classNames }: {
  labels: readonly number[]; marked: readonly number[]; markClass: string | undefined; classNames: readonly string[];
}) {
  if (labels.length === 0) return <>none</>;
  return (
    <>
      {labels.map((l, i) => (
        <span key={l}>
          <span className={marked.includes(l) ? markClass : undefined}>{classLabel(classNames, l)}</span>{i < labels.length - 1 ? ', ' : ''}
        </span>
      ))}
    </>
  );
}
