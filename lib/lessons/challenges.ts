/**
 * Challenges: a goal a finished run meets or not ("≥ 98% on MNIST with fewer than 20,000
 * parameters"), and a score that rewards doing better on both counts. The words are in the
 * `lessons` messages (challenges.<id>); here are the numbers and the rule.
 */
import type { RunRecord } from '../runs/runs';

export interface Challenge {
  readonly id: string;
  readonly dataset: string;
  /** Test accuracy to reach, 0–1. */
  readonly minAccuracy: number;
  /** Trainable parameters to stay under (strictly). */
  readonly maxParams: number;
  /** A preset to start from, if any. */
  readonly start?: string;
}

export const CHALLENGES: readonly Challenge[] = [
  { id: 'mnist-20k', dataset: 'mnist', minAccuracy: 0.98, maxParams: 20_000, start: 'lenet5' },
  { id: 'mnist-5k', dataset: 'mnist', minAccuracy: 0.95, maxParams: 5_000, start: 'lenet5' },
  { id: 'imbalanced', dataset: 'mnist-imbalanced', minAccuracy: 0.9, maxParams: 100_000, start: 'lenet5' },
];

export interface ChallengeResult {
  readonly met: boolean;
  /** 0 when not met; else 1,000 × accuracy plus 1,000 × the share of the parameter budget left unused. */
  readonly score: number;
  readonly accuracy: number;
  readonly params: number;
  readonly runId: string;
}

/**
 * How one run does at a challenge: met when it was tested on the challenge's dataset, reached
 * the accuracy and stayed under the parameter budget. Score = round(1000·accuracy +
 * 1000·(1 − params/maxParams)), up to 2,000: a point per tenth of a percent of accuracy, and as
 * much again for a network that needs fewer weights. Undefined for a run on another dataset or
 * never tested.
 */
export function scoreRun(challenge: Challenge, run: RunRecord): ChallengeResult | undefined {
  if (run.dataset !== challenge.dataset || run.testAccuracy === undefined) return undefined;
  const met = run.testAccuracy >= challenge.minAccuracy && run.params < challenge.maxParams;
  const score = met ? Math.round(1000 * run.testAccuracy + 1000 * (1 - run.params / challenge.maxParams)) : 0;
  return { met, score, accuracy: run.testAccuracy, params: run.params, runId: run.id };
}

/** The best result among runs (highest score; among unmet runs, the most accurate), or undefined. */
export function bestResult(challenge: Challenge, runs: readonly RunRecord[]): ChallengeResult | undefined {
  let best: ChallengeResult | undefined;
  for (const run of runs) {
    const r = scoreRun(challenge, run);
    if (!r) continue;
    if (!best || r.score > best.score || (r.score === best.score && r.accuracy > best.accuracy)) best = r;
  }
  return best;
}

/** Best scores kept per challenge id: the new result replaces the kept one only when higher. */
export function keepBest(kept: Readonly<Record<string, number>>, id: string, result: ChallengeResult | undefined): Record<string, number> {
  if (!result?.met) return { ...kept };
  return { ...kept, [id]: Math.max(kept[id] ?? 0, result.score) };
}
