/**
 * A trained model as three files, the same from the command line (`layerwise train --save`) and
 * from the app (Download trained model): model.json (tfjs' layers-model format: the topology and
 * a weights manifest naming weights.bin), weights.bin (the weights, float32, in manifest order)
 * and graph.json (the Layerwise graph). A plain `tf.loadLayersModel` reads the first two; the
 * app and `--load` read all three and put the weights into the graph's compiled model.
 */
import * as tf from '@tensorflow/tfjs';
import { parseGraphFile, serializeGraph } from '../graph/format';
import type { Graph } from '../graph/types';
import { TrainError } from './errors';
import type { ModelFiles, TrainedSummary } from './session-types';
import type { EncodedWeights, WeightSpec } from './store';
import { say, type Said } from './said';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const GRAPH_FILE = 'graph.json';

/** What model.json's userDefinedMetadata.layerwise holds. */
export interface LayerwiseMetadata {
  /** The preset id or the graph's name. */
  readonly model: string;
  readonly dataset: string;
  readonly epochs: number;
  readonly seed: number;
  readonly testAccuracy: number | null;
  /** The full record of the training, when the app or the command line had one. */
  readonly summary?: TrainedSummary;
}

/** Encodes a model's weights (all of them, trainable or not) with their tfjs names. */
export async function encodeModelWeights(model: tf.LayersModel): Promise<EncodedWeights> {
  const { data, specs } = await tf.io.encodeWeights(model.weights.map((w) => ({ name: w.originalName, tensor: w.read() })));
  return { data, specs: specs as WeightSpec[] };
}

/**
 * Writes encoded weights into `model`, matched by name. Throws a TrainError 'weights-do-not-fit'
 * naming the weights that are missing or of another shape when they were saved from another graph.
 */
export function loadEncodedWeights(model: tf.LayersModel, encoded: EncodedWeights): void {
  let saved: tf.NamedTensorMap;
  try {
    saved = tf.io.decodeWeights(encoded.data, encoded.specs as tf.io.WeightsManifestEntry[]);
  } catch (e) {
    throw new TrainError('weights-do-not-fit', say('errors.train.weightsUnreadable', { error: (e as Error).message }));
  }
  try {
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const w of model.weights) {
      const t = saved[w.originalName];
      if (!t) missing.push(w.originalName);
      else if (!tf.util.arraysEqual(t.shape, w.shape as number[])) wrong.push(`${w.originalName} (saved ${t.shape.join('×')}, model ${w.shape.join('×')})`);
    }
    if (missing.length || wrong.length) {
      const list = (xs: string[]): string | Said => (xs.length > 5 ? say('errors.train.andMore', { list: xs.slice(0, 5).join(', '), count: xs.length - 5 }) : xs.join(', '));
      const parts = [missing.length ? say('errors.train.weightsMissing', { list: list(missing) }) : undefined,
        wrong.length ? say('errors.train.weightsShape', { list: list(wrong) }) : undefined].filter((p): p is Said => !!p);
      throw new TrainError('weights-do-not-fit', say('errors.train.weightsMismatch', {
        details: parts.length === 2 ? say('errors.train.weightsBoth', { missing: parts[0]!, shape: parts[1]! }) : parts[0]!,
      }));
    }
    for (const w of model.weights) w.write(saved[w.originalName]!);
  } finally {
    tf.dispose(Object.values(saved));
  }
}

/** The three files of a model and its graph. */
export async function modelFiles(model: tf.LayersModel, graph: Graph, metadata: LayerwiseMetadata): Promise<ModelFiles> {
  const encoded = await encodeModelWeights(model);
  let topology: object | undefined;
  try {
    topology = model.toJSON(null, false) as object;
  } catch {
    topology = undefined; // a layer without serialisation: the weights still load into the recompiled graph
  }
  const json = {
    ...(topology ? { modelTopology: topology } : {}),
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: encoded.specs }],
    userDefinedMetadata: { layerwise: metadata },
  };
  return { modelJson: JSON.stringify(json), weightsBin: new Uint8Array(encoded.data), graphJson: serializeGraph(graph) };
}

/** What three model files hold, read and checked. */
export interface ReadModelFiles {
  readonly graph: Graph;
  readonly encoded: EncodedWeights;
  readonly metadata?: LayerwiseMetadata;
}

/**
 * Reads model.json + weights.bin + graph.json. Throws a TrainError 'weights-do-not-fit' (or
 * 'graph' for a graph file that does not read) saying which file is wrong and how.
 */
export function readModelFiles(files: ModelFiles): ReadModelFiles {
  let json: { weightsManifest?: { paths: string[]; weights: WeightSpec[] }[]; userDefinedMetadata?: { layerwise?: LayerwiseMetadata } };
  try {
    json = JSON.parse(files.modelJson);
  } catch {
    throw new TrainError('weights-do-not-fit', say('errors.train.modelNotJson', { file: MODEL_FILE }));
  }
  const groups = json.weightsManifest;
  if (!Array.isArray(groups) || groups.length === 0) throw new TrainError('weights-do-not-fit', say('errors.train.modelNoWeights', { file: MODEL_FILE }));
  const paths = groups.flatMap((g) => g.paths);
  if (paths.length !== 1) {
    throw new TrainError('weights-do-not-fit', say('errors.train.modelManyFiles', { file: MODEL_FILE, count: paths.length, paths: paths.join(', ') }));
  }
  const specs = groups.flatMap((g) => g.weights);
  const bytesOf = (dtype: string) => (dtype === 'float32' || dtype === 'int32' ? 4 : 1);
  const expected = specs.reduce((s, w) => s + w.shape.reduce((a, d) => a * d, 1) * bytesOf(w.dtype), 0);
  if (files.weightsBin.byteLength !== expected) {
    throw new TrainError('weights-do-not-fit', say('errors.train.weightsBytes', { weights: WEIGHTS_FILE, bytes: files.weightsBin.byteLength, file: MODEL_FILE, expected }));
  }
  const parsed = parseGraphFile(files.graphJson);
  if (!parsed.ok) throw new TrainError('graph', say('errors.train.graphFileUnreadable', { file: GRAPH_FILE, errors: parsed.errors.slice(0, 3).map((i) => i.message).join('; ') }));
  const b = files.weightsBin;
  const data = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  const metadata = json.userDefinedMetadata?.layerwise;
  return { graph: parsed.graph, encoded: { specs, data }, ...(metadata ? { metadata } : {}) };
}
