/**
 * The malformed-file corpus (tests/fixtures/malformed/): each real file gives its one clear error,
 * on the JSON path a person would look at. Structural problems come from parseGraphFile; cycles
 * and shape problems parse fine and come from analyse (placed on paths by analysisIssues).
 * A million-node file is generated at test time, not committed.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { analysisIssues, parseGraphFile, type FormatIssue } from '@/lib/graph/format';

const DIR = path.resolve(__dirname, '../../../fixtures/malformed');

function read(file: string): ReturnType<typeof parseGraphFile> {
  return parseGraphFile(new Uint8Array(readFileSync(path.join(DIR, file))));
}

/** Files that parseGraphFile refuses: the exact list of paths, and a pattern per error. */
const REFUSED: Record<string, readonly (readonly [string, RegExp])[]> = {
  'truncated.json': [['$', /^The file is not valid JSON at line 8, column 32: the file ends inside a text value that starts at line 8, column 29; the file looks cut short \(truncated\): save or download it again$/]],
  'trailing-comma.json': [['$', /^The file is not valid JSON at line 16, column 74: a trailing comma before '\]'; remove the comma$/]],
  'empty.json': [['$', /^The file is empty; a graph file is a JSON object/]],
  'random-bytes.bin': [['$', /^The file is not UTF-8 text \(it looks binary\)/]],
  'not-an-object.json': [['$', /must be a JSON object .* but this one is a list$/]],
  'wrong-format.json': [['format', /^"format" is "keras-model", so this is not a Layerwise graph file \(expected "layerwise-graph"\)/]],
  'future-version.json': [['version', /^This file is version 7, made by a newer Layerwise; this build reads up to version 1\. Update Layerwise to open it$/]],
  'no-nodes.json': [['nodes', /^The file has no "nodes"; add "nodes": \[ \.\.\. \]/]],
  'node-not-object.json': [['nodes[0]', /^Each node must be an object \{"id", "type", "params", "position"\}, not "conv0"$/]],
  'wrong-types.json': [
    ['nodes[1].id', /^"id" must be text such as "conv1", not 7$/],
    ['nodes[2].position', /^"position" must be an object \{"x": number, "y": number\}, not "top left"$/],
    // The edges into and out of the node whose id was unreadable point nowhere.
    ['edges[0].target', /^No node has the id "conv1"/],
    ['edges[1].source', /^No node has the id "conv1"/],
    ['edges[3].targetPort', /^"targetPort" must be a whole number 0 or more \(0 is the first input\), not "first"$/],
  ],
  'unknown-blocks.json': [
    ['nodes[1].type', /^Unknown block type "Conv2d"; did you mean "Conv2D"\? \(names are case-sensitive\)$/],
    ['nodes[2].type', /^Unknown block type "MaxPooling2D"; did you mean "MaxPool"\?/],
    ['nodes[3].type', /^Unknown block type "Reshape"; the block types are Input, Conv2D, .*Flatten/],
  ],
  'missing-param.json': [['nodes[1].params.kernel', /^Conv2D 'conv1' is missing the param "kernel" \(Kernel\); add "kernel": 3 \(the default\)$/]],
  'unknown-param.json': [
    ['nodes[1].params.filters', /is missing the param "filters"/],
    ['nodes[1].params.filter', /^Conv2D has no param "filter"; its params are filters, .* \(did you mean "filters"\?\); remove it or rename it$/],
  ],
  'negative-size.json': [['nodes[1].params.filters', /^Conv2D 'conv1': Filters must be between 1 and 8192, not -6$/]],
  'non-integer-size.json': [['nodes[1].params.kernel', /^Conv2D 'conv1': Kernel must be a whole number, not 2\.5$/]],
  'string-for-number.json': [['nodes[4].params.units', /^Dense 'dense': Units must be a number, not "10"; write it without quotes: "units": 10$/]],
  'out-of-bounds.json': [['nodes[0].params.height', /^Input 'input': Height must be between 1 and 1024, not 100000$/]],
  'bad-enum.json': [['nodes[1].params.padding', /^Conv2D 'conv1': Padding must be one of "same", "valid", not "full"$/]],
  'duplicate-ids.json': [
    ['nodes[2].id', /^The id 'conv1' is already used by nodes\[1\]; every node needs its own id, so rename one of them$/],
    // pool1 was renamed, so the edges that named it now point nowhere: also reported.
    ['edges[1].target', /^No node has the id "pool1"/],
    ['edges[2].source', /^No node has the id "pool1"/],
  ],
  'edge-to-missing-node.json': [['edges[3].target', /^No node has the id "dense1" \(did you mean "dense"\?\); point the edge at an existing node or delete it$/]],
  'wrong-port.json': [['edges[2].targetPort', /^Flatten 'flatten' has one input, port 0; this edge goes to port 1/]],
  'two-edges-one-port.json': [['edges[4]', /^Input 0 of 'dense' is already fed by edges\[3\] from 'flatten'; an input takes one edge, .*Add or Concat$/]],
  'invalid-id.json': [['nodes[1].id', /^The node id "conv 1" contains a space; ids become TensorFlow\.js layer names/]],
};

/** Files that parse (they are structurally sound) but that analyse rejects. */
const REJECTED_BY_ANALYSE: Record<string, readonly (readonly [string, string, RegExp])[]> = {
  // [JSON path, node id, message]
  'cycle.json': [
    ['nodes[2]', 'add', /part of a cycle/],
    ['nodes[3]', 'conv2', /part of a cycle/],
  ],
  'kernel-bigger-than-input.json': [
    // 5×5 kernel, valid padding, 3×3 input: (3 − 5) / 1 + 1 = −1 outputs.
    ['nodes[1]', 'conv1', /^Conv2D window 5×5 is bigger than its 3×3 input; use a smaller kernel, padding "same", or remove a pooling layer before it$/],
  ],
};

describe('malformed corpus', () => {
  it('has an expectation for every file in the folder', () => {
    const files = readdirSync(DIR).sort();
    expect(files).toEqual(Object.keys({ ...REFUSED, ...REJECTED_BY_ANALYSE }).sort());
  });

  for (const [file, expected] of Object.entries(REFUSED)) {
    it(`${file}: refused with its error`, () => {
      const r = read(file);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors.map((e) => e.path)).toEqual(expected.map(([p]) => p));
      r.errors.forEach((e: FormatIssue, i) => expect(e.message).toMatch(expected[i]![1]));
    });
  }

  for (const [file, expected] of Object.entries(REJECTED_BY_ANALYSE)) {
    it(`${file}: parses, and analyse names the problem`, () => {
      const r = read(file);
      if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
      const a = analyse(r.graph);
      expect(a.valid).toBe(false);
      const issues = analysisIssues(r.graph, a);
      for (const [p, nodeId, message] of expected) {
        expect(a.errors.some((e) => e.nodeId === nodeId && message.test(e.message)), `${nodeId}: ${message}`).toBe(true);
        expect(issues.some((i) => i.path === p && message.test(i.message)), `${p}: ${message}`).toBe(true);
      }
      // Only the named problems: nothing cascades onto the nodes after them.
      expect(new Set(a.errors.map((e) => e.nodeId))).toEqual(new Set(expected.map(([, id]) => id)));
    });
  }

  it('cycle.json: the loop names only its own nodes, not the pooling after it', () => {
    const r = read('cycle.json');
    if (!r.ok) throw new Error('cycle.json should parse');
    const a = analyse(r.graph);
    expect(a.nodes.add!.errors).toEqual(["This node is part of a cycle ('add', 'conv2'); a network must flow one way, so remove one edge of the loop"]);
    // gap follows the loop: no shape (its input never resolves) and no error of its own.
    expect(a.nodes.gap!.errors).toEqual([]);
    expect(a.nodes.gap!.outputShape).toBeUndefined();
    expect(a.order).toEqual(['input', 'conv1']);
  });
});

describe('a file with a million nodes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'layerwise-huge-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a real graph file with `count` Dense nodes in a chain, in 1 MB chunks. */
  function writeHuge(count: number): string {
    const file = path.join(dir, `nodes-${count}.json`);
    const fd = openSync(file, 'w');
    let buf = '{"format": "layerwise-graph", "version": 1, "nodes": [\n';
    const flush = (force: boolean) => { if (force || buf.length > 1 << 20) { writeSync(fd, buf); buf = ''; } };
    buf += '{"id": "input", "type": "Input", "params": {"height": 28, "width": 28, "channels": 1}, "position": {"x": 0, "y": 0}}';
    for (let i = 1; i < count; i++) {
      buf += `,\n{"id": "d${i}", "type": "Dense", "params": {"units": 10, "useBias": true, "activation": "relu"}, "position": {"x": 0, "y": ${i}}}`;
      flush(false);
    }
    buf += '\n], "edges": []}\n';
    flush(true);
    closeSync(fd);
    return file;
  }

  it('is refused by its size before it is decoded or parsed', () => {
    const file = writeHuge(1_000_000);
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(100_000_000); // ~107 bytes a node
    // The mechanism, not a duration: neither the UTF-8 decoder nor JSON.parse ever sees the file.
    const parse = vi.spyOn(JSON, 'parse');
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    try {
      const r = parseGraphFile(bytes);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors.map(({ path, message }) => ({ path, message }))).toEqual([{ path: '$', message: expect.stringMatching(/^The file is 1\d\d\.\d MB; Layerwise reads graph files up to 16 MB \(20,000 nodes\)/) }]);
      // The same as text.
      expect(parseGraphFile(bytes.toString('utf8')).ok).toBe(false);
      expect(decode).not.toHaveBeenCalled();
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
      decode.mockRestore();
    }
  });

  it('below the size limit, a graph over 20,000 nodes is refused by its count before any node is read', () => {
    // 10^6 empty nodes fit in 3 MB of text: the node limit, not the size limit, stops them.
    const text = `{"format": "layerwise-graph", "version": 1, "edges": [], "nodes": [${new Array(1_000_000).fill('{}').join(',')}]}`;
    const r = parseGraphFile(text);
    expect(r.ok).toBe(false);
    // One error, on the list: had the nodes been read one by one, each "{}" would add its own.
    if (!r.ok) expect(r.errors.map(({ path, message }) => ({ path, message }))).toEqual([{ path: 'nodes', message: expect.stringMatching(/^The graph has 1,000,000 nodes; Layerwise handles at most 20,000/) }]);
  });

  it('20,000 nodes, the limit, still load', () => {
    const r = parseGraphFile(readFileSync(writeHuge(20_000)));
    expect(r.ok).toBe(true);
  });
});
