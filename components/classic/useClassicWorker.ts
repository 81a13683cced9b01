'use client';

import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { HogLayout } from '@/lib/classic/hog';
import type { FailureCode, FromWorker, KnnResult, RunSize, SampleDigit, Stage, SvmResult, Task, ToWorker } from './protocol';

/** What the page shows, made from the worker's messages. */
export interface ClassicState {
  readonly load:
    | { readonly kind: 'loading'; readonly received: number; readonly total: number; readonly stage: 'download' | 'inflate' }
    | { readonly kind: 'ready'; readonly trainSize: number; readonly testSize: number }
    | { readonly kind: 'failed'; readonly detail: string };
  readonly layout?: HogLayout;
  readonly cellSize?: number;
  readonly samples: readonly SampleDigit[];
  readonly running?: { readonly task: Task; readonly stage: Stage; readonly done: number; readonly total: number; readonly hingeLoss?: number };
  readonly svm?: SvmResult;
  readonly knn?: KnnResult;
  readonly failure?: { readonly task: Task; readonly code: FailureCode; readonly detail: string };
  readonly stopped: boolean;
}

export type ClassicAction =
  | { type: 'message'; message: FromWorker }
  | { type: 'start'; task: Task }
  | { type: 'restart'; stopped: boolean }
  | { type: 'crash'; detail: string };

export const CLASSIC_INITIAL: ClassicState = { load: { kind: 'loading', received: 0, total: 0, stage: 'download' }, samples: [], stopped: false };

/** The page's state after one of the worker's messages or one of the page's own steps. */
export function reduceClassic(state: ClassicState, action: ClassicAction): ClassicState {
  switch (action.type) {
    case 'start':
      return { ...state, running: { task: action.task, stage: action.task === 'svm' ? 'hog-train' : 'prepare', done: 0, total: 1 }, failure: undefined, stopped: false };
    case 'restart':
      return { ...state, load: CLASSIC_INITIAL.load, running: undefined, stopped: action.stopped };
    case 'crash':
      return state.running
        ? { ...state, running: undefined, failure: { task: state.running.task, code: 'internal', detail: action.detail } }
        : { ...state, load: { kind: 'failed', detail: action.detail } };
    case 'message': {
      const m = action.message;
      switch (m.type) {
        case 'load-progress':
          return { ...state, load: { kind: 'loading', received: m.received, total: m.total, stage: m.stage } };
        case 'loaded':
          return { ...state, load: { kind: 'ready', trainSize: m.trainSize, testSize: m.testSize }, layout: m.layout, cellSize: m.cellSize, samples: m.samples };
        case 'samples':
          return { ...state, samples: m.samples };
        case 'progress':
          return { ...state, running: { task: m.task, stage: m.stage, done: m.done, total: m.total, hingeLoss: m.hingeLoss ?? (m.stage === 'fit' ? state.running?.hingeLoss : undefined) } };
        case 'result':
          return m.result.task === 'svm' ? { ...state, running: undefined, svm: m.result } : { ...state, running: undefined, knn: m.result };
        case 'error':
          if (m.task === 'load') return { ...state, load: { kind: 'failed', detail: m.detail } };
          return { ...state, running: undefined, failure: { task: m.task, code: m.code, detail: m.detail } };
        default:
          return m satisfies never;
      }
    }
    default:
      return action satisfies never;
  }
}

/** The /classic page's worker: loads MNIST on mount, runs HOG + SVM or k-NN on demand, stops by restarting. */
export function useClassicWorker(sampleIndices: readonly number[]) {
  const [state, dispatch] = useReducer(reduceClassic, CLASSIC_INITIAL);
  const workerRef = useRef<Worker | null>(null);
  const samplesRef = useRef(sampleIndices);
  useEffect(() => {
    samplesRef.current = sampleIndices;
  }, [sampleIndices]);

  const start = useCallback((stopped: boolean) => {
    workerRef.current?.terminate();
    // The URL form lets Next's bundler emit the worker as its own entry point.
    const w = new Worker(new URL('./classic.worker.ts', import.meta.url), { type: 'module', name: 'layerwise-classic' });
    w.onmessage = (e: MessageEvent<FromWorker>) => dispatch({ type: 'message', message: e.data });
    w.onerror = (e) => {
      e.preventDefault();
      dispatch({ type: 'crash', detail: e.message || 'the worker could not be loaded' });
    };
    workerRef.current = w;
    dispatch({ type: 'restart', stopped });
    w.postMessage({ type: 'load', samples: samplesRef.current } satisfies ToWorker);
  }, []);

  useEffect(() => {
    start(false);
    return () => {
      workerRef.current?.terminate();
      workerRef.current = null;
    };
  }, [start]);

  const send = useCallback((m: ToWorker) => workerRef.current?.postMessage(m), []);
  const runSvm = useCallback((size: RunSize) => {
    dispatch({ type: 'start', task: 'svm' });
    send({ type: 'run-svm', size });
  }, [send]);
  const runKnn = useCallback((size: RunSize, k: number) => {
    dispatch({ type: 'start', task: 'knn' });
    send({ type: 'run-knn', size, k });
  }, [send]);
  const showSamples = useCallback((indices: readonly number[]) => send({ type: 'samples', samples: indices }), [send]);
  const stop = useCallback(() => start(true), [start]);
  const retry = useCallback(() => start(false), [start]);

  return { state, runSvm, runKnn, showSamples, stop, retry };
}
