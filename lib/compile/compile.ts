/**
 * `compile(graph)`: a valid graph becomes a `tf.LayersModel` (functional API) that is exactly the
 * graph — the same nodes, shapes, parameter counts and maths. Invalid graphs give analyse's errors
 * back; compile never throws, and never shows a tfjs stack trace to a user.
 *
 * Composite blocks (Inception, Residual, Repeat…) are expanded into primitives first
 * (`expandGraph(graph, {deep: true})`), so every tfjs layer comes from one primitive node and is
 * named after that node's id: an Inception module `inc3a` gives layers `inc3a/branch2_3x3`, …;
 * a Repeat `layer1` of Residual blocks gives `layer1/residual1/conv1`, …. tfjs accepts '/' in
 * layer and weight names (weights become `inc3a/branch2_3x3/kernel`), and saved models load back
 * with them. Ids that tfjs would refuse (a name must start with a letter or digit) get an `n`
 * in front; `layerNames` / `nodeOfLayer` in the result map between the two.
 */
import * as tf from '@tensorflow/tfjs';
import { analyse, type Analysis, type GraphError } from '../graph/analyse';
import { expandGraph } from '../graph/expand';
import type { Graph } from '../graph/types';
import { registerCustomLayers } from './custom-layers';
import { getBuilder, type BuildContext } from './layers';
import { checkMemoryBudget, type MemoryBudgetOptions } from './memory-guard';

export interface CompileOptions {
  /** Seeds the weight initialisers (each layer gets seed + its index), for reproducible runs. */
  readonly seed?: number;
  /** The model's name (defaults to the graph's meta name). */
  readonly name?: string;
  /**
   * Refuse graphs whose training would not fit this memory budget (see memory-guard.ts), before any
   * weight is allocated. Omit to skip the check.
   */
  readonly memory?: MemoryBudgetOptions;
}

export interface CompileSuccess {
  readonly ok: true;
  readonly model: tf.LayersModel;
  /** The graph that was built: composites expanded (ids `block/inner`). */
  readonly expanded: Graph;
  /** analyse() of `expanded`: every layer's node, shape and params. */
  readonly analysis: Analysis;
  /** Node id (of `expanded`) → tfjs layer name. */
  readonly layerNames: Readonly<Record<string, string>>;
  /** tfjs layer name → node id (of `expanded`). */
  readonly nodeOfLayer: Readonly<Record<string, string>>;
  /** Input node ids (of the graph given), in the order of `model.inputs`. */
  readonly inputs: readonly string[];
  /** Output node ids (of the graph given), in the order of `model.outputs`. */
  readonly outputs: readonly string[];
}

export interface CompileFailure {
  readonly ok: false;
  /** What is wrong, attached to node ids where there is one, in words a user can act on. */
  readonly errors: readonly GraphError[];
}

export type CompileResult = CompileSuccess | CompileFailure;

/** tfjs' rule for weight names (`isValidTensorName`), which derive from layer names. */
const VALID_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

/** A tfjs layer name for each node id: the id itself when tfjs accepts it, unique either way. */
function layerNamesFor(ids: readonly string[]): Record<string, string> {
  const used = new Set(ids.filter((id) => VALID_NAME.test(id)));
  const names: Record<string, string> = {};
  for (const id of ids) {
    if (VALID_NAME.test(id)) { names[id] = id; continue; }
    const base = `n${id.replace(/[^-A-Za-z0-9._/]/g, '_')}`;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    names[id] = name;
  }
  return names;
}

function fail(message: string, nodeId?: string): CompileFailure {
  return { ok: false, errors: [nodeId ? { nodeId, message } : { message }] };
}

/** Frees the weights of layers built before a failure, so a failed compile leaks nothing. */
function disposeLayers(layers: readonly tf.layers.Layer[]): void {
  for (const layer of layers) {
    try {
      if (layer.built) layer.dispose();
    } catch {
      // Already disposed, or never held weights.
    }
  }
}

/**
 * Builds the tf.LayersModel of a graph with the functional API.
 *
 * Returns `{ok: true, model, …}` for a valid graph, or `{ok: false, errors}`: analyse's errors for
 * an invalid graph, the memory guard's message when `options.memory` is given and training would
 * not fit, or a plain-words message if tfjs refuses a layer. Never throws.
 *
 * The model lives on the current tfjs backend; call `model.dispose()` when done (and dispose the
 * optimizer separately: tfjs does not). Custom layers (LRN, grouped/dilated conv) are registered
 * for serialization, so `model.save` / `tf.loadLayersModel` round-trip.
 */
export function compile(graph: Graph, options: CompileOptions = {}): CompileResult {
  let analysis: Analysis;
  try {
    analysis = analyse(graph);
  } catch (e) {
    return fail(`The graph could not be analysed (${e instanceof Error ? e.message : String(e)}); check the file`);
  }
  if (!analysis.valid) return { ok: false, errors: analysis.errors };
  if (analysis.inputs.length === 0) return fail('The graph has no Input; add an Input block and connect the first layer to it');
  if (analysis.outputs.length === 0) return fail('The graph has only Input blocks and nothing to learn; connect a layer after the Input');

  if (options.memory) {
    const check = checkMemoryBudget(analysis, {
      ...options.memory,
      modelName: options.memory.modelName ?? graph.meta?.name,
      presetId: options.memory.presetId ?? graph.meta?.preset,
    });
    if (!check.ok) return fail(check.message);
  }

  let expanded: Graph;
  let ea: Analysis;
  try {
    expanded = expandGraph(graph, { deep: true });
    ea = analyse(expanded);
  } catch (e) {
    return fail(`The graph's blocks could not be opened (${e instanceof Error ? e.message : String(e)}); check their params`);
  }
  if (!ea.valid) return { ok: false, errors: ea.errors };
  const leftover = expanded.nodes.find((n) => !getBuilder(n.type));
  if (leftover) {
    return fail(`Block '${leftover.id}' (${leftover.type}) could not be turned into TensorFlow.js layers; ` +
      'open (expand) it and check its inner blocks', leftover.id);
  }

  registerCustomLayers();
  const incoming = new Map<string, Map<number, string>>();
  for (const e of expanded.edges) {
    let ports = incoming.get(e.target);
    if (!ports) incoming.set(e.target, (ports = new Map()));
    ports.set(e.targetPort, e.source);
  }
  const nodes = new Map(expanded.nodes.map((n) => [n.id, n]));
  const names = layerNamesFor(ea.order);
  const tensors = new Map<string, tf.SymbolicTensor>();
  const built: tf.layers.Layer[] = [];

  let index = 0;
  for (const id of ea.order) {
    const node = nodes.get(id)!;
    const na = ea.nodes[id]!;
    const ports = incoming.get(id) ?? new Map<number, string>();
    const inputs = [...ports.keys()].sort((a, b) => a - b).map((port) => tensors.get(ports.get(port)!)!);
    const seed = options.seed === undefined ? undefined : options.seed + index;
    index++;
    const ctx: BuildContext<unknown> = {
      name: names[id]!, inputs, params: na.params!, outputShape: na.outputShape!, seed,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    };
    try {
      const out = getBuilder(node.type)!(ctx);
      tensors.set(id, out);
      const layer = out.sourceLayer as tf.layers.Layer | undefined;
      if (layer) built.push(layer);
    } catch (e) {
      disposeLayers(built);
      return fail(`TensorFlow.js could not build ${node.type} '${id}' (${e instanceof Error ? e.message : String(e)}); ` +
        'check its params and the shapes going in', id);
    }
  }

  // Model outputs in the order of the user's graph: a composite output (collapsed id `X`) is its
  // inner output node `X/…` in the expanded graph.
  const outputIds = analysis.outputs.map((o) => (ea.outputs.includes(o) ? o : ea.outputs.find((e) => e.startsWith(o + '/'))!));
  for (const e of ea.outputs) if (!outputIds.includes(e)) outputIds.push(e);
  try {
    const model = tf.model({
      inputs: analysis.inputs.map((id) => tensors.get(id)!),
      outputs: outputIds.map((id) => tensors.get(id)!),
      name: options.name ?? graph.meta?.name ?? 'layerwise',
    });
    const nodeOfLayer: Record<string, string> = {};
    for (const [id, name] of Object.entries(names)) nodeOfLayer[name] = id;
    return { ok: true, model, expanded, analysis: ea, layerNames: names, nodeOfLayer, inputs: analysis.inputs, outputs: analysis.outputs };
  } catch (e) {
    disposeLayers(built);
    return fail(`TensorFlow.js could not assemble the model (${e instanceof Error ? e.message : String(e)})`);
  }
}
