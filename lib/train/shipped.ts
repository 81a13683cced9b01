/**
 * Trained weights that ship with the app (lib/viz/shipped.ts lists them; they are served from
 * public/models), found by weight signature: when the page opens a graph with the weights of a
 * shipped model (the LeNet-5 preset) and this browser has no trained weights of its own for it,
 * the session starts from the shipped ones, so a class can look inside a trained network at once.
 *
 * The files are read through `fetchBytes` (the worker's fetch; the file system under Node), each
 * model's graph.json once, its weights only when a graph matches.
 */
import { parseGraphFile } from '../graph/format';
import { SHIPPED_MODELS, type ShippedModel } from '../viz/shipped';
import { datasetEntry, isDatasetId, type DatasetId } from './datasets/catalogue';
import { GRAPH_FILE, MODEL_FILE, WEIGHTS_FILE, readModelFiles } from './model-files';
import type { TrainedSummary } from './session-types';
import { DEFAULT_TRAIN_SETTINGS } from './settings';
import { weightSignature, type WeightSignature } from './signature';
import type { EncodedWeights } from './store';
import { datasetSaid, english, say, type Said } from './said';

/** Reads a file of a shipped model by its path under the site's root ("models/lenet5-mnist/model.json"). */
export type FetchBytes = (path: string) => Promise<Uint8Array>;

/** A shipped model's weights, ready for a session. */
export interface ShippedWeights {
  readonly model: ShippedModel;
  readonly encoded: EncodedWeights;
  readonly summary: TrainedSummary;
  /** The function key of the shipped graph (signature.ts): an edit since shows as 'edited'. */
  readonly functionKey: string;
  /** What the panel says: "Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST". */
  readonly note: string;
  /** The same as data, for the interface to word. */
  readonly noteSaid: Said;
}

/** Test images of the datasets shipped models are measured on (the official test splits). */
const TEST_SIZES: Partial<Record<DatasetId, number>> = { mnist: 10_000 };

/** "Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST", as data (`dataset`: a name, or a dataset's Said). */
export function shippedNoteSaid(name: string, accuracy: number, dataset: string | Said): Said {
  return say('train.keeper.shipped', { name, percent: `${(accuracy * 100).toFixed(2)}%`, dataset });
}

/** "Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST". */
export function shippedNote(name: string, accuracy: number, datasetCalled: string): string {
  return english(shippedNoteSaid(name, accuracy, datasetCalled));
}

const text = new TextDecoder();

/** The shipped models, matched to graphs by their weight signature. */
export class ShippedCatalogue {
  private readonly keys = new Map<string, Promise<string | null>>();
  private readonly loaded = new Map<string, Promise<ShippedWeights | undefined>>();

  constructor(private readonly fetchBytes: FetchBytes, private readonly models: readonly ShippedModel[] = SHIPPED_MODELS) {}

  /** The shipped weights whose graph has `signature`'s weights (same names and shapes), if any. */
  async find(signature: WeightSignature): Promise<ShippedWeights | undefined> {
    for (const model of this.models) {
      if ((await this.keyOf(model)) !== signature.key) continue;
      let load = this.loaded.get(model.id);
      if (!load) {
        load = this.load(model);
        this.loaded.set(model.id, load);
      }
      return load;
    }
    return undefined;
  }

  /** The weight-signature key of a shipped model's graph (null when its graph.json cannot be read). */
  private keyOf(model: ShippedModel): Promise<string | null> {
    let key = this.keys.get(model.id);
    if (!key) {
      key = this.fetchBytes(`${model.path}/${GRAPH_FILE}`).then((bytes) => {
        const parsed = parseGraphFile(text.decode(bytes));
        return parsed.ok ? weightSignature(parsed.graph)?.key ?? null : null;
      }, () => null);
      this.keys.set(model.id, key);
    }
    return key;
  }

  private async load(model: ShippedModel): Promise<ShippedWeights | undefined> {
    try {
      const [modelJson, weightsBin, graphJson] = await Promise.all(
        [MODEL_FILE, WEIGHTS_FILE, GRAPH_FILE].map((f) => this.fetchBytes(`${model.path}/${f}`)),
      );
      const read = readModelFiles({ modelJson: text.decode(modelJson!), weightsBin: weightsBin!, graphJson: text.decode(graphJson!) });
      const meta = read.metadata;
      const datasetId: DatasetId = isDatasetId(model.dataset) ? model.dataset : 'mnist';
      const entry = datasetEntry(datasetId);
      const accuracy = meta?.testAccuracy ?? model.testAccuracy;
      const summary: TrainedSummary = meta?.summary ?? {
        datasetId, datasetName: entry?.called ?? datasetId, classNames: Array.from({ length: entry?.classes ?? 0 }, (_, i) => String(i)),
        accuracy, loss: Number.NaN, testSamples: TEST_SIZES[datasetId] ?? 0, epochs: meta?.epochs ?? 0, partial: false,
        date: 0, settings: { ...DEFAULT_TRAIN_SETTINGS, seed: meta?.seed ?? 1 }, history: [],
      };
      const name = read.graph.meta?.name ?? model.preset;
      const functionKey = weightSignature(read.graph)?.functionKey ?? '';
      const noteSaid = shippedNoteSaid(name, accuracy, entry ? datasetSaid(entry.id, 'called') : datasetId);
      return { model, encoded: read.encoded, summary, functionKey, note: english(noteSaid), noteSaid };
    } catch {
      // Missing or damaged files: the session starts from random weights, as for any other graph.
      this.loaded.delete(model.id);
      return undefined;
    }
  }
}
