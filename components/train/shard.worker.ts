/// <reference lib="webworker" />
/**
 * A shard worker of data-parallel training: started by the training worker (train.worker.ts) when
 * a run trains on one-thread WASM on a machine with several cores, one per core besides the
 * training worker itself. It holds a replica of the run's model and answers the messages of
 * lib/train/parallel/protocol.ts through a ShardServer (lib/train/parallel/replica.ts); this file
 * is only the browser's part: WASM's files, one thread, the message queue.
 *
 * One thread on purpose: the workers are the parallelism (each takes a core), and WASM's
 * threaded build would need the page cross-origin isolated.
 */
import * as tf from '@tensorflow/tfjs';
import { patchWasmBackend } from '@/lib/backend/wasm';
import { setUpWasm } from '@/lib/backend/wasm/threads.browser';
import type { FromShard, ToShard } from '@/lib/train/parallel/protocol';
import { ShardServer } from '@/lib/train/parallel/replica';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const ready: Promise<void> = (async () => {
  await setUpWasm('/wasm/', 1);
  patchWasmBackend();
  if (!(await tf.setBackend('wasm'))) throw new Error('WASM did not start in this worker');
})();

const server = new ShardServer();
/** Messages are answered one at a time, in order (the leader waits for each answer). */
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<ToShard>) => {
  queue = queue.then(async () => {
    try {
      await ready;
    } catch (e) {
      scope.postMessage({ type: 'failed', kind: 'backend', message: `WASM did not start in a training worker (${e instanceof Error ? e.message : String(e)})` } satisfies FromShard);
      return;
    }
    const { reply, transfer } = server.handle(event.data);
    scope.postMessage(reply, transfer);
  });
};
