/**
 * A graph's weight signature: the name and shape of every weight its compiled model has, worked
 * out from the graph alone (analyse and expand, no tfjs), so the editor can tell on every edit
 * whether trained weights still fit without building a model.
 *
 * Trained weights are keyed by it: moving a node, renaming its label, changing a dropout rate or
 * an activation keeps every weight's name and shape, so the weights stay; changing a kernel size,
 * a layer's units or the channels feeding it changes a shape, so they no longer fit ("stale").
 * Names are the expanded graph's node ids with tfjs' weight names (`c1/kernel`, `layer1/residual1/
 * conv1/kernel`, `bn/moving_mean`): the weights compile() makes are named after the same ids.
 * tests/unit/train/signature.test.ts holds this equal to the compiled models of the presets.
 */
import { analyse, type Analysis } from '../graph/analyse';
import { expandGraph } from '../graph/expand';
import type { Graph, Shape } from '../graph/types';
import { english, say, type Said } from './said';

/** One weight: `nodeId/weightName` and its shape. */
export interface WeightEntry {
  readonly name: string;
  readonly shape: readonly number[];
}

export interface WeightSignature {
  /** Every weight, in the expanded graph's topological order. */
  readonly weights: readonly WeightEntry[];
  /** A short hash of `weights`, the key stored weights are filed under. */
  readonly key: string;
  /**
   * A hash of everything else that changes what the model computes (every node's type and
   * params, the wiring), but not positions, labels or the graph's name: two graphs with the same
   * key and different `functionKey` share weights but may give different answers.
   */
  readonly functionKey: string;
}

type Params = Readonly<Record<string, unknown>>;
const num = (p: Params, k: string): number => p[k] as number;

/** The weights of one primitive node, by type: tfjs' names and order. Layers without weights are absent. */
const WEIGHTS: Readonly<Record<string, (p: Params, input: Shape) => [string, number[]][]>> = {
  Conv2D: (p, [, , cin]) => [['kernel', [num(p, 'kernel'), num(p, 'kernel'), cin!, num(p, 'filters')]], ...bias(p, num(p, 'filters'))],
  GroupedConv2D: (p, [, , cin]) => [['kernel', [num(p, 'kernel'), num(p, 'kernel'), cin! / num(p, 'groups'), num(p, 'filters')]], ...bias(p, num(p, 'filters'))],
  DepthwiseConv2D: (p, [, , cin]) => [['depthwise_kernel', [num(p, 'kernel'), num(p, 'kernel'), cin!, num(p, 'depthMultiplier')]], ...bias(p, cin! * num(p, 'depthMultiplier'))],
  Dense: (p, input) => [['kernel', [input[input.length - 1]!, num(p, 'units')]], ...bias(p, num(p, 'units'))],
  BatchNorm: (_p, input) => {
    const c = input[input.length - 1]!;
    return [['gamma', [c]], ['beta', [c]], ['moving_mean', [c]], ['moving_variance', [c]]];
  },
};

function bias(p: Params, n: number): [string, number[]][] {
  return p.useBias === false ? [] : [['bias', [n]]];
}

/** cyrb53: a fast 53-bit string hash, as 14 hex digits (not for security: for keys). */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** The weight list of an analysed, expanded graph. */
function weightsOf(expanded: Analysis): WeightEntry[] {
  const out: WeightEntry[] = [];
  for (const id of expanded.order) {
    const node = expanded.nodes[id]!;
    const make = WEIGHTS[node.type];
    if (!make || !node.params) continue;
    for (const [name, shape] of make(node.params, node.inputShapes[0] ?? [])) out.push({ name: `${id}/${name}`, shape });
  }
  return out;
}

/**
 * The weight signature of a graph, or null when the graph has errors (it has no model then).
 */
export function weightSignature(graph: Graph): WeightSignature | null {
  let expanded: Graph;
  let analysis: Analysis;
  try {
    if (!analyse(graph).valid) return null;
    expanded = expandGraph(graph, { deep: true });
    analysis = analyse(expanded);
  } catch {
    return null;
  }
  if (!analysis.valid) return null;
  const weights = weightsOf(analysis);
  const functionText = JSON.stringify([
    [...expanded.nodes].sort((a, b) => (a.id < b.id ? -1 : 1)).map((n) => [n.id, n.type, analysis.nodes[n.id]?.params ?? n.params]),
    [...expanded.edges].map((e) => [e.source, e.target, e.targetPort]).sort(),
  ]);
  return { weights, key: hashText(JSON.stringify(weights.map((w) => [w.name, w.shape]))), functionKey: hashText(functionText) };
}

const dims = (s: readonly number[]): string | Said => (s.length ? s.join('×') : say('train.keeper.scalar'));

/** "c1's kernel" from "c1/kernel"; "layer1/residual1/conv1's kernel" for inner nodes. */
function weightName(name: string): Said {
  const at = name.lastIndexOf('/');
  return say('train.keeper.weight', { node: name.slice(0, at), weight: name.slice(at + 1).replace(/_/g, ' ') });
}

/**
 * Why weights trained for `before` do not fit `after`, as a sentence ("c1's kernel is now
 * 3×3×1×6 (it was 5×5×1×6)"), or null when every weight has the same name and shape.
 */
export function signatureChangeSaid(before: readonly WeightEntry[], after: readonly WeightEntry[]): Said | null {
  const now = new Map(after.map((w) => [w.name, w.shape]));
  const was = new Map(before.map((w) => [w.name, w.shape]));
  const reasons: Said[] = [];
  for (const w of before) {
    const shape = now.get(w.name);
    if (!shape) reasons.push(say('train.keeper.gone', { weight: weightName(w.name) }));
    else if (shape.length !== w.shape.length || shape.some((d, i) => d !== w.shape[i])) {
      reasons.push(say('train.keeper.reshaped', { weight: weightName(w.name), now: dims(shape), was: dims(w.shape) }));
    }
  }
  for (const w of after) if (!was.has(w.name)) reasons.push(say('train.keeper.new', { weight: weightName(w.name), shape: dims(w.shape) }));
  if (reasons.length === 0) return null;
  return reasons.length === 1 ? reasons[0]! : say('train.keeper.more', { first: reasons[0]!, count: reasons.length - 1 });
}

/** signatureChangeSaid in English. */
export function signatureChange(before: readonly WeightEntry[], after: readonly WeightEntry[]): string | null {
  const said = signatureChangeSaid(before, after);
  return said ? english(said) : null;
}
