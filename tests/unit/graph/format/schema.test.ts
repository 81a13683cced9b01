/**
 * The JSON Schema of graph files (docs/graph-format.schema.json): the committed file is what the
 * block registry generates, and a well-kept validator (ajv, draft-07) holds it against real files:
 * every preset as saved passes, and so do the valid fixtures; the malformed fixtures whose fault is
 * structural fail on the path the reader names. Faults that need references across the file (an
 * edge to a missing node, duplicate ids, a port the target lacks) are beyond a JSON Schema: those
 * files pass it, and the reader refuses them (malformed.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '@/lib/graph/format/constants';
import { expandGraph } from '@/lib/graph/expand';
import { graphJsonSchema, graphJsonSchemaText, parseGraphFile, serializeGraph } from '@/lib/graph/format';
import { PRESETS } from '@/presets';

const ROOT = path.resolve(__dirname, '../../../..');
const SCHEMA_FILE = path.join(ROOT, 'docs/graph-format.schema.json');
const FIXTURES = path.join(ROOT, 'tests/fixtures/malformed');

// Strict, but a `required` list may sit beside a $ref to the properties it names (the node's
// params: every key required, while a Repeat's inner params of the same block may be partial).
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));

/** The JSON paths of ajv's errors, written as the reader writes them (`nodes[1].params.kernel`). */
function errorPaths(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const missing = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty
      : e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    if (missing !== undefined) parts.push(missing);
    return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '$';
  });
}

function check(doc: unknown): { valid: boolean; paths: string[] } {
  const valid = validate(doc) as boolean;
  return { valid, paths: errorPaths(validate.errors) };
}

describe('docs/graph-format.schema.json', () => {
  it('is what the block registry generates (run `npm run schema` after changing a block)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(graphJsonSchemaText());
  });

  it('names the same fields as the reader knows, for the file, a node, an edge and a block', () => {
    const s = graphJsonSchema() as { properties: object; definitions: Record<string, { properties: object }> };
    expect(Object.keys(s.properties)).toEqual([...FIELDS.root]);
    expect(Object.keys(s.definitions.node!.properties).sort()).toEqual([...FIELDS.node].sort());
    expect(Object.keys(s.definitions.edge!.properties).sort()).toEqual([...FIELDS.edge].sort());
    expect(Object.keys(s.definitions.block!.properties).sort()).toEqual([...FIELDS.block].sort());
  });

  it('carries each param\'s type, bounds, choices, default and help from the registry', () => {
    const defs = (graphJsonSchema() as { definitions: Record<string, { properties: Record<string, unknown> }> }).definitions;
    expect(defs['Conv2D.params']!.properties.filters).toEqual({
      title: 'Filters', description: 'Number of output channels (one per learned filter).', type: 'integer', minimum: 1, maximum: 8192, default: 32,
    });
    expect(defs['Conv2D.params']!.properties.padding).toMatchObject({ type: 'string', enum: ['same', 'valid'], default: 'same' });
    expect(defs['Dropout.params']!.properties.rate).toMatchObject({ type: 'number', minimum: 0, maximum: 1, default: 0.5 });
    // Repeat may hold blocks with one input only, as its own validation says: not Input, Add, Concat, Multiply or Repeat.
    const repeated = (defs['Repeat.params']!.properties.block as { anyOf: [{ enum: string[] }, { pattern: string; not: { enum: string[] } }] }).anyOf;
    expect(repeated[0].enum).toContain('Residual');
    for (const t of ['Input', 'Add', 'Concat', 'Multiply', 'Repeat']) expect(repeated[0].enum).not.toContain(t);
    // ...or a name of the graph's own blocks, which is never a registry type.
    expect(new RegExp(repeated[1].pattern).test('My stem')).toBe(true);
    expect(repeated[1].not.enum).toContain('Add');
  });
});

describe('files the reader accepts pass the schema', () => {
  it('has presets to test', () => expect(PRESETS.length).toBeGreaterThan(0));

  for (const preset of PRESETS) {
    it(`preset ${preset.id}, saved collapsed and with every composite opened`, () => {
      const g = preset.build();
      expect(check(JSON.parse(serializeGraph(g)))).toEqual({ valid: true, paths: [] });
      expect(check(JSON.parse(serializeGraph(expandGraph(g, { deep: true }))))).toEqual({ valid: true, paths: [] });
    });
  }

  it('the examples in docs/graph-format.md, one of them with blocks of its own', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/graph-format.md'), 'utf8');
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.some((e) => e.blocks)).toBe(true);
    for (const e of examples) expect(check(e)).toEqual({ valid: true, paths: [] });
  });

  it('a "$schema" field, which the reader ignores without a warning', () => {
    const doc = { $schema: './graph-format.schema.json', ...JSON.parse(serializeGraph(PRESETS[0]!.build())) };
    expect(check(doc).valid).toBe(true);
    const r = parseGraphFile(doc);
    expect(r.ok && r.warnings).toEqual([]);
  });
});

/** Every fixture, by what the schema can say about it. */
const FIXTURE_KINDS = {
  /** Not JSON at all: an editor shows the syntax error itself. */
  notJson: ['empty.json', 'random-bytes.bin', 'trailing-comma.json', 'truncated.json'],
  /** Structurally sound; analyse finds the problem. */
  valid: ['cycle.json', 'kernel-bigger-than-input.json'],
  /** Wrong only through references across the file: the schema cannot see it, the reader does. */
  references: ['duplicate-ids.json', 'edge-to-missing-node.json', 'two-edges-one-port.json', 'wrong-port.json'],
  /** Structurally wrong: the schema rejects it, on the path of the reader's first error. */
  rejected: [
    'bad-enum.json', 'future-version.json', 'invalid-id.json', 'missing-param.json', 'negative-size.json', 'no-nodes.json',
    'node-not-object.json', 'non-integer-size.json', 'not-an-object.json', 'out-of-bounds.json', 'string-for-number.json',
    'unknown-blocks.json', 'unknown-param.json', 'wrong-format.json', 'wrong-types.json',
  ],
} as const;

describe('the malformed fixtures', () => {
  const read = (file: string) => readFileSync(path.join(FIXTURES, file));

  it('are all sorted into a kind', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.values(FIXTURE_KINDS).flat().sort());
  });

  for (const file of FIXTURE_KINDS.notJson) {
    it(`${file}: not JSON, so there is nothing to validate`, () => {
      expect(() => JSON.parse(new TextDecoder().decode(read(file)))).toThrow();
    });
  }

  for (const file of [...FIXTURE_KINDS.valid, ...FIXTURE_KINDS.references]) {
    it(`${file}: passes the schema`, () => {
      expect(check(JSON.parse(read(file).toString('utf8')))).toEqual({ valid: true, paths: [] });
    });
  }

  for (const file of FIXTURE_KINDS.rejected) {
    it(`${file}: fails the schema where the reader's first error is`, () => {
      const r = parseGraphFile(new Uint8Array(read(file)));
      if (r.ok) throw new Error(`${file} should be refused by the reader`);
      const { valid, paths } = check(JSON.parse(read(file).toString('utf8')));
      expect(valid).toBe(false);
      expect(paths).toContain(r.errors[0]!.path === '$' ? '$' : r.errors[0]!.path);
    });
  }
});

describe('changes to a valid file that the schema catches', () => {
  const base = () => JSON.parse(serializeGraph(PRESETS.find((p) => p.id === 'lenet5')!.build()));

  it('a param out of bounds, of the wrong kind, unknown or missing', () => {
    const doc = base();
    doc.nodes[1].params.filters = 0;
    doc.nodes[1].params.padding = 'full';
    doc.nodes[2].params.poolSize = 2;
    delete doc.nodes[6].params.units;
    expect(check(doc).paths).toEqual(expect.arrayContaining([
      'nodes[1].params.filters', 'nodes[1].params.padding', 'nodes[2].params.poolSize', 'nodes[6].params.units',
    ]));
  });

  it('a type that is not a block, unless the file defines it under "blocks" (with no params)', () => {
    const doc = base();
    doc.nodes[5].type = 'Flat';
    expect(check(doc).paths).toContain('nodes[5].type');
    const custom = base();
    custom.blocks = { Flat: { name: 'Flat', inputs: [[{ node: 'f', port: 0 }]], output: 'f', nodes: [{ id: 'f', type: 'Flatten', params: {}, position: { x: 0, y: 0 } }], edges: [] } };
    custom.nodes[5].type = 'Flat';
    expect(check(custom)).toEqual({ valid: true, paths: [] });
    custom.nodes[5].params = { units: 3 };
    expect(check(custom).paths).toContain('nodes[5].params');
    // Blocks of the graph's own hold built-in blocks only, and cannot take a built-in name.
    custom.nodes[5].params = {};
    custom.blocks.Flat.nodes[0].type = 'Flat';
    custom.blocks.Dense = custom.blocks.Flat;
    expect(check(custom).paths).toEqual(expect.arrayContaining(['blocks.Flat.nodes[0].type', 'blocks']));
  });

  it('a Repeat\'s inner params are checked against the block it repeats, and may be partial', () => {
    const doc = base();
    doc.nodes[3] = { id: 'c3', type: 'Repeat', params: { block: 'Conv2D', times: 2, params: { filters: 16 } }, position: { x: 0, y: 0 } };
    expect(check(doc)).toEqual({ valid: true, paths: [] });
    doc.nodes[3].params.params.filters = '16';
    expect(check(doc).paths).toContain('nodes[3].params.params.filters');
    doc.nodes[3].params = { block: 'Add', times: 2, params: {} };
    expect(check(doc).paths).toContain('nodes[3].params.block');
  });

  it('ids with spaces, edges without a port, a position without y', () => {
    const doc = base();
    doc.nodes[0].id = 'the input';
    delete doc.edges[0].targetPort;
    delete doc.nodes[2].position.y;
    expect(check(doc).paths).toEqual(expect.arrayContaining(['nodes[0].id', 'edges[0].targetPort', 'nodes[2].position.y']));
  });
});
