/**
 * Timing N data-parallel workers against one, side by side, for the rule of shards.ts
 * (`pickWorkers`): the command line's trial (lib/cli/train.node.ts), the app's time estimate
 * (components/train/speed.worker.ts) and its run (train.worker.ts) all time this way. Pure: the
 * step runs are the caller's (one-worker and data-parallel steps on the same batch).
 */
import { warmUp, type StepRun } from '../backends';

/** Two speeds measured on the same batch (samples/s), or why the workers could not train. */
export type WorkersTrial =
  | { readonly ok: true; readonly one: number; readonly many: number }
  | { readonly ok: false; readonly message: string };

/** How `timeAlternately` times: untimed steps of each run first, then rounds of a few steps each. */
export interface AlternateOptions {
  /** Untimed steps of each run first (default 3)... */
  readonly warmupSteps?: number;
  /**
   * ...and on, untimed, until this many milliseconds have passed for that run (at most 30 steps;
   * default 0): V8 optimizes a fresh worker's WebAssembly only once it is hot (lib/train/probe.ts).
   */
  readonly warmupMs?: number;
  /** Rounds; each times `stepsPerRound` steps of one run, then of the other, the order turning each round (default 3). */
  readonly rounds?: number;
  readonly stepsPerRound?: number;
  /** Milliseconds after which no further round starts (at least one is timed; default 10,000). */
  readonly budgetMs?: number;
  /** The clock in milliseconds (default performance.now); tests pass their own. */
  readonly now?: () => number;
}

/**
 * Samples/s of two runs timed in alternation (one, many; many, one; ...), each from its median
 * step. Timing them one after the other measured the first while the process was still cold
 * (JIT, first allocations): under Node a fresh LeNet-5's third step still took 5× a warm one, so
 * one worker timed first measured a third of its training speed and two workers always won.
 * Alternating rounds put load changes and warming on both alike, and the median leaves out the
 * steps another process interrupted. A run that throws ends the trial: `{ ok: false }`.
 */
export async function timeAlternately(one: StepRun, many: StepRun, o: AlternateOptions = {}): Promise<WorkersTrial> {
  const now = o.now ?? (() => performance.now());
  const warmup = o.warmupSteps ?? 3;
  const warmupMs = o.warmupMs ?? 0;
  const rounds = Math.max(1, o.rounds ?? 3);
  const perRound = Math.max(1, o.stepsPerRound ?? 2);
  const budgetMs = o.budgetMs ?? 10_000;
  const ms: [number[], number[]] = [[], []];
  const runs = [one, many] as const;
  try {
    for (const run of runs) await warmUp(run, warmup, warmupMs, now);
    const t0 = now();
    for (let r = 0; r < rounds && (r === 0 || now() - t0 < budgetMs); r++) {
      for (const which of r % 2 === 0 ? [0, 1] : [1, 0]) {
        for (let i = 0; i < perRound; i++) {
          const s = now();
          await runs[which]!.step();
          ms[which]!.push(now() - s);
        }
      }
    }
  } catch (e) {
    return { ok: false, message: (e instanceof Error ? e.message : String(e)).split('\n')[0]! };
  }
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const speed = (run: StepRun, steps: number[]): number => run.batchSize / (Math.max(median(steps), 1e-3) / 1000);
  return { ok: true, one: speed(one, ms[0]), many: speed(many, ms[1]) };
}

/**
 * How the app times N workers against one before a run (the estimate's probe and the training
 * worker): each warmed for half a second at least (a fresh shard worker's WebAssembly is cold),
 * then 4 rounds of 2 steps, within 8 s.
 */
export const WORKERS_TRIAL: AlternateOptions = { warmupSteps: 2, warmupMs: 500, rounds: 4, stepsPerRound: 2, budgetMs: 8000 };

