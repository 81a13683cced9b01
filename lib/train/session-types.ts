/**
 * What a model session is and what it answers, as plain data: no tensors, so the values cross
 * from the training worker to the page as they are (typed arrays are transferred, not copied).
 * The session itself is session.ts; the worker's messages are components/train/protocol.ts.
 */
import type { TestCrops } from './datasets/augmentation';
import type { Metrics } from './metrics';
import type { DatasetId } from './datasets/catalogue';
import type { ImageShape, Split } from './datasets/types';
import type { TrainSettings } from './settings';
import type { Said } from './said';

/** One finished epoch, for the curves (kept with the trained weights). */
export interface EpochRecord {
  /** 0-based. */
  readonly epoch: number;
  /** Mean training loss and accuracy over the epoch. */
  readonly loss: number;
  readonly accuracy: number;
  readonly samplesPerSecond: number;
  readonly seconds: number;
  readonly testAccuracy?: number;
  readonly testLoss?: number;
}

/** What trained weights are: on what, how far, how good. Stored with them. */
export interface TrainedSummary {
  readonly datasetId: DatasetId;
  /** "MNIST", "Synthetic shapes", "Your images". */
  readonly datasetName: string;
  /** The dataset's class names, in output order (what predictions are called). */
  readonly classNames: readonly string[];
  /**
   * Test accuracy of these weights (on the test split of `datasetId`), 0–1; multi-label: the
   * share of images with every label right. With test-time augmentation (`settings.tta`), with it.
   */
  readonly accuracy: number;
  /** With test-time augmentation: the accuracy without it, on the same weights. */
  readonly accuracyWithoutTta?: number;
  readonly loss: number;
  /** Test images the accuracy was measured on. */
  readonly testSamples: number;
  /** Full epochs trained. */
  readonly epochs: number;
  /** True when training stopped part-way through the epoch after `epochs`. */
  readonly partial: boolean;
  /** When training ended, ms since 1970 (Date.now()). */
  readonly date: number;
  readonly settings: TrainSettings;
  readonly history: readonly EpochRecord[];
}

/**
 * The kept model of a graph, for the UI:
 * - 'none': no model (no graph opened yet, or a graph with errors: `why` says what);
 * - 'untrained': the graph's weights are random (seeded), for looking at an architecture;
 * - 'trained': weights from a run (`restored` when they came back from storage after a reload;
 *   `edited` when the graph changed since in ways that keep every weight's shape but change what
 *   the model computes, such as an activation: the accuracy was measured before that edit);
 * - 'stale': the graph changed a weight's shape (a kernel size, a layer's units, a new layer), so
 *   the trained weights no longer fit; `why` names the first weight that changed. The session then
 *   answers with random weights for the new graph until it is trained (or the edit undone).
 */
export type SessionState =
  | { readonly kind: 'none'; readonly why?: string; readonly whySaid?: Said }
  | { readonly kind: 'untrained' }
  | {
    readonly kind: 'trained'; readonly summary: TrainedSummary; readonly restored: boolean; readonly edited: boolean;
    /** Set when the weights ship with the app; says which: "Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST". */
    readonly shipped?: string;
    readonly shippedSaid?: Said;
  }
  /** `why` in English; `whySaid` the same as data, for the interface to word. */
  | { readonly kind: 'stale'; readonly why: string; readonly whySaid: Said; readonly was: TrainedSummary };

/** A run of this graph interrupted (a reload, a closed tab) after finishing some epochs. */
export interface ResumeOffer {
  /** Epochs finished: the run goes on with epoch `epochsDone + 1`. */
  readonly epochsDone: number;
  /** Epochs the run was asked for. */
  readonly epochs: number;
  readonly datasetId: DatasetId;
  readonly settings: TrainSettings;
  /** The finished epochs' figures, to redraw the curves. */
  readonly history: readonly EpochRecord[];
  /** When the last epoch finished, ms since 1970. */
  readonly date: number;
}

/** The session's state and what else the UI may offer for this graph. */
export interface SessionStatus {
  readonly state: SessionState;
  /** Present when an interrupted run of this very graph can resume ("Resume from epoch 2 of 3"). */
  readonly resume?: ResumeOffer;
}

/**
 * One image for the model:
 * - `from: 'dataset'`: an image of the session's dataset (the one trained on, or the last
 *   evaluated), by split and index;
 * - `from: 'pixels'`: bytes 0–255, channels last, either of the model's input shape or of the
 *   dataset's stored shape (28×28×1 for MNIST, what normalizeDigit returns for a drawing): the
 *   session pads and repeats it by the same plan as the dataset.
 */
export type ImageInput =
  | { readonly from: 'dataset'; readonly split: Split; readonly index: number }
  | { readonly from: 'pixels'; readonly pixels: Uint8Array; readonly shape: ImageShape };

/** The class probabilities for one image. */
export interface Prediction {
  /** One per class, summing to 1 (softmax), or independent per label (sigmoid). */
  readonly probabilities: Float32Array;
  /** The most probable class. */
  readonly predicted: number;
  readonly classNames: readonly string[];
}

/**
 * An evaluation on a test split, with every image's answer so that a grid can show the mistakes
 * or one cell of the confusion matrix without asking again.
 */
export interface EvaluationDetail {
  readonly datasetId: DatasetId;
  readonly datasetName: string;
  readonly classNames: readonly string[];
  readonly accuracy: number;
  readonly loss: number;
  /** Accuracy per class, confusion matrix (single-label), or per-label F1 (multi-label). */
  readonly metrics: Metrics;
  /** Per test image, in the split's order: the true class, the predicted class and its probability. */
  readonly labels: Int32Array;
  readonly predicted: Int32Array;
  readonly confidence: Float32Array;
  /** Multi-label: each test image's true labels, n×K bytes (0 or 1), and each label's probability, n×K. */
  readonly targets?: Uint8Array;
  readonly probabilities?: Float32Array;
  /** The test-time crops averaged, when the weights were trained with test-time augmentation. */
  readonly crops?: TestCrops;
  readonly seconds: number;
}

/** Test images as the dataset stores them (before padding or repeating), to draw. */
export interface TestImages {
  readonly indices: Int32Array;
  /** One image's shape, e.g. [28, 28, 1] for MNIST even when the model takes 32×32×3. */
  readonly shape: ImageShape;
  /** indices.length × H × W × C bytes, channels last. */
  readonly pixels: Uint8Array;
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
}

/** The output of one node for one image. */
export interface Activations {
  readonly nodeId: string;
  /** Without the batch dimension: [H, W, C] for feature maps, [N] for vectors. */
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** The three files of a trained model, as `layerwise train --save` writes them. */
export interface ModelFiles {
  /** tfjs' model.json: the topology and the weights manifest (paths: ["weights.bin"]). */
  readonly modelJson: string;
  readonly weightsBin: Uint8Array;
  /** The Layerwise graph file (docs/graph-format.md). */
  readonly graphJson: string;
}
