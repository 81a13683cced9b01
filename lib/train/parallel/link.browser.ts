/**
 * A shard in a Web Worker (components/train/shard.worker.ts): requests go as messages with their
 * Float32Arrays transferred, answered one at a time in order. When the worker dies (an error
 * nothing caught, a script that did not load) every pending request rejects with what it said, so
 * the run stops with an error instead of waiting for ever.
 */
import type { FromShard, ShardLink, ToShard } from './protocol';

/** A ShardLink over `worker` (which must answer each message with one FromShard, in order). */
export function workerLink(worker: Worker): ShardLink {
  const waiting: { resolve: (r: FromShard) => void; reject: (e: Error) => void }[] = [];
  let dead: Error | undefined;
  const fail = (e: Error) => {
    dead ??= e;
    for (const w of waiting.splice(0)) w.reject(dead);
  };
  worker.onmessage = (event: MessageEvent<FromShard>) => waiting.shift()?.resolve(event.data);
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    fail(new Error(event.message ? event.message.replace(/^Uncaught /, '') : 'the worker could not start (its script did not load)'));
  };
  worker.onmessageerror = () => fail(new Error('a message could not be read'));
  return {
    request(message: ToShard, transfer: Transferable[] = []): Promise<FromShard> {
      if (dead) return Promise.reject(dead);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        try {
          worker.postMessage(message, transfer);
        } catch (e) {
          waiting.pop();
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    },
    close() {
      worker.terminate();
      fail(new Error('the worker was ended'));
    },
  };
}
