/**
 * The messages between the training panel (page) and the training worker. Everything here is
 * structured-clone data: no tensors, no functions; the picked image files travel as File objects.
 */
import type { BackendFigure } from '@/lib/train/backends';
import type { Evaluation } from '@/lib/train/evaluate';
import type { BatchEvent, TrainStatus } from '@/lib/train/loop';
import type { Graph } from '@/lib/graph/types';
import type { DatasetPlan } from './plan';

export type OptimizerKind = 'adam' | 'sgd';
/** 'auto' = measured on this machine for this model; otherwise the user's choice. */
export type BackendChoiceName = 'auto' | 'webgl' | 'wasm' | 'cpu';

export interface TrainConfig {
  readonly plan: DatasetPlan;
  /** The user's image files (dataset 'folder'). */
  readonly files?: readonly File[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly optimizer: OptimizerKind;
  readonly backend: BackendChoiceName;
  readonly seed: number;
  /** Bytes training may use (the memory guard's budget, lib/compile/memory-guard.ts). */
  readonly memoryBudget: number;
}

export type ToWorker =
  | { readonly type: 'start'; readonly graph: Graph; readonly config: TrainConfig }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' }
  /** Benchmark (bench/browser-train.ts): time every backend `rounds` times, in rotating order. */
  | { readonly type: 'bench'; readonly graph: Graph; readonly config: TrainConfig; readonly warmupSteps: number; readonly timedSteps: number; readonly rounds: number };

/** Bytes received of total while a dataset loads. */
export interface LoadProgress {
  readonly received: number;
  readonly total: number;
}

export type Phase = 'idle' | 'loading' | 'measuring' | 'compiling' | 'training' | 'paused' | 'evaluating' | 'done';

/** Where an error comes from, so the panel can say what to change. */
export type ErrorKind = 'memory' | 'fit' | 'graph' | 'data' | 'backend' | 'internal';

export interface DatasetInfo {
  readonly name: string;
  readonly description: string;
  readonly trainSize: number;
  readonly testSize: number;
  readonly classNames: readonly string[];
  readonly inputShape: readonly number[];
}

/** The measured backends, the one used and why. */
export interface BackendReport {
  /** Fastest first, unusable last (absent when the user picked a backend and no trial ran). */
  readonly ranking?: readonly BackendFigure[];
  readonly best?: string | null;
  /** The backend the run uses. */
  readonly used: string;
  /** True when the user's override decided, not the measurement. */
  readonly overridden: boolean;
  /** True when the trial figures came from an earlier run of the same model and batch size. */
  readonly cached: boolean;
  /** WebGL could not start here (said to the user: training runs on WASM or the CPU). */
  readonly webglMissing: boolean;
}

export interface EpochReport {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly samplesPerSecond: number;
  readonly seconds: number;
  readonly testAccuracy?: number;
  readonly testLoss?: number;
}

export interface DoneReport {
  readonly status: TrainStatus;
  readonly message?: string;
  readonly epochsCompleted: number;
  readonly trainSeconds: number;
  readonly samplesPerSecond: number;
  /** The final evaluation on the test split (also after a stop mid-epoch). */
  readonly test?: Evaluation;
  /** True when `test` was taken after a stop part-way through an epoch. */
  readonly partial: boolean;
  /** tfjs tensors alive in the worker before the run and after everything was freed. */
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
}

export type FromWorker =
  /** `progress`: bytes of the dataset obtained so far (MNIST's download), for a progress bar. */
  | { readonly type: 'phase'; readonly phase: Phase; readonly detail?: string; readonly progress?: LoadProgress }
  | { readonly type: 'dataset'; readonly info: DatasetInfo; readonly skipped: number }
  | { readonly type: 'figure'; readonly figure: BackendFigure }
  | { readonly type: 'backend'; readonly report: BackendReport }
  | { readonly type: 'batch'; readonly event: BatchEvent }
  | { readonly type: 'epoch'; readonly report: EpochReport }
  | { readonly type: 'done'; readonly report: DoneReport }
  | { readonly type: 'error'; readonly kind: ErrorKind; readonly message: string }
  | { readonly type: 'bench-result'; readonly rounds: readonly (readonly BackendFigure[])[]; readonly userAgent: string };
