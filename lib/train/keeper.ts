/**
 * The session keeper: the model session of the page's graph, kept between runs and questions,
 * with its weights filed in a ModelStore (IndexedDB in the browser). The training worker is a
 * thin adapter over it; so are the tests (an in-memory store, datasets made in the test).
 *
 * - `open(graph)` keys the session by the graph's weight signature: stored weights for it come
 *   back ('trained', restored); an edit that keeps every weight's shape keeps the weights (and
 *   recompiles when it changes what the model computes); an edit that changes a shape makes the
 *   trained weights 'stale' (the session answers with random weights for the new graph).
 * - `train(...)` runs a fresh session (or one resumed from the checkpoint of an interrupted run),
 *   checkpoints each finished epoch, and adopts the result unless it diverged.
 * - `ask(question)` answers predict, evaluate, test images, activations, export, import, forget,
 *   and the "Look inside" views (inside.ts).
 * - A graph with the weights of a model that ships with the app (the LeNet-5 preset) starts from
 *   those trained weights when the store has none of its own (shipped.ts, `findShipped`).
 * - Each run records the feature evolution (evolution-recorder.ts), kept with its checkpoints and
 *   its weights.
 * The model is compiled lazily, on the first question that needs it.
 */
import type { Graph } from '../graph/types';
import { analyse } from '../graph/analyse';
import { decodeEvolution, type Evolution } from '../viz';
import type { TrainController } from './controller';
import { datasetEntry, isDatasetId, type DatasetId } from './datasets/catalogue';
import type { Dataset } from './datasets/types';
import { InMemoryDataset } from './datasets/in-memory';
import { TrainError } from './errors';
import { defaultEvolutionPlan, EvolutionRecorder } from './evolution-recorder';
import { answerInside, isInsideQuestion, sessionVizModel, type InsideAnswers, type InsideContext, type InsideQuestion } from './inside';
import type { EpochEvent, BatchEvent } from './loop';
import { readModelFiles } from './model-files';
import { imageForModel, planDataset, storedImage, storedShape, type DataPlan } from './plan';
import { ModelSession, type MemoryGuard, type RunOutcome } from './session';
import type { ShippedWeights } from './shipped';
import type {
  Activations, EpochRecord, EvaluationDetail, ImageInput, ModelFiles, Prediction, SessionState, SessionStatus, TestImages, TrainedSummary,
} from './session-types';
import { completeSettings, DEFAULT_TRAIN_SETTINGS, type TrainSettings } from './settings';
import { signatureChangeSaid, weightSignature, type WeightEntry, type WeightSignature } from './signature';
import { sameWeights, type CheckpointRecord, type ModelRecord, type ModelStore } from './store';
import type { EvolutionJson } from '../viz';
import { english, say, type Said } from './said';
import type { ShardLink } from './parallel/protocol';

/** A dataset to load; `files` are whatever the loader reads (File objects in the browser). */
export interface KeeperDatasetRequest {
  readonly id: DatasetId;
  readonly files?: readonly unknown[];
}

export type DatasetLoader = (request: KeeperDatasetRequest, plan: DataPlan, onProgress?: (detail: Said, progress?: { received: number; total: number }) => void) =>
  Promise<{ dataset: Dataset; skipped: number }>;

export interface KeeperOptions {
  readonly store: ModelStore;
  readonly loadDataset: DatasetLoader;
  /** Called with every new status (after open, a run, an import, a forget). */
  readonly onStatus?: (status: SessionStatus) => void;
  /** The budget the kept model must fit (checked at batch 1); default none. */
  readonly memoryBudget?: number;
  /** Trained weights that ship with the app for a signature (shipped.ts's ShippedCatalogue.find). */
  readonly findShipped?: (signature: WeightSignature) => Promise<ShippedWeights | undefined>;
}

/** What the keeper's questions answer (the protocol's Answers, without import's graph check). */
export type KeeperQuestion =
  | { readonly kind: 'predict'; readonly image: ImageInput }
  | { readonly kind: 'evaluate'; readonly dataset?: KeeperDatasetRequest }
  /** `dataset`: which dataset's test images when the weights were not trained on one (the "Look inside" panel). */
  | { readonly kind: 'test-images'; readonly indices: readonly number[]; readonly dataset?: DatasetId }
  | { readonly kind: 'activations'; readonly nodeId: string; readonly image: ImageInput }
  | { readonly kind: 'export' }
  | { readonly kind: 'import'; readonly files: ModelFiles }
  | { readonly kind: 'forget' }
  | InsideQuestion;

export interface KeeperAnswers extends InsideAnswers {
  readonly predict: Prediction;
  readonly evaluate: EvaluationDetail;
  readonly 'test-images': TestImages;
  readonly activations: Activations;
  readonly export: ModelFiles;
  readonly import: { graph: Graph; summary?: TrainedSummary; fitsOpenGraph: boolean };
  readonly forget: null;
}

export interface KeeperRun {
  readonly graph: Graph;
  readonly request: KeeperDatasetRequest;
  readonly settings: TrainSettings;
  readonly guard?: MemoryGuard;
  readonly resume?: boolean;
  readonly controller?: TrainController;
  readonly onBatch?: (event: BatchEvent) => void | Promise<void>;
  readonly onEpoch?: (record: EpochRecord, event: EpochEvent) => void | Promise<void>;
  readonly onLoading?: (detail: Said, progress?: { received: number; total: number }) => void;
  /** Called once the data is loaded, before the model is built (the worker's backend trial goes here). */
  readonly beforeCompile?: (dataset: Dataset, plan: DataPlan) => Promise<void>;
  /**
   * Data-parallel training: called once the backend is chosen (after beforeCompile), it starts the
   * shard workers of the run (none: one worker). session.ts closes them when the run ends.
   */
  readonly shards?: () => readonly ShardLink[];
  /** Record the feature evolution (default true): snapshots before training and after epochs 1, 2, 5, 10, … */
  readonly evolution?: boolean;
}

/** True for a multi-label dataset of the catalogue. */
const isMultiLabel = (id: DatasetId): boolean => datasetEntry(id)?.multiLabel ?? false;

/** A summary stored before the loss and test-time augmentation were settings, completed as that run trained. */
function completeSummary(summary: TrainedSummary): TrainedSummary {
  return { ...summary, settings: completeSettings(summary.settings, isMultiLabel(summary.datasetId)) };
}

/** Trained weights the keeper holds for the open graph's signature, or held before an edit. */
interface Held {
  readonly weights: readonly WeightEntry[];
  readonly functionKey: string;
  readonly summary: TrainedSummary;
  readonly restored: boolean;
  /** The weights ship with the app (not in the store). */
  readonly shipped?: ShippedWeights;
}

export class SessionKeeper {
  private graph: Graph | undefined;
  private signature: WeightSignature | undefined;
  private session: ModelSession | undefined;
  /** Trained weights that fit the open graph (in the session, or in the store to load). */
  private held: Held | undefined;
  /** Trained weights an edit made stale. */
  private staleFrom: Held | undefined;
  private current: SessionStatus = { state: { kind: 'none' } };
  private data: { key: string; id: DatasetId; plan: DataPlan; dataset: Dataset } | undefined;
  private evaluation: { version: number; datasetKey: string; detail: EvaluationDetail } | undefined;
  /** Bumped whenever the session's weights change, so a cached evaluation is never stale. */
  private version = 0;
  /** Signatures whose shipped weights the user forgot in this page: random weights, as asked. */
  private readonly declinedShipped = new Set<string>();

  constructor(private readonly options: KeeperOptions) {}

  /** The stored model of a signature, its settings completed (records from before loss and TTA were settings). */
  private async storedModel(key: string): Promise<ModelRecord | undefined> {
    const record = await this.options.store.getModel(key);
    return record && { ...record, summary: completeSummary(record.summary) };
  }

  /** The stored checkpoint of a signature, its settings completed. */
  private async storedCheckpoint(key: string): Promise<CheckpointRecord | undefined> {
    const cp = await this.options.store.getCheckpoint(key);
    return cp && { ...cp, settings: completeSettings(cp.settings, isMultiLabel(cp.datasetId)) };
  }

  /** The last status sent. */
  get status(): SessionStatus {
    return this.current;
  }

  /** Keys the session by `graph`'s weights; returns (and sends) the new status. */
  async open(graph: Graph): Promise<SessionStatus> {
    const signature = weightSignature(graph);
    const before = this.signature;
    this.graph = graph;
    this.signature = signature ?? undefined;
    if (!signature) {
      if (this.held) this.staleFrom = this.held;
      this.held = undefined;
      const whySaid = say('train.keeper.graphErrors');
      return this.publish({ state: { kind: 'none', why: english(whySaid), whySaid } });
    }
    if (!before || before.key !== signature.key || !this.held) {
      if (this.held && (!before || before.key !== signature.key)) this.staleFrom = this.held;
      this.held = undefined;
      const record = await this.storedModel(signature.key);
      if (record && sameWeights(record.weights, signature.weights)) {
        this.held = { weights: record.weights, functionKey: record.functionKey, summary: record.summary, restored: true };
        this.staleFrom = undefined;
      } else if (this.options.findShipped && !this.declinedShipped.has(signature.key)) {
        const shipped = await this.options.findShipped(signature);
        if (shipped) {
          // An edit since the shipped graph that keeps the weights (an activation) shows as 'edited'.
          this.held = { weights: signature.weights, functionKey: shipped.functionKey, summary: shipped.summary, restored: false, shipped };
          this.staleFrom = undefined;
        }
      }
    }
    return this.publish(await this.statusFor(signature));
  }

  private async statusFor(signature: WeightSignature): Promise<SessionStatus> {
    let state: SessionState;
    if (this.held) {
      state = {
        kind: 'trained', summary: this.held.summary, restored: this.held.restored, edited: this.held.functionKey !== signature.functionKey,
        ...(this.held.shipped ? { shipped: this.held.shipped.note, shippedSaid: this.held.shipped.noteSaid } : {}),
      };
    } else if (this.staleFrom) {
      const whySaid = signatureChangeSaid(this.staleFrom.weights, signature.weights) ?? say('train.keeper.graphChanged');
      state = { kind: 'stale', why: english(whySaid), whySaid, was: this.staleFrom.summary };
    } else {
      state = { kind: 'untrained' };
    }
    const cp = await this.storedCheckpoint(signature.key);
    const resume = cp && sameWeights(cp.weights, signature.weights) && cp.epochsDone < cp.settings.epochs
      ? { epochsDone: cp.epochsDone, epochs: cp.settings.epochs, datasetId: cp.datasetId, settings: cp.settings, history: cp.history, date: cp.date }
      : undefined;
    return { state, ...(resume ? { resume } : {}) };
  }

  private publish(status: SessionStatus): SessionStatus {
    this.current = status;
    this.options.onStatus?.(status);
    return status;
  }

  /** The compiled session of the open graph, with its held weights (compiled on first use). */
  async model(): Promise<ModelSession> {
    const graph = this.graph;
    const signature = this.signature;
    if (!graph || !signature) throw new TrainError('unavailable', say('errors.train.noModel'));
    const s = this.session;
    if (s && s.signature.key === signature.key && s.signature.functionKey === signature.functionKey) return s;
    const guard = this.options.memoryBudget ? { batchSize: 1, optimizer: 'sgd' as const, budgetBytes: this.options.memoryBudget } : undefined;
    const next = ModelSession.create(graph, { seed: DEFAULT_TRAIN_SETTINGS.seed, ...(guard ? { guard } : {}) });
    try {
      if (s && s.signature.key === signature.key) {
        next.copyWeightsFrom(s); // an edit that keeps the weights: same weights, new function
      } else if (this.held?.shipped) {
        next.loadWeights(this.held.shipped.encoded, this.held.summary);
      } else if (this.held) {
        const record = await this.storedModel(signature.key);
        if (record && sameWeights(record.weights, signature.weights)) next.loadWeights(record.encoded, record.summary);
        else if (s?.summary) throw new TrainError('internal', say('errors.train.weightsNotFound'));
      }
    } catch (e) {
      next.dispose();
      throw e;
    }
    s?.dispose();
    this.session = next;
    this.version++;
    return next;
  }

  /** The dataset for a request (loaded once, then kept while requests are the same). */
  async dataset(request: KeeperDatasetRequest, onProgress?: KeeperRun['onLoading']): Promise<{ dataset: Dataset; plan: DataPlan; skipped: number }> {
    const graph = this.graph;
    if (!graph) throw new TrainError('unavailable', say('errors.train.openGraph'));
    const plan = planDataset(graph, analyse(graph), request.id);
    if (plan.problem && !(request.id === 'folder' && !request.files)) throw new TrainError('data-does-not-fit', plan.problems?.length === 1 ? plan.problems[0]! : plan.problem);
    const key = `${request.id}|${JSON.stringify(plan.mnist ?? plan.folder ?? null)}`;
    const fromFiles = (request.files?.length ?? 0) > 0;
    if (this.data && this.data.key === key && !fromFiles) return { dataset: this.data.dataset, plan: this.data.plan, skipped: 0 };
    const loaded = await this.options.loadDataset(request, plan, onProgress);
    this.data?.dataset.dispose();
    this.data = { key, id: request.id, plan, dataset: loaded.dataset };
    return { dataset: loaded.dataset, plan, skipped: loaded.skipped };
  }

  /**
   * A run on the open graph: a fresh session seeded by the settings (or the checkpoint's weights
   * with `resume`), trained, checkpointed after each finished epoch, then kept and stored unless
   * it diverged (the weights before it stay then).
   */
  async train(run: KeeperRun): Promise<RunOutcome> {
    await this.open(run.graph);
    const signature = this.signature;
    if (!signature) throw new TrainError('graph', say('errors.train.graphHasErrors'));
    const store = this.options.store;
    const cp = run.resume ? await this.storedCheckpoint(signature.key) : undefined;
    if (run.resume && (!cp || !sameWeights(cp.weights, signature.weights))) {
      throw new TrainError('unavailable', say('errors.train.noResume'));
    }
    const settings = cp ? cp.settings : run.settings;
    const request = cp ? { ...run.request, id: cp.datasetId } : run.request;
    const { dataset, plan } = await this.dataset(request, run.onLoading);
    await run.beforeCompile?.(dataset, plan);
    const session = ModelSession.create(run.graph, { seed: settings.seed, ...(run.guard ? { guard: run.guard } : {}) });
    let shards: readonly ShardLink[] = [];
    let outcome: RunOutcome;
    let recorder: EvolutionRecorder | undefined;
    // The page hears of a finished epoch only once its checkpoint is stored, so a reload that
    // follows what the page shows always finds the checkpoint to resume from.
    let epochToTell: (() => void | Promise<void>) | undefined;
    try {
      if (cp) session.loadWeights(cp.encoded);
      shards = run.shards?.() ?? [];
      recorder = run.evolution === false ? undefined : await this.recorder(session, dataset, settings.epochs, cp?.evolution);
      if (recorder && !cp) await recorder.after(0);
      outcome = await session.train(dataset, settings, {
        datasetId: request.id,
        ...(shards.length ? { shards } : {}),
        ...(run.controller ? { controller: run.controller } : {}),
        ...(run.onBatch ? { onBatch: run.onBatch } : {}),
        onEpoch: async (record, event) => {
          await recorder?.after(record.epoch + 1);
          epochToTell = () => run.onEpoch?.(record, event);
        },
        ...(cp ? { resume: { epochsDone: cp.epochsDone, optimizer: cp.optimizer, history: cp.history } } : {}),
        onCheckpoint: async (state) => {
          await store.putCheckpoint({
            key: signature.key, weights: signature.weights, functionKey: signature.functionKey, graph: run.graph,
            encoded: state.weights, optimizer: state.optimizer, epochsDone: state.epochsDone, datasetId: request.id,
            settings, history: state.history, date: Date.now(), ...(recorder ? { evolution: recorder.json() } : {}),
          });
          const tell = epochToTell;
          epochToTell = undefined;
          await tell?.();
        },
      });
    } catch (e) {
      for (const link of shards) link.close();
      session.dispose();
      throw e;
    }
    if (!outcome.summary) {
      // Diverged: the weights before the run stay; its checkpoints would only diverge again.
      session.dispose();
      await store.deleteCheckpoint(signature.key);
      this.publish(await this.statusFor(signature));
      return outcome;
    }
    await store.putModel({
      key: signature.key, weights: signature.weights, functionKey: signature.functionKey, graph: run.graph,
      encoded: await session.encodeWeights(), summary: outcome.summary, ...(recorder ? { evolution: recorder.json() } : {}),
    });
    if (outcome.result.epochsCompleted >= settings.epochs) await store.deleteCheckpoint(signature.key);
    this.session?.dispose();
    this.session = session;
    this.version++;
    this.held = { weights: signature.weights, functionKey: signature.functionKey, summary: outcome.summary, restored: false };
    this.staleFrom = undefined;
    this.publish(await this.statusFor(signature));
    return outcome;
  }

  /**
   * The evolution recorder of a run (null when the model has nothing to follow, or its probe
   * image cannot be read): views from the default plan, the probe a fixed test image.
   */
  private async recorder(session: ModelSession, dataset: Dataset, epochs: number, earlier?: EvolutionJson): Promise<EvolutionRecorder | undefined> {
    const vm = sessionVizModel(session);
    const plan = defaultEvolutionPlan(vm, epochs);
    if (!plan || dataset.testSize <= plan.probeIndex) return undefined;
    return new EvolutionRecorder(vm, plan, dataset.sample('test', plan.probeIndex).pixels, earlier);
  }

  /** What the "Look inside" views need of the keeper. */
  private readonly inside: InsideContext = {
    session: () => this.model(),
    image: async (input, dataset) => this.imageInput(await this.model(), input, dataset),
    dataset: async (id) => (await this.sessionDataset(id ? { id } : undefined)).dataset,
    evolution: async () => this.evolution(),
  };

  /** The evolution kept with the current weights (none for shipped weights or random ones). */
  private async evolution(): Promise<Evolution | null> {
    const signature = this.signature;
    if (!signature || !this.held || this.held.shipped) return null;
    const record = await this.options.store.getModel(signature.key);
    if (!record?.evolution || !sameWeights(record.weights, signature.weights)) return null;
    try {
      return decodeEvolution(record.evolution);
    } catch (e) {
      throw new TrainError('unavailable', say('errors.train.evolutionUnreadable', { error: (e as Error).message }));
    }
  }

  /** Answers a question about the kept model. */
  async ask<K extends KeeperQuestion['kind']>(question: Extract<KeeperQuestion, { kind: K }>): Promise<KeeperAnswers[K]> {
    const q = question as KeeperQuestion;
    if (isInsideQuestion(q)) return await answerInside(this.inside, q) as KeeperAnswers[K];
    switch (q.kind) {
      case 'predict': {
        const session = await this.model();
        const trainedOn = this.held?.summary.datasetId ?? this.data?.id;
        const probabilities = await session.predict(await this.imageInput(session, q.image), trainedOn ? isMultiLabel(trainedOn) : undefined);
        let predicted = 0;
        for (let i = 1; i < probabilities.length; i++) if (probabilities[i]! > probabilities[predicted]!) predicted = i;
        return { probabilities, predicted, classNames: this.classNames(probabilities.length) } satisfies Prediction as KeeperAnswers[K];
      }
      case 'activations': {
        const session = await this.model();
        return await session.activations(q.nodeId, await this.imageInput(session, q.image)) as KeeperAnswers[K];
      }
      case 'evaluate':
        return await this.evaluate(q.dataset) as KeeperAnswers[K];
      case 'test-images':
        return await this.testImages(q.indices, q.dataset) as KeeperAnswers[K];
      case 'export': {
        const session = await this.model();
        return await session.exportFiles({ ...(this.graph ? { graph: this.graph } : {}) }) as KeeperAnswers[K];
      }
      case 'import':
        return await this.importFiles(q.files) as KeeperAnswers[K];
      case 'forget': {
        const signature = this.signature;
        if (signature) {
          if (this.held?.shipped) this.declinedShipped.add(signature.key);
          await this.options.store.deleteModel(signature.key);
          await this.options.store.deleteCheckpoint(signature.key);
          this.publish(await this.forgetFor(signature));
        }
        return null as KeeperAnswers[K];
      }
    }
  }

  private async forgetFor(signature: WeightSignature): Promise<SessionStatus> {
    this.held = undefined;
    this.staleFrom = undefined;
    this.session?.dispose();
    this.session = undefined;
    this.evaluation = undefined;
    return this.statusFor(signature);
  }

  private classNames(k: number): readonly string[] {
    const names = this.held?.summary.classNames ?? this.data?.dataset.classNames;
    return names && names.length === k ? names : Array.from({ length: k }, (_, i) => String(i));
  }

  /** The dataset the kept weights were trained on, else the one loaded last; loaded if need be. */
  private async sessionDataset(request?: KeeperDatasetRequest): Promise<{ dataset: Dataset; plan: DataPlan; id: DatasetId }> {
    const id = request?.id ?? this.held?.summary.datasetId ?? this.data?.id;
    if (!id) throw new TrainError('unavailable', say('errors.train.whichData'));
    if (this.data && this.data.id === id && !request?.files?.length) return { dataset: this.data.dataset, plan: this.data.plan, id };
    if (datasetEntry(id)?.source === 'files' && !request?.files?.length) {
      throw new TrainError('unavailable', say('errors.train.filesGone'));
    }
    const { dataset, plan } = await this.dataset(request ?? { id });
    return { dataset, plan, id };
  }

  private async evaluate(request?: KeeperDatasetRequest): Promise<EvaluationDetail> {
    const session = await this.model();
    const { dataset, id } = await this.sessionDataset(request);
    const datasetKey = this.data?.key ?? id;
    if (this.evaluation && this.evaluation.version === this.version && this.evaluation.datasetKey === datasetKey && !request?.files?.length) {
      return this.evaluation.detail;
    }
    // The loss and test-time augmentation the weights were trained with, on the data they were trained on.
    const trained = this.held?.summary;
    const e = await session.evaluate(dataset, trained && trained.datasetId === id ? { settings: trained.settings } : {});
    const per = e.perImage!;
    const detail: EvaluationDetail = {
      datasetId: id, datasetName: dataset.name, classNames: dataset.classNames, accuracy: e.accuracy, loss: e.loss, metrics: e.metrics,
      labels: per.labels, predicted: per.predicted, confidence: per.confidence, seconds: e.seconds,
      ...(per.targets && per.probabilities ? { targets: per.targets, probabilities: per.probabilities } : {}),
      ...(e.crops ? { crops: e.crops } : {}),
    };
    this.evaluation = { version: this.version, datasetKey, detail };
    return detail;
  }

  private async testImages(indices: readonly number[], id?: DatasetId): Promise<TestImages> {
    const { dataset, plan } = await this.sessionDataset(id ? { id } : undefined);
    if (!(dataset instanceof InMemoryDataset)) throw new TrainError('unavailable', say('errors.train.noImagesBack'));
    const test = dataset.arrays('test');
    const shape = dataset.inputShape;
    const size = shape[0] * shape[1] * shape[2];
    const out = storedShape(plan, shape);
    const outSize = out[0] * out[1] * out[2];
    const pixels = new Uint8Array(indices.length * outSize);
    const labels = new Int32Array(indices.length);
    indices.forEach((index, i) => {
      if (!Number.isInteger(index) || index < 0 || index >= test.count) throw new TrainError('unavailable', say('errors.train.noTestImage', { index: String(index), count: test.count }));
      pixels.set(storedImage(test.pixels.subarray(index * size, (index + 1) * size), shape, plan), i * outSize);
      labels[i] = test.labels[index]!;
    });
    return { indices: Int32Array.from(indices), shape: out, pixels, labels, classNames: dataset.classNames };
  }

  private async imageInput(session: ModelSession, image: ImageInput, id?: DatasetId): Promise<Float32Array> {
    if (image.from === 'pixels') return imageForModel(image.pixels, image.shape, session.inputShape);
    const { dataset } = await this.sessionDataset(id ? { id } : undefined);
    const count = image.split === 'test' ? dataset.testSize : dataset.trainSize;
    if (!Number.isInteger(image.index) || image.index < 0 || image.index >= count) {
      throw new TrainError('unavailable', say('errors.train.noSplitImage', { split: image.split, index: String(image.index), count }));
    }
    return dataset.sample(image.split, image.index).pixels;
  }

  private async importFiles(files: ModelFiles): Promise<KeeperAnswers['import']> {
    const read = readModelFiles(files);
    const signature = weightSignature(read.graph);
    if (!signature) throw new TrainError('graph', say('errors.train.graphFileErrors'));
    const meta = read.metadata;
    const datasetId: DatasetId = meta?.summary?.datasetId ?? (meta && isDatasetId(meta.dataset) ? meta.dataset : 'mnist');
    const summary: TrainedSummary = meta?.summary ? completeSummary(meta.summary) : {
      datasetId, datasetName: datasetEntry(datasetId)?.label ?? datasetId, classNames: [],
      accuracy: meta?.testAccuracy ?? Number.NaN, loss: Number.NaN, testSamples: 0, epochs: meta?.epochs ?? 0, partial: false,
      date: Date.now(), settings: completeSettings({ ...DEFAULT_TRAIN_SETTINGS, seed: meta?.seed ?? 1, loss: undefined }, isMultiLabel(datasetId)), history: [],
    };
    // Check that the weights fit their graph by loading them into it.
    const probe = ModelSession.create(read.graph, { seed: 1 });
    try {
      probe.loadWeights(read.encoded, summary);
    } catch (e) {
      probe.dispose();
      throw e;
    }
    await this.options.store.putModel({ key: signature.key, weights: signature.weights, functionKey: signature.functionKey, graph: read.graph, encoded: read.encoded, summary });
    const fits = this.signature?.key === signature.key;
    if (fits && this.signature) {
      this.session?.dispose();
      this.session = this.signature.functionKey === signature.functionKey ? probe : undefined;
      if (this.session !== probe) probe.dispose();
      this.version++;
      this.held = { weights: signature.weights, functionKey: signature.functionKey, summary, restored: false };
      this.staleFrom = undefined;
      this.publish(await this.statusFor(this.signature));
    } else {
      probe.dispose();
    }
    return { graph: read.graph, summary, fitsOpenGraph: fits };
  }

  /** Tensors the kept model holds (its weights), so a run's own tensors can be counted apart. */
  keptTensors(): number {
    return this.session ? this.session.model.weights.length : 0;
  }

  /** Frees the model and the dataset. */
  dispose(): void {
    this.session?.dispose();
    this.session = undefined;
    this.data?.dataset.dispose();
    this.data = undefined;
  }
}
