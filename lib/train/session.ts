/**
 * A model session: one graph compiled into a tf.LayersModel that stays, to train and to ask.
 * The command line (lib/cli/train.node.ts) and the training worker (components/train/
 * train.worker.ts, through keeper.ts) are thin adapters over it: both plan the data with
 * plan.ts, compile with the memory guard here, train with loop.ts, evaluate, and keep the model.
 *
 * Errors are TrainErrors with a kind ('graph', 'too-big', 'data-does-not-fit', ...), so callers
 * never tell them apart by their words.
 */
import * as tf from '@tensorflow/tfjs';
import { analyse } from '../graph/analyse';
import type { Graph } from '../graph/types';
import { compile, type CompileSuccess } from '../compile/compile';
import { checkMemoryBudget } from '../compile/memory-guard';
import type { TrainController } from './controller';
import type { DatasetId } from './datasets/catalogue';
import type { Dataset } from './datasets/types';
import { TrainError } from './errors';
import { evaluate, type Evaluation } from './evaluate';
import { makeParallelStep } from './parallel/leader';
import type { ShardLink } from './parallel/protocol';
import { train, type BatchEvent, type EpochEvent, type TrainResult } from './loop';
import { outputKind, toProbabilities, type LossSpec } from './losses';
import { encodeModelWeights, loadEncodedWeights, modelFiles, type LayerwiseMetadata } from './model-files';
import { modelName, modelNameSaid, planDataset, type DataPlan } from './plan';
import type { Activations, EpochRecord, ModelFiles, TrainedSummary } from './session-types';
import { scheduleFor, settingsProblemSaid, type OptimizerKind, type TrainSettings } from './settings';
import { weightSignature, type WeightSignature } from './signature';
import type { EncodedWeights, WeightSpec } from './store';
import { say } from './said';

/** The memory guard's question: would training at these settings fit this budget? */
export interface MemoryGuard {
  readonly batchSize: number;
  readonly optimizer: OptimizerKind;
  readonly budgetBytes: number;
  /** Who gives the budget, for the message ("this browser", "the wasm backend on this machine"). */
  readonly budgetHolder?: string;
}

export interface SessionOptions {
  /** Seeds the weight initialisers (default 1). */
  readonly seed?: number;
  /** Refuse (TrainError 'too-big') before any weight is allocated when training would not fit. */
  readonly guard?: MemoryGuard;
}

/** Where a resumed run starts: the state a checkpoint kept at the end of epoch `epochsDone`. */
export interface ResumeState {
  readonly epochsDone: number;
  readonly optimizer: EncodedWeights;
  /** The epochs before, for the summary's curves. */
  readonly history: readonly EpochRecord[];
}

/** A checkpoint's content at the end of an epoch (the caller files it). */
export interface CheckpointState {
  readonly epochsDone: number;
  readonly weights: EncodedWeights;
  readonly optimizer: EncodedWeights;
  readonly history: readonly EpochRecord[];
}

export interface RunOptions {
  readonly datasetId: DatasetId;
  readonly controller?: TrainController;
  readonly onBatch?: (event: BatchEvent) => void | Promise<void>;
  readonly onEpoch?: (record: EpochRecord, event: EpochEvent) => void | Promise<void>;
  /** Called at the end of each finished epoch with what a checkpoint needs; the run waits for it. */
  readonly onCheckpoint?: (state: CheckpointState) => void | Promise<void>;
  /** Go on from a checkpoint (the session's weights must already be the checkpoint's). */
  readonly resume?: ResumeState;
  /** Command-line extras: decoupled weight decay, the step schedule's period. */
  readonly weightDecay?: number;
  readonly stepEvery?: number;
  /**
   * Data-parallel training (lib/train/parallel): one link per shard worker besides this one; each
   * step's batch is shared among them. Closed when the run ends. None or empty: one worker.
   */
  readonly shards?: readonly ShardLink[];
}

/** How a run ended, and what the weights now are. */
export interface RunOutcome {
  readonly result: TrainResult;
  /** The final test (also after a stop part-way through an epoch); absent after a divergence. */
  readonly test?: Evaluation;
  /** With test-time augmentation (`settings.tta`): the final test on the plain images, beside `test`. */
  readonly testWithoutTta?: Evaluation;
  /** True when `test` was taken after a stop part-way through an epoch. */
  readonly partial: boolean;
  /** What the weights are; absent after a divergence (the weights are no longer usable). */
  readonly summary?: TrainedSummary;
}

/** One epoch's figures as kept with the weights. */
export function epochRecord(e: EpochEvent): EpochRecord {
  return {
    epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, samplesPerSecond: e.samplesPerSecond, seconds: e.seconds,
    ...(e.test ? { testAccuracy: e.test.accuracy, testLoss: e.test.loss } : {}),
  };
}

export class ModelSession {
  /** What the weights are, once trained (or loaded with a summary). */
  summary: TrainedSummary | undefined;
  private readonly probes = new Map<string, tf.LayersModel>();
  private disposed = false;

  private constructor(
    readonly graph: Graph,
    readonly compiled: CompileSuccess,
    readonly signature: WeightSignature,
  ) {}

  /**
   * Compiles `graph` (random weights, seeded) on the active backend. Throws a TrainError: 'graph'
   * for a graph with errors (each named by node), 'too-big' when the memory guard refuses.
   */
  static create(graph: Graph, options: SessionOptions = {}): ModelSession {
    const analysis = analyse(graph);
    const signature = weightSignature(graph);
    if (!analysis.valid || !signature) {
      throw new TrainError('graph', say('errors.train.cannotBuild', { name: modelNameSaid(graph), errors: analysis.errors.map((e) => `${e.nodeId ? `${e.nodeId}: ` : ''}${e.message}`).join('; ') }));
    }
    const guard = options.guard;
    if (guard) {
      const check = checkMemoryBudget(analysis, {
        batchSize: guard.batchSize, optimizer: guard.optimizer, budgetBytes: guard.budgetBytes,
        ...(guard.budgetHolder ? { budgetHolder: guard.budgetHolder } : {}),
        ...(graph.meta?.name ? { modelName: graph.meta.name } : {}),
        ...(graph.meta?.preset ? { presetId: graph.meta.preset } : {}),
      });
      if (!check.ok) throw new TrainError('too-big', check.message);
    }
    const compiled = compile(graph, { seed: options.seed ?? 1 });
    if (!compiled.ok) {
      throw new TrainError('graph', say('errors.train.cannotBuild', { name: modelNameSaid(graph), errors: compiled.errors.map((e) => `${e.nodeId ? `${e.nodeId}: ` : ''}${e.message}`).join('; ') }));
    }
    return new ModelSession(graph, compiled, signature);
  }

  get model(): tf.LayersModel {
    if (this.disposed) throw new TrainError('internal', say('errors.train.sessionClosed'));
    return this.compiled.model;
  }

  /** The model's input [H, W, C]. */
  get inputShape(): readonly [number, number, number] {
    const s = this.model.inputs[0]!.shape;
    return [s[1]!, s[2]!, s[3]!];
  }

  /** How dataset `id` feeds this graph (plan.ts): padding, channels, or why it cannot. */
  plan(id: DatasetId, folderClasses?: number): DataPlan {
    return planDataset(this.graph, analyse(this.graph), id, folderClasses);
  }

  /**
   * Trains the kept model in place on `dataset` (already planned for it). Throws a TrainError
   * before any step when the settings, the data or the loss do not fit; otherwise returns how the
   * run ended, with the final test (taken even after a stop part-way through an epoch) and the
   * summary that goes with the weights. Frees everything it makes but the model.
   */
  async train(dataset: Dataset, settings: TrainSettings, run: RunOptions): Promise<RunOutcome> {
    const problem = settingsProblemSaid(settings);
    if (problem) throw new TrainError('bad-settings', problem);
    const loss: LossSpec = { kind: settings.loss };
    const resume = run.resume;
    let optimizerState: { name: string; tensor: tf.Tensor }[] | undefined;
    if (resume) {
      const map = tf.io.decodeWeights(resume.optimizer.data, resume.optimizer.specs as tf.io.WeightsManifestEntry[]);
      optimizerState = resume.optimizer.specs.map((s) => ({ name: s.name, tensor: map[s.name]! }));
    }
    const prior = resume?.history ?? [];
    const history: EpochRecord[] = [...prior];
    let result: TrainResult;
    try {
      result = await train(this.model, dataset, {
        epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate,
        optimizer: settings.optimizer === 'sgd' ? { kind: 'sgd', momentum: 0.9 } : { kind: 'adam' },
        schedule: scheduleFor(settings.schedule, settings.epochs, run.stepEvery), seed: settings.seed,
        ...(settings.augment ? { augment: dataset.augmentation } : {}),
        loss,
        ...(run.weightDecay ? { weightDecay: run.weightDecay } : {}),
        tta: settings.tta ? 'crops' : 'none',
        ...(run.controller ? { controller: run.controller } : {}),
        ...(run.onBatch ? { onBatch: run.onBatch } : {}),
        ...(resume ? { startEpoch: resume.epochsDone, optimizerState } : {}),
        ...(run.shards?.length ? { makeStep: (model, options) => makeParallelStep(model, options, run.shards!, { graph: this.graph, seed: settings.seed }) } : {}),
        onEpochDone: run.onCheckpoint ? async (epochsDone, optimizer) => {
          const [weights, optimizerWeights] = await Promise.all([encodeModelWeights(this.model), encodeOptimizer(optimizer)]);
          // onEpoch (which pushed this epoch's record) has run: the history is complete.
          await run.onCheckpoint!({ epochsDone, weights, optimizer: optimizerWeights, history: [...history] });
        } : undefined,
        onEpoch: async (e) => {
          const record = epochRecord(e);
          history.push(record);
          await run.onEpoch?.(record, e);
        },
      });
    } finally {
      if (optimizerState) tf.dispose(optimizerState.map((n) => n.tensor));
      // Also when the run failed before its first step: the shard workers end with it.
      for (const link of run.shards ?? []) link.close();
    }
    if (result.status === 'diverged') return { result, partial: false };
    let test = result.test;
    let testWithoutTta = result.testWithoutTta;
    if (!test) {
      // Stopped before the first epoch of this call ended: test the weights reached.
      const common = { batchSize: Math.max(settings.batchSize, 128), loss };
      test = await evaluate(this.model, dataset, common);
      if (settings.tta) {
        testWithoutTta = test;
        test = await evaluate(this.model, dataset, { ...common, tta: 'crops' });
      }
    }
    const partial = result.status === 'stopped';
    const done = result.epochsCompleted;
    this.summary = {
      datasetId: run.datasetId, datasetName: dataset.name, classNames: dataset.classNames, accuracy: test.accuracy, loss: test.loss, testSamples: test.metrics.samples,
      ...(testWithoutTta ? { accuracyWithoutTta: testWithoutTta.accuracy } : {}),
      epochs: done, partial, date: Date.now(), settings, history,
    };
    return { result, test, ...(testWithoutTta ? { testWithoutTta } : {}), partial, summary: this.summary };
  }

  /**
   * Tests the kept model on a split of `dataset`, with each image's answer (`perImage`), by the
   * loss and test-time augmentation of `settings` (those it was trained with).
   */
  evaluate(dataset: Dataset, options: { batchSize?: number; settings?: Pick<TrainSettings, 'loss' | 'tta'> } = {}): Promise<Evaluation> {
    const s = options.settings;
    return evaluate(this.model, dataset, {
      batchSize: options.batchSize ?? 128, perImage: true,
      ...(s ? { loss: { kind: s.loss }, tta: s.tta ? 'crops' : 'none' } : {}),
    });
  }

  /**
   * Class probabilities for one image given as floats of the model's input shape: softmax over
   * the classes, or for multi-label data (`multiLabel`) one sigmoid per label. A model ending in
   * softmax or sigmoid gives them itself; linear outputs (logits) are turned into them here.
   */
  async predict(input: Float32Array, multiLabel?: boolean): Promise<Float32Array> {
    const output = outputKind(this.model);
    const probs = tf.tidy(() => {
      const x = tf.tensor4d(input, [1, ...this.inputShape]);
      return toProbabilities(this.model.predict(x) as tf.Tensor2D, output, multiLabel ?? output === 'sigmoid');
    });
    try {
      return (await probs.data()) as Float32Array;
    } finally {
      probs.dispose();
    }
  }

  /**
   * The output of a node for one image (floats of the model's input shape). `nodeId` is a node of
   * the graph (a composite block gives its output) or of the expanded graph (`block/inner`).
   */
  async activations(nodeId: string, input: Float32Array): Promise<Activations> {
    const layerName = this.layerOf(nodeId);
    let probe = this.probes.get(layerName);
    if (!probe) {
      const layer = this.model.getLayer(layerName);
      // A model over the same layers (no weights of its own), so it must never be disposed.
      probe = tf.model({ inputs: this.model.inputs, outputs: layer.output as tf.SymbolicTensor });
      this.probes.set(layerName, probe);
    }
    const out = tf.tidy(() => probe.predict(tf.tensor4d(input, [1, ...this.inputShape])) as tf.Tensor);
    try {
      return { nodeId, shape: out.shape.slice(1), values: (await out.data()) as Float32Array };
    } finally {
      out.dispose();
    }
  }

  /** The tfjs layer that gives node `nodeId`'s output. */
  private layerOf(nodeId: string): string {
    const { layerNames, expanded } = this.compiled;
    if (layerNames[nodeId]) return layerNames[nodeId]!;
    const prefix = `${nodeId}/`;
    if (!this.graph.nodes.some((n) => n.id === nodeId) && !expanded.nodes.some((n) => n.id.startsWith(prefix))) {
      throw new TrainError('unavailable', say('errors.train.noNode', { node: nodeId }));
    }
    // A composite block: its output is the inner node that feeds something outside it, or the
    // model's output when the block ends the graph.
    const inner = expanded.edges.find((e) => e.source.startsWith(prefix) && !e.target.startsWith(prefix))?.source
      ?? this.compiled.analysis.outputs.find((o) => o.startsWith(prefix));
    if (!inner || !layerNames[inner]) throw new TrainError('unavailable', say('errors.train.noBlockOutput', { node: nodeId }));
    return layerNames[inner]!;
  }

  /** The weights, encoded (to store or to download). */
  encodeWeights(): Promise<EncodedWeights> {
    return encodeModelWeights(this.model);
  }

  /** Puts encoded weights into the model (TrainError 'weights-do-not-fit' when they are another graph's). */
  loadWeights(encoded: EncodedWeights, summary?: TrainedSummary): void {
    loadEncodedWeights(this.model, encoded);
    this.summary = summary;
  }

  /** Copies the weights of a session with the same weight signature (after an edit that keeps them). */
  copyWeightsFrom(other: ModelSession): void {
    const from = new Map(other.model.weights.map((w) => [w.originalName, w]));
    for (const w of this.model.weights) {
      const source = from.get(w.originalName);
      if (!source || !tf.util.arraysEqual(source.shape as number[], w.shape as number[])) {
        throw new TrainError('weights-do-not-fit', `${w.originalName} has no weight of the same shape in the model it should come from.`);
      }
      w.write(source.read());
    }
    this.summary = other.summary;
  }

  /** model.json + weights.bin + graph.json, as `layerwise train --save` writes them. */
  exportFiles(extra: { seed?: number; graph?: Graph } = {}): Promise<ModelFiles> {
    const s = this.summary;
    const metadata: LayerwiseMetadata = {
      model: this.graph.meta?.preset ?? modelName(this.graph),
      dataset: s?.datasetId ?? 'none',
      epochs: s?.epochs ?? 0,
      seed: extra.seed ?? s?.settings.seed ?? 1,
      testAccuracy: s?.accuracy ?? null,
      ...(s ? { summary: s } : {}),
    };
    return modelFiles(this.model, extra.graph ?? this.graph, metadata);
  }

  /** Frees the model (and nothing else: datasets belong to the caller). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.probes.clear();
    this.compiled.model.dispose();
  }
}

/** The optimizer's state, encoded: `getWeights()` returns its live slots and a fresh step-count scalar. */
async function encodeOptimizer(optimizer: tf.Optimizer): Promise<EncodedWeights> {
  const named = await optimizer.getWeights();
  try {
    const { data, specs } = await tf.io.encodeWeights(named);
    return { data, specs: specs as WeightSpec[] };
  } finally {
    // Only the step count is a new tensor; the others are the optimizer's own variables.
    for (const n of named) if (n.name === 'iter') n.tensor.dispose();
  }
}
