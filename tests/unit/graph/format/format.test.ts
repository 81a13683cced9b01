/**
 * The graph file format: round trips (every registered preset, collapsed and opened, and a
 * hand-built graph), the stable text serializeGraph writes, inputs that are not text, limits,
 * and the migrations hook.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getBlock } from '@/lib/blocks';
import { defaultParams } from '@/lib/blocks/params';
import { analyse } from '@/lib/graph/analyse';
import { expandGraph } from '@/lib/graph/expand';
import {
  analysisIssues, applyMigrations, GRAPH_FORMAT, GRAPH_FORMAT_VERSION, GRAPH_LIMITS, MIGRATIONS,
  parseGraphFile, serializeGraph, type FormatIssue, type ParseResult,
} from '@/lib/graph/format';
import type { Graph, GraphNode } from '@/lib/graph/types';
import { getPreset, PRESETS } from '@/presets';

/** The graph as a file keeps it: every param written out, in schema order. */
function normalise(graph: Graph): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((n): GraphNode => ({ ...n, params: { ...defaultParams(getBlock(n.type)!), ...n.params } })),
  };
}

function expectOk(r: ParseResult): Graph {
  if (!r.ok) throw new Error(`expected a graph, got:\n${r.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`);
  return r.graph;
}

/** Each issue's path and English (its code and values are tested in graph-errors.test.ts). */
function pathAndMessage(list: readonly FormatIssue[]): { path: string; message: string }[] {
  return list.map(({ path, message }) => ({ path, message }));
}

function errorsOf(r: ParseResult): { path: string; message: string }[] {
  if (r.ok) throw new Error('expected errors, got a graph');
  return pathAndMessage(r.errors);
}

/**
 * A small graph that uses the features a file must keep: a composite with a label, a two-input
 * Add, a Concat whose port order matters (ports written out of order in the edge list), nested
 * Repeat params, meta text with quotes and non-ASCII characters, fractional positions.
 */
function handBuilt(): Graph {
  const conv = (filters: number) => ({ filters, kernel: 3, stride: 1, padding: 'same', dilation: 1, useBias: true, activation: 'relu' });
  return {
    meta: { name: 'Hand "built" ⟨test⟩', description: 'Two branches, an Inception, a Repeat.\nSecond line.', preset: 'none' },
    nodes: [
      { id: 'in', type: 'Input', params: { height: 28, width: 28, channels: 3 }, position: { x: 0, y: 0 } },
      { id: 'a', type: 'Conv2D', params: conv(8), position: { x: -100.5, y: 100 } },
      { id: 'b', type: 'Conv2D', params: conv(8), position: { x: 100.25, y: 100 }, label: 'Right branch' },
      { id: 'sum', type: 'Add', params: {}, position: { x: 0, y: 200 } },
      { id: 'cat', type: 'Concat', params: {}, position: { x: 0, y: 300 } },
      { id: 'inc.3a', type: 'Inception', params: { n1x1: 4, n3x3reduce: 4, n3x3: 8, n5x5reduce: 2, n5x5: 4, poolProj: 4, useBias: true }, position: { x: 0, y: 400 }, label: 'Inception (3a)' },
      { id: 'stage-1', type: 'Repeat', params: { block: 'Conv2D', times: 3, params: conv(16) }, position: { x: 0, y: 500 } },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'a', targetPort: 0 },
      { id: 'e2', source: 'in', target: 'b', targetPort: 0 },
      { id: 'e3', source: 'a', target: 'sum', targetPort: 0 },
      { id: 'e4', source: 'b', target: 'sum', targetPort: 1 },
      // Port 1 listed before port 0: the order of the ports, not of the list, is what counts.
      { id: 'e6', source: 'a', target: 'cat', targetPort: 1 },
      { id: 'e5', source: 'sum', target: 'cat', targetPort: 0 },
      { id: 'e7', source: 'cat', target: 'inc.3a', targetPort: 0 },
      { id: 'e8', source: 'inc.3a', target: 'stage-1', targetPort: 0 },
    ],
  };
}

describe('round trip: serializeGraph then parseGraphFile gives the same graph', () => {
  it('keeps a hand-built graph exactly, and the file is valid for analyse', () => {
    const g = handBuilt();
    const text = serializeGraph(g);
    const back = expectOk(parseGraphFile(text));
    expect(back).toEqual(normalise(g));
    // The same bytes again: serialisation is stable.
    expect(serializeGraph(back)).toBe(text);
    const a = analyse(back);
    expect(a.valid, a.errors.map((e) => e.message).join('\n')).toBe(true);
    // Concat joins sum (port 0, 8 channels) then a (port 1, 8 channels): 16 channels at 28×28.
    expect(a.nodes.cat!.outputShape).toEqual([28, 28, 16]);
    // Inception out = 4 + 8 + 4 + 4 = 20 channels; the Repeat of Conv2D 16 keeps 28×28.
    expect(a.nodes['inc.3a']!.outputShape).toEqual([28, 28, 20]);
    expect(a.outputShape).toEqual([28, 28, 16]);
    expect(analyse(back).totals).toEqual(analyse(g).totals);
  });

  it('writes a stable, readable text: fixed key order, one node or edge a line', () => {
    const text = serializeGraph(handBuilt());
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['{', `  "format": "${GRAPH_FORMAT}",`, `  "version": ${GRAPH_FORMAT_VERSION},`]);
    expect(lines).toContain('    {"id": "b", "type": "Conv2D", "label": "Right branch", "params": {"filters": 8, "kernel": 3, "stride": 1, "padding": "same", "dilation": 1, "useBias": true, "activation": "relu"}, "position": {"x": 100.25, "y": 100}},');
    expect(lines).toContain('    {"id": "e6", "source": "a", "target": "cat", "targetPort": 1},');
    expect(text.endsWith('}\n')).toBe(true);
    // Params given in another order (and partly missing) are written in schema order, complete.
    const shuffled: Graph = { nodes: [{ id: 'c', type: 'Conv2D', params: { activation: 'relu', filters: 4 }, position: { x: 0, y: 0 } }], edges: [] };
    expect(serializeGraph(shuffled)).toContain('"params": {"filters": 4, "kernel": 3, "stride": 1, "padding": "same", "dilation": 1, "useBias": true, "activation": "relu"}');
  });

  it('writes an empty graph as a file that reads back empty', () => {
    const text = serializeGraph({ nodes: [], edges: [] });
    expect(text).toBe('{\n  "format": "layerwise-graph",\n  "version": 1,\n  "nodes": [],\n  "edges": []\n}\n');
    expect(expectOk(parseGraphFile(text))).toEqual({ nodes: [], edges: [], meta: {} });
  });

  it('has presets registered to test', () => {
    expect(PRESETS.length).toBeGreaterThan(0);
  });

  for (const preset of PRESETS) {
    it(`keeps preset ${preset.id}, collapsed and with every composite opened`, () => {
      const g = preset.build();
      const text = serializeGraph(g);
      const r = parseGraphFile(text);
      const back = expectOk(r);
      expect(r.ok && pathAndMessage(r.warnings)).toEqual([]);
      expect(back).toEqual(normalise(g));
      expect(serializeGraph(back)).toBe(text);
      expect(analyse(back).totals).toEqual(analyse(g).totals);
      // Opened blocks have ids like "layer1/block2/conv1": they must be valid in files too.
      const open = expandGraph(g, { deep: true });
      const openBack = expectOk(parseGraphFile(serializeGraph(open)));
      expect(openBack).toEqual(normalise(open));
    });
  }
});

describe('inputs that are not JSON text', () => {
  const text = serializeGraph(handBuilt());

  it('reads UTF-8 bytes (Uint8Array and ArrayBuffer) and a byte-order mark', () => {
    const bytes = new TextEncoder().encode(text);
    expect(expectOk(parseGraphFile(bytes))).toEqual(normalise(handBuilt()));
    expect(expectOk(parseGraphFile(bytes.buffer.slice(0)))).toEqual(normalise(handBuilt()));
    expect(expectOk(parseGraphFile('\uFEFF' + text))).toEqual(normalise(handBuilt()));
  });

  it('reads an already parsed object, and copies it (later edits to the object do not leak in)', () => {
    const doc = JSON.parse(text);
    const g = expectOk(parseGraphFile(doc));
    doc.nodes[6].params.params.filters = 999;
    expect(g.nodes[6]!.params.params).toMatchObject({ filters: 16 });
  });

  it('reports exotic objects instead of throwing: throwing getters, cycles, proxies', () => {
    const getter = { format: 'layerwise-graph', version: 1, get nodes(): unknown { throw new Error('boom'); }, edges: [] };
    expect(errorsOf(parseGraphFile(getter))[0]!.message).toMatch(/could not be read \(boom\)/);
    // A Repeat whose nested params point back at themselves: cut off by the depth limit.
    const nested: Record<string, unknown> = { filters: 8 };
    nested.self = nested;
    const cyclic = { format: 'layerwise-graph', version: 1, edges: [], nodes: [
      { id: 'r', type: 'Repeat', params: { block: 'Conv2D', times: 2, params: nested }, position: { x: 0, y: 0 } },
    ] };
    const errs = errorsOf(parseGraphFile(cyclic));
    expect(errs.some((e) => e.path.startsWith('nodes[0].params.params.self') && /nested more than 8 levels/.test(e.message))).toBe(true);
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('no keys'); }, get: () => { throw new Error('no get'); } });
    expect(parseGraphFile(proxy).ok).toBe(false);
    for (const v of [undefined, null, 0, NaN, true, Symbol('s'), () => 1, 10n, []]) {
      const r = parseGraphFile(v);
      expect(r.ok).toBe(false);
      expect(errorsOf(r)[0]!.path).toBe('$');
    }
    // Objects of other kinds are objects without a "format" field.
    for (const v of [new Date(), new Map(), Object.create(null)]) {
      expect(errorsOf(parseGraphFile(v))[0]!.path).toBe('format');
    }
  });

  it('refuses non-finite numbers that JSON text can still produce (1e999)', () => {
    const doc = text.replace('"x": 100.25', '"x": 1e999');
    expect(errorsOf(parseGraphFile(doc))).toContainEqual({ path: 'nodes[2].position.x', message: '"x" must be a number (canvas pixels), not a number too large to use' });
  });
});

describe('limits', () => {
  it('refuses more nodes than the limit at once, before looking at them', () => {
    // Every element is the same object, whose fields count how often they are read.
    let reads = 0;
    const node = {
      get id() { reads++; return 'n'; },
      get type() { reads++; return 'Input'; },
      params: { height: 1, width: 1, channels: 1 }, position: { x: 0, y: 0 },
    };
    const doc = { format: 'layerwise-graph', version: 1, nodes: new Array(1_000_000).fill(node), edges: [] };
    const errs = errorsOf(parseGraphFile(doc));
    expect(reads).toBe(0);
    expect(errs).toEqual([{ path: 'nodes', message: expect.stringMatching(/^The graph has 1,000,000 nodes; Layerwise handles at most 20,000/) }]);
  });

  it('caps the error list and says how many more there were', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, type: 'Nope', params: {}, position: { x: 0, y: 0 } }));
    const errs = errorsOf(parseGraphFile({ format: 'layerwise-graph', version: 1, nodes, edges: [] }));
    expect(errs).toHaveLength(GRAPH_LIMITS.maxErrors + 1);
    expect(errs[errs.length - 1]).toEqual({ path: '$', message: '…and 400 more errors; fix these first' });
  });

  it('refuses over-long ids, labels and names with the limit in the message', () => {
    const g = handBuilt();
    const long = 'x'.repeat(GRAPH_LIMITS.maxLabelLength + 1);
    const doc = JSON.parse(serializeGraph({ ...g, meta: { name: long }, nodes: g.nodes.map((n, i) => (i === 1 ? { ...n, label: long } : n)) }));
    const errs = errorsOf(parseGraphFile(doc));
    expect(errs).toContainEqual({ path: 'name', message: '"name" is 201 characters long; shorten it to at most 200' });
    expect(errs).toContainEqual({ path: 'nodes[1].label', message: '"label" is 201 characters long; shorten it to at most 200' });
  });
});

describe('fields the format does not know', () => {
  it('are ignored with a warning that suggests the field meant', () => {
    const doc = JSON.parse(serializeGraph(handBuilt()));
    doc.nodes[0].postion = { x: 1, y: 2 };
    doc.comment = 'hello';
    const r = parseGraphFile(doc);
    expect(r.ok).toBe(true);
    expect(r.ok && pathAndMessage(r.warnings)).toEqual([
      { path: 'comment', message: 'A graph file has no field "comment"; it was ignored' },
      { path: 'nodes[0].postion', message: 'A node has no field "postion"; it was ignored (did you mean "position"?)' },
    ]);
  });

  it('names keys that are not identifiers in brackets', () => {
    const doc = JSON.parse(serializeGraph(handBuilt()));
    doc.nodes[1].params['my filters'] = 3;
    expect(errorsOf(parseGraphFile(doc)).map((e) => e.path)).toEqual(['nodes[1].params["my filters"]']);
  });
});

describe('edge ids', () => {
  it('are made from source, target and port when left out, as the editor makes them', () => {
    const doc = JSON.parse(serializeGraph(handBuilt()));
    delete doc.edges[0].id;
    const g = expectOk(parseGraphFile(doc));
    expect(g.edges[0]!.id).toBe('in->a:0');
  });

  it('must be unique', () => {
    const doc = JSON.parse(serializeGraph(handBuilt()));
    doc.edges[1].id = 'e1';
    expect(errorsOf(parseGraphFile(doc))).toEqual([
      { path: 'edges[1].id', message: "The edge id 'e1' is already used by edges[0]; give each edge its own id, or leave ids out" },
    ]);
  });

  it('the same connection twice is named as a repeat', () => {
    const doc = JSON.parse(serializeGraph(handBuilt()));
    doc.edges.push({ source: 'in', target: 'a', targetPort: 0 });
    expect(errorsOf(parseGraphFile(doc))).toEqual([
      { path: 'edges[8]', message: 'This edge repeats edges[0] (in → a, port 0); delete one of them' },
    ]);
  });
});

describe('versions and migrations', () => {
  it('applies one step per version, in order, and stamps each new version', () => {
    const table = {
      1: (d: Readonly<Record<string, unknown>>) => ({ ...d, nodes: 'renamed', steps: ['1→2'] }),
      2: (d: Readonly<Record<string, unknown>>) => ({ ...d, steps: [...(d.steps as string[]), `2→3 saw v${String(d.version)}`] }),
    };
    const r = applyMigrations({ format: 'layerwise-graph', version: 1, nodes: [] }, 1, 3, table);
    expect(r).toEqual({ ok: true, doc: { format: 'layerwise-graph', version: 3, nodes: 'renamed', steps: ['1→2', '2→3 saw v2'] } });
  });

  it('reports a missing step and a failing step instead of throwing', () => {
    expect(applyMigrations({ version: 1 }, 1, 3, { 1: (d) => ({ ...d }) })).toMatchObject({
      ok: false, issue: { path: 'version', message: expect.stringMatching(/^Version 2 files cannot be upgraded by this build/) },
    });
    const failing = applyMigrations({ version: 1 }, 1, 2, { 1: () => { throw new Error('bad node 3'); } });
    expect(failing).toMatchObject({ ok: false, issue: { path: '$', message: expect.stringMatching(/^Upgrading this file from version 1 to 2 failed \(bad node 3\)/) } });
  });

  it('is wired but empty for version 1', () => {
    expect(GRAPH_FORMAT_VERSION).toBe(1);
    expect(Object.keys(MIGRATIONS)).toEqual([]);
    expect(applyMigrations({ version: 1 }, 1)).toEqual({ ok: true, doc: { version: 1 } });
  });

  it('refuses versions below 1 and non-integer versions', () => {
    for (const version of [0, -1, 1.5, '1']) {
      const errs = errorsOf(parseGraphFile({ format: 'layerwise-graph', version, nodes: [], edges: [] }));
      expect(errs).toEqual([{ path: 'version', message: `"version" must be a whole number from 1 up, not ${typeof version === 'string' ? '"1"' : version}; files made by this build say "version": 1` }]);
    }
  });
});

describe('analysisIssues', () => {
  it('places analyse errors on the JSON path of the node or edge', () => {
    const g = handBuilt();
    // Make the shortcut mismatch: b halves the map, so Add gets 28×28×8 and 14×14×8.
    const broken: Graph = { ...g, nodes: g.nodes.map((n) => (n.id === 'b' ? { ...n, params: { ...n.params, stride: 2 } } : n)) };
    const issues = analysisIssues(broken, analyse(broken));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('nodes[3]');
    expect(issues[0]!.message).toMatch(/28×28×8.*14×14×8|14×14×8.*28×28×8/);
  });
});

describe('docs/graph-format.md', () => {
  const doc = readFileSync(path.resolve(__dirname, '../../../../docs/graph-format.md'), 'utf8');
  const example = /```json\n([\s\S]*?)```/.exec(doc)![1]!;

  it('its LeNet-5 example reads and has 61,706 params and 416,520 MACs', () => {
    const g = expectOk(parseGraphFile(example));
    const a = analyse(g);
    expect(a.valid).toBe(true);
    // 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706; 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520.
    expect(a.totals.trainable).toBe(61_706);
    expect(a.totals.flops).toBe(416_520);
  });

  it('its example is exactly what serializeGraph writes for the lenet5 preset', () => {
    expect(example).toBe(serializeGraph(getPreset('lenet5')!.build()));
  });
});

describe('Repeat is checked against the registry and the file\'s own blocks at load', () => {
  const file = (block: string, blocks?: object): unknown => ({
    format: 'layerwise-graph', version: 1,
    nodes: [
      { id: 'in', type: 'Input', params: { height: 8, width: 8, channels: 4 }, position: { x: 0, y: 0 } },
      { id: 'rep', type: 'Repeat', params: { block, times: 2, params: {} }, position: { x: 0, y: 100 } },
    ],
    edges: [{ source: 'in', target: 'rep', targetPort: 0 }],
    ...(blocks ? { blocks } : {}),
  });

  it('refuses a Repeat of a block type that exists nowhere, on the node', () => {
    expect(errorsOf(parseGraphFile(file('Nope')))).toEqual([{ path: 'nodes[1].params', message: expect.stringContaining('Repeat: unknown block type "Nope"') }]);
  });

  it('refuses a Repeat of a block with two inputs', () => {
    expect(errorsOf(parseGraphFile(file('Add')))).toEqual([{ path: 'nodes[1].params', message: expect.stringContaining('Repeat cannot chain Add blocks') }]);
  });

  it('accepts a Repeat of one of the file\'s own blocks', () => {
    const flat = { name: 'Flat', inputs: [[{ node: 'f', port: 0 }]], output: 'f', nodes: [{ id: 'f', type: 'Flatten', params: {}, position: { x: 0, y: 0 } }], edges: [] };
    const r = parseGraphFile(file('Flat', { Flat: flat }));
    expect(r.ok).toBe(true);
  });
});
