/**
 * A shard of data-parallel training in a Node worker thread (link.node.ts starts it): the Node
 * counterpart of components/train/shard.worker.ts. It sets up its backend (WASM with the
 * project's kernels, one thread; or the CPU backend), then answers the messages of protocol.ts
 * through a ShardServer, one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '../../backend/wasm';
import type { FromShard, ToShard } from './protocol';
import { ShardServer } from './replica';

const backend = (workerData as { backend?: string } | undefined)?.backend ?? 'wasm';
const ready: Promise<void> = (async () => {
  if (backend === 'wasm') patchWasmBackend();
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start in this worker thread`);
})();

const server = new ShardServer();
let queue: Promise<void> = Promise.resolve();
parentPort!.on('message', (message: ToShard) => {
  queue = queue.then(async () => {
    try {
      await ready;
    } catch (e) {
      parentPort!.postMessage({ type: 'failed', kind: 'backend', message: e instanceof Error ? e.message : String(e) } satisfies FromShard);
      return;
    }
    const { reply, transfer } = server.handle(message);
    parentPort!.postMessage(reply, transfer);
  });
});
