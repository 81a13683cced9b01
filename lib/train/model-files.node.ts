/**
 * A tfjs IO handler for files under Node (tfjs-node has one; plain tfjs does not): a save writes
 * `model.json` (topology and weights manifest, as tfjs writes it) and `weights.bin` into a folder,
 * and a load reads them back. Registered for 'file://' URLs.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

/** A handler that saves into and loads from `dir`. */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      mkdirSync(dir, { recursive: true });
      const data = artifacts.weightData === undefined ? new ArrayBuffer(0)
        : Array.isArray(artifacts.weightData) ? tf.io.concatenateArrayBuffers(artifacts.weightData) : artifacts.weightData;
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      writeFileSync(path.join(dir, WEIGHTS_FILE), new Uint8Array(data));
      writeFileSync(path.join(dir, MODEL_FILE), JSON.stringify(json));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: data.byteLength,
          ...(artifacts.weightSpecs ? { weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length } : {}),
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const modelPath = path.join(dir, MODEL_FILE);
      if (!existsSync(modelPath)) throw new Error(`No saved model in ${dir}: ${MODEL_FILE} is missing.`);
      let json: {
        modelTopology?: object; format?: string; generatedBy?: string; convertedBy?: string | null;
        weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; userDefinedMetadata?: Record<string, object>;
      };
      try {
        json = JSON.parse(readFileSync(modelPath, 'utf8'));
      } catch {
        throw new Error(`${modelPath} is not valid JSON; the save is damaged.`);
      }
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of json.weightsManifest ?? []) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const file = path.join(dir, p);
          if (!existsSync(file)) throw new Error(`The save in ${dir} lists ${p}, which is missing.`);
          const b = readFileSync(file);
          buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
        }
      }
      const weightData = tf.io.concatenateArrayBuffers(buffers);
      const expected = specs.reduce((s, w) => s + w.shape.reduce((a, d) => a * d, 1) * (w.dtype === 'float32' || w.dtype === 'int32' ? 4 : 1), 0);
      if (weightData.byteLength !== expected) {
        throw new Error(`${path.join(dir, WEIGHTS_FILE)} holds ${weightData.byteLength} bytes but model.json describes ${expected}; the save is truncated or damaged.`);
      }
      return {
        ...(json.modelTopology ? { modelTopology: json.modelTopology } : {}),
        ...(json.format ? { format: json.format } : {}),
        ...(json.generatedBy ? { generatedBy: json.generatedBy } : {}),
        weightSpecs: specs,
        weightData,
        ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
      };
    },
  };
}

let registered = false;

/** Lets `saveWeights(model, 'file://dir')`, `model.save('file://dir')` and `tf.loadLayersModel('file://dir')` work under Node. */
export function registerFileSystemRouter(): void {
  if (registered) return;
  registered = true;
  const router = ((url: string | string[]): tf.io.IOHandler | null => {
    const u = Array.isArray(url) ? url[0]! : url;
    if (!u.startsWith('file://')) return null;
    let dir = u.slice('file://'.length);
    if (dir.endsWith(`/${MODEL_FILE}`)) dir = path.dirname(dir);
    return fileSystemHandler(dir);
  }) as Parameters<typeof tf.io.registerSaveRouter>[0]; // tfjs' routers return null for URLs they do not handle; its type omits it
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
}
