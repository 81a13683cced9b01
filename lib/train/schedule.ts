/**
 * Learning-rate schedules. The rate is set before every batch from the fractional epoch
 * (epoch + batch/batchesPerEpoch), so cosine decays smoothly and step drops at epoch boundaries.
 */

export type LrSchedule =
  | { readonly kind: 'constant' }
  /** Multiply by `factor` every `every` epochs (AlexNet divided by 10 when the error stalled; ResNet at fixed epochs). */
  | { readonly kind: 'step'; readonly every: number; readonly factor?: number }
  /** Cosine from the base rate down to `min` over the run (Loshchilov & Hutter 2017), after an optional linear warm-up. */
  | { readonly kind: 'cosine'; readonly min?: number; readonly warmupEpochs?: number };

/** The learning rate at fractional epoch `t` (0 ≤ t ≤ epochs) of a run of `epochs` epochs. */
export function learningRateAt(base: number, schedule: LrSchedule, t: number, epochs: number): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * Math.pow(schedule.factor ?? 0.1, Math.floor(t / Math.max(1, schedule.every)));
    case 'cosine': {
      const warm = schedule.warmupEpochs ?? 0;
      const min = schedule.min ?? 0;
      if (t < warm) return base * ((t + 1e-9) / warm);
      const span = Math.max(1e-9, epochs - warm);
      const progress = Math.min(1, (t - warm) / span);
      return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
  }
}
