'use client';
/**
 * The page side of a training run: owns the worker, turns its messages into state for the panel,
 * and keeps the per-batch series (loss, accuracy) outside React state so that a run of thousands
 * of batches re-renders the charts a few times a second, not once per batch.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { BackendFigure } from '@/lib/train/backends';
import type { BatchEvent } from '@/lib/train/loop';
import type { Graph } from '@/lib/graph/types';
import type { BackendReport, DatasetInfo, DoneReport, EpochReport, ErrorKind, FromWorker, LoadProgress, Phase, ToWorker, TrainConfig } from './protocol';

export interface RunView {
  readonly phase: Phase;
  readonly detail?: string;
  /** While the data loads: bytes received of total (MNIST's download). */
  readonly loadProgress?: LoadProgress;
  readonly dataset?: DatasetInfo;
  readonly skipped: number;
  /** Backend figures as they are measured (the trial), then the final report. */
  readonly figures: readonly BackendFigure[];
  readonly backend?: BackendReport;
  readonly last?: BatchEvent;
  readonly epochs: readonly EpochReport[];
  readonly done?: DoneReport;
  readonly error?: { readonly kind: ErrorKind; readonly message: string };
  /** Stopped by the user before training began. */
  readonly cancelled?: boolean;
}

/** The per-batch series, appended to in place (read by the charts on each redraw). */
export interface Series {
  /** Global batch index / batches per epoch: the x of each point, in epochs. */
  readonly x: number[];
  readonly loss: number[];
  readonly accuracy: number[];
}

export interface BenchResult {
  readonly rounds: readonly (readonly BackendFigure[])[];
  readonly userAgent: string;
}

const IDLE: RunView = { phase: 'idle', skipped: 0, figures: [], epochs: [] };

type Action = { type: 'reset' } | { type: 'message'; message: FromWorker } | { type: 'fail'; message: string } | { type: 'cancel' };

function reduce(view: RunView, action: Action): RunView {
  if (action.type === 'reset') return { ...IDLE, phase: 'loading', detail: 'Starting…' };
  if (action.type === 'cancel') return { ...view, phase: 'done', cancelled: true, detail: undefined };
  if (action.type === 'fail') return { ...view, phase: 'done', error: { kind: 'internal', message: action.message } };
  const m = action.message;
  switch (m.type) {
    case 'phase':
      return { ...view, phase: m.phase, detail: m.detail, loadProgress: m.progress };
    case 'dataset':
      return { ...view, dataset: m.info, skipped: m.skipped };
    case 'figure':
      return { ...view, figures: [...view.figures, m.figure] };
    case 'backend':
      return { ...view, backend: m.report, figures: m.report.ranking ?? view.figures };
    case 'batch':
      return { ...view, last: m.event };
    case 'epoch':
      return { ...view, epochs: [...view.epochs, m.report] };
    case 'done':
      return { ...view, phase: 'done', done: m.report, detail: undefined };
    case 'error':
      return { ...view, phase: 'done', error: { kind: m.kind, message: m.message }, detail: undefined };
    case 'bench-result':
      return { ...view, phase: 'done', detail: undefined };
  }
}

/** Runs training in a worker; returns the view, the live series (a ref, read when drawing) and the controls. */
export function useTrainer() {
  const [view, dispatch] = useReducer(reduce, IDLE);
  const workerRef = useRef<Worker | null>(null);
  const series = useRef<Series>({ x: [], loss: [], accuracy: [] });
  // Bumped at most once per animation frame while batches arrive, to redraw the charts.
  const [seriesVersion, setSeriesVersion] = useState(0);
  const frame = useRef<number | null>(null);
  const pendingBatch = useRef<BatchEvent | null>(null);

  const flush = useCallback(() => {
    frame.current = null;
    const b = pendingBatch.current;
    pendingBatch.current = null;
    if (b) dispatch({ type: 'message', message: { type: 'batch', event: b } });
    setSeriesVersion((v) => v + 1);
  }, []);

  const benchWaiter = useRef<{ resolve: (r: BenchResult) => void; reject: (e: Error) => void } | null>(null);

  const onMessage = useCallback((event: MessageEvent<FromWorker>) => {
    const m = event.data;
    if (m.type === 'bench-result') {
      benchWaiter.current?.resolve({ rounds: m.rounds, userAgent: m.userAgent });
      benchWaiter.current = null;
      return;
    }
    if (m.type === 'error' && benchWaiter.current) {
      benchWaiter.current.reject(new Error(m.message));
      benchWaiter.current = null;
    }
    if (m.type === 'batch') {
      const e = m.event;
      const s = series.current;
      s.x.push(e.epoch + (e.batch + 1) / e.batchesPerEpoch);
      s.loss.push(e.loss);
      s.accuracy.push(e.accuracy);
      pendingBatch.current = e;
      if (frame.current === null) frame.current = requestAnimationFrame(flush);
      return;
    }
    if (m.type === 'done' || m.type === 'error' || m.type === 'epoch' || m.type === 'phase') {
      // Let the last batch land before the end of an epoch, a pause or the run.
      if (frame.current !== null) {
        cancelAnimationFrame(frame.current);
        flush();
      }
    }
    dispatch({ type: 'message', message: m });
  }, [flush]);

  const worker = useCallback((): Worker => {
    if (workerRef.current) return workerRef.current;
    // The URL form lets Next's bundler (Turbopack) emit the worker as its own entry point.
    const w = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'layerwise-train' });
    w.onmessage = onMessage;
    w.onerror = (e) => {
      e.preventDefault();
      dispatch({ type: 'fail', message: `The training worker stopped: ${e.message || 'it could not be loaded'}. Reload the page and try again.` });
      w.terminate();
      workerRef.current = null;
    };
    workerRef.current = w;
    return w;
  }, [onMessage]);

  useEffect(() => () => {
    workerRef.current?.terminate();
    workerRef.current = null;
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  const send = useCallback((m: ToWorker) => worker().postMessage(m), [worker]);

  const start = useCallback((graph: Graph, config: TrainConfig) => {
    series.current = { x: [], loss: [], accuracy: [] };
    setSeriesVersion((v) => v + 1);
    dispatch({ type: 'reset' });
    send({ type: 'start', graph, config });
  }, [send]);

  const pause = useCallback(() => send({ type: 'pause' }), [send]);
  const resume = useCallback(() => send({ type: 'resume' }), [send]);

  /**
   * Stops after the current batch while training (the weights so far are tested). Before
   * training starts (loading, measuring) there is nothing to keep: the worker is ended at once.
   */
  const stop = useCallback((phase: Phase) => {
    if (phase === 'training' || phase === 'paused') {
      send({ type: 'stop' });
      return;
    }
    workerRef.current?.terminate();
    workerRef.current = null;
    dispatch({ type: 'cancel' });
  }, [send]);

  /** Times every backend `rounds` times (for bench/browser-train.ts); resolves with the figures. */
  const bench = useCallback((graph: Graph, config: TrainConfig, warmupSteps: number, timedSteps: number, rounds: number) => {
    return new Promise<BenchResult>((resolve, reject) => {
      benchWaiter.current = { resolve, reject };
      dispatch({ type: 'reset' });
      send({ type: 'bench', graph, config, warmupSteps, timedSteps, rounds });
    });
  }, [send]);

  return { view, series, seriesVersion, start, pause, resume, stop, bench };
}
