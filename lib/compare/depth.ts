/**
 * Depth as the papers count it: the layers with weights (convolutions and dense layers) on the
 * longest path from the input to the output. ResNet-50 is 50 this way (its projection shortcuts
 * run beside the main path), GoogLeNet 22, VGG-16 16, DenseNet-121 121.
 */
import { analyse } from '../graph/analyse';
import { expandGraph } from '../graph/expand';
import type { Graph } from '../graph/types';

/** Primitive types that hold weights and count as a layer of depth. */
const WEIGHT_LAYERS: ReadonlySet<string> = new Set(['Conv2D', 'GroupedConv2D', 'DepthwiseConv2D', 'Dense']);

const size = (s: readonly number[] | undefined): number => (s ? s.reduce((p, x) => p * x, 1) : NaN);

/**
 * The number of weight layers on the longest input-to-output path of the fully expanded graph.
 * A gate that rescales a map (SE's vector into Multiply) is not a path the signal runs along, so
 * at a Multiply only the inputs as large as its output count: SE-ResNet-50 stays 50 deep.
 */
export function weightDepth(graph: Graph): number {
  const flat = expandGraph(graph, { deep: true });
  const analysis = analyse(flat);
  const types = new Map(flat.nodes.map((n) => [n.id, n.type]));
  const into = new Map<string, string[]>();
  for (const e of flat.edges) {
    const list = into.get(e.target);
    if (list) list.push(e.source);
    else into.set(e.target, [e.source]);
  }
  const depth = new Map<string, number>();
  for (const id of analysis.order) {
    const type = types.get(id);
    let sources = into.get(id) ?? [];
    if (type === 'Multiply') {
      const out = size(analysis.nodes[id]?.outputShape);
      const mains = sources.filter((s) => size(analysis.nodes[s]?.outputShape) === out);
      if (mains.length > 0) sources = mains;
    }
    const before = Math.max(0, ...sources.map((s) => depth.get(s) ?? 0));
    const d = before + (type && WEIGHT_LAYERS.has(type) ? 1 : 0);
    depth.set(id, d);
  }
  // Measured at the outputs: a gate's own layers are deeper than the map they rescale.
  return Math.max(0, ...analysis.outputs.map((id) => depth.get(id) ?? 0));
}
