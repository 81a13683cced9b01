/**
 * Property tests (fast-check):
 * 1. parseGraphFile never throws, whatever it is given (bytes, text, JSON, odd objects, damaged
 *    files), and our JSON error locator agrees with JSON.parse on what is valid.
 * 2. analyse (and expandGraph) never throw on random graphs: random block types from the
 *    registry, random params (mostly in range), random wiring including invalid.
 * 3. On random valid DAGs with composites, analyse gives the same totals collapsed and fully
 *    expanded, and the graph survives a save and load.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_TYPES, getBlock } from '@/lib/blocks';
import type { BlockSpec, ParamSpec } from '@/lib/blocks/spec';
import { analyse } from '@/lib/graph/analyse';
import { expandGraph } from '@/lib/graph/expand';
import { locateJsonError, parseGraphFile, serializeGraph } from '@/lib/graph/format';
import type { Graph, GraphEdge, GraphNode, ParamRecord, ParamValue } from '@/lib/graph/types';
import { PRESETS } from '@/presets';

/** Runs `f` and fails the property with the thrown error's message if it throws. */
function noThrow<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new Error(`${what} threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

describe('parseGraphFile never throws', () => {
  it('on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
      const r = noThrow('parseGraphFile', () => parseGraphFile(bytes));
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 300 });
  });

  it('on random text, and on random JSON as text and as a value', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (s) => { noThrow('parseGraphFile', () => parseGraphFile(s)); }), { numRuns: 300 });
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      noThrow('parseGraphFile', () => parseGraphFile(v));
      noThrow('parseGraphFile', () => parseGraphFile(JSON.stringify(v)));
    }), { numRuns: 300 });
    fc.assert(fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }), (v) => {
      noThrow('parseGraphFile', () => parseGraphFile(v));
    }), { numRuns: 300 });
  });

  /** Documents that look like graph files, with any field possibly wrong. */
  const keyOf = fc.constantFrom('filters', 'kernel', 'stride', 'padding', 'units', 'height', 'width', 'channels', 'block', 'times', 'params', 'pool', 'layers', 'x', '__proto__', 'constructor');
  const valueArb = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.double(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
  const idArb = fc.oneof(fc.constantFrom('a', 'b', 'c', 'in', 'a/b', 'x y', ''), fc.string({ maxLength: 4 }), fc.integer());
  const nodeArb = fc.record({
    id: idArb,
    type: fc.oneof(fc.constantFrom(...BLOCK_TYPES), fc.constantFrom('conv2d', 'Nope', ''), valueArb),
    params: fc.oneof(fc.dictionary(keyOf, valueArb, { maxKeys: 6 }), valueArb),
    position: fc.oneof(fc.record({ x: valueArb, y: valueArb }), valueArb),
    label: valueArb,
  }, { requiredKeys: [] });
  const edgeArb = fc.record({ id: idArb, source: idArb, target: idArb, targetPort: valueArb }, { requiredKeys: [] });
  const docArb = fc.record({
    format: fc.oneof(fc.constant('layerwise-graph'), valueArb),
    version: fc.oneof(fc.constant(1), valueArb),
    name: valueArb,
    nodes: fc.oneof(fc.array(nodeArb, { maxLength: 8 }), valueArb),
    edges: fc.oneof(fc.array(edgeArb, { maxLength: 8 }), valueArb),
  }, { requiredKeys: [] });

  it('on documents shaped like graph files, and analyse never throws on what it accepts', () => {
    fc.assert(fc.property(docArb, fc.boolean(), (doc, asText) => {
      const r = noThrow('parseGraphFile', () => parseGraphFile(asText ? JSON.stringify(doc) : doc));
      if (r.ok) noThrow('analyse', () => analyse(r.graph));
      else for (const e of r.errors) { expect(typeof e.path).toBe('string'); expect(e.message.length).toBeGreaterThan(10); }
    }), { numRuns: 1000 });
  });

  const sample = PRESETS.length ? serializeGraph(PRESETS[0]!.build()) : serializeGraph({ nodes: [], edges: [] });

  it('on damaged real files (cut, characters deleted, inserted or replaced)', () => {
    const edit = fc.record({ at: fc.nat(), len: fc.integer({ min: 0, max: 5 }), insert: fc.string({ maxLength: 3 }) });
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.option(fc.nat()), (edits, cut) => {
      let text = sample;
      for (const e of edits) {
        const at = e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.len);
      }
      if (cut !== null) text = text.slice(0, cut % (text.length + 1));
      const r = noThrow('parseGraphFile', () => parseGraphFile(text));
      if (r.ok) noThrow('analyse', () => analyse(r.graph));
    }), { numRuns: 1000 });
  });

  it('locates a JSON syntax error exactly when JSON.parse rejects the text', () => {
    const unit = fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '1', '0', ' ', '\n', 'a', '\\', 't', 'r', 'u', 'e', '-', '.', 'n', 'E', '/');
    fc.assert(fc.property(fc.string({ unit, maxLength: 30 }), (s) => {
      let valid = true;
      try { JSON.parse(s); } catch { valid = false; }
      const found = locateJsonError(s);
      expect(found === undefined).toBe(valid);
      if (found) expect(found.offset).toBeLessThanOrEqual(s.length);
    }), { numRuns: 5000 });
  });
});

// ---- random graphs -----------------------------------------------------------------------------

const TYPES = [...BLOCK_TYPES] as string[];

/** A value for one param: in range most of the time, sometimes anywhere in range, rarely invalid. */
function paramArb(ps: ParamSpec): fc.Arbitrary<ParamValue> {
  switch (ps.kind) {
    case 'int':
      return fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: ps.min, max: Math.min(ps.max, ps.min + 8) }) },
        { weight: 1, arbitrary: fc.integer({ min: ps.min, max: ps.max }) },
        { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -2, max: 9 })) },
      );
    case 'float':
      return fc.oneof({ weight: 9, arbitrary: fc.double({ min: ps.min, max: ps.max, noNaN: true }) }, { weight: 1, arbitrary: fc.double() });
    case 'enum':
      return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ps.options) }, { weight: 1, arbitrary: fc.string({ maxLength: 4 }) });
    case 'bool':
      return fc.boolean();
    case 'block':
      return fc.constantFrom(...TYPES, 'Nope');
    case 'params':
      return fc.oneof(fc.constant(ps.default), fc.dictionary(fc.constantFrom('filters', 'kernel', 'stride', 'times', 'variant'), fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom('basic', 'bottleneck')), { maxKeys: 3 }));
    default:
      throw new Error('unknown param kind');
  }
}

function paramsArb(spec: BlockSpec): fc.Arbitrary<ParamRecord> {
  const entries = Object.entries(spec.params);
  if (entries.length === 0) return fc.constant({});
  return fc.record(Object.fromEntries(entries.map(([k, ps]) => [k, paramArb(ps)])), { requiredKeys: [] }) as fc.Arbitrary<ParamRecord>;
}

const randomNodeArb: fc.Arbitrary<Omit<GraphNode, 'id'>> = fc.constantFrom(...TYPES, 'Unknown')
  .chain((type) => {
    const spec = getBlock(type);
    return (spec ? paramsArb(spec) : fc.constant({} as ParamRecord)).map((params) => ({ type, params, position: { x: 0, y: 0 } }));
  });

const randomGraphArb: fc.Arbitrary<Graph> = fc.array(randomNodeArb, { minLength: 1, maxLength: 10 }).chain((nodes) => {
  const ids = nodes.map((_, i) => `n${i}`);
  const edge = fc.record({
    source: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constant('ghost') }),
    target: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.constant('ghost') }),
    targetPort: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, 70) }),
  });
  return fc.array(edge, { maxLength: 14 }).map((edges): Graph => ({
    nodes: nodes.map((n, i) => ({ ...n, id: ids[i]! })),
    edges: edges.map((e, j) => ({ ...e, id: `e${j}` })),
  }));
});

describe('analyse never throws on random graphs', () => {
  it('random block types, params and wiring (cycles, missing nodes, bad ports included)', () => {
    fc.assert(fc.property(randomGraphArb, (g) => {
      const a = noThrow('analyse', () => analyse(g));
      // Every node gets an entry, errors or not.
      for (const n of g.nodes) expect(a.nodes[n.id]).toBeDefined();
      noThrow('expandGraph', () => expandGraph(g, { deep: true }));
    }), { numRuns: 400 });
  });
});

// ---- random valid DAGs with composites -------------------------------------------------------

/** Small values for the valid-graph builder: shapes stay small so hundreds of runs stay fast. */
function smallParam(ps: ParamSpec, seed: number, key: string, depth: number): ParamValue {
  switch (ps.kind) {
    case 'int': {
      const span = key === 'times' || key === 'layers' ? 2 : key === 'stride' ? 1 : 6;
      const hi = Math.min(ps.max, ps.min + span);
      return ps.min + (seed % (hi - ps.min + 1));
    }
    case 'float': return ps.min + ((seed % 11) / 10) * (ps.max - ps.min);
    case 'enum': return ps.options[seed % ps.options.length]!;
    case 'bool': return seed % 2 === 0;
    case 'block': return ONE_INPUT_TYPES[seed % ONE_INPUT_TYPES.length]!;
    case 'params': return depth > 0 ? ps.default : {};
    default: throw new Error('unknown param kind');
  }
}

const ONE_INPUT_TYPES = TYPES.filter((t) => { const s = getBlock(t)!; return s.ports.min === 1 && s.ports.max === 1; });
const COMPOSITE_TYPES = TYPES.filter((t) => getBlock(t)!.kind === 'composite');
const MULTI_INPUT_TYPES = TYPES.filter((t) => getBlock(t)!.ports.min >= 2);

function buildParams(spec: BlockSpec, seeds: readonly number[], depth = 0): ParamRecord {
  const out: Record<string, ParamValue> = {};
  Object.entries(spec.params).forEach(([k, ps], i) => { out[k] = smallParam(ps, seeds[i % seeds.length]!, k, depth); });
  // ResNeXt's inner width is ⌊filters × width / 64⌋ × cardinality: it needs filters × width ≥ 64.
  if (spec.type === 'ResNeXt') out.filters = 64 + (seeds[0]! % 8);
  // Repeat: give the repeated block small params too.
  if (spec.type === 'Repeat' && typeof out.block === 'string') {
    const inner = getBlock(out.block);
    if (inner) out.params = buildParams(inner, seeds.slice(1).concat(seeds[0]!), depth + 1);
  }
  return out;
}

interface Step { kind: number; type: number; seeds: number[]; picks: number[] }
const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.nat({ max: 9 }),
  type: fc.nat(),
  seeds: fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 }),
  picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
});
const planArb = fc.record({
  input: fc.record({ h: fc.integer({ min: 4, max: 32 }), w: fc.integer({ min: 4, max: 32 }), c: fc.integer({ min: 1, max: 6 }) }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
});

/**
 * Grows a graph one node at a time from a plan, keeping a node only if the graph stays valid
 * (a random node that does not fit its input is dropped). Half the steps try a composite.
 * Multi-input blocks pick inputs of matching shape when there are some.
 */
function buildValid(plan: { input: { h: number; w: number; c: number }; steps: Step[] }): Graph {
  let nodes: GraphNode[] = [{ id: 'in', type: 'Input', params: { height: plan.input.h, width: plan.input.w, channels: plan.input.c }, position: { x: 0, y: 0 } }];
  let edges: GraphEdge[] = [];
  let analysis = analyse({ nodes, edges });
  plan.steps.forEach((step, i) => {
    const pool = step.kind < 5 ? COMPOSITE_TYPES : step.kind < 7 ? MULTI_INPUT_TYPES : ONE_INPUT_TYPES;
    const type = pool[step.type % pool.length]!;
    const spec = getBlock(type)!;
    const id = `b${i}`;
    // The graph is valid at every step, so every node has a known output shape.
    const known = nodes;
    const first = known[step.picks[0]! % known.length]!;
    const sources = [first.id];
    if (spec.ports.min >= 2) {
      const s0 = analysis.nodes[first.id]!.outputShape!;
      const fits = known.filter((n) => {
        const s = analysis.nodes[n.id]!.outputShape!;
        return n.id !== first.id && (type === 'Concat' ? s.length === s0.length && s[0] === s0[0] && (s.length === 1 || s[1] === s0[1]) : s.join() === s0.join() || (type === 'Multiply' && s.length === 3 && s[0] === 1));
      });
      const arity = Math.min(spec.ports.min + (step.picks[2]! % 2), spec.ports.max);
      for (let k = 1; k < arity; k++) {
        const from = fits.length ? fits : known.filter((n) => !sources.includes(n.id));
        if (from.length === 0) break;
        const pick = from[(step.picks[1]! + k) % from.length]!;
        if (!sources.includes(pick.id)) sources.push(pick.id);
      }
    }
    const nextNodes = [...nodes, { id, type, params: buildParams(spec, step.seeds), position: { x: 0, y: 100 * (i + 1) } }];
    const nextEdges = [...edges, ...sources.map((s, port) => ({ id: `${s}->${id}:${port}`, source: s, target: id, targetPort: port }))];
    const next = analyse({ nodes: nextNodes, edges: nextEdges });
    if (next.valid) { nodes = nextNodes; edges = nextEdges; analysis = next; }
  });
  return { nodes, edges };
}

describe('collapsed and expanded forms agree', () => {
  it('on random valid DAGs with composites: same totals, same output shapes, same file round trip', () => {
    let withComposite = 0;
    let runs = 0;
    fc.assert(fc.property(planArb, (plan) => {
      const g = buildValid(plan);
      const a = analyse(g);
      expect(a.valid).toBe(true);
      runs++;
      if (g.nodes.some((n) => getBlock(n.type)!.kind === 'composite')) withComposite++;
      const open = expandGraph(g, { deep: true });
      expect(open.nodes.every((n) => getBlock(n.type)!.kind === 'primitive')).toBe(true);
      const b = analyse(open);
      expect(b.valid, b.errors.map((e) => e.message).join('\n')).toBe(true);
      expect(b.totals).toEqual(a.totals);
      // Each output of the collapsed graph keeps its shape once its blocks are opened.
      for (const out of a.outputs) {
        const opened = b.nodes[out] ?? Object.values(b.nodes).find((n) => n.id.startsWith(`${out}/`) && b.outputs.includes(n.id));
        expect(opened?.outputShape).toEqual(a.nodes[out]!.outputShape);
      }
      const back = parseGraphFile(serializeGraph(g));
      expect(back.ok).toBe(true);
      if (back.ok) expect(analyse(back.graph).totals).toEqual(a.totals);
    }), { numRuns: 150 });
    // The property means little unless composites were really in play.
    expect(withComposite / runs).toBeGreaterThan(0.5);
  });
});
