/**
 * How long a run will take, known before Start: the panel words it as "about 25 s per epoch,
 * 2 min for 5 epochs".
 *
 * The speed is measured, not derived from multiply-adds alone: a few training steps of the user's
 * own graph at the chosen batch size, on the backend that will train (probe.ts). A rate in GFLOP/s
 * measured on one model is off by several times on another, because depthwise convolutions and
 * batch normalization move far more memory per multiply-add than LeNet's convolutions do (on this
 * 2-core machine LeNet-5 trains at about 5 GFLOP/s and Mini MobileNet at under 1). The graph's
 * multiply-adds still say what the measurement means: `flopRate` turns samples/s into GFLOP/s.
 *
 * Pure arithmetic, no language: it returns numbers; the component words them.
 */

/** What the estimate needs to know about a run. */
export interface RunSize {
  /** Training images per epoch. */
  readonly trainSize: number;
  /** Test images, evaluated after each epoch. */
  readonly testSize: number;
  readonly epochs: number;
  /**
   * Views of each test image in the final evaluation with test-time augmentation (10 crops for
   * photos, 5 for digits), evaluated once more after the last epoch; 0 or absent without TTA.
   */
  readonly ttaViews?: number;
}

export interface RunTime {
  readonly epochSeconds: number;
  readonly totalSeconds: number;
}

/**
 * Evaluating one test image costs about this share of training on one: a forward pass, against a
 * forward pass and two backward passes (input and weight gradients) each about as costly.
 */
export const EVALUATION_SHARE = 1 / 3;

/**
 * The time of a run from its measured training speed (samples/s): each epoch trains every training
 * image once and evaluates every test image once; with TTA, the test images are evaluated once more
 * at the end in `ttaViews` views each. Null when the speed is not a positive finite number.
 */
export function estimateRunTime(size: RunSize, samplesPerSecond: number): RunTime | null {
  if (!(samplesPerSecond > 0) || !Number.isFinite(samplesPerSecond)) return null;
  const epochSeconds = (size.trainSize + size.testSize * EVALUATION_SHARE) / samplesPerSecond;
  const ttaSeconds = ((size.ttaViews ?? 0) * size.testSize * EVALUATION_SHARE) / samplesPerSecond;
  return { epochSeconds, totalSeconds: epochSeconds * size.epochs + ttaSeconds };
}

/** A duration rounded as far as an estimate can claim, in the unit people would say it in. */
export type RoughDuration =
  | { readonly unit: 's'; readonly seconds: number }
  | { readonly unit: 'min'; readonly minutes: number }
  | { readonly unit: 'h'; readonly hours: number; readonly minutes: number };

/**
 * Rounds a duration to what a ±30% estimate can claim: whole seconds under 10 s, 5 s under a
 * minute, half minutes under 10 min, whole minutes under an hour, then 10 minutes.
 * Null for a negative or non-finite duration.
 */
export function roughDuration(seconds: number): RoughDuration | null {
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 9.5) return { unit: 's', seconds: Math.max(1, Math.round(seconds)) };
  if (seconds < 57.5) return { unit: 's', seconds: Math.round(seconds / 5) * 5 };
  if (seconds < 3570) {
    const minutes = seconds / 60;
    return { unit: 'min', minutes: minutes < 9.75 ? Math.round(minutes * 2) / 2 : Math.round(minutes) };
  }
  const tens = Math.round(seconds / 600);
  return { unit: 'h', hours: Math.floor(tens / 6), minutes: (tens % 6) * 10 };
}

/**
 * The training FLOP rate a speed means, in GFLOP/s: each sample costs its forward multiply-adds
 * three times (forward, input gradient, weight gradient), two FLOPs each.
 */
export function flopRate(samplesPerSecond: number, macsPerSample: number): number {
  return (samplesPerSecond * macsPerSample * 3 * 2) / 1e9;
}

/**
 * Training and test images of each dataset the panel offers, as its loader makes them
 * (catalogue.ts says where they come from). A folder's come from its images, 20% held out.
 */
const DATASET_SIZES: Readonly<Record<string, { trainSize: number; testSize: number }>> = {
  'mnist': { trainSize: 60_000, testSize: 10_000 },
  'mnist-imbalanced': { trainSize: 13_454, testSize: 10_000 },
  'synthetic': { trainSize: 5_000, testSize: 1_000 },
  'synthetic-imbalanced': { trainSize: 1_242, testSize: 1_000 },
  'synthetic-multilabel': { trainSize: 5_000, testSize: 1_000 },
  'cifar10': { trainSize: 50_000, testSize: 10_000 },
  'cifar100': { trainSize: 50_000, testSize: 10_000 },
  'cifar100-coarse': { trainSize: 50_000, testSize: 10_000 },
};

/**
 * Training and test images of a dataset id, or of a folder of `folderImages` images split 80/20
 * (per class in fact; the total is what matters here). Null when unknown.
 */
export function datasetSize(id: string, folderImages?: number): { trainSize: number; testSize: number } | null {
  if (id === 'folder') {
    if (!folderImages) return null;
    const testSize = Math.round(folderImages * 0.2);
    return { trainSize: folderImages - testSize, testSize };
  }
  return DATASET_SIZES[id] ?? null;
}
