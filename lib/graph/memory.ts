/**
 * How much memory training a model takes, from analyse's counts (pure, no tfjs), and how to write
 * a number of bytes for people.
 *
 * The estimate (float32, 4 bytes a number):
 *   weights          = 4 · (trainable + non-trainable params)
 *   gradients        = 4 · trainable
 *   optimizer state  = 4 · trainable · (2 for Adam: m and v; 1 for SGD with momentum; 0 without)
 *   activations      = 4 · (every node's output, per sample) · batch · 2
 * The last factor 2 is the backward pass: each activation kept for it gets a gradient of the same
 * size. It leaves out tfjs' temporary buffers (im2col and the like), so it is a floor rather than
 * a ceiling. The memory guard (lib/compile/memory-guard.ts) compares it with a budget; the summary
 * panel shows it.
 */
import type { Analysis } from './analyse';

export type OptimizerKind = 'sgd' | 'adam';

export interface TrainingMemoryOptions {
  readonly batchSize: number;
  readonly optimizer: OptimizerKind;
  /** SGD only: whether it keeps a momentum buffer (default true, as Layerwise's SGD does). */
  readonly momentum?: boolean;
}

export interface MemoryBreakdown {
  readonly weights: number;
  readonly gradients: number;
  readonly optimizerState: number;
  readonly activations: number;
  readonly total: number;
}

const BYTES = 4;
const BACKWARD_FACTOR = 2;

/** Bytes training takes, by part (see the module comment for the formula). */
export function trainingMemoryBreakdown(analysis: Pick<Analysis, 'totals'>, options: TrainingMemoryOptions): MemoryBreakdown {
  const { trainable, nonTrainable, activationBytes } = analysis.totals;
  const slots = options.optimizer === 'adam' ? 2 : options.momentum === false ? 0 : 1;
  const weights = BYTES * (trainable + nonTrainable);
  const gradients = BYTES * trainable;
  const optimizerState = BYTES * trainable * slots;
  const activations = activationBytes * Math.max(1, options.batchSize) * BACKWARD_FACTOR;
  return { weights, gradients, optimizerState, activations, total: weights + gradients + optimizerState + activations };
}

/** Total bytes training takes: weights + gradients + optimizer state + activations × batch × 2. */
export function estimateTrainingMemory(analysis: Pick<Analysis, 'totals'>, options: TrainingMemoryOptions): number {
  return trainingMemoryBreakdown(analysis, options).total;
}

/**
 * Which units formatBytes writes. 'decimal' (kB, MB, GB: powers of 1000) is what RAM, disks and
 * browsers' memory figures are sold and reported in, so sentences and budgets use it. 'binary'
 * (KiB, MiB, GiB: powers of 1024) is what Keras' and PyTorch's summaries print (labelled MB
 * there). 'both' gives the decimal figure with the binary one after it, for the summary panel,
 * where people compare with either.
 */
export type ByteUnits = 'decimal' | 'binary' | 'both';

const DECIMAL: readonly (readonly [number, string])[] = [[1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB']];
const BINARY: readonly (readonly [number, string])[] = [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']];

function inUnits(bytes: number, units: readonly (readonly [number, string])[]): string {
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      // Two significant digits below 10 ("6.1 GB", "2 GB"), whole numbers above ("350 MB").
      return `${v < 10 ? v.toFixed(1).replace(/\.0$/, '') : Math.round(v)} ${unit}`;
    }
  }
  return `${Math.round(bytes)} bytes`;
}

/**
 * Bytes for people: 6.1e9 → "6.1 GB" (decimal, the default), "5.7 GiB" (binary) or
 * "6.1 GB (5.7 GiB)" (both). Under 1,000 bytes there is one way to say it: "512 bytes".
 * The figures are estimates, so two significant digits (or a whole number from 10 up) are enough.
 */
export function formatBytes(bytes: number, units: ByteUnits = 'decimal'): string {
  if (units === 'decimal') return inUnits(bytes, DECIMAL);
  if (units === 'binary') return inUnits(bytes, BINARY);
  const decimal = inUnits(bytes, DECIMAL);
  const binary = inUnits(bytes, BINARY);
  return decimal === binary ? decimal : `${decimal} (${binary})`;
}
