'use client';
/**
 * The time estimate before Start: "about 25 s per epoch, 2 min for 5 epochs", from a short
 * measurement of this graph at this batch size on the backend that will train (lib/train/estimate.ts
 * says why a measurement and not multiply-adds alone), and the graph's multiply-adds to say what
 * that speed is in GFLOP/s. The measurement runs in its own short-lived worker (speed.worker.ts) a
 * moment after the settings stop changing; that worker is ended once it has answered, and as soon as
 * a run starts, so it never takes a core or memory from the run. It also says how many threads WASM uses, and why only one where so.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import type { Graph } from '@/lib/graph/types';
import { backendLabel, type BackendFigure } from '@/lib/train/backends';
import { datasetSize, estimateRunTime, flopRate, roughDuration } from '@/lib/train/estimate';
import type { OneThreadReason } from '@/lib/backend/wasm/threads.browser';
import { measuredSpeedUp, PARALLEL_MARGIN, type WorkersMeasured } from '@/lib/train/parallel/shards';
import type { ProbeReply, ProbeRequest } from './speed.worker';
import styles from './TimeEstimate.module.css';
import { saidWords } from './said-words';

export interface TimeEstimateProps {
  readonly graph: Graph;
  /** The graph's multiply-adds per sample (analyse's totals). */
  readonly macs: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: 'adam' | 'sgd';
  readonly dataset: string;
  /** Images in the chosen folder (dataset 'folder'). */
  readonly folderImages?: number;
  /** Views per test image in the final evaluation with test-time augmentation; 0 without. */
  readonly ttaViews: number;
  /** The user's backend choice ('auto' or a name). */
  readonly backend: string;
  /** The last trial's figures: its pick is the backend 'auto' will train on. */
  readonly figures: readonly BackendFigure[];
  /** A run is under way: no measuring then. */
  readonly running: boolean;
  /** Something stops a run (a blocker is shown): nothing to estimate. */
  readonly blocked: boolean;
  /** CPU workers asked for on WASM ('auto': one per core measured against one, where worth it). */
  readonly workers: 'auto' | number;
  /** Told the workers measured for the current settings (undefined while none are), so that the run trains with them. */
  readonly onWorkers?: (workers: EstimatedWorkers | undefined) => void;
}

/** The data-parallel workers the estimate measured and picked (lib/train/parallel/shards.ts pickWorkers). */
export interface EstimatedWorkers {
  readonly workers: number;
  readonly measured: WorkersMeasured;
}

/** Milliseconds the settings must stay still before measuring. */
const SETTLE_MS = 700;

const ONE_THREAD_BECAUSE = { 'one-core': 'oneCore', 'not-isolated': 'notIsolated', 'script-missing': 'scriptMissing' } as const satisfies Record<OneThreadReason, string>;

export function TimeEstimate(p: TimeEstimateProps) {
  const t = useTranslations('speed');
  const all = useTranslations();
  const format = useFormatter();
  const best = p.figures.find((f) => f.status === 'ok');
  const backend = (p.backend !== 'auto' ? p.backend : best?.backend ?? 'wasm') as ProbeRequest['backend'];
  const key = useMemo(() => JSON.stringify([p.graph.nodes, p.graph.edges, p.graph.blocks, p.batchSize, p.optimizer, backend, p.workers]), [p.graph, p.batchSize, p.optimizer, backend, p.workers]);
  const [replies, setReplies] = useState<ReadonlyMap<string, ProbeReply>>(new Map());
  const worker = useRef<Worker | null>(null);
  const keys = useRef(new Map<number, string>());
  const nextId = useRef(1);

  // End the probe while a run trains (and when the panel goes away).
  useEffect(() => {
    if (!p.running) return;
    worker.current?.terminate();
    worker.current = null;
  }, [p.running]);
  useEffect(() => () => worker.current?.terminate(), []);

  const reply = replies.get(key);
  const { graph, batchSize, optimizer, running, blocked, workers } = p;
  useEffect(() => {
    if (running || blocked || replies.has(key)) return;
    const timer = setTimeout(() => {
      if (!worker.current) {
        const w = new Worker(new URL('./speed.worker.ts', import.meta.url), { type: 'module', name: 'layerwise-speed-probe' });
        w.onmessage = (e: MessageEvent<ProbeReply>) => {
          const k = keys.current.get(e.data.id);
          keys.current.delete(e.data.id);
          if (k) setReplies((m) => new Map(m).set(k, e.data));
          // Nothing more asked: end the worker, and WASM's thread pool with it (memory, cores).
          if (keys.current.size === 0 && worker.current === w) {
            w.terminate();
            worker.current = null;
          }
        };
        worker.current = w;
      }
      const id = nextId.current++;
      keys.current.set(id, key);
      const request: ProbeRequest = { id, graph, batchSize, backend, optimizer: optimizer === 'sgd' ? { kind: 'sgd', momentum: 0.9 } : { kind: 'adam' }, ...(workers !== 'auto' ? { workers } : {}) };
      worker.current.postMessage(request);
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key, running, blocked, replies, graph, batchSize, optimizer, backend, workers]);

  const { onWorkers } = p;
  const picked = !blocked && reply?.ok && reply.workersMeasured ? reply : undefined;
  useEffect(() => {
    onWorkers?.(picked?.workersMeasured ? { workers: picked.workers ?? 1, measured: picked.workersMeasured } : undefined);
  }, [picked, onWorkers]);

  if (p.blocked) return null;
  const size = datasetSize(p.dataset, p.folderImages);
  if (!size) return null;
  if (!reply) {
    return <p className={styles.estimate} data-testid="time-estimate" data-state="measuring">{t('estimate.measuring', { backend: backendLabel(backend) })}</p>;
  }
  if (!reply.ok) {
    return <p className={styles.estimate} data-testid="time-estimate" data-state="failed">{t('estimate.failed', { message: reply.said ? saidWords(reply.said, all) : reply.message })}</p>;
  }
  const estimate = estimateRunTime({ ...size, epochs: p.epochs, ttaViews: p.ttaViews }, reply.samplesPerSecond);
  if (!estimate) return null;
  const number = (v: number, digits = 0) => format.number(v, { maximumFractionDigits: digits });
  /** "25 s", "2.5 min", "1 h 20 min", in the page's language. */
  const duration = (seconds: number): string => {
    const d = roughDuration(seconds);
    if (!d) return '—';
    switch (d.unit) {
      case 's': return t('estimate.seconds', { value: number(d.seconds) });
      case 'min': return t('estimate.minutes', { value: number(d.minutes, 1) });
      case 'h': return d.minutes === 0 ? t('estimate.hours', { hours: number(d.hours) }) : t('estimate.hoursMinutes', { hours: number(d.hours), minutes: number(d.minutes) });
    }
  };
  const text = p.epochs === 1
    ? t('estimate.oneEpoch', { total: duration(estimate.totalSeconds) })
    : t('estimate.perEpoch', { epoch: duration(estimate.epochSeconds), total: duration(estimate.totalSeconds), epochs: p.epochs });
  const gflops = flopRate(reply.samplesPerSecond, p.macs);
  const threadsText = reply.threads === undefined ? ''
    : reply.threads > 1 ? t('threads.many', { count: reply.threads })
      : reply.oneThreadBecause ? t('threads.oneBecause', { why: t(`threads.${ONE_THREAD_BECAUSE[reply.oneThreadBecause]}`) })
        : t('threads.one');
  const m = reply.workersMeasured;
  const workersText = !m ? ''
    : (reply.workers ?? 1) > 1 ? t('workers.many', { count: reply.workers ?? 1, one: number(m.oneWorker) })
      : t('workers.one', { count: m.candidate, ratio: number(measuredSpeedUp(m), 2), margin: number(PARALLEL_MARGIN, 1) });
  return (
    <p className={styles.estimate} data-testid="time-estimate" data-state="ready" data-backend={reply.backend} data-workers={reply.workers ?? 1}
      data-samples-per-second={reply.samplesPerSecond} data-epoch-seconds={estimate.epochSeconds} data-total-seconds={estimate.totalSeconds}>
      {t.rich('estimate.ready', {
        estimate: text, rate: number(reply.samplesPerSecond), gflops: number(gflops, gflops < 10 ? 1 : 0), backend: backendLabel(reply.backend), threadsText, workersText,
        b: (chunks) => <strong>{chunks}</strong>,
        threads: (chunks) => (reply.threads !== undefined ? <span data-testid="wasm-threads" data-threads={reply.threads}>{chunks}</span> : null),
        workers: (chunks) => (m ? <span data-testid="estimate-workers" data-candidate={m.candidate} data-one-worker={m.oneWorker} data-many-workers={m.manyWorkers}>{chunks}</span> : null),
      })}
    </p>
  );
}
