'use client';
/**
 * The page side of the training worker: owns it, opens the page's graph in it (so its model
 * session follows the graph), turns its messages into state for the panel, and asks the kept
 * model questions (`ask`, a promise per question). The per-batch series (loss, accuracy) live
 * outside React state, and the panel is redrawn at most every REDRAW_MS while batches arrive: a
 * small model trains 30–40 batches a second, and redrawing the panel and its charts for each (even
 * once per animation frame) left frames of 100–570 ms on a 2-core machine (bench:browser).
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { BackendFigure } from '@/lib/train/backends';
import type { BatchEvent } from '@/lib/train/loop';
import type { Graph } from '@/lib/graph/types';
import type { SessionStatus } from '@/lib/train/session-types';
import type { Answers, BackendReport, DatasetInfo, DoneReport, EpochReport, FromWorker, LoadProgress, Phase, Question, QuestionKind, ToWorker, TrainConfig, WorkerError } from './protocol';
import { english, say, type Said } from '@/lib/train/said';

export interface RunView {
  readonly phase: Phase;
  /** What the phase is doing ("Timing WASM…"), as lib's sentence. */
  readonly detail?: Said;
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
  readonly error?: WorkerError;
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

/** An error from a question, with its kind (lib/train/errors.ts) and, when lib said it so, its Said. */
export class AskError extends Error {
  constructor(readonly kind: WorkerError['kind'], message: string, readonly said?: Said) {
    super(message);
  }
}

/** The panel and its charts are redrawn at most this often (ms) while batches arrive: 4 a second. */
export const REDRAW_MS = 250;

const IDLE: RunView = { phase: 'idle', skipped: 0, figures: [], epochs: [] };

type RunMessage = Exclude<FromWorker, { type: 'session' } | { type: 'answer' }>;
type Action = { type: 'reset'; epochs?: readonly EpochReport[] } | { type: 'message'; message: RunMessage } | { type: 'fail'; said: Said } | { type: 'cancel' }
  | { type: 'history'; epochs: readonly EpochReport[] };

function reduce(view: RunView, action: Action): RunView {
  if (action.type === 'reset') return { ...IDLE, phase: 'loading', detail: say('train.worker.starting'), epochs: action.epochs ?? [] };
  if (action.type === 'cancel') return { ...view, phase: 'done', cancelled: true, detail: undefined };
  if (action.type === 'fail') return { ...view, phase: 'done', error: { kind: 'internal', message: english(action.said), said: action.said } };
  if (action.type === 'history') return { ...IDLE, epochs: action.epochs };
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
      return { ...view, phase: 'done', error: m.error, detail: undefined };
  }
}

/**
 * Runs the training worker for `graph`: returns the run's view, the live series (a ref, read when
 * drawing), the session's status, the run controls, and `ask` for questions to the kept model.
 */
export function useTrainer(graph: Graph | undefined) {
  const [view, dispatch] = useReducer(reduce, IDLE);
  const [session, setSession] = useState<SessionStatus | undefined>(undefined);
  const workerRef = useRef<Worker | null>(null);
  const series = useRef<Series>({ x: [], loss: [], accuracy: [] });
  // Bumped at most every REDRAW_MS while batches arrive, to redraw the charts.
  const [seriesVersion, setSeriesVersion] = useState(0);
  const redraw = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastRedraw = useRef(-Infinity);
  const pendingBatch = useRef<BatchEvent | null>(null);
  const waiting = useRef(new Map<number, { resolve: (a: unknown) => void; reject: (e: Error) => void }>());
  const nextId = useRef(1);
  const graphRef = useRef(graph);

  const flush = useCallback(() => {
    redraw.current = null;
    lastRedraw.current = performance.now();
    const b = pendingBatch.current;
    pendingBatch.current = null;
    if (b) dispatch({ type: 'message', message: { type: 'batch', event: b } });
    setSeriesVersion((v) => v + 1);
  }, []);

  const onMessage = useCallback((event: MessageEvent<FromWorker>) => {
    const m = event.data;
    if (m.type === 'session') {
      setSession(m.status);
      return;
    }
    if (m.type === 'answer') {
      const w = waiting.current.get(m.id);
      waiting.current.delete(m.id);
      if (w) {
        if (m.ok) w.resolve(m.answer);
        else w.reject(new AskError(m.error.kind, m.error.message, m.error.said));
      }
      return;
    }
    if (m.type === 'batch') {
      const e = m.event;
      const s = series.current;
      s.x.push(e.epoch + (e.batch + 1) / e.batchesPerEpoch);
      s.loss.push(e.loss);
      s.accuracy.push(e.accuracy);
      pendingBatch.current = e;
      if (redraw.current === null) redraw.current = setTimeout(flush, Math.max(0, lastRedraw.current + REDRAW_MS - performance.now()));
      return;
    }
    // Let the last batch land before the end of an epoch, a pause or the run.
    if (redraw.current !== null) {
      clearTimeout(redraw.current);
      flush();
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
      dispatch({ type: 'fail', said: say('errors.train.workerStopped', { error: e.message || say('errors.train.workerNotLoaded') }) });
      const ended = say('errors.train.workerEnded');
      for (const p of waiting.current.values()) p.reject(new AskError('internal', english(ended), ended));
      waiting.current.clear();
      w.terminate();
      workerRef.current = null;
    };
    workerRef.current = w;
    if (graphRef.current) w.postMessage({ type: 'open', graph: graphRef.current } satisfies ToWorker);
    return w;
  }, [onMessage]);

  // The worker follows the page's graph: its session keeps, restores or drops weights by it.
  useEffect(() => {
    graphRef.current = graph;
    if (!graph) return;
    if (workerRef.current) workerRef.current.postMessage({ type: 'open', graph } satisfies ToWorker);
    else worker();
  }, [graph, worker]);

  useEffect(() => () => {
    workerRef.current?.terminate();
    workerRef.current = null;
    if (redraw.current !== null) clearTimeout(redraw.current);
  }, []);

  const send = useCallback((m: ToWorker) => worker().postMessage(m), [worker]);

  /** Starts a run (with `config.resume`, from the checkpoint; its finished epochs are drawn again). */
  const start = useCallback((g: Graph, config: TrainConfig, earlier: readonly EpochReport[] = []) => {
    series.current = { x: [], loss: [], accuracy: [] };
    setSeriesVersion((v) => v + 1);
    dispatch({ type: 'reset', epochs: earlier });
    send({ type: 'train', graph: g, config });
  }, [send]);

  const pause = useCallback(() => send({ type: 'pause' }), [send]);
  const resume = useCallback(() => send({ type: 'resume' }), [send]);

  /**
   * Stops after the current batch while training (the weights so far are tested). Before
   * training starts (loading, measuring) there is nothing to keep: the worker is ended at once
   * (and a new one opens the graph again).
   */
  const stop = useCallback((phase: Phase) => {
    if (phase === 'training' || phase === 'paused') {
      send({ type: 'stop' });
      return;
    }
    workerRef.current?.terminate();
    workerRef.current = null;
    dispatch({ type: 'cancel' });
    worker();
  }, [send, worker]);

  /** Asks the kept model a question; rejects with an AskError (its kind and message for people). */
  const ask = useCallback(<K extends QuestionKind>(question: Extract<Question, { kind: K }>): Promise<Answers[K]> => {
    const id = nextId.current++;
    return new Promise<Answers[K]>((resolve, reject) => {
      waiting.current.set(id, { resolve: resolve as (a: unknown) => void, reject });
      send({ type: 'ask', id, question });
    });
  }, [send]);

  /** Shows the curves of a run's finished epochs (weights restored after a reload). */
  const showHistory = useCallback((epochs: readonly EpochReport[]) => dispatch({ type: 'history', epochs }), []);

  return { view, series, seriesVersion, session, start, pause, resume, stop, ask, showHistory };
}
