/**
 * Runs to compare: a finished training run as plain data (what was trained, on what, how, its
 * curves per step and its test result), so that several runs can be drawn over each other and
 * their settings read side by side. The Train page and the live experiments both record them;
 * storage is runs/log.browser.ts. No words here: components name the fields.
 */
import type { TrainSettings } from '../train/settings';

/** One point of a curve: after `step` batches, the batch's loss and accuracy. */
export interface RunPoint {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number;
}

export interface RunRecord {
  /** Unique within the log. */
  readonly id: string;
  /** Where it was trained: the Train page, or an experiment's arm (`experiment` names it). */
  readonly source: 'train' | 'experiment';
  /** The experiment and arm ('relu-vs-sigmoid/a'), for runs of an experiment. */
  readonly experiment?: string;
  /** The graph's name as the user sees it ("LeNet-5", "Small CNN, ReLU"). */
  readonly model: string;
  /** The graph's preset id, when it is a preset. */
  readonly preset?: string;
  /** Trainable parameters of the graph. */
  readonly params: number;
  readonly dataset: string;
  readonly settings: TrainSettings;
  /** The backend it ran on ("wasm", "webgl"). */
  readonly backend?: string;
  /** Steps (batches) trained. */
  readonly steps: number;
  /** The curve, at most MAX_POINTS points (thinned evenly, the last kept). */
  readonly points: readonly RunPoint[];
  /** Test accuracy of the final weights, 0–1, and loss; absent when the run was not tested. */
  readonly testAccuracy?: number;
  readonly testLoss?: number;
  /** Mean training accuracy of the last tenth of the steps (for the train–test gap). */
  readonly finalTrainAccuracy?: number;
  readonly seconds: number;
  /** When it ended, ms since 1970. */
  readonly date: number;
}

/** Points kept per run: enough for a smooth curve, small enough for localStorage. */
export const MAX_POINTS = 300;
/** Runs kept in the log; the oldest go first. */
export const MAX_RUNS = 24;

/**
 * The per-step series as curve points, thinned evenly to at most `max` (the first and the last
 * step always kept). Steps count from 1.
 */
export function thinSeries(loss: readonly number[], accuracy: readonly number[], max = MAX_POINTS): RunPoint[] {
  const n = Math.min(loss.length, accuracy.length);
  if (n === 0) return [];
  const take = Math.min(n, Math.max(2, max));
  const out: RunPoint[] = [];
  for (let k = 0; k < take; k++) {
    const i = take === 1 ? 0 : Math.round((k * (n - 1)) / (take - 1));
    if (out.length && out[out.length - 1]!.step === i + 1) continue;
    out.push({ step: i + 1, loss: loss[i]!, accuracy: accuracy[i]! });
  }
  return out;
}

/** Mean of the last tenth (at least one) of the values; undefined for none. */
export function tailMean(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const k = Math.max(1, Math.round(values.length / 10));
  const tail = values.slice(-k);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

/** The log with `run` added (replacing a run with the same id), newest last, at most `max` runs. */
export function addRun(log: readonly RunRecord[], run: RunRecord, max = MAX_RUNS): RunRecord[] {
  const rest = log.filter((r) => r.id !== run.id);
  return [...rest, run].slice(-max);
}

/** The settings compared side by side, in the order a table shows them. */
export const COMPARED_FIELDS = ['model', 'params', 'dataset', 'optimizer', 'learningRate', 'batchSize', 'schedule', 'loss', 'augment', 'seed', 'steps', 'backend'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** A field's value in a run, as a string or number for a table cell. */
export function fieldValue(run: RunRecord, field: ComparedField): string | number | boolean {
  switch (field) {
    case 'model': return run.model;
    case 'params': return run.params;
    case 'dataset': return run.dataset;
    case 'steps': return run.steps;
    case 'backend': return run.backend ?? '';
    default: return run.settings[field];
  }
}

/** The fields, each with its values per run and whether the runs differ in it (the table marks those). */
export function settingsSideBySide(runs: readonly RunRecord[]): { field: ComparedField; values: (string | number | boolean)[]; differs: boolean }[] {
  return COMPARED_FIELDS.map((field) => {
    const values = runs.map((r) => fieldValue(r, field));
    return { field, values, differs: values.some((v) => v !== values[0]) };
  });
}

/**
 * The first step at which a curve's accuracy, smoothed over a window of `window` points, reaches
 * `target`; undefined when it never does. "ReLU reached 90% at step 120, sigmoid at 410."
 */
export function stepsToReach(points: readonly RunPoint[], target: number, window = 10): number | undefined {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    sum += points[i]!.accuracy;
    if (i >= window) sum -= points[i - window]!.accuracy;
    const n = Math.min(i + 1, window);
    if (i + 1 >= Math.min(window, points.length) && sum / n >= target) return points[i]!.step;
  }
  return undefined;
}

function isRunPoint(x: unknown): x is RunPoint {
  const p = x as RunPoint;
  return typeof p === 'object' && p !== null && typeof p.step === 'number' && typeof p.loss === 'number' && typeof p.accuracy === 'number';
}

/** The runs of a stored log that are well formed; anything else (an older or damaged log) is dropped. */
export function readRunLog(data: unknown): RunRecord[] {
  if (!Array.isArray(data)) return [];
  return data.filter((x): x is RunRecord => {
    const r = x as RunRecord;
    return typeof r === 'object' && r !== null && typeof r.id === 'string' && (r.source === 'train' || r.source === 'experiment')
      && typeof r.model === 'string' && typeof r.params === 'number' && typeof r.dataset === 'string'
      && typeof r.settings === 'object' && r.settings !== null && Array.isArray(r.points) && r.points.every(isRunPoint)
      && typeof r.steps === 'number' && typeof r.date === 'number';
  });
}
