/**
 * Shards of data-parallel training in Node worker threads (shard-thread.node.ts), for the command
 * line and the benchmarks: the same leader, protocol and replica as the browser's Web Workers.
 *
 * The shard script is TypeScript: each thread first registers tsx (as bin/layerwise.mjs does for
 * the command line), then loads it.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { FromShard, ShardLink, ToShard } from './protocol';

/** The shard script, beside this file. */
const SHARD_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'shard-thread.node.ts');

/** Starts `count` worker threads, each a shard on `backend` (default WASM), and returns their links. */
export function startThreadShards(count: number, backend: 'wasm' | 'cpu' = 'wasm'): ShardLink[] {
  return Array.from({ length: count }, () => threadLink(new Worker(
    `require('tsx/cjs/api').register(); require(${JSON.stringify(SHARD_SCRIPT)});`,
    { eval: true, workerData: { backend } },
  )));
}

/** A ShardLink over a worker thread that answers each message with one FromShard, in order. */
export function threadLink(worker: Worker): ShardLink {
  const waiting: { resolve: (r: FromShard) => void; reject: (e: Error) => void }[] = [];
  let dead: Error | undefined;
  const fail = (e: Error) => {
    dead ??= e;
    for (const w of waiting.splice(0)) w.reject(dead);
  };
  worker.on('message', (reply: FromShard) => waiting.shift()?.resolve(reply));
  worker.on('error', (e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => fail(new Error(`the worker thread ended (exit code ${code})`)));
  return {
    request(message: ToShard, transfer: Transferable[] = []): Promise<FromShard> {
      if (dead) return Promise.reject(dead);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(message, transfer as never);
      });
    },
    close() {
      fail(new Error('the worker thread was ended'));
      void worker.terminate();
    },
  };
}
