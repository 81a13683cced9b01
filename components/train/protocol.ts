/**
 * The messages between the page and the training worker (train.worker.ts). Everything here is
 * structured-clone data: no tensors, no functions; picked image files travel as File objects,
 * and the worker transfers (does not copy) the typed arrays of its answers.
 *
 * The worker keeps one model session for the page's graph (lib/train/session.ts):
 *
 * 1. The page sends `open` with its graph when it mounts and after every change of the graph.
 *    The worker answers with a `session` message (and again whenever the state changes): 'none',
 *    'untrained' (random weights), 'trained' (after a run, or restored from this browser's
 *    storage after a reload) or 'stale' (an edit changed a weight's shape). Edits that keep every
 *    weight's shape (moving a node, a label, a dropout rate, an activation) keep the weights.
 * 2. `train` starts a run: `phase`, `dataset`, `figure`, `backend`, `batch` and `epoch` messages
 *    follow, then `done` (or `error`). A finished or stopped run's weights become the session's
 *    and are stored in IndexedDB with the graph; each finished epoch is also checkpointed, so a
 *    run cut short by a reload can go on (`config.resume`; the status carries a ResumeOffer).
 * 3. `ask` puts a question to the kept model (predict, evaluate, test images, activations,
 *    export, import, forget, and the "Look inside" views of lib/train/inside.ts: feature maps,
 *    projections, saliency, filters, top-9, occlusion, Grad-CAM, evolution); the worker answers
 *    with an `answer` carrying the same `id`.
 *    Questions are answered one at a time, in order; while a run trains they wait for it.
 *
 * Benchmarks and tests do not use these messages: the worker has one test hook on its own global
 * scope, `__layerwiseTestHook` (see train.worker.ts), reached with Playwright's worker.evaluate.
 */
import type { BackendFigure } from '@/lib/train/backends';
import type { DatasetId } from '@/lib/train/datasets/catalogue';
import type { InsideAnswers, InsideQuestion } from '@/lib/train/inside';
import type { TrainErrorKind } from '@/lib/train/errors';
import type { Evaluation } from '@/lib/train/evaluate';
import type { BatchEvent, TrainStatus } from '@/lib/train/loop';
import type {
  Activations, EpochRecord, EvaluationDetail, ImageInput, ModelFiles, Prediction, SessionStatus, TestImages, TrainedSummary,
} from '@/lib/train/session-types';
import type { WorkersMeasured, WorkersRequest } from '@/lib/train/parallel/shards';
import type { TrainSettings } from '@/lib/train/settings';
import type { Graph } from '@/lib/graph/types';
import type { Said } from '@/lib/train/said';

/** 'auto' = measured on this machine for this model; otherwise the user's choice. */
export type BackendChoiceName = 'auto' | 'webgl' | 'wasm' | 'cpu';

/** A dataset to load: one of the catalogue's (lib/train/datasets/catalogue.ts), with the user's files for those that read them. */
export interface DatasetRequest {
  readonly id: DatasetId;
  /** The picked files: a folder of images ('folder'), CIFAR's binary files ('cifar10', 'cifar100', 'cifar100-coarse'). */
  readonly files?: readonly File[];
}

/** What a run needs besides the graph. */
export interface TrainConfig {
  readonly dataset: DatasetRequest;
  /** Epochs, batch, optimizer, rate, schedule, seed, augmentation, loss, test-time augmentation (lib/train/settings.ts). */
  readonly settings: TrainSettings;
  readonly backend: BackendChoiceName;
  /** Bytes training may use (the memory guard's budget, lib/compile/memory-guard.ts). */
  readonly memoryBudget: number;
  /**
   * Go on from the checkpoint of an interrupted run of this graph (the status's ResumeOffer)
   * instead of starting from fresh weights. `settings` and `dataset` must be the offer's.
   */
  readonly resume?: boolean;
  /**
   * Data-parallel workers asked for (lib/train/parallel/shards.ts): the page's `?workers=`, or
   * the time estimate's pick; absent, the run measures N workers against one itself.
   */
  readonly workers?: WorkersRequest;
  /** The estimate's measurement behind `workers`, shown with the run's backend. */
  readonly workersMeasured?: WorkersMeasured;
}

/** A question to the kept model. Each kind's answer is `Answers[kind]`. */
export type Question =
  /** The class probabilities for one image (a test image, a drawing, an upload). */
  | { readonly kind: 'predict'; readonly image: ImageInput }
  /**
   * Accuracy, loss, confusion matrix and every test image's predicted class and probability, on
   * `dataset`'s test split; by default the dataset the weights were trained on (built-in ones load
   * again after a reload; a folder must be picked again).
   */
  | { readonly kind: 'evaluate'; readonly dataset?: DatasetRequest }
  /**
   * Test images by index, as stored (before padding), with their labels, from the session's
   * dataset (the one trained on, or the last evaluated), or from `dataset` when the weights were
   * not trained on one (the "Look inside" panel on random weights).
   */
  | { readonly kind: 'test-images'; readonly indices: readonly number[]; readonly dataset?: DatasetId }
  /**
   * The output of node `nodeId` for one image: a node of the graph (a composite block gives its
   * output) or an inner node of an expanded block (`block/inner`).
   */
  | { readonly kind: 'activations'; readonly nodeId: string; readonly image: ImageInput }
  /** The trained model as model.json + weights.bin + graph.json (what `layerwise train --save` writes). */
  | { readonly kind: 'export' }
  /**
   * Loads model.json + weights.bin + graph.json (from `--save` or a download). The weights are
   * stored with the files' graph; when that graph has the open graph's weights, the session takes
   * them at once (`fitsOpenGraph`), otherwise the page may open the file's graph.
   */
  | { readonly kind: 'import'; readonly files: ModelFiles }
  /** Drops the stored weights and checkpoint of the open graph; the session goes back to random weights. */
  | { readonly kind: 'forget' }
  /** What the model does inside (components/viz's panel): lib/train/inside.ts. */
  | InsideQuestion;

/** The answer to each kind of question. */
export interface Answers extends InsideAnswers {
  readonly predict: Prediction;
  readonly evaluate: EvaluationDetail;
  readonly 'test-images': TestImages;
  readonly activations: Activations;
  readonly export: ModelFiles;
  readonly import: ImportResult;
  readonly forget: null;
}

export type QuestionKind = Question['kind'];

/** What an import did. */
export interface ImportResult {
  /** The graph of the files (graph.json). */
  readonly graph: Graph;
  /** What the files say about their training, when they say it (`--save` and downloads do). */
  readonly summary?: TrainedSummary;
  /** True when the files' weights fit the open graph: the session now holds them. */
  readonly fitsOpenGraph: boolean;
}

export type ToWorker =
  /** The page's graph, on mount and after every change: the worker keys its session by its weights. */
  | { readonly type: 'open'; readonly graph: Graph }
  /** Starts a run (ignored while one runs). */
  | { readonly type: 'train'; readonly graph: Graph; readonly config: TrainConfig }
  | { readonly type: 'pause' }
  /** Goes on after a pause. */
  | { readonly type: 'resume' }
  /** Stops after the batch in flight; the weights reached are tested and kept. */
  | { readonly type: 'stop' }
  /** A question to the kept model; answered by an `answer` with the same id. */
  | { readonly type: 'ask'; readonly id: number; readonly question: Question };

/** Bytes received of total while a dataset loads. */
export interface LoadProgress {
  readonly received: number;
  readonly total: number;
}

export type Phase = 'idle' | 'loading' | 'measuring' | 'compiling' | 'training' | 'paused' | 'evaluating' | 'done';

/** An error for the user, with its kind (lib/train/errors.ts) so the page can title it. */
export interface WorkerError {
  readonly kind: TrainErrorKind;
  /** In English (tfjs's own words for an error we did not foresee). */
  readonly message: string;
  /** The message as data, for the page to word in the user's language, when lib said it so. */
  readonly said?: Said;
}

export interface DatasetInfo {
  readonly id: DatasetId;
  readonly name: string;
  readonly description: string;
  readonly trainSize: number;
  readonly testSize: number;
  readonly classNames: readonly string[];
  readonly inputShape: readonly number[];
  /** An image may hold several labels (sigmoid outputs, per-label metrics). */
  readonly multiLabel: boolean;
  /** Training images per class (per label for multi-label data): shows an imbalance beside the accuracies. */
  readonly trainClassCounts: readonly number[];
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
  /** Workers training the run, each on a share of every batch (lib/train/parallel; absent or 1: one). */
  readonly workers?: number;
  /** N workers measured against one, when a measurement decided `workers`. */
  readonly workersMeasured?: WorkersMeasured;
}

/** One finished epoch (the same record the stored weights keep for the curves). */
export type EpochReport = EpochRecord;

export interface DoneReport {
  readonly status: TrainStatus;
  readonly message?: string;
  /** The message as data, worded in the page's language. */
  readonly said?: Said;
  /** Full epochs done, counting those before a resume. */
  readonly epochsCompleted: number;
  readonly trainSeconds: number;
  readonly samplesPerSecond: number;
  /** The final evaluation on the test split (also after a stop mid-epoch); with test-time augmentation when the settings ask. */
  readonly test?: Evaluation;
  /** With test-time augmentation: the same weights tested on the plain images. */
  readonly testWithoutTta?: Evaluation;
  /** True when `test` was taken after a stop part-way through an epoch. */
  readonly partial: boolean;
  /** True when the weights became the session's and were stored (not after a divergence). */
  readonly kept: boolean;
  /**
   * tfjs tensors alive in the worker before the run (besides the kept model's) and after it.
   * Equal when the run freed everything it made.
   */
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
}

export type FromWorker =
  /** `progress`: bytes of the dataset obtained so far (MNIST's download), for a progress bar. */
  | { readonly type: 'phase'; readonly phase: Phase; readonly detail?: Said; readonly progress?: LoadProgress }
  | { readonly type: 'dataset'; readonly info: DatasetInfo; readonly skipped: number }
  /** One backend measured by the trial. */
  | { readonly type: 'figure'; readonly figure: BackendFigure }
  | { readonly type: 'backend'; readonly report: BackendReport }
  | { readonly type: 'batch'; readonly event: BatchEvent }
  | { readonly type: 'epoch'; readonly report: EpochReport }
  | { readonly type: 'done'; readonly report: DoneReport }
  /** A run failed before or while training. */
  | { readonly type: 'error'; readonly error: WorkerError }
  /** The session's state: after `open`, after a run, an import or a forget. */
  | { readonly type: 'session'; readonly status: SessionStatus }
  /** The answer to the `ask` with this id. */
  | { readonly type: 'answer'; readonly id: number; readonly ok: true; readonly kind: QuestionKind; readonly answer: Answers[QuestionKind] }
  | { readonly type: 'answer'; readonly id: number; readonly ok: false; readonly kind: QuestionKind; readonly error: WorkerError };
