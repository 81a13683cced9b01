/**
 * The messages between the /classic page and its worker (classic.worker.ts). Structured-clone data
 * only; the worker transfers the typed arrays it sends. The worker does one thing at a time: load
 * MNIST (with the sample digits and their HOG), then runs of HOG + SVM or of k-NN as the page asks.
 * To stop a run the page terminates the worker and starts a new one (MNIST then comes from the
 * browser's cache): a synchronous SVM pass cannot hear a message.
 */
import type { HogLayout } from '@/lib/classic/hog';

/** A test digit with its HOG cell histograms, for the glyphs. */
export interface SampleDigit {
  /** Index in the official test set. */
  readonly index: number;
  readonly label: number;
  /** 28×28 bytes. */
  readonly pixels: Uint8Array;
  /** cellsY × cellsX × bins (HogExtractor.cells). */
  readonly cells: Float32Array;
}

/** How many digits a run uses (the page's default: all of them). */
export interface RunSize {
  readonly train: number;
  readonly test: number;
}

export type ToWorker =
  | { readonly type: 'load'; readonly samples: readonly number[] }
  | { readonly type: 'samples'; readonly samples: readonly number[] }
  | { readonly type: 'run-svm'; readonly size: RunSize }
  | { readonly type: 'run-knn'; readonly size: RunSize; readonly k: number };

export type Task = 'svm' | 'knn';

/** The stages of a run, in order; the page words them. */
export type Stage = 'hog-train' | 'fit' | 'hog-test' | 'predict' | 'prepare' | 'distances';

export interface SvmResult {
  readonly task: 'svm';
  readonly size: RunSize;
  readonly accuracy: number;
  /** HOG of the training digits. */
  readonly hogTrainSeconds: number;
  /** The SVM's passes. */
  readonly fitSeconds: number;
  /** HOG of the test digits and their scores. */
  readonly testSeconds: number;
  readonly epochs: number;
  readonly converged: boolean;
  readonly featureLength: number;
  readonly C: number;
}

export interface KnnResult {
  readonly task: 'knn';
  readonly size: RunSize;
  readonly k: number;
  readonly accuracy: number;
  /** Copying the training digits into a tensor (k-NN's whole "training"). */
  readonly prepareSeconds: number;
  /** Distances, top-k and votes for every test digit. */
  readonly testSeconds: number;
  /** The tfjs backend that multiplied the matrices ('wasm' expected; 'cpu' when wasm failed to start). */
  readonly backend: string;
}

export type RunResult = SvmResult | KnnResult;

/** Why something failed, as a code the page words; `detail` is the underlying message (English). */
export type FailureCode = 'mnist' | 'backend' | 'internal';

export type FromWorker =
  | { readonly type: 'load-progress'; readonly received: number; readonly total: number; readonly stage: 'download' | 'inflate' }
  | { readonly type: 'loaded'; readonly trainSize: number; readonly testSize: number; readonly layout: HogLayout; readonly cellSize: number; readonly samples: readonly SampleDigit[] }
  | { readonly type: 'samples'; readonly samples: readonly SampleDigit[] }
  | { readonly type: 'progress'; readonly task: Task; readonly stage: Stage; readonly done: number; readonly total: number; readonly hingeLoss?: number }
  | { readonly type: 'result'; readonly result: RunResult }
  | { readonly type: 'error'; readonly task: Task | 'load'; readonly code: FailureCode; readonly detail: string };
