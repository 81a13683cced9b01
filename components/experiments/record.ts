'use client';
/**
 * Turning a finished run of the training worker (useTrainer's view and series) into a RunRecord
 * for the run log, from the Train page and from the experiments alike.
 */
import { useEffect, useRef } from 'react';
import { recordRun } from '@/lib/runs/log.browser';
import { tailMean, thinSeries, type RunRecord } from '@/lib/runs/runs';
import type { Graph } from '@/lib/graph/types';
import type { TrainSettings } from '@/lib/train/settings';
import type { RunView, Series } from '@/components/train/useTrainer';

/** The record of a finished run, or undefined while it has not finished or failed before training. */
export function runRecord(args: {
  id: string; source: RunRecord['source']; experiment?: string; graph: Graph; params: number; dataset: string;
  settings: TrainSettings; view: RunView; series: Series;
}): RunRecord | undefined {
  const { view, series } = args;
  if (!view.done || series.loss.length === 0) return undefined;
  const d = view.done;
  return {
    id: args.id, source: args.source, ...(args.experiment ? { experiment: args.experiment } : {}),
    model: args.graph.meta?.name ?? 'Untitled network', ...(args.graph.meta?.preset ? { preset: args.graph.meta.preset } : {}),
    params: args.params, dataset: args.dataset, settings: args.settings,
    ...(view.backend ? { backend: view.backend.used } : {}),
    steps: series.loss.length, points: thinSeries(series.loss, series.accuracy),
    ...(d.test ? { testAccuracy: d.test.accuracy, testLoss: d.test.loss } : {}),
    ...(tailMean(series.accuracy) !== undefined ? { finalTrainAccuracy: tailMean(series.accuracy)! } : {}),
    seconds: d.trainSeconds, date: Date.now(),
  };
}

/**
 * Records each run of the Train page in the run log when it finishes (once per run), so runs can
 * be compared and lessons and challenges can check them.
 */
export function useRecordTrainRuns(graph: Graph, params: number, view: RunView, series: { current: Series }, ranWith: { settings: TrainSettings; datasetId: string } | null): void {
  const recorded = useRef<unknown>(null);
  useEffect(() => {
    if (!view.done || !ranWith || recorded.current === view.done) return;
    recorded.current = view.done;
    const rec = runRecord({
      id: `train-${Date.now().toString(36)}`, source: 'train', graph, params, dataset: ranWith.datasetId,
      settings: ranWith.settings, view, series: series.current,
    });
    if (rec) recordRun(rec);
  }, [view, ranWith, graph, params, series]);
}
