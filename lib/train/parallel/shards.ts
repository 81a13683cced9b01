/**
 * The arithmetic of synchronous data-parallel training, pure (no tfjs): how a batch is cut into
 * shards, how much each shard's loss weighs in the batch's, and the weighted average of the
 * shards' flat gradients (and BatchNorm moving statistics).
 *
 * Why averaging is exact: a step's loss is a weighted mean over the batch, L = Σᵢ wᵢ·ℓᵢ / Σᵢ wᵢ
 * (wᵢ = 1 for every loss but class-weighted cross-entropy, where wᵢ is the weight of sample i's
 * class). Cut the batch into shards S₁…Sₙ with Wₛ = Σ_{i∈Sₛ} wᵢ; each shard's loss is
 * Lₛ = Σ_{i∈Sₛ} wᵢ·ℓᵢ / Wₛ, so L = Σₛ (Wₛ/W)·Lₛ and, gradients being linear, ∇L = Σₛ (Wₛ/W)·∇Lₛ.
 * This holds exactly when samples do not interact: BatchNorm in training mode normalises each
 * shard by its own statistics (as multi-GPU training without SyncBN does), and Dropout draws its
 * own masks in each shard, so with them the result is a (statistically equivalent) different step.
 */

/** Samples per shard of a batch: the batch in at most `shards` parts, none below `minShard` samples, as even as can be, largest first. */
export function shardSizes(batchSize: number, shards: number, minShard = 1): number[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) return [];
  const parts = Math.max(1, Math.min(Math.floor(shards), Math.floor(batchSize / Math.max(1, minShard))));
  const base = Math.floor(batchSize / parts);
  const extra = batchSize - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Samples per shard when the first shard (the leader's) takes `extra` rows more than an even share
 * (negative: fewer), the rest spread evenly over the others, largest first; every shard keeps at
 * least `minShard` rows. With `extra` 0, shardSizes' even cut.
 */
export function balancedSizes(batchSize: number, shards: number, minShard: number, extra: number): number[] {
  const even = shardSizes(batchSize, shards, minShard);
  const n = even.length;
  if (n < 2 || !Number.isFinite(extra) || Math.round(extra) === 0) return even;
  const least = Math.max(1, minShard);
  const leader = Math.min(batchSize - (n - 1) * least, Math.max(least, Math.round(batchSize / n + extra)));
  return [leader, ...shardSizes(batchSize - leader, n - 1, least)];
}

/** What one data-parallel step took, from its start (milliseconds), for nextExtraRows. */
export interface StepTiming {
  /** When the leader had its own rows' gradients (after sending the shards theirs). */
  readonly leaderDoneMs: number;
  /** When the last shard's gradients arrived (before the leader's own, if the shards were faster). */
  readonly shardsDoneMs: number;
  /** The leader's own rows, and the milliseconds they took: its time per row. */
  readonly leaderRows: number;
  readonly leaderOwnMs: number;
  /** Workers, the leader included. */
  readonly workers: number;
}

/**
 * The leader's extra rows for the next step (balancedSizes), so that it and the shards finish
 * together: a shard also receives the weights and sets them, and the leader also sends, so an even
 * cut leaves one waiting for the other (quiet 2-core machine: Mini ResNet's leader waited 9.7 ms a
 * step at batch 64). Moving k rows from the shards to the leader lengthens the leader's work by
 * k·r and shortens each of the n − 1 shards' by k·r/(n − 1), r the time of a row: the gap closes
 * at k = gap·(n − 1)/(n·r). Half of that is taken each step (the timings are noisy), and the result
 * is kept within ±batch rows.
 */
export function nextExtraRows(extra: number, t: StepTiming, batchSize: number): number {
  const rowMs = t.leaderOwnMs / t.leaderRows;
  if (!(rowMs > 0) || !Number.isFinite(rowMs) || t.workers < 2) return extra;
  const gap = t.shardsDoneMs - t.leaderDoneMs;
  const k = (gap * (t.workers - 1)) / (t.workers * rowMs);
  return Math.max(-batchSize, Math.min(batchSize, extra + 0.5 * k));
}

/** Where each shard starts in the batch (the first row of shard s is Σ of the sizes before it). */
export function shardOffsets(sizes: readonly number[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(at);
    at += s;
  }
  return out;
}

/**
 * A shard's weight in the batch's loss (W_s above): its sample count, or for class-weighted
 * cross-entropy the sum of its samples' class weights. `labels` are the shard's one-hot rows
 * (`classes` floats each).
 */
export function shardLossWeight(labels: ArrayLike<number>, classes: number, classWeights?: readonly number[]): number {
  const rows = Math.floor(labels.length / classes);
  if (!classWeights) return rows;
  let w = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < classes; c++) w += labels[r * classes + c]! * (classWeights[c] ?? 0);
  }
  return w;
}

/** One shard's flat values (gradients or statistics) and its weight in the batch. */
export interface WeightedPart {
  readonly values: Float32Array;
  readonly weight: number;
}

/**
 * Σₛ (Wₛ/W)·valuesₛ over the parts, in float64 per element before rounding once to float32.
 * Throws when the parts differ in length (replicas of different models) or weigh nothing.
 */
export function weightedAverage(parts: readonly WeightedPart[]): Float32Array {
  if (parts.length === 0) throw new Error('Nothing to average.');
  const n = parts[0]!.values.length;
  let total = 0;
  for (const p of parts) {
    if (p.values.length !== n) throw new Error(`The shards' values differ in length (${p.values.length} vs ${n}): the replicas are not the same model.`);
    total += p.weight;
  }
  if (!(total > 0)) throw new Error('The shards weigh nothing together (no samples, or class weights of 0).');
  if (parts.length === 1) return parts[0]!.values.slice();
  const out = new Float32Array(n);
  const shares = parts.map((p) => p.weight / total);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let s = 0; s < parts.length; s++) v += shares[s]! * parts[s]!.values[i]!;
    out[i] = v;
  }
  return out;
}

/** A weight as the replicas must agree on it: its name in the graph (originalName) and shape. */
export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Floats in a layout (the length of its flat array). */
export function layoutSize(layout: readonly WeightEntry[]): number {
  return layout.reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
}

/** Why two layouts differ (the first difference, in words), or undefined when they are the same. */
export function layoutDifference(a: readonly WeightEntry[], b: readonly WeightEntry[]): string | undefined {
  if (a.length !== b.length) return `${a.length} weights vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.name !== y.name || x.shape.join('x') !== y.shape.join('x')) return `weight ${i + 1} is ${x.name} [${x.shape.join(', ')}] vs ${y.name} [${y.shape.join(', ')}]`;
  }
  return undefined;
}

/** The most workers a run starts: each holds a replica of the model and a WASM heap of its own, and past a few the shards of a batch are too small to gain. */
export const MAX_WORKERS = 4;

/**
 * The smallest batch whose data-parallel speed is measured when nobody asked for workers. Below
 * it a step is so short that sending the weights and updating after the shards cost about what
 * the second core saves (quiet 2-core machine, docs/speed.md: LeNet-5 1.07× at 64, 1.57× at
 * 256; Mini ResNet 1.37× at 64), so the trial's seconds are better spent elsewhere.
 */
export const MIN_MEASURED_BATCH = 64;

/**
 * How much faster N workers must measure than one for a run to train with them: a margin for
 * the noise of a few timed steps, and because a data-parallel step is not quite the one-worker
 * step where BatchNorm or Dropout are in the model (each shard has its own statistics and masks).
 */
export const PARALLEL_MARGIN = 1.1;

/** Workers a page asks for: one per core ('cores'), or a count. */
export type WorkersRequest = 'cores' | number;

/** The `workers` URL parameter ('auto' or 'cores': one per core; a whole number ≥ 1), or undefined when absent or not understood. */
export function parseWorkers(text: string | null | undefined): WorkersRequest | undefined {
  if (!text) return undefined;
  if (text === 'auto' || text === 'cores') return 'cores';
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** What dataParallelWorkers needs to know: the machine, the backend, the batch and what was asked for. */
export interface WorkersQuestion {
  readonly cores: number;
  readonly backend: string;
  /** Threads of WASM's build in use (data-parallel needs the one-thread build). */
  readonly wasmThreads: number;
  readonly batchSize: number;
  /** The fewest rows a shard may get. */
  readonly minShard: number;
  /** The page's `?workers=` or the command line's `--workers`; absent: decided by measurement. */
  readonly requested?: WorkersRequest;
}

/**
 * How many workers could train a run data-parallel (1: the leader alone, as before): as
 * `requested`, else one per core; at most MAX_WORKERS, on WASM with one thread only (WebGL and CPU
 * train in the leader alone, and threaded WASM already spreads its kernels over the cores), and
 * no more than the batch gives shards of `minShard` rows.
 */
export function dataParallelWorkers(o: WorkersQuestion): number {
  if (o.backend !== 'wasm' || o.wasmThreads > 1) return 1;
  const cores = Number.isFinite(o.cores) ? Math.max(1, Math.floor(o.cores)) : 1;
  const requested = o.requested ?? 'cores';
  const wanted = requested === 'cores' ? cores : requested;
  return Math.max(1, Math.min(wanted, MAX_WORKERS, Math.floor(o.batchSize / Math.max(1, o.minShard))));
}

/**
 * The workers to measure against one before a run when nobody asked (1: nothing to measure: the
 * batch is under MIN_MEASURED_BATCH, the machine has one core, or the backend is not one-thread
 * WASM), or undefined when the count was asked for and is not measured.
 */
export function workersToMeasure(o: WorkersQuestion): number | undefined {
  if (o.requested !== undefined) return undefined;
  if (o.batchSize < MIN_MEASURED_BATCH) return 1;
  return dataParallelWorkers(o);
}

/** N workers measured against one before a run (by the estimate's probe or the run's trial). */
export interface WorkersMeasured {
  /** The workers measured against one. */
  readonly candidate: number;
  /** Samples/s with one worker, and with `candidate` workers (0: that measurement failed). */
  readonly oneWorker: number;
  readonly manyWorkers: number;
}

/** How many times one worker's speed the workers measured (0 when one worker's speed is missing). */
export function measuredSpeedUp(m: WorkersMeasured): number {
  return m.oneWorker > 0 ? m.manyWorkers / m.oneWorker : 0;
}

/**
 * The workers a run trains with, from the two measured speeds (samples/s): `candidate` when they
 * train at least PARALLEL_MARGIN times as fast as one, else 1 (also when either speed is missing).
 */
export function pickWorkers(candidate: number, oneWorker: number | undefined, manyWorkers: number | undefined): number {
  if (candidate <= 1 || !(oneWorker! > 0) || !(manyWorkers! > 0)) return 1;
  return manyWorkers! >= PARALLEL_MARGIN * oneWorker! ? candidate : 1;
}
