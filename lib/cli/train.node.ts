/**
 * `layerwise train <preset-id|file.json> [options]`: compiles a graph, loads a dataset fitted to
 * it, trains with a progress bar, prints the test accuracy, and optionally saves the weights.
 * Under Node the default backend is WASM with the convolution gradient kernels registered
 * (lib/backend/wasm): ~100× the pure-JS CPU backend for conv nets here.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism, totalmem } from 'node:os';
import { patchWasmBackend } from '../backend/wasm';
import { datasetUsage } from '../train/datasets/catalogue';
import { DatasetSpecError, loadDatasetNode, parseDatasetSpec } from '../train/datasets/load.node';
import { MnistMissingError } from '../train/datasets/mnist.node';
import { DataFileError } from '../train/datasets/source';
import { describeAugmentation, describeTestCrops, testCrops } from '../train/datasets/augmentation';
import { datasetEntry } from '../train/datasets/catalogue';
import type { Dataset } from '../train/datasets/types';
import { compile } from '../compile/compile';
import type { Graph } from '../graph/types';
import { TrainController } from '../train/controller';
import { TrainError, type TrainErrorKind } from '../train/errors';
import type { LossKind } from '../train/losses';
import type { BatchEvent, EpochEvent, TrainResult } from '../train/loop';
import { GRAPH_FILE, MODEL_FILE, WEIGHTS_FILE } from '../train/model-files';
import { fileSystemHandler } from '../train/model-files.node';
import type { StepRun } from '../train/backends';
import { MIN_SHARD_ROWS, timedParallelRun } from '../train/parallel/leader';
import { startThreadShards } from '../train/parallel/link.node';
import type { ShardLink } from '../train/parallel/protocol';
import type { WorkersQuestion, WorkersRequest } from '../train/parallel/shards';
import { ModelSession } from '../train/session';
import { timedStepRun, type StepOptions } from '../train/step';
import { defaultLossKind, DEFAULT_TRAIN_SETTINGS, LOSSES, usualLearningRate, type OptimizerKind, type ScheduleKind, type TrainSettings } from '../train/settings';
import type { WeightSpec } from '../train/store';
import { splitArgs, UsageError, workersValue } from './args';
import { processIO, type CliIO } from './io.node';
import { loadTarget } from './load.node';
import { decideWorkers, describeWorkers } from './workers';
import { timeAlternately, type WorkersTrial } from '../train/parallel/trial';

export const TRAIN_USAGE = `layerwise train <preset-id|file.json> [options]

Trains a graph on a dataset and prints the test accuracy.

Options (defaults in brackets):
  --dataset D        ${datasetUsage()} [mnist]
                     MNIST is padded to 32×32 and/or repeated to 3 channels when the model asks.
  --epochs N         passes over the training set [${DEFAULT_TRAIN_SETTINGS.epochs}]
  --train-size N     train on the first N training images only, for a quick run (the test
                     set stays whole) [all]
  --batch B          batch size [${DEFAULT_TRAIN_SETTINGS.batchSize}]
  --lr X             learning rate [${DEFAULT_TRAIN_SETTINGS.learningRate} for ${DEFAULT_TRAIN_SETTINGS.optimizer}, ${usualLearningRate(DEFAULT_TRAIN_SETTINGS.optimizer === 'adam' ? 'sgd' : 'adam')} for ${DEFAULT_TRAIN_SETTINGS.optimizer === 'adam' ? 'sgd' : 'adam'}]
  --optimizer O      adam | sgd (SGD with momentum 0.9) [${DEFAULT_TRAIN_SETTINGS.optimizer}]
  --schedule S       constant | cosine | step (×0.1 every --step-every epochs) [${DEFAULT_TRAIN_SETTINGS.schedule}]
  --step-every N     epochs between steps of the step schedule [max(1, epochs/3)]
  --weight-decay W   decoupled weight decay on kernels [0]
  --loss L           ce | weighted-ce | focal | bce [ce; bce for multi-label data]
  --augment          the augmentation the dataset declares: MNIST shifts ±2 px and rotates
                     ±10°; CIFAR, folders and synthetic shapes take random crops (padding
                     1/8 of the side) and horizontal flips, AlexNet's recipe
  --tta              also test with AlexNet's crops, averaged: the corners and centre of the
                     image padded as for --augment, and their mirrors (10 crops); digits are
                     never mirrored (5 crops). Prints the accuracy with and without
  --backend B        wasm | cpu [wasm]
  --workers N        train data-parallel in N threads (each batch shared among them; wasm
                     only), or auto for one per core [from batch 64: one per core when a few
                     timed steps show them 1.1× as fast as one thread, else 1]
  --seed S           seeds the weights, the batch order and augmentation [${DEFAULT_TRAIN_SETTINGS.seed}]
  --save DIR         save model.json + weights.bin + graph.json into DIR (the files the
                     app's "Download trained model" gives; tf.loadLayersModel reads them)
  --load DIR         start from weights saved by --save or downloaded from the app
  --json             print one JSON object as the last line of output
  --help             this text

The defaults are the training panel's: one epoch of LeNet-5 on MNIST reaches 98%.
Example: layerwise train lenet5 --dataset mnist --epochs 1
`;

/** Parsed options. */
interface TrainArgs {
  target: string;
  dataset: string;
  epochs: number;
  /** Train on the first N training images only. */
  trainSize?: number;
  batch: number;
  lr?: number;
  optimizer: OptimizerKind;
  schedule: ScheduleKind;
  stepEvery?: number;
  weightDecay: number;
  loss?: string;
  augment: boolean;
  tta: boolean;
  backend: 'wasm' | 'cpu';
  /** `--workers`; absent: decided by measurement. */
  workers?: WorkersRequest;
  seed: number;
  save?: string;
  load?: string;
  json: boolean;
}

const VALUE_OPTIONS = ['dataset', 'epochs', 'train-size', 'batch', 'lr', 'optimizer', 'schedule', 'step-every', 'weight-decay', 'loss', 'backend', 'workers', 'seed', 'save', 'load'];
const FLAG_OPTIONS = ['augment', 'tta', 'json', 'help'];

function parseArgs(argv: readonly string[]): TrainArgs | 'help' {
  const { values, flags, positional } = splitArgs(argv, { command: 'train', values: VALUE_OPTIONS, flags: FLAG_OPTIONS });
  if (flags.has('help')) return 'help';
  if (positional.length !== 1) {
    throw new UsageError(positional.length === 0 ? 'give a preset id or a graph file to train, e.g. "layerwise train lenet5"' : `one model at a time (got ${positional.join(', ')})`);
  }
  const int = (name: string, def: number, min: number): number => {
    const raw = values[name];
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got ${raw})`);
    return n;
  };
  const num = (name: string): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number ≥ 0 (got ${raw})`);
    return n;
  };
  const choice = <T extends string>(name: string, options: readonly T[], def: T): T => {
    const raw = values[name];
    if (raw === undefined) return def;
    if (!options.includes(raw as T)) throw new UsageError(`--${name} must be one of ${options.join(', ')} (got ${raw})`);
    return raw as T;
  };
  const lr = num('lr');
  if (lr === 0) throw new UsageError('--lr must be above 0; try 0.001 for adam or 0.01 for sgd');
  const stepEvery = values['step-every'] !== undefined ? int('step-every', 1, 1) : undefined;
  const trainSize = values['train-size'] !== undefined ? int('train-size', 1, 1) : undefined;
  return {
    target: positional[0]!,
    dataset: values.dataset ?? 'mnist',
    epochs: int('epochs', DEFAULT_TRAIN_SETTINGS.epochs, 1),
    ...(trainSize !== undefined ? { trainSize } : {}),
    batch: int('batch', DEFAULT_TRAIN_SETTINGS.batchSize, 1),
    ...(lr !== undefined ? { lr } : {}),
    optimizer: choice('optimizer', ['adam', 'sgd'] as const, DEFAULT_TRAIN_SETTINGS.optimizer),
    schedule: choice('schedule', ['constant', 'cosine', 'step'] as const, DEFAULT_TRAIN_SETTINGS.schedule),
    ...(stepEvery !== undefined ? { stepEvery } : {}),
    weightDecay: num('weight-decay') ?? 0,
    ...(values.loss !== undefined ? { loss: choice('loss', ['ce', 'weighted-ce', 'focal', 'bce'] as const, 'ce') } : {}),
    augment: flags.has('augment'),
    tta: flags.has('tta'),
    backend: choice('backend', ['wasm', 'cpu'] as const, 'wasm'),
    ...(values.workers !== undefined ? { workers: workersValue(values.workers) } : {}),
    seed: int('seed', DEFAULT_TRAIN_SETTINGS.seed, 0),
    ...(values.save !== undefined ? { save: values.save } : {}),
    ...(values.load !== undefined ? { load: values.load } : {}),
    json: flags.has('json'),
  };
}

/** The loss a `--loss` name stands for (lib/train/settings.ts LOSSES holds the names). */
function lossKind(flag: string): LossKind {
  const kind = (Object.keys(LOSSES) as LossKind[]).find((k) => LOSSES[k].flag === flag);
  if (!kind) throw new UsageError(`unknown loss ${flag}`);
  return kind;
}

/**
 * Makes `name` the tfjs backend. WASM gets the convolution gradient kernels it lacks first.
 * The pure-JS CPU backend's greeting about tfjs-node is silenced (production mode).
 */
export async function setupBackend(name: 'wasm' | 'cpu'): Promise<void> {
  tf.enableProdMode();
  if (name === 'wasm') patchWasmBackend();
  let ok = false;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch {
    ok = false;
  }
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`The ${name} backend could not start${name === 'wasm' ? ' (is @tensorflow/tfjs-backend-wasm installed?); try --backend cpu' : ''}.`);
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** One line of progress, the most useful first (a narrow terminal cuts the end): `epoch 1/2 [#####-----]  50% ETA 0:03  loss 0.412  acc 88.3%  1,650 samples/s`. */
export function progressLine(e: BatchEvent, width = 20): string {
  const done = (e.batch + 1) / e.batchesPerEpoch;
  const filled = Math.round(done * width);
  return `epoch ${e.epoch + 1}/${e.epochs} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(done * 100)).padStart(3)}% ETA ${clock(e.etaSeconds)}` +
    `  loss ${e.loss.toFixed(3)}  acc ${(e.accuracy * 100).toFixed(1)}%  ${int(e.samplesPerSecond)} samples/s`;
}

function epochLine(e: EpochEvent): string {
  return `epoch ${e.epoch + 1}/${e.epochs}  loss ${e.loss.toFixed(4)}  train acc ${pct(e.accuracy)}` +
    (e.test ? `  test acc ${pct(e.test.accuracy)}` : '') +
    `  ${int(e.samplesPerSecond)} samples/s  ${e.seconds.toFixed(1)} s`;
}

/** What tests replace in a run: how shard threads start, and the machine's cores. */
export interface TrainDeps {
  /** Starts `count` shard threads (default: link.node.ts startThreadShards on the run's backend). */
  readonly startShards?: (count: number) => ShardLink[];
  /** Cores of the machine (default: os.availableParallelism()). */
  readonly cores?: number;
}

/** A link whose close does nothing: the trial's shards stay up for the run that follows it. */
function keptOpen(link: ShardLink): ShardLink {
  return { request: (message, transfer) => link.request(message, transfer), close: () => undefined };
}

/**
 * Times a few steps of the model of `graph` on one real batch of `dataset`, with this thread
 * alone and with `links` as its shards, in alternation (lib/train/parallel/trial.ts timeAlternately); each run
 * trains a freshly compiled model, so the session's weights are untouched. The links stay open.
 */
async function timeWorkers(graph: Graph, dataset: Dataset, settings: TrainSettings, links: readonly ShardLink[]): Promise<WorkersTrial> {
  const pieces = () => {
    const compiled = compile(graph, { seed: settings.seed });
    if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join(' '));
    const batch = dataset.batches('train', { batchSize: settings.batchSize, seed: 12345, shuffle: true }).next().value;
    if (!batch) {
      compiled.model.dispose();
      throw new Error('no training images');
    }
    const options: StepOptions = {
      optimizer: settings.optimizer === 'sgd' ? { kind: 'sgd', momentum: 0.9 } : { kind: 'adam' }, learningRate: settings.learningRate,
      loss: { kind: settings.loss }, numClasses: dataset.numClasses, multiLabel: dataset.multiLabel, classCounts: dataset.trainClassCounts,
    };
    return { model: compiled.model, batch, options };
  };
  let one: StepRun | undefined;
  let many: StepRun | undefined;
  try {
    const a = pieces();
    one = timedStepRun(a.model, a.batch, a.options);
    const b = pieces();
    many = await timedParallelRun(b.model, b.batch, b.options, links.map(keptOpen), { graph, seed: settings.seed });
    return await timeAlternately(one, many);
  } catch (e) {
    return { ok: false, message: (e instanceof Error ? e.message : String(e)).split('\n')[0]! };
  } finally {
    one?.dispose();
    many?.dispose();
  }
}

/**
 * Runs `layerwise train` with `argv` (the words after "train"). Returns the exit code: 0 done,
 * 2 bad input (usage, model, dataset, a dataset that does not fit), 1 a run that diverged or
 * failed, 130 stopped by Ctrl-C. Never prints a stack trace (unless LAYERWISE_DEBUG=1). The
 * shard threads of a data-parallel run end with it, however it ends.
 */
export async function runTrain(argv: string[], io: CliIO = processIO, deps: TrainDeps = {}): Promise<number> {
  let args: TrainArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`layerwise train: ${(e as Error).message}\n`);
    return 2;
  }
  if (args === 'help') {
    io.out(TRAIN_USAGE);
    return 0;
  }
  const a = args;
  const loaded = loadTarget(a.target);
  if (!loaded.ok) {
    io.err(loaded.errors.join('\n') + '\n');
    return 2;
  }
  loaded.warnings.forEach((w) => io.err(`${w}\n`));

  let session: ModelSession | undefined;
  let dataset: Dataset | undefined;
  // The shard threads (none: this thread trains alone); ended in `finally` whatever happens.
  let shards: ShardLink[] = [];
  const controller = new TrainController();
  const onSigint = (): void => {
    if (controller.stopped) process.exit(130);
    controller.stop();
    io.err('\nStopping after this batch (Ctrl-C again to quit at once)...\n');
  };
  // The defaults are shared with the training panel; another optimizer gets its usual rate.
  const lr = a.lr ?? (a.optimizer === DEFAULT_TRAIN_SETTINGS.optimizer ? DEFAULT_TRAIN_SETTINGS.learningRate : usualLearningRate(a.optimizer));
  let settings: TrainSettings = {
    epochs: a.epochs, batchSize: a.batch, optimizer: a.optimizer, learningRate: lr, schedule: a.schedule, seed: a.seed, augment: a.augment,
    loss: DEFAULT_TRAIN_SETTINGS.loss, tta: a.tta,
  };
  try {
    await setupBackend(a.backend);
    // Memory guard: the wasm heap is 32-bit (at most 4 GB, and tfjs needs headroom); the CPU
    // backend lives on the JavaScript heap. Half the machine's memory either way, at most.
    const budgetBytes = Math.min(totalmem() / 2, a.backend === 'wasm' ? 3e9 : Infinity);
    session = ModelSession.create(loaded.graph, {
      seed: a.seed, guard: { batchSize: a.batch, optimizer: a.optimizer, budgetBytes, budgetHolder: `the ${a.backend} backend on this machine` },
    });
    // The plan (plan.ts) pads MNIST or resizes a folder to fit the model.
    let plan;
    try {
      plan = session.plan(parseDatasetSpec(a.dataset).id);
    } catch (e) {
      if (!(e instanceof DatasetSpecError)) throw e;
      io.err(`layerwise train: ${e.message}\n`);
      return 2;
    }
    if (plan.problem) throw new TrainError('data-does-not-fit', `The dataset does not fit the model: ${plan.problem}`);
    // The loss: the one asked for, else the dataset's own (binary cross-entropy for multi-label data).
    settings = { ...settings, loss: a.loss !== undefined ? lossKind(a.loss) : defaultLossKind(datasetEntry(plan.dataset)?.multiLabel ?? false) };
    let notes: string[];
    try {
      const loadedData = await loadDatasetNode(a.dataset, { plan, seed: a.seed });
      notes = loadedData.notes;
      dataset = a.trainSize !== undefined ? loadedData.dataset.withTrainSubset(a.trainSize) : loadedData.dataset;
    } catch (e) {
      if (e instanceof DatasetSpecError || e instanceof DataFileError || e instanceof MnistMissingError) {
        io.err(`layerwise train: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    if (a.load) {
      const artifacts = await fileSystemHandler(a.load).load!();
      session.loadWeights({ specs: artifacts.weightSpecs as WeightSpec[], data: artifacts.weightData as ArrayBuffer });
      notes.push(`Weights loaded from ${a.load}.`);
    }
    const model = session.model;
    io.err(`Training ${loaded.name} (${int(model.countParams())} params) on ${dataset.name}: ${int(dataset.trainSize)} training, ` +
      `${int(dataset.testSize)} test images; ${a.epochs} epoch${a.epochs > 1 ? 's' : ''}, batch ${a.batch}, ${a.optimizer} lr ${lr}` +
      `${a.schedule !== 'constant' ? ` ${a.schedule}` : ''}, backend ${tf.getBackend()}, seed ${a.seed}.\n`);
    notes.forEach((n) => io.err(`  ${n}\n`));
    if (a.augment) {
      const aug = dataset.augmentation;
      io.err(`  Augmentation: ${describeAugmentation(aug) ?? `none (${dataset.name} declares none, so --augment changes nothing)`}.\n`);
    }
    if (a.tta) io.err(`  Test-time augmentation: ${describeTestCrops(testCrops(dataset.augmentation, dataset.inputShape))}\n`);

    const tty = Boolean(process.stderr.isTTY) && io === processIO;
    // From here Ctrl-C stops the run after a batch (pressed during the workers' trial: after the run's first).
    process.on('SIGINT', onSigint);
    // Data-parallel workers: the app's rule (lib/cli/workers.ts). The trial's threads are kept for the run.
    const question: WorkersQuestion = {
      cores: deps.cores ?? availableParallelism(), backend: tf.getBackend(),
      // tfjs runs WASM on one thread under Node (docs/speed.md, "WASM threads").
      wasmThreads: 1, batchSize: Math.min(a.batch, dataset.trainSize), minShard: MIN_SHARD_ROWS,
      ...(a.workers !== undefined ? { requested: a.workers } : {}),
    };
    const startShards = deps.startShards ?? ((count: number) => startThreadShards(count, a.backend));
    const trained = dataset;
    const decision = await decideWorkers(question, (candidate) => {
      if (tty) io.err(`  Timing ${candidate} workers against one...`);
      shards = startShards(candidate - 1);
      return timeWorkers(loaded.graph, trained, settings, shards);
    });
    if (decision.workers === 1) {
      shards.forEach((l) => l.close());
      shards = [];
    } else if (shards.length !== decision.workers - 1) {
      shards = startShards(decision.workers - 1);
    }
    io.err(`${tty ? '\r' : ''}  ${describeWorkers(decision, question)}${tty ? ' '.repeat(10) : ''}\n`);
    let lastDraw = 0;
    const t0 = performance.now();
    const outcome = await session.train(dataset, settings, {
      datasetId: plan.dataset, controller, weightDecay: a.weightDecay, shards,
      ...(a.stepEvery !== undefined ? { stepEvery: a.stepEvery } : {}),
      onBatch: tty ? (e) => {
        const now = performance.now();
        if (now - lastDraw > 100 || e.batch === e.batchesPerEpoch - 1) {
          lastDraw = now;
          const cols = process.stderr.columns ?? 100;
          io.err(`\r${progressLine(e).slice(0, cols - 1).padEnd(cols - 1)}`);
        }
      } : undefined,
      onEpoch: (_record, e) => { io.err(`${tty ? '\r' : ''}${epochLine(e)}${tty ? ' '.repeat(10) : ''}\n`); },
    });
    const result = outcome.result;
    const seconds = (performance.now() - t0) / 1000;
    process.off('SIGINT', onSigint);

    if (result.status === 'diverged') {
      io.err(`${result.message}\n`);
      if (a.json) io.out(`${JSON.stringify(summaryJson(a, loaded.name, dataset, result, outcome.test, seconds, decision.workers))}\n`);
      return 1;
    }
    if (result.status === 'stopped') io.err(`Stopped after ${result.epochsCompleted} complete epoch(s).\n`);
    if (a.save) {
      mkdirSync(a.save, { recursive: true });
      const files = await session.exportFiles({ seed: a.seed });
      writeFileSync(path.join(a.save, MODEL_FILE), files.modelJson);
      writeFileSync(path.join(a.save, WEIGHTS_FILE), files.weightsBin);
      writeFileSync(path.join(a.save, GRAPH_FILE), files.graphJson);
      io.err(`Saved the weights to ${path.join(a.save, MODEL_FILE)} and ${WEIGHTS_FILE} (graph in ${GRAPH_FILE}).\n`);
    }
    const t = outcome.test;
    if (a.json) {
      io.out(`${JSON.stringify(summaryJson(a, loaded.name, dataset, result, t, seconds, decision.workers))}\n`);
    } else if (t) {
      io.out(`${loaded.name} on ${dataset.name}: test accuracy ${pct(t.accuracy)} (${int(t.metrics.samples)} test images${t.crops ? `, ${t.crops.count} crops averaged` : ''}) ` +
        `after ${result.epochsCompleted} epoch${result.epochsCompleted === 1 ? '' : 's'}; ${int(result.samplesPerSecond)} samples/s on ${tf.getBackend()}${decision.workers > 1 ? ` with ${decision.workers} workers` : ''}, ${seconds.toFixed(1)} s in all.\n`);
      if (outcome.testWithoutTta) io.out(`Without test-time augmentation: ${pct(outcome.testWithoutTta.accuracy)}.\n`);
      if (t.metrics.kind === 'single') {
        const m = t.metrics;
        io.out(`Per class: ${m.perClassAccuracy.map((v, i) => `${dataset!.classNames[i]} ${v === null ? '–' : `${(v * 100).toFixed(1)}%`}`).join(', ')}\n`);
        if (Math.abs(m.balancedAccuracy - m.accuracy) > 0.02) io.out(`Balanced accuracy (mean over classes): ${pct(m.balancedAccuracy)}\n`);
      } else {
        const m = t.metrics;
        io.out(`Per label F1: ${m.perLabel.map((l, i) => `${dataset!.classNames[i]} ${l.f1 === null ? '–' : l.f1.toFixed(3)}`).join(', ')}; ` +
          `every label right on ${pct(m.accuracy)} of images, ${pct(m.labelAccuracy)} of single decisions.\n`);
      }
    }
    return result.status === 'stopped' ? 130 : 0;
  } catch (e) {
    process.off('SIGINT', onSigint);
    const err = e as Error;
    io.err(`layerwise train: ${err.message ?? String(e)}\n`);
    if (process.env.LAYERWISE_DEBUG === '1' && err.stack) io.err(`${err.stack}\n`);
    return e instanceof TrainError && USER_FIXES.includes(e.kind) ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    // ModelSession.train ends the run's shards; these are also those of a trial or a run that failed before it.
    shards.forEach((l) => l.close());
    session?.dispose();
    dataset?.dispose();
  }
}

/** Errors the user fixes in the input (the graph, the data, the options): exit code 2. */
const USER_FIXES: readonly TrainErrorKind[] = ['graph', 'too-big', 'data-does-not-fit', 'loss-does-not-fit', 'bad-settings', 'data', 'weights-do-not-fit'];

function summaryJson(a: TrainArgs, name: string, dataset: Dataset, result: TrainResult, test: { accuracy: number; loss: number } | undefined, seconds: number, workers: number): Record<string, unknown> {
  return {
    testAccuracy: test?.accuracy ?? null,
    samplesPerSecond: Math.round(result.samplesPerSecond * 10) / 10,
    epochs: result.epochsCompleted,
    backend: tf.getBackend(),
    workers,
    status: result.status,
    model: name,
    dataset: dataset.id,
    testLoss: test?.loss ?? null,
    trainSeconds: Math.round(result.trainSeconds * 100) / 100,
    seconds: Math.round(seconds * 100) / 100,
    seed: a.seed,
    ...(result.message ? { message: result.message } : {}),
  };
}
