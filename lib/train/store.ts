/**
 * Where trained weights and run checkpoints are kept between visits, filed under the graph's
 * weight signature (signature.ts): any graph with the same weights finds them. The browser keeps
 * them in IndexedDB (store.browser.ts); `MemoryModelStore` is the same in memory, for Node and the
 * tests. Records are plain data (ArrayBuffers for the weights), as IndexedDB stores them.
 */
import type { Graph } from '../graph/types';
import type { DatasetId } from './datasets/catalogue';
import type { EpochRecord, TrainedSummary } from './session-types';
import type { TrainSettings } from './settings';
import type { WeightEntry } from './signature';
import type { EvolutionJson } from '../viz/evolution';

/** Weights as tfjs encodes them: the manifest entries and their bytes, one after another. */
export interface EncodedWeights {
  readonly specs: readonly WeightSpec[];
  readonly data: ArrayBuffer;
}

/** tfjs' WeightsManifestEntry, the part used here. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
}

/** Trained weights and what they are. */
export interface ModelRecord {
  /** The weight signature's key (signature.ts). */
  readonly key: string;
  /** The full signature, checked on restore (a hash is only a hash). */
  readonly weights: readonly WeightEntry[];
  /** The function key of the graph trained (an edit since that keeps the weights makes it differ). */
  readonly functionKey: string;
  /** The graph trained, as it was. */
  readonly graph: Graph;
  readonly encoded: EncodedWeights;
  readonly summary: TrainedSummary;
  /** The feature evolution recorded while training (lib/viz/evolution.ts), when it was. */
  readonly evolution?: EvolutionJson;
}

/** The state of a run at the end of a finished epoch, enough to go on from there. */
export interface CheckpointRecord {
  readonly key: string;
  readonly weights: readonly WeightEntry[];
  readonly functionKey: string;
  readonly graph: Graph;
  readonly encoded: EncodedWeights;
  /** The optimizer's state (`optimizer.getWeights()`: its step count, then its slots). */
  readonly optimizer: EncodedWeights;
  readonly epochsDone: number;
  readonly datasetId: DatasetId;
  /** The run's settings; `settings.epochs` is the number of epochs asked for. */
  readonly settings: TrainSettings;
  readonly history: readonly EpochRecord[];
  readonly date: number;
  /** The feature evolution so far, for the resumed run to go on with. */
  readonly evolution?: EvolutionJson;
}

export interface ModelStore {
  getModel(key: string): Promise<ModelRecord | undefined>;
  putModel(record: ModelRecord): Promise<void>;
  deleteModel(key: string): Promise<void>;
  getCheckpoint(key: string): Promise<CheckpointRecord | undefined>;
  putCheckpoint(record: CheckpointRecord): Promise<void>;
  deleteCheckpoint(key: string): Promise<void>;
}

/** A ModelStore in memory (Node, tests, and browsers where IndexedDB is refused). */
export class MemoryModelStore implements ModelStore {
  private readonly models = new Map<string, ModelRecord>();
  private readonly checkpoints = new Map<string, CheckpointRecord>();

  async getModel(key: string): Promise<ModelRecord | undefined> {
    return this.models.get(key);
  }

  async putModel(record: ModelRecord): Promise<void> {
    this.models.set(record.key, record);
  }

  async deleteModel(key: string): Promise<void> {
    this.models.delete(key);
  }

  async getCheckpoint(key: string): Promise<CheckpointRecord | undefined> {
    return this.checkpoints.get(key);
  }

  async putCheckpoint(record: CheckpointRecord): Promise<void> {
    this.checkpoints.set(record.key, record);
  }

  async deleteCheckpoint(key: string): Promise<void> {
    this.checkpoints.delete(key);
  }
}

/** True when two signatures list the same weights with the same shapes, in the same order. */
export function sameWeights(a: readonly WeightEntry[], b: readonly WeightEntry[]): boolean {
  return a.length === b.length && a.every((w, i) => w.name === b[i]!.name && w.shape.length === b[i]!.shape.length && w.shape.every((d, j) => d === b[i]!.shape[j]));
}
