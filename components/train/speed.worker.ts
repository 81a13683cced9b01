/// <reference lib="webworker" />
/**
 * The speed probe: a short-lived worker that times a few training steps of the user's graph on one
 * backend, for the time estimate shown before Start (TimeEstimate.tsx). It is apart from the
 * training worker so that the estimate never waits behind a run or a question, and it is ended
 * when a run starts, so that it never takes CPU from the run or its backend trial.
 */
import * as tf from '@tensorflow/tfjs';
import { patchWasmBackend } from '@/lib/backend/wasm';
import { setUpWasm, threadingInUse, type OneThreadReason, type WasmThreading } from '@/lib/backend/wasm/threads.browser';
import { registerWebGpuBackend } from '@/lib/backend/webgpu.browser';
import type { Graph } from '@/lib/graph/types';
import { probeTrainingSpeed } from '@/lib/train/probe';
import type { OptimizerSpec } from '@/lib/train/optimizers';

/** A request: time `graph` at `batchSize` on `backend`. */
export interface ProbeRequest {
  readonly id: number;
  readonly graph: Graph;
  readonly batchSize: number;
  readonly optimizer: OptimizerSpec;
  readonly backend: 'wasm' | 'webgl' | 'webgpu' | 'cpu';
}

export type ProbeReply =
  | {
    readonly id: number; readonly ok: true; readonly backend: string; readonly samplesPerSecond: number;
    /** On wasm: its threads, and why only one where that is so. */
    readonly threads?: number; readonly oneThreadBecause?: OneThreadReason;
  }
  | { readonly id: number; readonly ok: false; readonly message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
let threading: WasmThreading | undefined;

async function probe(request: ProbeRequest): Promise<ProbeReply> {
  threading ??= await setUpWasm('/wasm/');
  patchWasmBackend();
  if (request.backend === 'webgpu') await registerWebGpuBackend();
  if (!(await tf.setBackend(request.backend).catch(() => false))) {
    return { id: request.id, ok: false, message: `The ${request.backend} backend did not start here.` };
  }
  const result = await probeTrainingSpeed(request.graph, { batchSize: request.batchSize, optimizer: request.optimizer });
  return {
    id: request.id, ok: true, backend: request.backend, samplesPerSecond: result.samplesPerSecond,
    ...(request.backend === 'wasm' ? wasmThreads(threadingInUse(threading)) : {}),
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
      reply = { id: request.id, ok: false, message: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
    }
    scope.postMessage(reply);
  });
};
