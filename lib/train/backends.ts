/**
 * Choosing the tfjs backend by measurement, not by name.
 *
 * Which backend trains a given model fastest depends on the machine: on a real GPU it is WebGL;
 * where WebGL is software (SwiftShader) it is WASM (with lib/backend/wasm's kernels),
 * ten times faster than software WebGL and twenty times faster than the pure-JS CPU backend for
 * LeNet-5 (docs/backends.md). A name-based rule would be wrong on one of those machines,
 * so `pickBackend` runs a few real training steps of the user's own model on each candidate
 * and ranks them by samples per second. The caller shows the figures and may override the pick.
 *
 * Pure tfjs, no DOM: it runs in a page, a worker and under Node (the unit tests use wasm and cpu).
 */
import * as tf from '@tensorflow/tfjs';
import { english, say, type Said } from './said';

/** One prepared training step on the active backend (made by the caller: model, optimizer, batch). */
export interface StepRun {
  /** Samples one step trains on. */
  readonly batchSize: number;
  /**
   * One training step. It must resolve only once the step's results are computed (await a
   * `data()` read of the loss): WebGL queues work and returns at once, so timing a step that
   * does not wait measures nothing.
   */
  step(): Promise<void>;
  /** Frees everything the run made (model, optimizer state, batch tensors). */
  dispose(): void;
}

/** The most untimed steps a warm-up by time adds. */
export const MAX_WARMUP_STEPS = 30;

/**
 * Untimed steps of `run` before timing it: `steps` at least, and on until `ms` milliseconds have
 * passed on `now` (at most MAX_WARMUP_STEPS). V8 runs a fresh worker's WebAssembly on its baseline
 * compiler until each function is hot, so the first steps of a new worker are slow (probe.ts).
 */
export async function warmUp(run: StepRun, steps: number, ms: number, now: () => number): Promise<void> {
  const start = now();
  for (let i = 0; i < steps || (ms > 0 && now() - start < ms && i < MAX_WARMUP_STEPS); i++) await run.step();
}

/** Builds a StepRun on the backend that is active when called (the one named). */
export type MakeStep = (backend: string) => StepRun | Promise<StepRun>;

export type BackendStatus = 'ok' | 'unavailable' | 'failed';

/** What one backend did in the trial. */
export interface BackendFigure {
  readonly backend: string;
  readonly status: BackendStatus;
  /** Training samples per second over the timed steps (status 'ok'). */
  readonly samplesPerSecond?: number;
  /** Mean milliseconds per timed step (status 'ok'). */
  readonly stepMs?: number;
  /** Milliseconds of the first warm-up step (WebGL compiles its shaders there). */
  readonly firstStepMs?: number;
  /** How many steps were timed (fewer than asked when the time budget ran out). */
  readonly timedSteps?: number;
  /** Why the backend is unavailable or failed, for people, in English. */
  readonly message?: string;
  /** The same as data, for the interface to word in the user's language. */
  readonly said?: Said;
  /** How it ran, for people ("2 threads"), when the caller said (PickOptions.detail). */
  readonly detail?: string;
}

/** The result of a trial: the backends ranked fastest first (unusable ones last), and the pick. */
export interface BackendChoice {
  /** The fastest backend that trained, or null when none could. */
  readonly best: string | null;
  readonly ranking: readonly BackendFigure[];
}

export interface PickOptions {
  /** Untimed steps first (shader compilation, wasm warm-up, first allocations). Default 2. */
  readonly warmupSteps?: number;
  /** Timed steps. Default 3. */
  readonly timedSteps?: number;
  /**
   * Seconds one backend may take (warm-up and timing together, not counting model building).
   * When spent, the trial stops with the steps timed so far (at least one), so a slow backend on
   * a big model costs seconds, not minutes. Default 8.
   */
  readonly maxSecondsPerBackend?: number;
  /** Called before each backend is tried, and after it is measured, for a live table. */
  readonly onStart?: (backend: string) => void;
  readonly onMeasured?: (figure: BackendFigure) => void;
  /** A few words on how a backend runs here ("2 threads"), put on its figure. */
  readonly detail?: (backend: string) => string | undefined;
  /** The clock in milliseconds (default `performance.now`); tests pass their own. */
  readonly now?: () => number;
}

/** The order backends are tried in and preferred on a tie: GPU first, then WASM, then plain JS. */
export const BACKEND_PREFERENCE = ['webgl', 'webgpu', 'wasm', 'cpu'] as const;

/**
 * The backends the training panel's trial measures. WebGPU is among them even where it is not
 * registered (no `navigator.gpu`): the trial reports it as unavailable and says why.
 */
export const TRIAL_BACKENDS: readonly string[] = BACKEND_PREFERENCE;

/** Display names, for tables and messages. */
export function backendLabel(name: string): string {
  switch (name) {
    case 'webgl': return 'WebGL';
    case 'webgpu': return 'WebGPU';
    case 'wasm': return 'WASM';
    case 'cpu': return 'CPU (JavaScript)';
    default: return name;
  }
}

/**
 * The backends registered with tfjs here, in preference order (registered does not mean it
 * will start: WebGL is registered in every browser build and may still fail to initialise).
 */
export function registeredBackends(): string[] {
  const registered = Object.keys((tf.engine() as unknown as { registryFactory: Record<string, unknown> }).registryFactory);
  const known = BACKEND_PREFERENCE.filter((b) => registered.includes(b)) as string[];
  return [...known, ...registered.filter((b) => !known.includes(b))];
}

/** Why a backend would not start, in words a user can act on (`registered`: tfjs knew its name). */
function unavailableSaid(backend: string, registered: boolean): Said {
  switch (backend) {
    case 'webgl': return say('train.trial.webgl');
    case 'webgpu': return say(registered ? 'train.trial.webgpuNoAdapter' : 'train.trial.webgpuMissing');
    case 'wasm': return say('train.trial.wasm');
    default: return say('train.trial.other', { backend: backendLabel(backend) });
  }
}

/** A failure during the trial, said briefly (a missing kernel names the operation, not a stack). */
function failureSaid(backend: string, error: unknown): Said {
  const text = error instanceof Error ? error.message : String(error);
  const kernel = /Kernel '([^']+)' not registered/.exec(text);
  if (kernel) return say('train.trial.kernel', { backend: backendLabel(backend), kernel: kernel[1]! });
  return say('train.trial.failed', { backend: backendLabel(backend), error: text.split('\n')[0]! });
}

/** A figure's reason, in English and as data. */
const reason = (said: Said): { message: string; said: Said } => ({ message: english(said), said });

/**
 * Measures training speed on each candidate backend and ranks them, fastest first.
 *
 * For each candidate: make it the active backend (unavailable when that fails), build the run
 * with `makeStep`, run `warmupSteps` untimed steps, then time `timedSteps` steps and record
 * samples per second; then dispose the run. Errors never escape: a backend that throws is
 * reported as 'failed' with a message. The backend active before the call is active again after
 * it (when there was one), so the caller decides what to use: the pick, or the user's override.
 */
export async function pickBackend(candidates: readonly string[], makeStep: MakeStep, options: PickOptions = {}): Promise<BackendChoice> {
  const warmupSteps = Math.max(0, options.warmupSteps ?? 2);
  const timedSteps = Math.max(1, options.timedSteps ?? 3);
  const budgetMs = (options.maxSecondsPerBackend ?? 8) * 1000;
  const now = options.now ?? (() => performance.now());
  const previous = activeBackendName();
  const figures: BackendFigure[] = [];

  for (const backend of candidates) {
    options.onStart?.(backend);
    const measured = await measureOne(backend, makeStep, { warmupSteps, timedSteps, budgetMs, now });
    const detail = options.detail?.(backend);
    const figure = detail ? { ...measured, detail } : measured;
    figures.push(figure);
    options.onMeasured?.(figure);
  }
  if (previous && activeBackendName() !== previous) await tf.setBackend(previous);

  const order = (name: string): number => {
    const i = (BACKEND_PREFERENCE as readonly string[]).indexOf(name);
    return i < 0 ? BACKEND_PREFERENCE.length : i;
  };
  const ranking = [...figures].sort((a, b) => {
    const sa = a.status === 'ok' ? a.samplesPerSecond! : -1;
    const sb = b.status === 'ok' ? b.samplesPerSecond! : -1;
    return sb - sa || order(a.backend) - order(b.backend);
  });
  const best = ranking[0]?.status === 'ok' ? ranking[0].backend : null;
  return { best, ranking };
}

/** The active backend's name without starting one (tf.getBackend() would initialise the default). */
function activeBackendName(): string | null {
  const engine = tf.engine() as unknown as { backendName?: string | null; backendInstance?: unknown };
  return engine.backendInstance ? (engine.backendName ?? null) : null;
}

async function measureOne(
  backend: string, makeStep: MakeStep,
  o: { warmupSteps: number; timedSteps: number; budgetMs: number; now: () => number },
): Promise<BackendFigure> {
  let started = false;
  try {
    started = await tf.setBackend(backend);
  } catch {
    started = false;
  }
  if (!started) return { backend, status: 'unavailable', ...reason(unavailableSaid(backend, registeredBackends().includes(backend))) };

  let run: StepRun | undefined;
  try {
    run = await makeStep(backend);
    const t0 = o.now();
    let firstStepMs: number | undefined;
    for (let i = 0; i < o.warmupSteps; i++) {
      const s = o.now();
      await run.step();
      if (i === 0) firstStepMs = o.now() - s;
      // A slow backend on a big model: one warm-up step is enough to know it is slow.
      if (o.now() - t0 > o.budgetMs / 2) break;
    }
    let timed = 0;
    let timedMs = 0;
    while (timed < o.timedSteps) {
      const s = o.now();
      await run.step();
      timedMs += o.now() - s;
      timed++;
      if (o.now() - t0 > o.budgetMs) break;
    }
    const stepMs = timedMs / timed;
    return {
      backend, status: 'ok',
      samplesPerSecond: stepMs > 0 ? run.batchSize / (stepMs / 1000) : Infinity,
      stepMs, timedSteps: timed,
      ...(firstStepMs !== undefined ? { firstStepMs } : {}),
    };
  } catch (e) {
    freeAbandonedTape();
    return { backend, status: 'failed', ...reason(failureSaid(backend, e)) };
  } finally {
    run?.dispose();
  }
}

/**
 * After a training step throws in its backward pass (a kernel missing on this backend), tfjs
 * leaves the forward pass's saved activations on its gradient tape, kept alive: for a big model
 * and batch that is much memory on a backend we are about to leave. tfjs clears the tape only on
 * success, so free it here, as its own `gradients()` would have (only outside any enclosing
 * gradient computation, i.e. when gradientDepth is 0).
 */
function freeAbandonedTape(): void {
  const state = (tf.engine() as unknown as {
    state?: { activeTape?: { saved?: tf.Tensor[] }[] | null; gradientDepth?: number };
  }).state;
  if (!state?.activeTape || state.gradientDepth !== 0) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  state.activeTape = null;
}

/**
 * The backend to train on: the user's override when it trained in the trial, else the measured
 * pick. Null when nothing can train (the caller says so).
 */
export function resolveBackend(choice: BackendChoice, override?: string | null): string | null {
  if (override && override !== 'auto') {
    const f = choice.ranking.find((r) => r.backend === override);
    if (!f || f.status === 'ok') return override;
  }
  return choice.best;
}

/** How many times faster the pick is than each other backend that trained ("WASM 9.8× WebGL"). */
export function speedRatios(choice: BackendChoice): { backend: string; ratio: number }[] {
  const best = choice.ranking.find((r) => r.backend === choice.best);
  if (!best?.samplesPerSecond) return [];
  return choice.ranking
    .filter((r) => r.status === 'ok' && r.backend !== choice.best)
    .map((r) => ({ backend: r.backend, ratio: best.samplesPerSecond! / r.samplesPerSecond! }));
}
