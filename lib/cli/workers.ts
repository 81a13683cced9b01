/**
 * How many workers `layerwise train` trains with, and the line that says why. The rule is the
 * app's (lib/train/parallel/shards.ts): `--workers` decides when given; otherwise, from batch 64
 * on a machine with more than one core, a few steps of the real model are timed with one worker
 * per core and with one, and the run takes the workers only when they measured at least 1.1×.
 * The timing itself (worker threads) is the caller's: this file stays free of Node.
 */
import { dataParallelWorkers, MAX_WORKERS, MIN_MEASURED_BATCH, PARALLEL_MARGIN, pickWorkers, workersToMeasure, type WorkersQuestion, type WorkersRequest } from '../train/parallel/shards';
import type { WorkersTrial } from '../train/parallel/trial';
import { formatCount } from './text';

/** The workers a run trains with (1: this thread alone) and how that was decided. */
export type WorkersDecision = { readonly workers: number } & (
  /** `--workers` given; `limit` when fewer than asked can train. */
  | { readonly how: 'asked'; readonly requested: WorkersRequest; readonly limit?: 'backend' | 'max' | 'batch' }
  /** Nothing asked and nothing worth measuring. */
  | { readonly how: 'not-measured'; readonly why: 'backend' | 'batch' | 'one-core' }
  /** Nothing asked: `candidate` workers timed against one. */
  | { readonly how: 'measured'; readonly candidate: number; readonly trial: WorkersTrial }
);

/**
 * Decides the workers for `q` (its `requested` is `--workers`, absent when not given); `measure`
 * times `candidate` workers against one and is called only when the rule asks for a measurement.
 */
export async function decideWorkers(q: WorkersQuestion, measure: (candidate: number) => Promise<WorkersTrial>): Promise<WorkersDecision> {
  const candidate = workersToMeasure(q);
  if (candidate === undefined) {
    const workers = dataParallelWorkers(q);
    const wanted = q.requested === 'cores' ? Math.max(1, Math.floor(q.cores)) : q.requested!;
    if (workers >= wanted) return { workers, how: 'asked', requested: q.requested! };
    const limit = q.backend !== 'wasm' || q.wasmThreads > 1 ? 'backend' : workers === MAX_WORKERS ? 'max' : 'batch';
    return { workers, how: 'asked', requested: q.requested!, limit };
  }
  if (candidate <= 1) {
    const why = q.backend !== 'wasm' || q.wasmThreads > 1 ? 'backend' : q.batchSize < MIN_MEASURED_BATCH ? 'batch' : 'one-core';
    return { workers: 1, how: 'not-measured', why };
  }
  const trial = await measure(candidate);
  const workers = trial.ok ? pickWorkers(candidate, trial.one, trial.many) : 1;
  return { workers, how: 'measured', candidate, trial };
}


const plural = (n: number): string => `${n} worker${n === 1 ? '' : 's'}`;

/**
 * The decision in one line, e.g. "2 workers (measured 1,420 vs 1,010 samples/s with one)" or
 * "1 worker: 2 workers measured 0.97× one (…)". `q` is the question it answered.
 */
export function describeWorkers(d: WorkersDecision, q: WorkersQuestion): string {
  const asked = q.requested === 'cores' ? 'auto' : String(q.requested);
  switch (d.how) {
    case 'asked':
      switch (d.limit) {
        case undefined:
          return `${plural(d.workers)}${q.requested === 'cores' ? ', one per core' : ''}, as asked (--workers ${asked}).`;
        case 'backend':
          return `1 worker: the ${q.backend} backend trains in one thread; --workers ${asked} needs wasm.`;
        case 'max':
          return `${plural(d.workers)} (--workers ${asked}): at most ${MAX_WORKERS}, each holds a copy of the model.`;
        case 'batch':
          return `${plural(d.workers)} (--workers ${asked}): a batch of ${q.batchSize} gives shards of at least ${q.minShard} rows to ${plural(d.workers)} at most.`;
      }
      break;
    case 'not-measured':
      switch (d.why) {
        case 'backend':
          return `1 worker: the ${q.backend} backend trains in one thread.`;
        case 'batch':
          return `1 worker: below batch ${MIN_MEASURED_BATCH} a second worker gains little, so it was not measured (--workers 2 asks for two).`;
        case 'one-core':
          return '1 worker: this machine has one core.';
      }
      break;
    case 'measured': {
      if (!d.trial.ok) return `1 worker: the trial of ${plural(d.candidate)} against one failed (${d.trial.message.replace(/\.$/, '')}).`;
      const speeds = `${formatCount(d.trial.many)} vs ${formatCount(d.trial.one)} samples/s with one`;
      if (d.workers > 1) return `${plural(d.workers)} (measured ${speeds}).`;
      return `1 worker: ${plural(d.candidate)} measured ${(d.trial.many / d.trial.one).toFixed(2)}× one (${speeds}; ${PARALLEL_MARGIN}× needed).`;
    }
  }
  return `${plural(d.workers)}.`;
}
