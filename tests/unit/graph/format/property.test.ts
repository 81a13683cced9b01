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
import type { Graph, GraphNode, ParamRecord, ParamValue } from '@/lib/graph/types';
import { PRESETS } from '@/presets';
import { buildGraph, planArbitrary } from '../../random-graphs';

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

// ---- random valid DAGs with composites (tests/unit/random-graphs.ts) ----------------------

const validPlanArb = planArbitrary({ maxSide: 32, maxChannels: 6, maxSteps: 10 });

describe('collapsed and expanded forms agree', () => {
  it('on random valid DAGs with composites: same totals, same output shapes, same file round trip', () => {
    let withComposite = 0;
    let runs = 0;
    fc.assert(fc.property(validPlanArb, (plan) => {
      const g = buildGraph(plan);
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
