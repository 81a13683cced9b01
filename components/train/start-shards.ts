/**
 * Starting the shard workers of data-parallel training (shard.worker.ts), for the training worker
 * and the speed probe: both time or train with the same workers. Browser-only (Web Workers).
 */
import { workerLink } from '@/lib/train/parallel/link.browser';
import type { ShardLink } from '@/lib/train/parallel/protocol';

/** Starts `count` shard workers, each with its own one-thread WASM; `who` names them in the browser's tools. */
export function startShards(count: number, who = 'layerwise-shard'): ShardLink[] {
  return Array.from({ length: count }, (_, i) => workerLink(new Worker(new URL('./shard.worker.ts', import.meta.url), { type: 'module', name: `${who}-${i + 2}` })));
}
