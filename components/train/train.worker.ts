/// <reference lib="webworker" />
/**
 * The training worker: loads the dataset, measures the backends, compiles the graph and trains
 * it, off the page's thread so the editor and the charts stay responsive. It speaks only the
 * messages of protocol.ts; lib/ does the work (this file is the browser edge: worker globals,
 * wasm file paths, File objects).
 *
 * WebGL runs here through OffscreenCanvas (tfjs makes one itself in a worker); WASM loads its
 * binaries from /wasm/ (scripts/copy-wasm.mjs copies them to public/wasm at build time), single-
 * threaded: the threaded build's workers crashed in Next's production build (shared/notes/browser.md).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { compile, type CompileOptions } from '@/lib/compile/compile';
import { patchWasmBackend } from '@/lib/backend/wasm';
import { pickBackend, registeredBackends, backendLabel, type BackendChoice, type BackendFigure, type StepRun } from '@/lib/train/backends';
import { TrainController } from '@/lib/train/controller';
import { evaluate } from '@/lib/train/evaluate';
import { train } from '@/lib/train/loop';
import { defaultLoss, makeLoss, outputKind } from '@/lib/train/losses';
import { makeOptimizer } from '@/lib/train/optimizers';
import type { Dataset } from '@/lib/train/datasets/types';
import { disposeBatch } from '@/lib/train/datasets/types';
import { DataFileError } from '@/lib/train/datasets/source';
import { loadMnistBrowser } from '@/lib/train/datasets/mnist.browser';
import { makeSynthetic } from '@/lib/train/datasets/synthetic';
import { loadImageFolder } from '@/lib/train/datasets/folder';
import { browserImageDecoder, filesFromFileList } from '@/lib/train/datasets/files.browser';
import type { Graph } from '@/lib/graph/types';
import type { BackendReport, DoneReport, ErrorKind, FromWorker, ToWorker, TrainConfig } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker): void => scope.postMessage(message);

/** An error whose message is already written for the user. */
class UserError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
  }
}

let setUp = false;
function setUpOnce(): void {
  if (setUp) return;
  setUp = true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths('/wasm/');
  patchWasmBackend();
}

/** Tensors alive across all backends, read without starting one (tf.memory() would). */
const liveTensors = (): number => tf.engine().state.numTensors;

// ---- datasets: kept between runs (bytes on the JS heap, no tensors) ---------------------------

let cachedDataset: { key: string; dataset: Dataset; skipped: number } | undefined;

function datasetKey(config: TrainConfig): string {
  const p = config.plan;
  if (p.kind === 'mnist') return `mnist:${p.mnist?.pad}:${p.mnist?.channels}`;
  if (p.kind === 'synthetic') return 'synthetic';
  const files = (config.files ?? []).map((f) => `${(f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name}:${f.size}:${f.lastModified}`);
  return `folder:${p.folder?.size.join('x')}:${p.folder?.channels}:${files.join('|')}`;
}

async function loadDataset(config: TrainConfig): Promise<{ dataset: Dataset; skipped: number }> {
  const key = datasetKey(config);
  if (cachedDataset?.key === key) return cachedDataset;
  cachedDataset?.dataset.dispose();
  cachedDataset = undefined;
  const plan = config.plan;
  let loaded: { dataset: Dataset; skipped: number };
  switch (plan.kind) {
    case 'mnist': {
      post({ type: 'phase', phase: 'loading', detail: 'Loading the 70,000 MNIST digits…' });
      let last = 0;
      const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
      const { dataset } = await loadMnistBrowser({
        ...plan.mnist,
        onProgress: (p) => {
          const now = performance.now();
          if (now - last < 100 && p.received < p.total && p.stage === 'download') return;
          last = now;
          const detail = p.stage === 'inflate' ? 'Decompressing and checking the MNIST files…'
            : p.fromCache === p.received && p.received > 0 ? `Reading MNIST from this browser's cache: ${mb(p.received)} of ${mb(p.total)} MB`
              : `Downloading MNIST (once; kept in this browser's cache): ${mb(p.received)} of ${mb(p.total)} MB`;
          post({ type: 'phase', phase: 'loading', detail, progress: { received: p.received, total: p.total } });
        },
      });
      loaded = { dataset, skipped: 0 };
      break;
    }
    case 'synthetic':
      post({ type: 'phase', phase: 'loading', detail: 'Drawing 6,000 synthetic shapes…' });
      loaded = { dataset: makeSynthetic(), skipped: 0 };
      break;
    case 'folder': {
      const files = config.files ?? [];
      if (files.length === 0) throw new UserError('data', 'Choose a folder of images first: one sub-folder per class.');
      const size = plan.folder?.size ?? [32, 32];
      let last = 0;
      const result = await loadImageFolder(filesFromFileList(files), browserImageDecoder, {
        size: [size[0], size[1]], channels: plan.folder?.channels ?? 3, skipUnreadable: true,
        onProgress: (done, total) => {
          const now = performance.now();
          if (now - last > 100 || done === total) {
            last = now;
            post({ type: 'phase', phase: 'loading', detail: `Decoding your images: ${done} of ${total}` });
          }
        },
      });
      loaded = { dataset: result.dataset, skipped: result.skipped.length };
      break;
    }
  }
  cachedDataset = { key, ...loaded };
  return loaded;
}

// ---- backends ---------------------------------------------------------------------------------

/** Trial results per model and batch size, so a second run of the same model starts at once. */
const trials = new Map<string, BackendChoice>();

/** A step of the real model on the real data (one batch), for the backend trial. */
function trialStep(graph: Graph, dataset: Dataset, config: TrainConfig): () => StepRun {
  return () => {
    const compiled = compile(graph, compileOptions(graph, config));
    if (!compiled.ok) throw new UserError('graph', compiled.errors.map((e) => e.message).join(' '));
    const model = compiled.model;
    const optimizer = makeOptimizer({ kind: config.optimizer }, config.learningRate);
    const lossFn = makeLoss(defaultLoss(dataset.multiLabel), {
      output: outputKind(model), numClasses: dataset.numClasses, multiLabel: dataset.multiLabel, classCounts: dataset.trainClassCounts,
    });
    const batch = dataset.batches('train', { batchSize: config.batchSize, seed: 12345, shuffle: true }).next().value;
    if (!batch) throw new UserError('data', 'The dataset has no training images.');
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    return {
      batchSize: batch.size,
      async step() {
        const loss = optimizer.minimize(() => lossFn(batch.ys, model.apply(batch.xs, { training: true }) as tf.Tensor2D), true, variables)!;
        await loss.data();
        loss.dispose();
      },
      dispose() {
        disposeBatch(batch);
        optimizer.dispose();
        model.dispose();
      },
    };
  };
}

async function chooseBackend(graph: Graph, dataset: Dataset, config: TrainConfig): Promise<BackendReport> {
  if (config.backend !== 'auto') {
    let ok = false;
    try {
      ok = await tf.setBackend(config.backend);
    } catch {
      ok = false;
    }
    if (!ok) {
      const why = config.backend === 'webgl'
        ? 'WebGL is not available in this browser (no GPU, or WebGL is switched off).'
        : `The ${backendLabel(config.backend)} backend did not start here.`;
      throw new UserError('backend', `${why} Choose "Auto" to measure which backend works best here, or pick another.`);
    }
    const key = trialKey(graph, config);
    const earlier = trials.get(key);
    return {
      ...(earlier ? { ranking: earlier.ranking, best: earlier.best } : {}),
      used: config.backend, overridden: true, cached: !!earlier,
      webglMissing: earlier?.ranking.find((r) => r.backend === 'webgl')?.status === 'unavailable',
    };
  }
  const key = trialKey(graph, config);
  let choice = trials.get(key);
  const cached = !!choice;
  if (!choice) {
    post({ type: 'phase', phase: 'measuring', detail: 'Timing a few training steps on each backend…' });
    const candidates = registeredBackends().filter((b) => b === 'webgl' || b === 'wasm' || b === 'cpu');
    // 4 s a backend at most: enough to rank backends that differ by 10× (software WebGL's first
    // step alone takes ~4 s of shader compiling here), short enough not to bore the user.
    choice = await pickBackend(candidates, trialStep(graph, dataset, config), {
      warmupSteps: 2, timedSteps: 3, maxSecondsPerBackend: 4,
      onStart: (b) => post({ type: 'phase', phase: 'measuring', detail: `Timing ${backendLabel(b)}${b === 'webgl' ? ' (its first step compiles the GPU programs)' : ''}…` }),
      onMeasured: (figure) => post({ type: 'figure', figure }),
    });
    trials.set(key, choice);
  }
  if (!choice.best) {
    const why = choice.ranking.map((r) => r.message).filter(Boolean).join(' ');
    throw new UserError('backend', `No backend could train this model here. ${why}`);
  }
  await tf.setBackend(choice.best);
  return {
    ranking: choice.ranking, best: choice.best, used: choice.best, overridden: false, cached,
    webglMissing: choice.ranking.find((r) => r.backend === 'webgl')?.status === 'unavailable',
  };
}

function trialKey(graph: Graph, config: TrainConfig): string {
  return JSON.stringify([graph.nodes.map((n) => [n.id, n.type, n.params]), graph.edges.map((e) => [e.source, e.target, e.targetPort]),
    config.batchSize, config.optimizer, datasetKey(config)]);
}

/** Seeded weights, and the memory guard again (the panel checked first, with the same budget). */
function compileOptions(graph: Graph, config: TrainConfig): CompileOptions {
  return {
    seed: config.seed,
    memory: {
      batchSize: config.batchSize, optimizer: config.optimizer, budgetBytes: config.memoryBudget,
      ...(graph.meta?.name ? { modelName: graph.meta.name } : {}),
      ...(graph.meta?.preset ? { presetId: graph.meta.preset } : {}),
    },
  };
}

// ---- the run ----------------------------------------------------------------------------------

let controller: TrainController | undefined;
let running = false;

async function run(graph: Graph, config: TrainConfig): Promise<void> {
  setUpOnce();
  const tensorsBefore = liveTensors();

  const { dataset, skipped } = await loadDataset(config);
  post({
    type: 'dataset', skipped,
    info: {
      name: dataset.name, description: dataset.description, trainSize: dataset.trainSize, testSize: dataset.testSize,
      classNames: dataset.classNames, inputShape: dataset.inputShape,
    },
  });

  const report = await chooseBackend(graph, dataset, config);
  post({ type: 'backend', report });

  post({ type: 'phase', phase: 'compiling', detail: `Building the model on ${backendLabel(report.used)}…` });
  const compiled = compile(graph, compileOptions(graph, config));
  if (!compiled.ok) throw new UserError(/needs about .* can give about/.test(compiled.errors[0]?.message ?? '') ? 'memory' : 'graph',
    compiled.errors.map((e) => e.message).join(' '));
  const model = compiled.model;
  let disposed = false;
  try {
    controller = new TrainController();
    // "Paused" only once the batch in flight has finished, so the figures shown then hold still.
    controller.onHold(() => post({ type: 'phase', phase: 'paused' }));
    controller.onChange((state) => {
      if (state === 'running') post({ type: 'phase', phase: 'training' });
    });
    post({ type: 'phase', phase: 'training' });
    let result;
    try {
      result = await train(model, dataset, {
        epochs: config.epochs, batchSize: config.batchSize, optimizer: { kind: config.optimizer },
        learningRate: config.learningRate, seed: config.seed, controller,
        onBatch: (event) => post({ type: 'batch', event }),
        onEpoch: (e) => {
          post({
            type: 'epoch',
            report: {
              epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, samplesPerSecond: e.samplesPerSecond, seconds: e.seconds,
              ...(e.test ? { testAccuracy: e.test.accuracy, testLoss: e.test.loss } : {}),
            },
          });
          post({ type: 'phase', phase: 'training' });
        },
      });
    } catch (e) {
      // train() checks the dataset against the compiled model before any step, with a message
      // naming both shapes and what to change.
      if (e instanceof Error && /does not fit the model|learning rate|batch size|Epochs/i.test(e.message)) throw new UserError('fit', e.message);
      throw e;
    }
    let test = result.test;
    let partial = false;
    if (!test && result.status === 'stopped') {
      post({ type: 'phase', phase: 'evaluating', detail: 'Testing the weights reached so far…' });
      test = await evaluate(model, dataset, { batchSize: Math.max(config.batchSize, 128) });
      partial = true;
    }
    model.dispose();
    disposed = true;
    const done: DoneReport = {
      status: result.status, epochsCompleted: result.epochsCompleted, trainSeconds: result.trainSeconds,
      samplesPerSecond: result.samplesPerSecond, partial, tensorsBefore, tensorsAfter: liveTensors(),
      ...(result.message ? { message: result.message } : {}),
      ...(test ? { test } : {}),
    };
    post({ type: 'done', report: done });
  } finally {
    if (!disposed) model.dispose();
    controller = undefined;
  }
}

/**
 * The figures for bench/browser-train.ts: every backend timed `rounds` times on the same model,
 * data and batch, the order rotated each round so no backend always goes first (or last).
 */
async function bench(graph: Graph, config: TrainConfig, warmupSteps: number, timedSteps: number, rounds: number): Promise<void> {
  setUpOnce();
  const { dataset } = await loadDataset(config);
  const candidates = registeredBackends().filter((b) => b === 'webgl' || b === 'wasm' || b === 'cpu');
  const results: (readonly BackendFigure[])[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = candidates.map((_, i) => candidates[(i + r) % candidates.length]!);
    const choice = await pickBackend(order, trialStep(graph, dataset, config), {
      warmupSteps, timedSteps, maxSecondsPerBackend: 120,
      onMeasured: (figure) => post({ type: 'figure', figure }),
    });
    results.push(choice.ranking);
  }
  post({ type: 'bench-result', rounds: results, userAgent: navigator.userAgent });
}

/** A message for people from anything thrown: ours as written, tfjs's summed up without a stack. */
function describe(e: unknown): { kind: ErrorKind; message: string } {
  if (e instanceof UserError) return { kind: e.kind, message: e.message };
  if (e instanceof DataFileError) return { kind: 'data', message: e.message };
  const text = e instanceof Error ? e.message : String(e);
  if (/out of memory|OOM|allocat|Failed to compile fragment shader|WebGL context lost/i.test(text)) {
    return { kind: 'memory', message: `The browser ran out of memory for this model (${text.split('\n')[0]}). Try a smaller batch size, a smaller input, or a mini preset.` };
  }
  return { kind: 'internal', message: `Training stopped on an unexpected error: ${text.split('\n')[0]}. Try again, or choose another backend.` };
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      if (running) return;
      running = true;
      run(message.graph, message.config)
        .catch((e: unknown) => post({ type: 'error', ...describe(e) }))
        .finally(() => {
          running = false;
        });
      return;
    case 'bench':
      if (running) return;
      running = true;
      bench(message.graph, message.config, message.warmupSteps, message.timedSteps, message.rounds)
        .catch((e: unknown) => post({ type: 'error', ...describe(e) }))
        .finally(() => {
          running = false;
        });
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
