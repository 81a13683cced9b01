/**
 * Losses for the cases the field meets beyond balanced single-label data:
 *
 * - softmax cross-entropy (balanced classes);
 * - class-weighted cross-entropy and focal loss (Lin et al. 2017) for imbalanced classes;
 * - sigmoid + binary cross-entropy for multi-label data (each label a yes/no question).
 *
 * Each works on what the model outputs: probabilities (a last layer with softmax or sigmoid, as
 * the presets have) or logits (a linear last layer). Probabilities are clipped to [ε, 1−ε] before
 * the log, as Keras does, so a confident wrong answer costs at most −ln ε ≈ 16.1, not infinity.
 */
import * as tf from '@tensorflow/tfjs';

export type LossSpec =
  | { readonly kind: 'cross-entropy' }
  /** Weights per class; by default N/(K·n_k), from the train split's class counts. */
  | { readonly kind: 'weighted-cross-entropy'; readonly weights?: readonly number[] }
  /** FL = −α_y (1 − p_y)^γ ln p_y; γ = 2 by default (the paper's choice); α per class optional. */
  | { readonly kind: 'focal'; readonly gamma?: number; readonly alpha?: readonly number[] }
  | { readonly kind: 'binary-cross-entropy' };

export type LossKind = LossSpec['kind'];

/** What the model's last layer gives. */
export type OutputKind = 'softmax' | 'sigmoid' | 'logits';

/** Clipping of probabilities before the log (Keras' epsilon). */
export const EPSILON = 1e-7;

/** The largest loss per sample a probability output can give: −ln ε. */
export const MAX_CLIPPED_LOSS = -Math.log(EPSILON);

/** What the model's output layer gives: probabilities from softmax/sigmoid, or logits otherwise. */
export function outputKind(model: tf.LayersModel): OutputKind {
  const layer = model.outputs[0]?.sourceLayer;
  const activation = (layer?.getConfig() as { activation?: string } | undefined)?.activation;
  if (activation === 'softmax') return 'softmax';
  if (activation === 'sigmoid') return 'sigmoid';
  return 'logits';
}

/**
 * Class weights N/(K·n_k) ("balanced" in scikit-learn): a class with half the average count
 * weighs 2. A class with no samples gets weight 0 (it never appears in a batch anyway).
 */
export function balancedClassWeights(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((n) => (n > 0 ? total / (counts.length * n) : 0));
}

export interface LossContext {
  readonly output: OutputKind;
  readonly numClasses: number;
  readonly multiLabel: boolean;
  /** Train split's samples per class, for default class weights. */
  readonly classCounts: readonly number[];
}

/** A loss: (targets [b,K], model outputs [b,K]) → scalar. Call inside a tidy. */
export type LossFn = (yTrue: tf.Tensor2D, yPred: tf.Tensor2D) => tf.Scalar;

/**
 * Builds the loss function, or throws an error a user can act on when the loss does not fit the
 * model's output or the dataset (e.g. softmax outputs on multi-label data).
 */
export function makeLoss(spec: LossSpec, ctx: LossContext): LossFn {
  const isBinary = spec.kind === 'binary-cross-entropy';
  if (ctx.multiLabel && !isBinary) {
    throw new Error(`This dataset is multi-label (an image may hold several labels): use binary cross-entropy, not ${spec.kind}.`);
  }
  if (isBinary && ctx.output === 'softmax') {
    throw new Error(
      'Binary cross-entropy needs one independent yes/no output per label, but the model ends in softmax, ' +
      'which makes the outputs compete. Set the last Dense layer\'s activation to sigmoid (or linear).',
    );
  }
  if (!isBinary && ctx.output === 'sigmoid') {
    throw new Error(`${spec.kind} needs class scores that compete, but the model ends in sigmoid. Set the last Dense layer's activation to softmax (or linear).`);
  }
  /** ln p per class, [b,K]. */
  const logProbs = (yPred: tf.Tensor2D): tf.Tensor2D =>
    ctx.output === 'logits' ? tf.logSoftmax(yPred) : tf.log(tf.clipByValue(yPred, EPSILON, 1 - EPSILON));
  /** Per-sample cross-entropy −ln p_y, [b]. */
  const perSampleCe = (yTrue: tf.Tensor2D, yPred: tf.Tensor2D): tf.Tensor1D => tf.neg(tf.sum(tf.mul(yTrue, logProbs(yPred)), 1)) as tf.Tensor1D;

  switch (spec.kind) {
    case 'cross-entropy':
      return (yTrue, yPred) => tf.mean(perSampleCe(yTrue, yPred));
    case 'weighted-cross-entropy': {
      const weights = spec.weights ?? balancedClassWeights(ctx.classCounts);
      checkLength(weights, ctx.numClasses, 'class weights');
      // As PyTorch's CrossEntropyLoss(weight=...) with mean reduction: Σ w_y·CE / Σ w_y.
      return (yTrue, yPred) => {
        const w = tf.sum(tf.mul(yTrue, tf.tensor1d(weights as number[])), 1);
        return tf.div(tf.sum(tf.mul(w, perSampleCe(yTrue, yPred))), tf.maximum(tf.sum(w), EPSILON));
      };
    }
    case 'focal': {
      const gamma = spec.gamma ?? 2;
      const alpha = spec.alpha;
      if (alpha) checkLength(alpha, ctx.numClasses, 'focal alpha');
      return (yTrue, yPred) => {
        const logPt = tf.sum(tf.mul(yTrue, logProbs(yPred)), 1);
        const pt = tf.exp(logPt);
        let loss = tf.mul(tf.neg(tf.pow(tf.sub(1, pt), gamma)), logPt);
        if (alpha) loss = tf.mul(loss, tf.sum(tf.mul(yTrue, tf.tensor1d(alpha as number[])), 1));
        return tf.mean(loss);
      };
    }
    case 'binary-cross-entropy':
      return (yTrue, yPred) => {
        if (ctx.output === 'logits') {
          // max(x,0) − x·z + ln(1 + e^−|x|): stable for any logit x.
          const x = yPred;
          return tf.mean(tf.add(tf.sub(tf.relu(x), tf.mul(x, yTrue)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))))) as tf.Scalar;
        }
        const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);
        return tf.neg(tf.mean(tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)))))) as tf.Scalar;
      };
  }
}

function checkLength(values: readonly number[], k: number, what: string): void {
  if (values.length !== k) throw new Error(`${what}: ${values.length} values given for ${k} classes; give one per class.`);
}

/** The loss that fits a dataset by default: binary cross-entropy for multi-label, else cross-entropy. */
export function defaultLoss(multiLabel: boolean): LossSpec {
  return multiLabel ? { kind: 'binary-cross-entropy' } : { kind: 'cross-entropy' };
}

/** Turns model outputs into probabilities (softmax or sigmoid for logits). */
export function toProbabilities(yPred: tf.Tensor2D, output: OutputKind, multiLabel: boolean): tf.Tensor2D {
  if (output !== 'logits') return yPred;
  return multiLabel ? tf.sigmoid(yPred) : tf.softmax(yPred);
}
