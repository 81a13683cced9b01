/// <reference lib="webworker" />
/**
 * The training worker: a thin adapter between the messages of protocol.ts and the session keeper
 * of lib/train (keeper.ts), off the page's thread so the editor and the charts stay responsive.
 * Its own parts are the browser's: worker globals, wasm file paths, the backend trial (which
 * needs WebGL's OffscreenCanvas), IndexedDB for the weights, File objects for the user's images.
 *
 * WebGL runs here through OffscreenCanvas (tfjs makes one itself in a worker); WASM loads its
 * binaries from /wasm/ (scripts/copy-wasm.mjs copies them to public/wasm at build time), with one
 * thread per core where the page is cross-origin isolated (lib/backend/wasm/threads.browser.ts).
 *
 * Test hook: `self.__layerwiseTestHook` (on the worker's own global scope, never the page's) is
 * the one entry for benchmarks and tests; bench/browser-train.ts reaches it with Playwright's
 * worker.evaluate. It times every backend on the open graph, and reports the loads' bytes.
 */
import * as tf from '@tensorflow/tfjs';
import { patchWasmBackend } from '@/lib/backend/wasm';
import { setUpWasm, threadingInUse, type WasmThreading } from '@/lib/backend/wasm/threads.browser';
import { registerWebGpuBackend } from '@/lib/backend/webgpu.browser';
import { pickBackend, registeredBackends, backendLabel, TRIAL_BACKENDS, type BackendChoice, type BackendFigure, type StepRun } from '@/lib/train/backends';
import { compile } from '@/lib/compile/compile';
import { TrainController } from '@/lib/train/controller';
import type { Dataset } from '@/lib/train/datasets/types';
import { DataFileError } from '@/lib/train/datasets/source';
import { loadDatasetBrowser } from '@/lib/train/datasets/load.browser';
import type { MnistLoadReport } from '@/lib/train/datasets/mnist.browser';
import { TrainError } from '@/lib/train/errors';
import { english, say } from '@/lib/train/said';
import { SessionKeeper, type KeeperQuestion } from '@/lib/train/keeper';
import { ShippedCatalogue } from '@/lib/train/shipped';
import { timedStepRun } from '@/lib/train/step';
import { MIN_SHARD_ROWS, timedParallelRun, type ParallelProfile } from '@/lib/train/parallel/leader';
import { dataParallelWorkers, pickWorkers, workersToMeasure, type WorkersMeasured, type WorkersQuestion } from '@/lib/train/parallel/shards';
import { startShards } from './start-shards';
import { timeAlternately, WORKERS_TRIAL, type WorkersTrial } from '@/lib/train/parallel/trial';
import { openModelStore } from '@/lib/train/store.browser';
import { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from '@/lib/train/settings';
import type { Graph } from '@/lib/graph/types';
import type { BackendReport, DatasetRequest, DoneReport, FromWorker, Question, ToWorker, TrainConfig, WorkerError } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);

let setUp: Promise<void> | undefined;
/** How many threads wasm trains with (threads.browser.ts), shown beside its figures. */
let wasmThreading: WasmThreading = { threads: 1, label: '1 thread' };
/** Backend set-up, once: wasm paths, threads and kernels, and wasm as the backend of the kept model. */
function setUpOnce(): Promise<void> {
  setUp ??= (async () => {
    wasmThreading = await setUpWasm('/wasm/');
    patchWasmBackend();
    await registerWebGpuBackend();
    // The kept model answers single images: wasm does that in milliseconds on any machine, and
    // starts without compiling GPU programs. A run moves to the backend its trial picks.
    try {
      if (!(await tf.setBackend('wasm'))) await tf.setBackend('cpu');
    } catch {
      await tf.setBackend('cpu');
    }
  })();
  return setUp;
}

/** Tensors alive across all backends, read without starting one (tf.memory() would). */
const liveTensors = (): number => tf.engine().state.numTensors;

/** The last MNIST load's bytes (for the test hook's report). */
let lastLoad: MnistLoadReport | undefined;

const shipped = new ShippedCatalogue(async (path) => {
  const response = await fetch(`/${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
});

const keeperReady: Promise<SessionKeeper> = openModelStore().then((store) => new SessionKeeper({
  store,
  loadDataset: async (request, plan, onProgress) => {
    const loaded = await loadDatasetBrowser(request.id, plan, request.files as readonly File[] | undefined, (p) => onProgress?.(p.detail, p.progress));
    if (loaded.report) lastLoad = loaded.report;
    return loaded;
  },
  onStatus: (status) => post({ type: 'session', status }),
  // Trained weights that ship with the app (public/models), served at the site's root.
  findShipped: (signature) => shipped.find(signature),
}));

// ---- backends ---------------------------------------------------------------------------------

/** Trial results per model, batch size and dataset, so a second run of the same model starts at once. */
const trials = new Map<string, BackendChoice>();

/** The real model (compiled fresh), one real batch and the step's options, for timing steps. */
function trialPieces(graph: Graph, dataset: Dataset, settings: TrainSettings) {
  const compiled = compile(graph, { seed: settings.seed });
  if (!compiled.ok) throw new TrainError('graph', compiled.errors.map((e) => e.message).join(' '));
  const batch = dataset.batches('train', { batchSize: settings.batchSize, seed: 12345, shuffle: true }).next().value;
  if (!batch) {
    compiled.model.dispose();
    throw new TrainError('data', say('errors.train.noTrainingImages'));
  }
  return {
    model: compiled.model, batch, options: {
      optimizer: settings.optimizer === 'sgd' ? { kind: 'sgd', momentum: 0.9 } as const : { kind: 'adam' } as const, learningRate: settings.learningRate, loss: { kind: settings.loss },
      numClasses: dataset.numClasses, multiLabel: dataset.multiLabel, classCounts: dataset.trainClassCounts,
    },
  };
}

/** Steps of the real model on one real batch, for the backend trial and the test hook. */
function trialRun(graph: Graph, dataset: Dataset, settings: TrainSettings): () => StepRun {
  return () => {
    const { model, batch, options } = trialPieces(graph, dataset, settings);
    return timedStepRun(model, batch, options);
  };
}

/** The same steps trained data-parallel by `workers` workers (this one and `workers − 1` shard workers), for the test hook. */
function parallelTrialRun(graph: Graph, dataset: Dataset, settings: TrainSettings, workers: number, onRun?: (run: { profile: ParallelProfile }) => void, balance = true): () => Promise<StepRun> {
  return async () => {
    const { model, batch, options } = trialPieces(graph, dataset, settings);
    const run = await timedParallelRun(model, batch, options, startShards(workers - 1), { graph, seed: settings.seed, balance });
    onRun?.(run);
    return run;
  };
}

function trialKey(graph: Graph, config: TrainConfig): string {
  return JSON.stringify([graph.nodes.map((n) => [n.id, n.type, n.params]), graph.edges.map((e) => [e.source, e.target, e.targetPort]),
    config.settings.batchSize, config.settings.optimizer, config.dataset.id]);
}

async function chooseBackend(graph: Graph, dataset: Dataset, config: TrainConfig): Promise<BackendReport> {
  const key = trialKey(graph, config);
  if (config.backend !== 'auto') {
    let ok = false;
    try {
      ok = await tf.setBackend(config.backend);
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new TrainError('backend', config.backend === 'webgl' ? say('errors.train.webglMissing')
        : say('errors.train.backendDidNotStart', { backend: backendLabel(config.backend) }));
    }
    const earlier = trials.get(key);
    return {
      ...(earlier ? { ranking: earlier.ranking, best: earlier.best } : {}),
      used: config.backend, overridden: true, cached: !!earlier,
      webglMissing: earlier?.ranking.find((r) => r.backend === 'webgl')?.status === 'unavailable',
    };
  }
  let choice = trials.get(key);
  const cached = !!choice;
  if (!choice) {
    post({ type: 'phase', phase: 'measuring', detail: say('train.worker.timingAll') });
    const candidates = TRIAL_BACKENDS;
    // 4 s a backend at most: enough to rank backends that differ by 10× (software WebGL's first
    // step alone takes ~4 s of shader compiling here), short enough not to bore the user.
    choice = await pickBackend(candidates, trialRun(graph, dataset, config.settings), {
      warmupSteps: 2, timedSteps: 3, maxSecondsPerBackend: 4,
      onStart: (b) => post({ type: 'phase', phase: 'measuring', detail: say(b === 'webgl' ? 'train.worker.timingWebgl' : 'train.worker.timing', { backend: backendLabel(b) }) }),
      onMeasured: (figure) => post({ type: 'figure', figure }),
      detail: (b) => (b === 'wasm' ? threadingInUse(wasmThreading).label : undefined),
    });
    trials.set(key, choice);
  }
  if (!choice.best) {
    // The reasons stay in English here: each figure carries its own, worded by the backend table.
    const why = choice.ranking.map((r) => r.message).filter(Boolean).join(' ');
    throw new TrainError('backend', say('errors.train.noBackend', { why }));
  }
  await tf.setBackend(choice.best);
  return {
    ranking: choice.ranking, best: choice.best, used: choice.best, overridden: false, cached,
    webglMissing: choice.ranking.find((r) => r.backend === 'webgl')?.status === 'unavailable',
  };
}

// ---- data-parallel training (lib/train/parallel) -----------------------------------------------

/** The cores the browser reports, read before the threaded build's set-up changes what this worker sees (threads.browser.ts). */
const cores = Math.max(1, navigator.hardwareConcurrency || 1);

/** N workers measured against one, by trial key and N. */
const workerTrials = new Map<string, WorkersMeasured>();

/**
 * The workers a run trains with on the backend chosen (1: this worker alone): as asked (the page's
 * `?workers=`, or the estimate's measurement passed on by the page), else measured here when
 * workersToMeasure says so: a few steps with N workers and with one, and pickWorkers decides. A failed measurement trains on one worker.
 */
async function chooseWorkers(graph: Graph, dataset: Dataset, config: TrainConfig, chosen: BackendReport): Promise<Pick<BackendReport, 'workers' | 'workersMeasured'>> {
  const question: WorkersQuestion = {
    cores, backend: chosen.used, wasmThreads: threadingInUse(wasmThreading).threads, batchSize: config.settings.batchSize, minShard: MIN_SHARD_ROWS,
    ...(config.workers !== undefined ? { requested: config.workers } : {}),
  };
  const candidate = workersToMeasure(question);
  if (candidate === undefined) {
    const workers = dataParallelWorkers(question);
    return { workers, ...(config.workersMeasured && chosen.used === 'wasm' ? { workersMeasured: config.workersMeasured } : {}) };
  }
  if (candidate <= 1) return { workers: 1 };
  const key = `${trialKey(graph, config)}|${candidate}`;
  let measured = workerTrials.get(key);
  if (!measured) {
    post({ type: 'phase', phase: 'measuring', detail: say('train.worker.timingWorkers', { count: candidate }) });
    // In turning rounds after a warm-up (lib/train/parallel/trial.ts): a fresh shard worker's
    // WebAssembly is cold, and the machine's load moves; a failure trains on one worker.
    let one: StepRun | undefined;
    let many: StepRun | undefined;
    let trial: WorkersTrial;
    try {
      one = trialRun(graph, dataset, config.settings)();
      many = await parallelTrialRun(graph, dataset, config.settings, candidate)();
      trial = await timeAlternately(one, many, WORKERS_TRIAL);
    } catch (e) {
      trial = { ok: false, message: e instanceof Error ? e.message : String(e) };
    } finally {
      one?.dispose();
      many?.dispose();
    }
    const [oneWorker, manyWorkers] = trial.ok ? [trial.one, trial.many] : [0, 0];
    measured = { candidate, oneWorker, manyWorkers };
    workerTrials.set(key, measured);
  }
  // A trial that failed (a shard did not start) trains on one worker, with nothing measured to show.
  return { workers: pickWorkers(candidate, measured.oneWorker, measured.manyWorkers), ...(measured.oneWorker > 0 ? { workersMeasured: measured } : {}) };
}

// ---- the run ----------------------------------------------------------------------------------

let controller: TrainController | undefined;

async function run(graph: Graph, config: TrainConfig): Promise<void> {
  await setUpOnce();
  const keeper = await keeperReady;
  // The kept model is replaced by the run's: count the tensors of neither.
  const tensorsBefore = liveTensors() - keeper.keptTensors();
  controller = new TrainController();
  // "Paused" only once the batch in flight has finished, so the figures shown then hold still.
  controller.onHold(() => post({ type: 'phase', phase: 'paused' }));
  controller.onChange((state) => {
    if (state === 'running') post({ type: 'phase', phase: 'training' });
  });
  const s = config.settings;
  let workers = 1;
  try {
    const outcome = await keeper.train({
      graph, request: config.dataset, settings: s, controller,
      ...(config.resume ? { resume: true } : {}),
      guard: { batchSize: s.batchSize, optimizer: s.optimizer, budgetBytes: config.memoryBudget },
      onLoading: (detail, progress) => post({ type: 'phase', phase: 'loading', detail, ...(progress ? { progress } : {}) }),
      beforeCompile: async (dataset) => {
        post({
          type: 'dataset', skipped: 0,
          info: {
            id: config.dataset.id, name: dataset.name, description: dataset.description, trainSize: dataset.trainSize, testSize: dataset.testSize,
            classNames: dataset.classNames, inputShape: dataset.inputShape, multiLabel: dataset.multiLabel, trainClassCounts: dataset.trainClassCounts,
          },
        });
        const chosen = await chooseBackend(graph, dataset, config);
        const parallel = await chooseWorkers(graph, dataset, config, chosen);
        workers = parallel.workers ?? 1;
        const report: BackendReport = { ...chosen, ...parallel };
        post({ type: 'backend', report });
        post({ type: 'phase', phase: 'compiling', detail: say('train.worker.building', { backend: backendLabel(report.used) }) });
        post({ type: 'phase', phase: 'training' });
      },
      shards: () => startShards(workers - 1),
      onBatch: (event) => post({ type: 'batch', event }),
      onEpoch: (record) => {
        post({ type: 'epoch', report: record });
        post({ type: 'phase', phase: 'training' });
      },
    });
    const r = outcome.result;
    const done: DoneReport = {
      status: r.status, epochsCompleted: r.epochsCompleted, trainSeconds: r.trainSeconds,
      samplesPerSecond: r.samplesPerSecond, partial: outcome.partial, kept: !!outcome.summary,
      tensorsBefore, tensorsAfter: liveTensors() - keeper.keptTensors(),
      ...(r.message ? { message: r.message } : {}),
      ...(r.said ? { said: r.said } : {}),
      ...(outcome.test ? { test: outcome.test } : {}),
      ...(outcome.testWithoutTta ? { testWithoutTta: outcome.testWithoutTta } : {}),
    };
    post({ type: 'done', report: done });
  } finally {
    controller = undefined;
  }
}

/**
 * A message for people from anything thrown: ours as written (with its Said, for the page to
 * word), tfjs's summed up without a stack (its own words stay English, inside ours).
 */
function describe(e: unknown): WorkerError {
  if (e instanceof TrainError) return { kind: e.kind, message: e.message, ...(e.said ? { said: e.said } : {}) };
  if (e instanceof DataFileError) return { kind: 'data', message: e.message, ...(e.said ? { said: e.said } : {}) };
  const text = e instanceof Error ? e.message : String(e);
  // tfjs and the browser say "out of memory" only in words: the one place text decides a kind.
  const outOfMemory = /out of memory|OOM|allocat|Failed to compile fragment shader|WebGL context lost/i.test(text);
  const said = say(outOfMemory ? 'errors.train.outOfMemory' : 'errors.train.unexpected', { error: text.split('\n')[0]! });
  return { kind: outOfMemory ? 'too-big' : 'internal', message: english(said), said };
}

// ---- questions --------------------------------------------------------------------------------

/**
 * The typed arrays of an answer, at any depth (the views nest them: top-9's patches, a
 * projection per rule), moved to the page instead of copied: a VGG-16 layer's maps are megabytes.
 */
function transferables(answer: unknown): Transferable[] {
  const out = new Set<ArrayBuffer>();
  const walk = (v: unknown, depth: number): void => {
    if (!v || typeof v !== 'object' || depth > 6) return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, depth + 1);
  };
  walk(answer, 0);
  return [...out];
}

function keeperQuestion(q: Question): KeeperQuestion {
  return q.kind === 'evaluate' && q.dataset ? { kind: 'evaluate', dataset: { id: q.dataset.id, ...(q.dataset.files ? { files: q.dataset.files } : {}) } } : q;
}

async function answer(id: number, question: Question): Promise<void> {
  await setUpOnce();
  const keeper = await keeperReady;
  try {
    const result = await keeper.ask(keeperQuestion(question));
    // An answer kept by the keeper (a cached evaluation) is copied, not transferred.
    const transfer = question.kind === 'evaluate' ? [] : transferables(result);
    post({ type: 'answer', id, ok: true, kind: question.kind, answer: result }, transfer);
  } catch (e) {
    post({ type: 'answer', id, ok: false, kind: question.kind, error: describe(e) });
  }
}

// ---- the test hook ----------------------------------------------------------------------------

/** Times every backend `rounds` times on the open graph, the order rotated each round. */
async function benchBackends(o: { dataset?: DatasetRequest['id']; batchSize?: number; warmupSteps?: number; timedSteps?: number; rounds?: number; graph?: Graph; backends?: string[] } = {}) {
  await setUpOnce();
  await queue; // the page's `open` first
  const keeper = await keeperReady;
  if (o.graph) await keeper.open(o.graph);
  const graph = o.graph ?? lastGraph;
  if (!graph) throw new Error('No graph is open in the worker.');
  const { dataset } = await keeper.dataset({ id: o.dataset ?? 'mnist' });
  const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, epochs: 1, batchSize: o.batchSize ?? 64, learningRate: 0.001, schedule: 'constant' };
  const candidates = registeredBackends().filter((b) => (o.backends ?? ['webgl', 'wasm', 'cpu']).includes(b));
  const rounds: (readonly BackendFigure[])[] = [];
  for (let r = 0; r < (o.rounds ?? 3); r++) {
    const order = candidates.map((_, i) => candidates[(i + r) % candidates.length]!);
    const choice = await pickBackend(order, trialRun(graph, dataset, settings), {
      warmupSteps: o.warmupSteps ?? 3, timedSteps: o.timedSteps ?? 20, maxSecondsPerBackend: 120,
      detail: (b) => (b === 'wasm' ? threadingInUse(wasmThreading).label : undefined),
    });
    rounds.push(choice.ranking);
  }
  await tf.setBackend('wasm');
  return { rounds, userAgent: navigator.userAgent };
}

/**
 * One-thread WASM's samples/s training the open graph with each count of `workers` (1: this
 * worker alone, as a run without shards; n: n − 1 shard workers besides it), `rounds` times, the
 * order rotated each round: the data-parallel speed-up, side by side. With `even`, the first count
 * also with every batch cut evenly (no balancing between the leader and the shards), beside it.
 */
async function benchParallel(o: { dataset?: DatasetRequest['id']; batchSize?: number; warmupSteps?: number; timedSteps?: number; rounds?: number; workers?: number[]; even?: boolean } = {}) {
  await setUpOnce();
  await queue;
  const keeper = await keeperReady;
  const graph = lastGraph;
  if (!graph) throw new Error('No graph is open in the worker.');
  const { dataset } = await keeper.dataset({ id: o.dataset ?? 'mnist' });
  const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, epochs: 1, batchSize: o.batchSize ?? 64, learningRate: 0.001, schedule: 'constant' };
  const counts = o.workers ?? [cores, 1];
  const configs: { workers: number; even?: true }[] = counts.map((workers) => ({ workers }));
  if (o.even && counts[0]! > 1) configs.splice(1, 0, { workers: counts[0]!, even: true });
  type Row = { workers: number; even?: true; figure: BackendFigure; profile?: ParallelProfile };
  const rounds: Row[][] = [];
  for (let r = 0; r < (o.rounds ?? 3); r++) {
    const row: Row[] = [];
    for (let i = 0; i < configs.length; i++) {
      const { workers, even } = configs[(i + r) % configs.length]!;
      let profile: ParallelProfile | undefined;
      const make = workers > 1 ? parallelTrialRun(graph, dataset, settings, workers, (run) => { profile = run.profile; }, !even) : trialRun(graph, dataset, settings);
      const choice = await pickBackend(['wasm'], make, { warmupSteps: o.warmupSteps ?? 3, timedSteps: o.timedSteps ?? 20, maxSecondsPerBackend: 120 });
      row.push({ workers, ...(even ? { even } : {}), figure: choice.ranking[0]!, ...(profile ? { profile: { ...profile } } : {}) });
    }
    rounds.push(row);
  }
  return { rounds, cores, wasmThreads: threadingInUse(wasmThreading).threads, userAgent: navigator.userAgent };
}

/** The kept model's class probabilities for test images by index, as plain arrays (for a comparison under Node). */
async function predictions(indices: readonly number[]): Promise<number[][]> {
  await queue;
  const keeper = await keeperReady;
  const out: number[][] = [];
  for (const index of indices) out.push([...(await keeper.ask({ kind: 'predict', image: { from: 'dataset', split: 'test', index } })).probabilities]);
  return out;
}

/**
 * Seconds of one forward pass of the kept model through the `predict` question (a fixed image of
 * its input shape), `rounds` times: what bench/browser-viz.ts sets the feature maps against.
 */
async function forwardSeconds(rounds = 3): Promise<number[]> {
  await queue;
  const keeper = await keeperReady;
  const [h, w, c] = (await keeper.model()).inputShape;
  const pixels = new Uint8Array(h * w * c).map((_, i) => (i * 37) % 256);
  const out: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    await keeper.ask({ kind: 'predict', image: { from: 'pixels', pixels, shape: [h, w, c] } });
    if (r > 0) out.push((performance.now() - t0) / 1000); // the first builds and warms
  }
  return out;
}

const testHook = {
  benchBackends,
  benchParallel,
  predictions,
  forwardSeconds,
  /** Bytes of the last MNIST load: downloaded and read from the Cache API. */
  lastLoad: () => lastLoad ?? null,
  /** Tensors alive in the worker. */
  liveTensors,
};
(scope as unknown as { __layerwiseTestHook: typeof testHook }).__layerwiseTestHook = testHook;

// ---- messages ---------------------------------------------------------------------------------

/** Opens, runs and questions go one at a time, in order (pause, resume and stop do not wait). */
let queue: Promise<void> = Promise.resolve();
const enqueue = (task: () => Promise<void>): void => {
  queue = queue.then(task).catch(() => { /* each task reports its own errors */ });
};
let running = false;
let lastGraph: Graph | undefined;

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'open':
      lastGraph = message.graph;
      enqueue(async () => {
        await setUpOnce();
        await (await keeperReady).open(message.graph);
      });
      return;
    case 'train':
      if (running) return;
      running = true;
      lastGraph = message.graph;
      enqueue(() => run(message.graph, message.config)
        .catch((e: unknown) => post({ type: 'error', error: describe(e) }))
        .finally(() => {
          running = false;
        }));
      return;
    case 'ask':
      enqueue(() => answer(message.id, message.question));
      return;
    case 'pause':
      controller?.pause();
      return;
    case 'resume':
      controller?.resume();
      return;
    case 'stop':
      controller?.stop();
      return;
  }
};
