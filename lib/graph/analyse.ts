/**
 * `analyse(graph)`: pure, fast, no tfjs. Topological order, every output shape, trainable and
 * non-trainable parameters, multiply-adds, receptive fields, activation memory, and errors
 * attached to node ids in words a student can act on.
 *
 * Composite blocks are analysed through their expansion (memoised), so a graph gives the same
 * totals whether its composites are expanded or not.
 */
import { resolveParams } from '../blocks/params';
import { isShapeError, toProblem, type BlockContext, type BlockSpec, type Footprint, type SubGraph } from '../blocks/spec';
import { formatShape, product } from '../blocks/util';
import { customSpecKey, specIn } from './custom';
import { blockValue, graphError, listValue, nestedValue, type ErrorValues, type GraphProblem } from './graph-errors';
import type { CustomBlockDef, Graph, GraphEdge, GraphNode, ParamCount, ParamRecord, ReceptiveField, Shape } from './types';

export interface NodeAnalysis {
  readonly id: string;
  readonly type: string;
  /** Params with defaults filled in (undefined when they are invalid). */
  readonly params?: ParamRecord;
  /** Shapes arriving at each input port, in port order. */
  readonly inputShapes: readonly Shape[];
  /** Undefined when this node or something upstream is in error. */
  readonly outputShape?: Shape;
  readonly paramCount: ParamCount;
  /** Multiply-adds per sample. */
  readonly flops: number;
  readonly receptiveField?: ReceptiveField;
  /** Bytes of float32 activations this node produces per sample (composites: all inner outputs). */
  readonly activationBytes: number;
  /** The parameter formula with live numbers (primitives only). */
  readonly formula?: string;
  /** One-line description of the key params ("Conv 3×3, 64, s2"). */
  readonly description?: string;
  /** This node's errors in English (the `message` of each of `problems`). */
  readonly errors: readonly string[];
  /** This node's errors as codes and values, for the app to word in the user's language. */
  readonly problems: readonly GraphProblem[];
  /** Composite blocks: the analysis of the inner graph (node ids local to the block). */
  readonly inner?: Analysis;
  readonly innerGraph?: SubGraph;
}

/**
 * An error of the graph: where (a node, an edge, or the whole graph), its English `message`, and
 * its code and values for the app to word (errors from outside analyse, such as compile's, may
 * have none: the app shows their English).
 */
export interface GraphError extends Partial<Omit<GraphProblem, 'message'>> {
  readonly nodeId?: string;
  readonly edgeId?: string;
  readonly message: string;
}

export interface Totals {
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly flops: number;
  readonly activationBytes: number;
}

export interface Analysis {
  /** Node ids in topological order (nodes in a cycle are left out). */
  readonly order: readonly string[];
  readonly nodes: Readonly<Record<string, NodeAnalysis>>;
  readonly errors: readonly GraphError[];
  readonly inputs: readonly string[];
  /** Nodes whose output nothing consumes: the model's outputs. */
  readonly outputs: readonly string[];
  readonly totals: Totals;
  /** The output shape when there is exactly one output and it is known. */
  readonly outputShape?: Shape;
  readonly valid: boolean;
}

/** An input fed from outside a subgraph (a composite block's input). */
interface ExternalFeed {
  readonly shape: Shape;
  readonly rf: ReceptiveField;
}

const ZERO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 };
const BYTES_PER_FLOAT = 4;

/**
 * Analyses a graph. Never throws on any graph data, however malformed its nodes and edges.
 * Nodes whose type names one of `graph.blocks` are analysed as composites of that definition, and
 * blocks that name another block (Repeat) find it among the registry and `graph.blocks` too.
 */
export function analyse(graph: Graph): Analysis {
  return analyseCore(graph.nodes, graph.edges, undefined, graph.blocks);
}

/** How errors name a node: its block (the name the app translates) and its id. */
function nodeLabel(spec: BlockSpec | undefined, node: GraphNode): ErrorValues {
  return { block: blockValue(node.type, spec ? spec.name : node.type), id: node.id };
}

function analyseCore(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  external: Map<string, Map<number, ExternalFeed>> | undefined,
  blocks?: Readonly<Record<string, CustomBlockDef>>,
): Analysis {
  const errors: GraphError[] = [];
  // How blocks here look other blocks up (Repeat's block): the registry, then the graph's own.
  const ctx: BlockContext = { lookup: (type) => specIn({ blocks }, type) };
  const byId = new Map<string, GraphNode>();
  const specs = new Map<string, BlockSpec>();
  const nodeErrors = new Map<string, GraphProblem[]>();
  const addNodeError = (id: string, problem: GraphProblem) => {
    addToList(nodeErrors, id, problem);
    errors.push({ nodeId: id, ...problem });
  };

  for (const node of nodes) {
    if (byId.has(node.id)) {
      errors.push({ nodeId: node.id, ...graphError('duplicateId', { id: node.id }) });
      continue;
    }
    byId.set(node.id, node);
    const spec = specIn({ blocks }, node.type);
    if (!spec) addNodeError(node.id, graphError('unknownType', { type: node.type }));
    else specs.set(node.id, spec);
  }

  // Wire inputs: incoming[id][port] = source id.
  const incoming = new Map<string, Map<number, string>>();
  const outgoing = new Map<string, string[]>();
  for (const edge of edges) {
    const src = byId.get(edge.source);
    const dst = byId.get(edge.target);
    if (!src || !dst) {
      const missing = !src ? edge.source : edge.target;
      errors.push({ edgeId: edge.id, ...graphError('edgeDangling', { edge: edge.id, missing }) });
      continue;
    }
    const spec = specs.get(dst.id);
    if (spec && (edge.targetPort < 0 || edge.targetPort >= spec.ports.max || !Number.isInteger(edge.targetPort))) {
      const at = { ...nodeLabel(spec, dst), from: src.id };
      const msg = spec.ports.max === 0 ? graphError('edgeIntoSource', at)
        : spec.ports.max === 1 ? graphError('edgePortOne', { ...at, port: edge.targetPort })
          : graphError('edgePortRange', { ...at, last: spec.ports.max - 1, port: edge.targetPort });
      errors.push({ edgeId: edge.id, nodeId: dst.id, ...msg });
      addToList(nodeErrors, dst.id, msg);
      continue;
    }
    let ports = incoming.get(dst.id);
    if (!ports) incoming.set(dst.id, (ports = new Map()));
    if (ports.has(edge.targetPort) || external?.get(dst.id)?.has(edge.targetPort)) {
      const msg = graphError('portTaken', { ...nodeLabel(spec, dst), port: edge.targetPort });
      errors.push({ edgeId: edge.id, nodeId: dst.id, ...msg });
      addToList(nodeErrors, dst.id, msg);
      continue;
    }
    ports.set(edge.targetPort, src.id);
    let outs = outgoing.get(src.id);
    if (!outs) outgoing.set(src.id, (outs = []));
    outs.push(dst.id);
  }

  // Topological order (Kahn), deterministic in node order.
  const indegree = new Map<string, number>();
  for (const id of byId.keys()) indegree.set(id, incoming.get(id)?.size ?? 0);
  const queue: string[] = [];
  for (const id of byId.keys()) if (indegree.get(id) === 0) queue.push(id);
  const order: string[] = [];
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi]!;
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      const d = indegree.get(next)! - 1;
      indegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  if (order.length < byId.size) {
    // Kahn leaves out the loops and everything after them; only nodes on a loop get the error
    // (what comes after is left without a shape, like anything downstream of an error).
    const stuck = [...byId.keys()].filter((id) => indegree.get(id)! > 0);
    for (const loop of loopsAmong(stuck, outgoing)) {
      const shown = listValue([...loop.slice(0, 6).map((id) => `'${id}'`), ...(loop.length > 6 ? ['…'] : [])], 'comma');
      for (const id of loop) addNodeError(id, graphError('cycle', { ids: shown }));
    }
  }

  // Unconnected nodes.
  if (byId.size > 1 || external) {
    for (const [id, node] of byId) {
      const hasIn = (incoming.get(id)?.size ?? 0) > 0 || (external?.has(id) ?? false);
      const hasOut = (outgoing.get(id)?.length ?? 0) > 0;
      if (!hasIn && !hasOut) addNodeError(id, graphError('notConnected', nodeLabel(specs.get(id), node)));
    }
  }

  const results: Record<string, NodeAnalysis> = {};
  const shapes = new Map<string, Shape>();
  const rfs = new Map<string, ReceptiveField>();
  const inputsList: string[] = [];
  let trainable = 0;
  let nonTrainable = 0;
  let flops = 0;
  let activationBytes = 0;

  for (const id of order) {
    const node = byId.get(id)!;
    const spec = specs.get(id);
    const own = nodeErrors.get(id) ?? [];
    const fail = (extra: GraphProblem[] = [], params?: ParamRecord, inputShapes: Shape[] = []) => {
      for (const m of extra) addNodeError(id, m);
      results[id] = { id, type: node.type, params, inputShapes, paramCount: ZERO_PARAMS, flops: 0, activationBytes: 0, ...errorLists(nodeErrors.get(id)) };
    };
    if (!spec) { fail(); continue; }
    if (spec.type === 'Input') inputsList.push(id);

    const resolved = resolveParams(spec, node.params, ctx);
    if (!resolved.ok) {
      fail(resolved.errors.map((e) => graphError('nodeParam', { ...nodeLabel(spec, node), detail: nestedValue(e) })));
      continue;
    }
    const params = resolved.params;

    // Gather inputs in port order; ports must be 0..n-1 without gaps.
    const ports = incoming.get(id);
    const ext = external?.get(id);
    const count = (ports?.size ?? 0) + (ext?.size ?? 0);
    if (count < spec.ports.min) {
      fail([spec.ports.min === 1
        ? graphError('noInput', nodeLabel(spec, node))
        : graphError('tooFewInputs', { ...nodeLabel(spec, node), min: spec.ports.min, count })], params);
      continue;
    }
    const inputShapes: Shape[] = [];
    const inputRfs: ReceptiveField[] = [];
    let upstreamBroken = false;
    let gap = false;
    for (let port = 0; port < count; port++) {
      const feed = ext?.get(port);
      const src = ports?.get(port);
      if (feed) { inputShapes.push(feed.shape); inputRfs.push(feed.rf); continue; }
      if (src === undefined) { gap = true; break; }
      const s = shapes.get(src);
      if (!s) { upstreamBroken = true; continue; }
      inputShapes.push(s);
      inputRfs.push(rfs.get(src)!);
    }
    if (gap) {
      fail([graphError('inputGap', { ...nodeLabel(spec, node), last: count - 1 })], params);
      continue;
    }
    if (upstreamBroken || own.length > 0) {
      // Errors upstream are reported where they happen; do not cascade them here.
      fail([], params, inputShapes);
      continue;
    }

    const description = spec.describe(params as never, ctx);
    if (spec.kind === 'primitive') {
      const out = spec.inferShape(inputShapes, params as never);
      if (isShapeError(out)) {
        fail([toProblem(out)], params, inputShapes);
        continue;
      }
      const pc = spec.countParams(inputShapes, params as never, out);
      const fl = spec.countFlops(inputShapes, params as never, out);
      const rf = primitiveRf(spec.footprint?.(params as never, inputShapes), inputRfs, inputShapes);
      const bytes = product(out) * BYTES_PER_FLOAT;
      shapes.set(id, out);
      rfs.set(id, rf);
      trainable += pc.trainable;
      nonTrainable += pc.nonTrainable;
      flops += fl;
      activationBytes += bytes;
      results[id] = {
        id, type: node.type, params, inputShapes, outputShape: out, paramCount: pc, flops: fl, receptiveField: rf,
        activationBytes: bytes, formula: spec.formula?.(inputShapes, params as never, out), description, errors: [], problems: [],
      };
    } else {
      const inner = analyseComposite(spec, params, inputShapes, blocks, ctx);
      if ('problem' in inner) {
        fail([inner.problem], params, inputShapes);
        continue;
      }
      const { analysis, sub } = inner;
      const innerRf = analysis.nodes[sub.output]!.receptiveField!;
      const base = mergeRf(inputRfs, inputShapes);
      const rf = { size: base.size + (innerRf.size - 1) * base.jump, jump: base.jump * innerRf.jump };
      const t = analysis.totals;
      shapes.set(id, analysis.outputShape!);
      rfs.set(id, rf);
      trainable += t.trainable;
      nonTrainable += t.nonTrainable;
      flops += t.flops;
      activationBytes += t.activationBytes;
      results[id] = {
        id, type: node.type, params, inputShapes, outputShape: analysis.outputShape, description,
        paramCount: { trainable: t.trainable, nonTrainable: t.nonTrainable }, flops: t.flops, receptiveField: rf,
        activationBytes: t.activationBytes, errors: [], problems: [], inner: analysis, innerGraph: sub,
      };
    }
  }

  // Nodes left out of the order (cycles) still get an entry.
  for (const [id, node] of byId) {
    if (!results[id]) {
      results[id] = { id, type: node.type, inputShapes: [], paramCount: ZERO_PARAMS, flops: 0, activationBytes: 0, ...errorLists(nodeErrors.get(id)) };
    }
  }

  if (!external && byId.size > 0 && inputsList.length === 0) {
    errors.push(graphError('noInputBlock'));
  }

  const outputs = order.filter((id) => (outgoing.get(id)?.length ?? 0) === 0 && (incoming.get(id)?.size ?? 0) + (external?.get(id)?.size ?? 0) > 0);
  const outShape = outputs.length === 1 ? shapes.get(outputs[0]!) : undefined;
  return {
    order, nodes: results, errors, inputs: inputsList, outputs,
    totals: { trainable, nonTrainable, flops, activationBytes },
    outputShape: outShape, valid: errors.length === 0,
  };
}

/**
 * The loops among `ids`: strongly connected components with more than one node, or a node with
 * an edge to itself (Tarjan's algorithm, iterative so long chains cannot overflow the stack).
 * Each loop's ids are in the order of `ids`.
 */
function loopsAmong(ids: readonly string[], outgoing: ReadonlyMap<string, readonly string[]>): string[][] {
  const inSet = new Set(ids);
  const rank = new Map(ids.map((id, i) => [id, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  let next = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, next); low.set(root, next); next++;
    stack.push(root); onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const outs = (outgoing.get(frame.id) ?? []).filter((t) => inSet.has(t));
      if (frame.i < outs.length) {
        const t = outs[frame.i++]!;
        if (!index.has(t)) {
          index.set(t, next); low.set(t, next); next++;
          stack.push(t); onStack.add(t);
          work.push({ id: t, i: 0 });
        } else if (onStack.has(t)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(t)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let v: string;
        do { v = stack.pop()!; onStack.delete(v); component.push(v); } while (v !== frame.id);
        const selfLoop = (outgoing.get(frame.id) ?? []).includes(frame.id);
        if (component.length > 1 || selfLoop) loops.push(component.sort((a, b) => rank.get(a)! - rank.get(b)!));
      }
    }
  }
  return loops.sort((a, b) => rank.get(a[0]!)! - rank.get(b[0]!)!);
}

function addToList(map: Map<string, GraphProblem[]>, id: string, problem: GraphProblem): void {
  const list = map.get(id);
  if (list) list.push(problem);
  else map.set(id, [problem]);
}

/** A node's errors as English lines and as problems. */
function errorLists(problems: readonly GraphProblem[] = []): { errors: string[]; problems: readonly GraphProblem[] } {
  return { errors: problems.map((p) => p.message), problems };
}

/**
 * The receptive field where several inputs meet: the widest view, and the spacing of the feature
 * maps. A flat vector joining a map (an SE gate into Multiply) widens the view to what the vector
 * saw, but its "jump" (the whole map) says nothing about how far apart the map's positions are,
 * so only map inputs set the jump when there are any.
 */
function mergeRf(inputs: readonly ReceptiveField[], shapes: readonly Shape[]): ReceptiveField {
  if (inputs.length === 0) return { size: 1, jump: 1 };
  const anyMap = shapes.some((s) => s.length === 3);
  let size = 0;
  let jump = 0;
  inputs.forEach((r, i) => {
    if (r.size > size) size = r.size;
    if ((!anyMap || shapes[i]?.length === 3) && r.jump > jump) jump = r.jump;
  });
  return { size, jump };
}

function primitiveRf(
  fp: Footprint | undefined,
  inputs: readonly ReceptiveField[], inputShapes: readonly Shape[],
): ReceptiveField {
  const base = mergeRf(inputs, inputShapes);
  if (!fp) return base;
  if (fp === 'global') {
    const map = inputShapes.find((s) => s.length === 3);
    if (!map) return base;
    const side = Math.max(map[0]!, map[1]!);
    return { size: base.size + (side - 1) * base.jump, jump: base.jump * side };
  }
  const d = fp.dilation ?? 1;
  return { size: base.size + (fp.kernel - 1) * d * base.jump, jump: base.jump * fp.stride };
}

// ---- composites -------------------------------------------------------------------------------

type CompositeResult = { analysis: Analysis; sub: SubGraph } | { problem: GraphProblem };
const compositeCache = new Map<string, CompositeResult>();
const CACHE_LIMIT = 5000;

/** Empties the composite memo, so benchmarks can time a first analysis without restarting. */
export function clearAnalysisCache(): void {
  compositeCache.clear();
}

/**
 * For a composite whose params name another block (Repeat's `block`), the definitions of the named
 * blocks that are the graph's own: its expansion depends on them, so its memo key does too.
 */
function namedOwnBlocks(spec: BlockSpec, params: ParamRecord, ctx: BlockContext): string {
  let key = '';
  for (const [name, ps] of Object.entries(spec.params)) {
    if (ps.kind !== 'block') continue;
    const named = ctx.lookup(String(params[name]));
    const def = named ? customSpecKey(named) : undefined;
    if (def !== undefined) key += `|${def}`;
  }
  return key;
}

/** Expands a composite for these params and input shapes and analyses the inner graph (memoised). */
function analyseComposite(
  spec: BlockSpec & { kind: 'composite' }, params: ParamRecord, inputShapes: readonly Shape[],
  blocks: Readonly<Record<string, CustomBlockDef>> | undefined, ctx: BlockContext,
): CompositeResult {
  const custom = customSpecKey(spec);
  // A custom block's name says nothing of its contents: key on the whole definition.
  if (custom !== undefined) {
    const nested = spec.expand(params as never, inputShapes, ctx);
    if (!isShapeError(nested)) {
      const inner = nested.nodes.find((n) => blocks && Object.prototype.hasOwnProperty.call(blocks, n.type) && !specIn(undefined, n.type));
      if (inner) {
        return { problem: graphError('ownBlockInOwnBlock', { block: spec.name, inner: inner.id, innerType: inner.type }) };
      }
    }
  }
  const key = `${custom ?? spec.type}|${JSON.stringify(params)}|${inputShapes.map((s) => s.join('x')).join(',')}` +
    (custom === undefined ? namedOwnBlocks(spec, params, ctx) : '');
  const hit = compositeCache.get(key);
  if (hit) return hit;
  // Inside a custom block only registry blocks exist (no blocks inside your own blocks yet); inside
  // a built-in composite (a Repeat of one of your blocks) the graph's own blocks are there too.
  const result = computeComposite(spec, params, inputShapes, custom === undefined ? blocks : undefined, ctx);
  if (compositeCache.size >= CACHE_LIMIT) compositeCache.clear();
  compositeCache.set(key, result);
  return result;
}

function computeComposite(
  spec: BlockSpec & { kind: 'composite' }, params: ParamRecord, inputShapes: readonly Shape[],
  innerBlocks: Readonly<Record<string, CustomBlockDef>> | undefined, ctx: BlockContext,
): CompositeResult {
  let sub: ReturnType<typeof spec.expand>;
  const block = blockValue(spec.type, spec.name);
  try {
    sub = spec.expand(params as never, inputShapes, ctx);
  } catch (e) {
    return { problem: graphError('expandFailed', { block, reason: e instanceof Error ? e.message : String(e) }) };
  }
  if (isShapeError(sub)) return { problem: toProblem(sub) };
  const external = new Map<string, Map<number, ExternalFeed>>();
  sub.inputs.forEach((consumers, i) => {
    const shape = inputShapes[i]!;
    for (const c of consumers) {
      let m = external.get(c.node);
      if (!m) external.set(c.node, (m = new Map()));
      m.set(c.port, { shape, rf: { size: 1, jump: 1 } });
    }
  });
  const analysis = analyseCore(sub.nodes, sub.edges, external, innerBlocks);
  if (!analysis.valid) {
    const first = analysis.errors[0]!;
    const detail = first.code ? nestedValue({ code: first.code, values: first.values ?? {}, message: first.message }) : first.message;
    return { problem: first.nodeId ? graphError('insideAt', { block, detail, at: first.nodeId }) : graphError('inside', { block, detail }) };
  }
  if (!analysis.nodes[sub.output]?.outputShape) {
    return { problem: graphError('noInnerOutput', { block, output: sub.output }) };
  }
  return { analysis: { ...analysis, outputShape: analysis.nodes[sub.output]!.outputShape }, sub };
}

/** "14×14×64", or "?" when unknown. */
export function shapeText(shape: Shape | undefined): string {
  return shape ? formatShape(shape) : '?';
}
