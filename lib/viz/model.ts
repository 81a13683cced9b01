/**
 * The compiled model as the visualisations see it: which tfjs layer a node of the user's graph
 * is, the symbolic tensor of any node (composites included: a block's output is its inner output
 * node), sub-models that stop at a node, and the input image as a batch of one.
 *
 * Works on any graph compile() accepts, branches and skips included. Sub-models share the
 * compiled model's layers and weights: they are cached, never disposed (disposing one would free
 * the shared weights).
 */
import * as tf from '@tensorflow/tfjs';
import { english, say, type Said } from '../train/said';
import type { CompileSuccess } from '../compile';
import type { Analysis, NodeAnalysis } from '../graph/analyse';
import { INNER_SEPARATOR } from '../graph/expand';
import type { Graph, Shape } from '../graph/types';
import { closeNames } from '../text/suggest';

/** A compiled model with what the visualisations need to find their way in it. */
export interface VizModel {
  readonly model: tf.LayersModel;
  /** The graph as built: composites expanded, inner ids `block/inner`. */
  readonly expanded: Graph;
  /** analyse() of `expanded`: shapes, params and receptive fields of every layer. */
  readonly analysis: Analysis;
  /** Expanded node id → tfjs layer name. */
  readonly layerNames: Readonly<Record<string, string>>;
  /** Sub-models from the input to a set of nodes, by their ids joined with '|'. */
  readonly subModels: Map<string, tf.LayersModel>;
  /** Which of the model's outputs holds the class scores (see classOutputIndex). */
  readonly classOutput: number;
}

/**
 * Something the visualisations can say to a person: what is wrong and what to do. Made from a Said
 * (lib/train/said.ts), it carries it, so the Look inside views word it in the user's language; its
 * message is the English the command line prints.
 */
export class VizError extends Error {
  override readonly name = 'VizError';
  readonly said?: Said;

  constructor(message: string | Said) {
    super(typeof message === 'string' ? message : english(message));
    if (typeof message !== 'string') this.said = message;
  }
}

/**
 * The visualisations' view of a compiled graph (`compile(graph)` when it succeeded). Refuses
 * models with several inputs: every view feeds one image.
 */
export function vizModel(compiled: Pick<CompileSuccess, 'model' | 'expanded' | 'analysis' | 'layerNames'>): VizModel {
  if (compiled.model.inputs.length !== 1) {
    throw new VizError(say('errors.viz.manyInputs', { count: compiled.model.inputs.length }));
  }
  return {
    model: compiled.model, expanded: compiled.expanded, analysis: compiled.analysis, layerNames: compiled.layerNames,
    subModels: new Map(), classOutput: findClassOutput(compiled.model),
  };
}

/** The model's input as [height, width, channels]. */
export function inputShape(vm: VizModel): [number, number, number] {
  const s = vm.model.inputs[0]!.shape;
  return [s[1]!, s[2]!, s[3]!];
}

/**
 * Every id a user may name: the expanded graph's nodes and the composite blocks they came from
 * (`layer1`, `layer1/residual1`), in the graph's topological order.
 */
export function nodeChoices(vm: VizModel): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of vm.analysis.order) {
    const parts = id.split(INNER_SEPARATOR);
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join(INNER_SEPARATOR);
      if (!seen.has(prefix)) { seen.add(prefix); out.push(prefix); }
    }
    if (!seen.has(id)) { seen.add(id); out.push(id); }
  }
  return out;
}

/** A node resolved to the expanded node whose output it is. */
export interface ResolvedNode {
  /** The id asked for. */
  readonly id: string;
  /** The expanded (primitive) node whose output is the asked node's output. */
  readonly primitive: string;
  readonly layerName: string;
  readonly type: string;
  /** Output shape without the batch: [H, W, C] for maps, [units] for vectors. */
  readonly shape: Shape;
  readonly info: NodeAnalysis;
}

/**
 * Finds a node by id: a primitive of the expanded graph, or a composite block (its output is the
 * inner node whose result leaves the block). Throws a VizError suggesting close names otherwise.
 */
export function resolveNode(vm: VizModel, id: string): ResolvedNode {
  let primitive: string | undefined = vm.layerNames[id] !== undefined ? id : undefined;
  if (primitive === undefined) {
    const prefix = id + INNER_SEPARATOR;
    const inside = new Set(vm.analysis.order.filter((n) => n.startsWith(prefix)));
    if (inside.size > 0) {
      // The block's output: the inner node read from outside the block, or a model output.
      const leaving = vm.expanded.edges.filter((e) => inside.has(e.source) && !inside.has(e.target)).map((e) => e.source);
      const outputs = vm.analysis.outputs.filter((o) => inside.has(o));
      primitive = [...new Set([...leaving, ...outputs])][0];
    }
  }
  if (primitive === undefined) {
    const near = closeNames(id, nodeChoices(vm));
    throw new VizError(say('errors.viz.noNode', { id, near: near.length ? say('errors.viz.didYouMean', { names: near.map((n) => `'${n}'`).join(', ') }) : '' }));
  }
  const info = vm.analysis.nodes[primitive]!;
  return { id, primitive, layerName: vm.layerNames[primitive]!, type: info.type, shape: info.outputShape!, info };
}

/** The symbolic tensor a node's layer outputs. */
export function nodeTensor(vm: VizModel, node: ResolvedNode): tf.SymbolicTensor {
  const out = vm.model.getLayer(node.layerName).output;
  return (Array.isArray(out) ? out[0] : out) as tf.SymbolicTensor;
}

/**
 * A model from the input to the given nodes' outputs (cached). The input node itself is allowed:
 * its "activation" is the image. Shares the compiled model's weights: never dispose it.
 */
export function subModel(vm: VizModel, nodes: readonly ResolvedNode[]): tf.LayersModel {
  const key = nodes.map((n) => n.primitive).join('|');
  let m = vm.subModels.get(key);
  if (!m) {
    m = tf.model({ inputs: vm.model.inputs, outputs: nodes.map((n) => nodeTensor(vm, n)) });
    vm.subModels.set(key, m);
  }
  return m;
}

/** Runs the model up to `nodes` in inference mode; returns one tensor per node (the caller frees them). */
export function runTo(vm: VizModel, nodes: readonly ResolvedNode[], x: tf.Tensor4D): tf.Tensor[] {
  return tf.tidy(() => {
    // The input node's output is the image itself; the others come from one sub-model.
    const inner = nodes.filter((n) => n.type !== 'Input');
    const ys = inner.length ? subModel(vm, inner).apply(x, { training: false }) as tf.Tensor | tf.Tensor[] : [];
    const list = Array.isArray(ys) ? ys : [ys];
    let k = 0;
    return nodes.map((n) => (n.type === 'Input' ? x.clone() : list[k++]!));
  });
}

/**
 * An input image as a batch of one, [1, H, W, C], checked against the model's input shape.
 * Accepts a tensor [H, W, C] or [1, H, W, C], or plain pixels H·W·C channels last. The caller
 * keeps ownership of a tensor it passes; the result is always a new tensor to free.
 */
export function toBatch(vm: VizModel, image: tf.Tensor | Float32Array | readonly number[]): tf.Tensor4D {
  const [h, w, c] = inputShape(vm);
  if (!(image instanceof tf.Tensor)) {
    if (image.length !== h * w * c) {
      throw new VizError(say('errors.viz.imageValues', { count: image.length, shape: `${h}×${w}×${c}`, expected: h * w * c }));
    }
    return tf.tensor4d(image instanceof Float32Array ? image : Float32Array.from(image), [1, h, w, c]);
  }
  const s = image.shape;
  const hwc = s.length === 4 && s[0] === 1 ? s.slice(1) : s;
  if (hwc.length !== 3 || hwc[0] !== h || hwc[1] !== w || hwc[2] !== c) {
    throw new VizError(say('errors.viz.imageShape', { shape: s.join('×'), want: `${h}×${w}×${c}` }));
  }
  return tf.tidy(() => tf.reshape(tf.cast(image, 'float32'), [1, h, w, c]) as tf.Tensor4D);
}

/** True when a node's output is a feature map [H, W, C]. */
export function isMap(node: ResolvedNode): boolean {
  return node.shape.length === 3;
}

/**
 * The last node whose output is still a feature map with more than one position: where Grad-CAM
 * looks by default (the output of the last convolutional block, before the head pools it away).
 */
export function lastMapNode(vm: VizModel): ResolvedNode {
  const order = vm.analysis.order;
  for (let i = order.length - 1; i >= 0; i--) {
    const info = vm.analysis.nodes[order[i]!]!;
    const s = info.outputShape;
    if (info.type !== 'Input' && s && s.length === 3 && s[0]! * s[1]! > 1) return resolveNode(vm, order[i]!);
  }
  throw new VizError(say('errors.viz.noMap'));
}

/**
 * Which of the model's outputs holds the class scores: the first one whose layer applies a softmax
 * or sigmoid (a graph may end in several branches), else the first. Read once, when the model is
 * wrapped: the views drop that softmax while they run.
 */
function findClassOutput(model: tf.LayersModel): number {
  const i = model.outputs.findIndex((o) => {
    const layer = o.sourceLayer as tf.layers.Layer & { activation?: { getClassName?: () => string } };
    const act = layer.activation?.getClassName?.();
    return o.shape.length === 2 && (act === 'softmax' || act === 'sigmoid');
  });
  return Math.max(0, i);
}

/** Which of the model's outputs holds the class scores. */
export function classOutputIndex(vm: VizModel): number {
  return vm.classOutput;
}

/** The node whose layer gives the class scores (`classOutputIndex`). */
export function outputNode(vm: VizModel): ResolvedNode {
  const name = (vm.model.outputs[classOutputIndex(vm)]!.sourceLayer as tf.layers.Layer).name;
  const id = Object.keys(vm.layerNames).find((k) => vm.layerNames[k] === name)!;
  return resolveNode(vm, id);
}

/** True when the output of expanded node `from` flows into expanded node `to` (or is it). */
export function leadsTo(vm: VizModel, from: string, to: string): boolean {
  const into = new Map<string, string[]>();
  for (const e of vm.expanded.edges) {
    const list = into.get(e.target);
    if (list) list.push(e.source);
    else into.set(e.target, [e.source]);
  }
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === from) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(into.get(id) ?? []));
  }
  return false;
}
