/**
 * Evaluation figures: accuracy, per-class accuracy and the confusion matrix for single-label data;
 * per-label precision, recall and F1 for multi-label data. Pure functions over plain arrays, so
 * the UI can draw them and the tests can check them by hand.
 */

export interface SingleLabelMetrics {
  readonly kind: 'single';
  readonly samples: number;
  /** Share of samples whose top class is right. */
  readonly accuracy: number;
  /** confusion[true][predicted] = count. */
  readonly confusion: readonly (readonly number[])[];
  /** Per class: share of its samples predicted right (recall); null for a class with no samples. */
  readonly perClassAccuracy: readonly (number | null)[];
  /** Mean of the per-class accuracies over classes that have samples: what imbalance hides. */
  readonly balancedAccuracy: number;
}

export interface LabelMetrics {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly accuracy: number;
  /** Samples that hold this label. */
  readonly support: number;
}

export interface MultiLabelMetrics {
  readonly kind: 'multi';
  readonly samples: number;
  /** Share of samples whose every label is right (exact match). */
  readonly accuracy: number;
  /** Share of (sample, label) decisions that are right. */
  readonly labelAccuracy: number;
  readonly perLabel: readonly LabelMetrics[];
  /** Mean F1 over labels that have samples or predictions (macro F1). */
  readonly meanF1: number;
  readonly threshold: number;
}

export type Metrics = SingleLabelMetrics | MultiLabelMetrics;

/** Builds a K×K confusion matrix from true and predicted classes. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]!]![predicted[i]!]! += 1;
  return m;
}

/** Accuracy figures from a confusion matrix. */
export function singleLabelMetrics(confusion: readonly (readonly number[])[]): SingleLabelMetrics {
  const k = confusion.length;
  let right = 0, total = 0;
  const perClass: (number | null)[] = [];
  for (let c = 0; c < k; c++) {
    const row = confusion[c]!;
    const n = row.reduce((a, b) => a + b, 0);
    right += row[c]!;
    total += n;
    perClass.push(n > 0 ? row[c]! / n : null);
  }
  const present = perClass.filter((v): v is number => v !== null);
  return {
    kind: 'single',
    samples: total,
    accuracy: total > 0 ? right / total : 0,
    confusion,
    perClassAccuracy: perClass,
    balancedAccuracy: present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : 0,
  };
}

/** Running counts for multi-label metrics. */
export class MultiLabelCounter {
  readonly tp: number[];
  readonly fp: number[];
  readonly fn: number[];
  readonly tn: number[];
  samples = 0;
  exact = 0;

  constructor(readonly k: number, readonly threshold = 0.5) {
    this.tp = new Array<number>(k).fill(0);
    this.fp = new Array<number>(k).fill(0);
    this.fn = new Array<number>(k).fill(0);
    this.tn = new Array<number>(k).fill(0);
  }

  /** Adds a batch: targets (0/1) and probabilities, both row-major b×K. */
  add(targets: ArrayLike<number>, probs: ArrayLike<number>): void {
    const b = targets.length / this.k;
    for (let i = 0; i < b; i++) {
      let allRight = true;
      for (let l = 0; l < this.k; l++) {
        const t = targets[i * this.k + l]! > 0.5;
        const p = probs[i * this.k + l]! >= this.threshold;
        if (t && p) this.tp[l]! += 1;
        else if (!t && p) { this.fp[l]! += 1; allRight = false; }
        else if (t && !p) { this.fn[l]! += 1; allRight = false; }
        else this.tn[l]! += 1;
      }
      if (allRight) this.exact += 1;
      this.samples += 1;
    }
  }

  metrics(): MultiLabelMetrics {
    const perLabel: LabelMetrics[] = [];
    let right = 0;
    for (let l = 0; l < this.k; l++) {
      const tp = this.tp[l]!, fp = this.fp[l]!, fn = this.fn[l]!, tn = this.tn[l]!;
      const precision = tp + fp > 0 ? tp / (tp + fp) : null;
      const recall = tp + fn > 0 ? tp / (tp + fn) : null;
      const f1 = tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null;
      right += tp + tn;
      perLabel.push({ precision, recall, f1, accuracy: this.samples > 0 ? (tp + tn) / this.samples : 0, support: tp + fn });
    }
    const f1s = perLabel.map((m) => m.f1).filter((v): v is number => v !== null);
    return {
      kind: 'multi',
      samples: this.samples,
      accuracy: this.samples > 0 ? this.exact / this.samples : 0,
      labelAccuracy: this.samples > 0 ? right / (this.samples * this.k) : 0,
      perLabel,
      meanF1: f1s.length > 0 ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
      threshold: this.threshold,
    };
  }
}

/**
 * How unequal the training classes are: the most frequent class's count over the least frequent
 * one's (classes with no images left out); 1 for equal classes, 100 for a 1:100 imbalance.
 */
export function imbalanceRatio(counts: readonly number[]): number {
  const present = counts.filter((n) => n > 0);
  return present.length > 0 ? Math.max(...present) / Math.min(...present) : 1;
}
