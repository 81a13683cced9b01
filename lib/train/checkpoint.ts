/**
 * Saving and loading a model's weights through any tfjs IO handler: 'indexeddb://name' in the
 * browser, 'file://dir' under Node (see model-files.node.ts), or a handler object.
 *
 * We save the weights and, when the model can be serialised, its topology. Loading puts the
 * weights back into a model compiled from the same graph, matched by layer and weight name, so
 * it works even where the topology could not be saved.
 */
import * as tf from '@tensorflow/tfjs';

export type WeightsTarget = string | tf.io.IOHandler;

function handlerFor(target: WeightsTarget, mode: 'save' | 'load'): tf.io.IOHandler {
  if (typeof target !== 'string') return target;
  const handlers = mode === 'save' ? tf.io.getSaveHandlers(target) : tf.io.getLoadHandlers(target);
  if (handlers.length === 0) {
    throw new Error(
      `No way to ${mode} weights at "${target}". In the browser use indexeddb://name; ` +
      'under Node use file://folder (after registerFileSystemRouter() from lib/train/model-files.node).',
    );
  }
  return handlers[0]!;
}

/** Saves the model's weights (and its topology when it can be serialised). */
export async function saveWeights(model: tf.LayersModel, target: WeightsTarget, metadata?: Record<string, object>): Promise<tf.io.SaveResult> {
  const handler = handlerFor(target, 'save');
  if (!handler.save) throw new Error('This destination cannot save.');
  const named = model.weights.map((w) => ({ name: w.originalName, tensor: w.read() }));
  const { data, specs } = await tf.io.encodeWeights(named);
  let topology: object | undefined;
  try {
    topology = model.toJSON(null, false) as object;
  } catch {
    topology = undefined; // a layer without serialisation: the weights alone still load into a recompiled graph
  }
  return handler.save({
    ...(topology ? { modelTopology: topology } : {}),
    weightSpecs: specs,
    weightData: data,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
    convertedBy: null,
    ...(metadata ? { userDefinedMetadata: metadata } : {}),
  });
}

/**
 * Loads saved weights into `model` (compiled from the same graph). Throws a message naming the
 * weights that are missing or of another shape when the save was made for a different graph.
 */
export async function loadWeights(model: tf.LayersModel, source: WeightsTarget): Promise<Record<string, object> | undefined> {
  const handler = handlerFor(source, 'load');
  if (!handler.load) throw new Error('This source cannot load.');
  const artifacts = await handler.load();
  if (!artifacts.weightSpecs || !artifacts.weightData) throw new Error('The save holds no weights.');
  const saved = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    const missing: string[] = [];
    const wrong: string[] = [];
    for (const w of model.weights) {
      const t = saved[w.originalName];
      if (!t) missing.push(w.originalName);
      else if (!tf.util.arraysEqual(t.shape, w.shape as number[])) wrong.push(`${w.originalName} (saved ${t.shape.join('×')}, model ${w.shape.join('×')})`);
    }
    if (missing.length || wrong.length) {
      throw new Error(
        'The saved weights do not fit this model — were they saved from another graph? ' +
        [missing.length ? `Missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}.` : '',
          wrong.length ? `Different shape: ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? ` and ${wrong.length - 5} more` : ''}.` : '']
          .filter(Boolean).join(' '),
      );
    }
    for (const w of model.weights) w.write(saved[w.originalName]!);
  } finally {
    tf.dispose(Object.values(saved));
  }
  return artifacts.userDefinedMetadata;
}
