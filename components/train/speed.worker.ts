/// <reference lib="webworker" />
/**
 * The speed probe: a short-lived worker that times a few training steps of the user's graph on one
 * backend, for the time estimate shown before Start (TimeEstimate.tsx). It is apart from the
 * training worker so that the estimate never waits behind a run or a question, and it is ended
 * when a run starts, so that it never takes CPU from the run or its backend trial.
 */
import { english, say, type Said } from '@/lib/train/said';
import { TrainError } from '@/lib/train/errors';
import { backendLabel } from '@/lib/train/backends';
import * as tf from '@tensorflow/tfjs';
import { patchWasmBackend } from '@/lib/backend/wasm';
import { setUpWasm, threadingInUse, type OneThreadReason, type WasmThreading } from '@/lib/backend/wasm/threads.browser';
import { registerWebGpuBackend } from '@/lib/backend/webgpu.browser';
import type { Graph } from '@/lib/graph/types';
import { probeStepRun, probeTrainingSpeed } from '@/lib/train/probe';
import type { StepRun } from '@/lib/train/backends';
import { timeAlternately, WORKERS_TRIAL, type WorkersTrial } from '@/lib/train/parallel/trial';
import type { OptimizerSpec } from '@/lib/train/optimizers';
import { MIN_SHARD_ROWS } from '@/lib/train/parallel/leader';
import { dataParallelWorkers, pickWorkers, workersToMeasure, type WorkersMeasured, type WorkersQuestion } from '@/lib/train/parallel/shards';
import { startShards } from './start-shards';

/** A request: time `graph` at `batchSize` on `backend`. */
export interface ProbeRequest {
  readonly id: number;
  readonly graph: Graph;
  readonly batchSize: number;
  readonly optimizer: OptimizerSpec;
  readonly backend: 'wasm' | 'webgl' | 'webgpu' | 'cpu';
  /** CPU workers asked for (a count); absent: one per core measured against one, where worth it. */
  readonly workers?: number;
}

export type ProbeReply =
  | {
    readonly id: number; readonly ok: true; readonly backend: string; readonly samplesPerSecond: number;
    /** On wasm: its threads, and why only one where that is so. */
    readonly threads?: number; readonly oneThreadBecause?: OneThreadReason;
    /**
     * Data-parallel workers the run should train with (pickWorkers), when N workers were measured
     * against one; `samplesPerSecond` is then the speed of that many.
     */
    readonly workers?: number; readonly workersMeasured?: WorkersMeasured;
  }
  /** `message` in English; `said` the same as data when lib said it so. */
  | { readonly id: number; readonly ok: false; readonly message: string; readonly said?: Said };

const scope = self as unknown as DedicatedWorkerGlobalScope;
let threading: WasmThreading | undefined;
/** The cores the browser reports, read before the threaded build's set-up changes what this worker sees (threads.browser.ts). */
const cores = Math.max(1, navigator.hardwareConcurrency || 1);

async function probe(request: ProbeRequest): Promise<ProbeReply> {
  threading ??= await setUpWasm('/wasm/');
  patchWasmBackend();
  if (request.backend === 'webgpu') await registerWebGpuBackend();
  if (!(await tf.setBackend(request.backend).catch(() => false))) {
    const said = say('train.worker.probeBackend', { backend: backendLabel(request.backend) });
    return { id: request.id, ok: false, message: english(said), said };
  }
  const options = { batchSize: request.batchSize, optimizer: request.optimizer };
  const threads: { threads?: number; oneThreadBecause?: OneThreadReason } = request.backend === 'wasm' ? wasmThreads(threadingInUse(threading)) : {};
  const question: WorkersQuestion = {
    cores, backend: request.backend, wasmThreads: threads.threads ?? 1, batchSize: request.batchSize, minShard: MIN_SHARD_ROWS,
    ...(request.workers !== undefined ? { requested: request.workers } : {}),
  };
  const candidate = workersToMeasure(question);
  if (candidate === undefined) {
    // A count asked for: time that many, as the run will train.
    const asked = dataParallelWorkers(question);
    const speed = await probeTrainingSpeed(request.graph, { ...options, ...(asked > 1 ? { shards: () => startShards(asked - 1, 'layerwise-probe-shard') } : {}) });
    return { id: request.id, ok: true, backend: request.backend, samplesPerSecond: speed.samplesPerSecond, ...threads, ...(asked > 1 ? { workers: asked } : {}) };
  }
  if (candidate <= 1) {
    const result = await probeTrainingSpeed(request.graph, options);
    return { id: request.id, ok: true, backend: request.backend, samplesPerSecond: result.samplesPerSecond, ...threads };
  }
  // The run would measure N workers against one (train.worker.ts): measure them here, the same
  // way, in turning rounds (lib/train/parallel/trial.ts), and the run trains with the pick.
  const one = await probeStepRun(request.graph, options);
  let many: StepRun | undefined;
  let trial: WorkersTrial;
  try {
    many = await probeStepRun(request.graph, { ...options, shards: () => startShards(candidate - 1, 'layerwise-probe-shard') });
    trial = await timeAlternately(one, many, WORKERS_TRIAL);
  } catch (e) {
    trial = { ok: false, message: e instanceof Error ? e.message : String(e) };
  } finally {
    one.dispose();
    many?.dispose();
  }
  if (!trial.ok) {
    // A shard that failed: one worker, timed alone, and nothing measured to show or pass on (as the run decides).
    const result = await probeTrainingSpeed(request.graph, options);
    return { id: request.id, ok: true, backend: request.backend, samplesPerSecond: result.samplesPerSecond, ...threads };
  }
  const workersMeasured: WorkersMeasured = { candidate, oneWorker: trial.one, manyWorkers: trial.many };
  const workers = pickWorkers(candidate, trial.one, trial.many);
  return {
    id: request.id, ok: true, backend: request.backend, samplesPerSecond: workers > 1 ? trial.many : trial.one, ...threads, workers, workersMeasured,
  };
}

function wasmThreads(t: WasmThreading): { threads: number; oneThreadBecause?: OneThreadReason } {
  return { threads: t.threads, ...(t.oneThreadBecause ? { oneThreadBecause: t.oneThreadBecause } : {}) };
}

// One request at a time, in order: a newer one supersedes nothing already running.
let queue = Promise.resolve();
scope.onmessage = (event: MessageEvent<ProbeRequest>) => {
  const request = event.data;
  queue = queue.then(async () => {
    let reply: ProbeReply;
    try {
      reply = await probe(request);
    } catch (e) {
      reply = { id: request.id, ok: false, message: e instanceof Error ? e.message.split('\n')[0]! : String(e), ...(e instanceof TrainError && e.said ? { said: e.said } : {}) };
    }
    scope.postMessage(reply);
  });
};
