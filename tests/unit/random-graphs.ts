/**
 * Random valid graphs for the property tests (compile, file format, analyse): chains and DAGs of primitives and composites on
 * a small input, grown one node at a time, each node kept only if the graph stays valid.
 * Sizes stay small (maps ≤ 12×12, ≤ ~16 channels) so that building and running tfjs models for
 * dozens of them takes seconds.
 */
import fc from 'fast-check';
import { BLOCK_TYPES, getBlock } from '@/lib/blocks';
import type { BlockSpec, ParamSpec } from '@/lib/blocks/spec';
import { analyse } from '@/lib/graph/analyse';
import type { Graph, GraphEdge, GraphNode, ParamRecord, ParamValue } from '@/lib/graph/types';

const TYPES = BLOCK_TYPES.filter((t) => t !== 'Input');
const COMPOSITES = TYPES.filter((t) => getBlock(t)!.kind === 'composite');
const MULTI_INPUT = TYPES.filter((t) => getBlock(t)!.ports.min >= 2);
const ONE_INPUT = TYPES.filter((t) => { const s = getBlock(t)!; return s.kind === 'primitive' && s.ports.min === 1 && s.ports.max === 1; });
const REPEATABLE = TYPES.filter((t) => { const s = getBlock(t)!; return t !== 'Repeat' && s.ports.min === 1 && s.ports.max === 1; });

/** A small value for one param; `seed` picks it. Widths stay small, kernels up to 3–5. */
function smallParam(key: string, ps: ParamSpec, seed: number): ParamValue {
  switch (ps.kind) {
    case 'int': {
      const span = key === 'times' || key === 'layers' ? 1
        : key === 'stride' || key === 'dilation' ? 1
          : key === 'kernel' || key === 'pool' ? 2
            : key === 'groups' || key === 'cardinality' ? 3 : 7;
      const hi = Math.min(ps.max, ps.min + span);
      return ps.min + (seed % (hi - ps.min + 1));
    }
    case 'float': return ps.min + ((seed % 11) / 10) * (ps.max - ps.min) * (ps.max > 1 ? 0.1 : 1);
    case 'enum': return ps.options[seed % ps.options.length]!;
    case 'bool': return seed % 2 === 0;
    case 'block': return REPEATABLE[seed % REPEATABLE.length]!;
    case 'params': return {};
    default: throw new Error('unknown param kind');
  }
}

function smallParams(spec: BlockSpec, seeds: readonly number[]): ParamRecord {
  const out: Record<string, ParamValue> = {};
  Object.entries(spec.params).forEach(([k, ps], i) => { out[k] = smallParam(k, ps, seeds[i % seeds.length]!); });
  // Keep stride and dilation apart (tfjs cannot do both), and Dropout below 1.
  if (typeof out.dilation === 'number' && typeof out.stride === 'number' && out.stride > 1) out.dilation = 1;
  if (spec.type === 'Dropout') out.rate = ((seeds[0]! % 5) / 10);
  // LRN as AlexNet has it, give or take: tiny k with α = 0 would divide by ~0.
  if (spec.type === 'LRN') { out.k = 1 + (seeds[0]! % 3); out.alpha = 1e-4 * (1 + (seeds[1]! % 100)); out.size = 1 + 2 * (seeds[2]! % 3); }
  // ResNeXt's width is ⌊filters × width / 64⌋ × cardinality: it needs filters × width ≥ 64.
  if (spec.type === 'ResNeXt') { out.filters = 16 + (seeds[0]! % 4); out.bottleneckWidth = 4; }
  if (spec.type === 'GroupedConv2D' && typeof out.groups === 'number') out.filters = out.groups * (1 + (seeds[1]! % 3));
  if (spec.type === 'Repeat' && typeof out.block === 'string') out.params = smallParams(getBlock(out.block)!, seeds.slice(1).concat(seeds[0]!));
  return out;
}

interface Step { kind: number; type: number; seeds: number[]; picks: number[] }

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.nat({ max: 9 }),
  type: fc.nat(),
  seeds: fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 }),
  picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
});

export interface GraphPlan {
  input: { h: number; w: number; c: number };
  steps: Step[];
}

/** Plans for graphs on an input of at most `maxSide`² × `maxChannels`, of up to `maxSteps` steps. */
export function planArbitrary(opts: { maxSide: number; maxChannels: number; maxSteps: number }): fc.Arbitrary<GraphPlan> {
  return fc.record({
    input: fc.record({ h: fc.integer({ min: 4, max: opts.maxSide }), w: fc.integer({ min: 4, max: opts.maxSide }), c: fc.integer({ min: 1, max: opts.maxChannels }) }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: opts.maxSteps }),
  });
}

/** Small plans, for building and running tfjs models of them. */
export const planArb: fc.Arbitrary<GraphPlan> = planArbitrary({ maxSide: 12, maxChannels: 4, maxSteps: 8 });

/**
 * Grows a valid graph from a plan: 30% of the steps try a composite, 20% a multi-input block
 * (fed from nodes whose shapes fit), the rest a one-input primitive; a node that would make the
 * graph invalid is dropped. Always valid; at least the Input.
 */
export function buildGraph(plan: GraphPlan): Graph {
  let nodes: GraphNode[] = [{ id: 'in', type: 'Input', params: { height: plan.input.h, width: plan.input.w, channels: plan.input.c }, position: { x: 0, y: 0 } }];
  let edges: GraphEdge[] = [];
  let analysis = analyse({ nodes, edges });
  plan.steps.forEach((step, i) => {
    const pool = step.kind < 3 ? COMPOSITES : step.kind < 5 ? MULTI_INPUT : ONE_INPUT;
    const type = pool[step.type % pool.length]!;
    const spec = getBlock(type)!;
    const id = `b${i}`;
    // Prefer the newest node, so graphs grow deep rather than wide.
    const first = step.picks[0]! % 3 === 0 ? nodes[step.picks[0]! % nodes.length]! : nodes[nodes.length - 1]!;
    const sources = [first.id];
    if (spec.ports.min >= 2) {
      const s0 = analysis.nodes[first.id]!.outputShape!;
      const fits = nodes.filter((n) => {
        if (n.id === first.id) return false;
        const s = analysis.nodes[n.id]!.outputShape!;
        if (type === 'Concat') return s.length === s0.length && (s.length === 1 || (s[0] === s0[0] && s[1] === s0[1]));
        if (type === 'Multiply') return s.join() === s0.join() || (s0.length === 3 && s.length === 1 && s[0] === s0[2]);
        return s.join() === s0.join();
      });
      const arity = Math.min(spec.ports.min + (step.picks[2]! % 2), spec.ports.max);
      for (let k = 1; k < arity && fits.length > 0; k++) {
        const pick = fits[(step.picks[1]! + k) % fits.length]!;
        if (!sources.includes(pick.id)) sources.push(pick.id);
      }
    }
    const nextNodes = [...nodes, { id, type, params: smallParams(spec, step.seeds), position: { x: 0, y: 100 * (i + 1) } }];
    const nextEdges = [...edges, ...sources.map((s, port) => ({ id: `${s}->${id}:${port}`, source: s, target: id, targetPort: port }))];
    const next = analyse({ nodes: nextNodes, edges: nextEdges });
    if (next.valid) { nodes = nextNodes; edges = nextEdges; analysis = next; }
  });
  return { nodes, edges };
}

/** The graph's block types, for checking that the runs covered them. */
export function typesIn(g: Graph): string[] {
  return g.nodes.map((n) => n.type);
}
