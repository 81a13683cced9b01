/**
 * Evaluation on a split: loss, accuracy, per-class accuracy and confusion matrix (single-label),
 * or per-label precision/recall/F1 (multi-label); optionally with AlexNet's test-time crops,
 * fitted to the data: ten (five crops and their mirrors) for photos, five for digits, which a
 * mirror would turn into something else (datasets/augmentation.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { testCrops, type TestCrops } from './datasets/augmentation';
import type { Dataset, Split } from './datasets/types';
import { defaultLoss, makeLoss, outputKind, toProbabilities, type LossSpec } from './losses';
import { confusionMatrix, MultiLabelCounter, singleLabelMetrics, type Metrics } from './metrics';

export interface EvaluateOptions {
  readonly split?: Split;
  readonly batchSize?: number;
  /**
   * 'crops': AlexNet's test-time augmentation — four corner crops and the centre crop, and their
   * mirror images when the dataset's augmentation flips (never for digits), the probabilities
   * averaged. Our images are already the model's size, so the crops are taken from the image
   * zero-padded on each side (by the padding the training shifts use): the centre crop is the
   * image itself, the corners are shifted by the padding.
   */
  readonly tta?: 'none' | 'crops';
  /** Padding for the crops (default: the dataset's crop padding, else 1/8 of the image side). */
  readonly ttaPadding?: number;
  readonly loss?: LossSpec;
  /** Multi-label decision threshold on the probabilities (default 0.5). */
  readonly threshold?: number;
  /** Also return each image's true class, predicted class and its probability (`perImage`). */
  readonly perImage?: boolean;
}

/** Each image's answer, in the split's order. */
export interface PerImage {
  readonly labels: Int32Array;
  /** The most probable class (multi-label: the most probable label). */
  readonly predicted: Int32Array;
  /** The probability of the predicted class. */
  readonly confidence: Float32Array;
  /** Multi-label: each image's true labels, n×K bytes (0 or 1). */
  readonly targets?: Uint8Array;
  /** Multi-label: each label's probability for each image, n×K. */
  readonly probabilities?: Float32Array;
}

export interface Evaluation {
  readonly split: Split;
  readonly loss: number;
  /** Single-label: top-1 accuracy; multi-label: exact-match accuracy. */
  readonly accuracy: number;
  readonly metrics: Metrics;
  readonly tta: 'none' | 'crops';
  /** With `tta: 'crops'`: which crops were averaged. */
  readonly crops?: TestCrops;
  readonly seconds: number;
  /** With `perImage`: each image's answer. */
  readonly perImage?: PerImage;
}

/**
 * The test-time crops of a batch: the four corners and the centre of the image padded by `pad`
 * (top-left, top-right, bottom-left, bottom-right, centre), then, when `mirrored`, the same five
 * mirrored left–right. Each is [b, H, W, C]. Call inside a tidy.
 */
export function testTimeCrops(xs: tf.Tensor4D, pad: number, mirrored = true): tf.Tensor4D[] {
  const [b, h, w, c] = xs.shape;
  const padded = tf.pad(xs, [[0, 0], [pad, pad], [pad, pad], [0, 0]]);
  const at = (y: number, x: number): tf.Tensor4D => tf.slice(padded, [0, y, x, 0], [b, h, w, c]);
  const crops = [at(0, 0), at(0, 2 * pad), at(2 * pad, 0), at(2 * pad, 2 * pad), at(pad, pad)];
  return mirrored ? [...crops, ...crops.map((t) => tf.reverse(t, 2))] : crops;
}

/** Evaluates a model on a split of a dataset. Leaves no tensors behind. */
export async function evaluate(model: tf.LayersModel, dataset: Dataset, options: EvaluateOptions = {}): Promise<Evaluation> {
  const t0 = performance.now();
  const split = options.split ?? 'test';
  const k = dataset.numClasses;
  const output = outputKind(model);
  const spec = options.loss ?? defaultLoss(dataset.multiLabel);
  const ctx = { numClasses: k, multiLabel: dataset.multiLabel, classCounts: dataset.trainClassCounts };
  const tta = options.tta ?? 'none';
  // With TTA the loss is taken on the averaged probabilities.
  const lossFn = makeLoss(spec, { ...ctx, output: tta === 'none' ? output : dataset.multiLabel ? 'sigmoid' : 'softmax' });
  const declared = testCrops(dataset.augmentation, dataset.inputShape);
  const crops: TestCrops = options.ttaPadding !== undefined ? { ...declared, padding: options.ttaPadding } : declared;
  const truth: number[] = [];
  const predicted: number[] = [];
  const counter = dataset.multiLabel ? new MultiLabelCounter(k, options.threshold ?? 0.5) : undefined;
  let lossSum = 0;
  let n = 0;
  const size = split === 'test' ? dataset.testSize : dataset.trainSize;
  const per = options.perImage ? {
    labels: new Int32Array(size), predicted: new Int32Array(size), confidence: new Float32Array(size),
    ...(counter ? { targets: new Uint8Array(size * k), probabilities: new Float32Array(size * k) } : {}),
  } : undefined;
  for (const batch of dataset.batches(split, { batchSize: options.batchSize ?? 256, shuffle: false })) {
    const [lossT, probsT] = tf.tidy(() => {
      let probs: tf.Tensor2D;
      let lossValue: tf.Scalar;
      if (tta === 'crops') {
        const views = testTimeCrops(batch.xs, crops.padding, crops.mirrored);
        probs = tf.div(tf.addN(views.map((x) => toProbabilities(model.apply(x, { training: false }) as tf.Tensor2D, output, dataset.multiLabel))), views.length);
        lossValue = lossFn(batch.ys, probs);
      } else {
        const out = model.apply(batch.xs, { training: false }) as tf.Tensor2D;
        lossValue = lossFn(batch.ys, out);
        probs = toProbabilities(out, output, dataset.multiLabel);
      }
      return [lossValue, probs] as const;
    });
    batch.xs.dispose();
    batch.ys.dispose();
    const [lossData, probs] = await Promise.all([lossT.data(), probsT.data()]);
    lossT.dispose();
    probsT.dispose();
    if (counter) counter.add(batch.targets!, probs);
    if (per?.targets && per.probabilities) {
      per.targets.set(batch.targets!, n * k);
      per.probabilities.set(probs.subarray(0, batch.size * k), n * k);
    }
    for (let i = 0; i < batch.size; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (probs[i * k + c]! > probs[i * k + best]!) best = c;
      if (!counter) {
        truth.push(batch.labels[i]!);
        predicted.push(best);
      }
      if (per) {
        per.labels[n + i] = batch.labels[i]!;
        per.predicted[n + i] = best;
        per.confidence[n + i] = probs[i * k + best]!;
      }
    }
    lossSum += lossData[0]! * batch.size;
    n += batch.size;
  }
  const metrics: Metrics = counter ? counter.metrics() : singleLabelMetrics(confusionMatrix(truth, predicted, k));
  return {
    split, loss: n > 0 ? lossSum / n : 0, accuracy: metrics.accuracy, metrics, tta, seconds: (performance.now() - t0) / 1000,
    ...(tta === 'crops' ? { crops } : {}),
    ...(per ? { perImage: per } : {}),
  };
}
