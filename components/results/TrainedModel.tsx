'use client';
/**
 * The kept model's results in the training panel, once it is trained (after a run, or restored
 * after a reload): the drawing pad, uploads and the test-image grid (ModelResults), wired to the
 * training worker through useTrainer's `ask`. Every test image's answer comes from one `evaluate`
 * question per set of weights (the worker keeps it, so "Evaluate again" costs nothing more).
 */
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ModelImage } from '@/lib/results/model-input';
import { multiLabelPredictions, type GridFilter, type TestPredictions } from '@/lib/results/predictions';
import { datasetEntry } from '@/lib/train/datasets/catalogue';
import type { ImageShape } from '@/lib/train/datasets/types';
import type { EvaluationDetail, SessionStatus } from '@/lib/train/session-types';
import { ConfusionMatrix, PerLabelTable } from '@/components/train/charts';
import { AskError, type useTrainer } from '@/components/train/useTrainer';
import { ModelResults } from './ModelResults';
import type { LoadImages } from './TestImageGrid';
import styles from './Results.module.css';
import { errorWords } from '@/components/train/said-words';

type Ask = ReturnType<typeof useTrainer>['ask'];

interface TrainedModelProps {
  readonly session: SessionStatus | undefined;
  readonly ask: Ask;
  /** A run is under way: the kept model is about to change, so nothing is shown or asked. */
  readonly running: boolean;
  /** The model's input [H, W, C] (null when the graph has no single image input). */
  readonly inputShape: ImageShape | null;
  readonly filter: GridFilter;
  readonly onFilterChange: (filter: GridFilter) => void;
  /**
   * Draw the confusion matrix (clickable), or the per-label table for multi-label data, here. The
   * panel draws its own after a run; after a reload there is no run, so this view draws them
   * from the evaluation.
   */
  readonly showMetrics: boolean;
}

export function TrainedModel({ session, ask, running, inputShape, filter, onFilterChange, showMetrics }: TrainedModelProps) {
  const t = useTranslations('results');
  const all = useTranslations();
  const state = session?.state;
  const trained = state?.kind === 'trained' ? state : null;
  // One evaluation per set of weights (and per edit that changes what they compute).
  const key = trained ? `${trained.summary.date}|${trained.summary.datasetId}|${trained.edited}` : null;
  const [evaluation, setEvaluation] = useState<{ key: string; detail?: EvaluationDetail; error?: unknown } | null>(null);
  useEffect(() => {
    if (!key || running) return;
    let live = true;
    ask({ kind: 'evaluate' }).then(
      (detail) => { if (live) setEvaluation({ key, detail }); },
      (error: unknown) => { if (live) setEvaluation({ key, error }); },
    );
    return () => {
      live = false;
    };
  }, [key, running, ask]);

  const predict = useCallback(async (image: ModelImage) => {
    const answer = await ask({ kind: 'predict', image: { from: 'pixels', pixels: image.bytes, shape: image.shape } });
    return answer.probabilities;
  }, [ask]);
  const loadImages = useCallback<LoadImages>(async (indices) => {
    const answer = await ask({ kind: 'test-images', indices: Array.from(indices) });
    return { shape: answer.shape, pixels: answer.pixels };
  }, [ask]);

  const current = evaluation?.key === key ? evaluation : null;
  const detail = current?.detail;
  const predictions: TestPredictions | null = useMemo(() => {
    if (!detail) return null;
    if (detail.metrics.kind === 'single') return { truth: detail.labels, predicted: detail.predicted, confidence: detail.confidence };
    return detail.targets && detail.probabilities
      ? multiLabelPredictions(detail.targets, detail.probabilities, detail.classNames.length, detail.metrics.threshold) : null;
  }, [detail]);

  if (!trained || running || !inputShape) return null;
  const classNames = detail?.classNames ?? trained.summary.classNames;
  return (
    <div className={styles.trained} data-testid="trained-model">
      {!current && <p className={styles.muted} data-testid="grading">{t('grading', { count: trained.summary.testSamples })}</p>}
      {current?.error !== undefined && (
        <p className={styles.problem} role="alert">
          {current.error instanceof AskError ? errorWords(current.error, all) : current.error instanceof Error ? current.error.message : String(current.error)}
        </p>
      )}
      {showMetrics && detail && detail.metrics.kind === 'single' && (
        <div>
          <h3>{t('confusion')}</h3>
          <ConfusionMatrix confusion={detail.metrics.confusion} classNames={classNames}
            selected={filter.kind === 'cell' ? filter : null} onCellClick={(cell) => onFilterChange({ kind: 'cell', ...cell })} />
        </div>
      )}
      {showMetrics && detail && detail.metrics.kind === 'multi' && (
        <div>
          <h3>{t('perLabel', { count: detail.metrics.samples, percent: `${(detail.accuracy * 100).toFixed(1)}%` })}</h3>
          <PerLabelTable perLabel={detail.metrics.perLabel} classNames={classNames} />
        </div>
      )}
      <ModelResults
        inputShape={inputShape}
        classNames={classNames}
        datasetKind={trained.summary.datasetId}
        multiLabel={datasetEntry(trained.summary.datasetId)?.multiLabel ?? false}
        predict={predict}
        predictions={predictions}
        loadImages={loadImages}
        filter={filter}
        onFilterChange={onFilterChange}
      />
    </div>
  );
}
