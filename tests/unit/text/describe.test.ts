/**
 * The wording of values in messages, shared by the graph file reader and the param checks: the
 * same value reads the same in a file error and in the inspector.
 */
import { describe, expect, it } from 'vitest';
import { checkParam } from '@/lib/blocks/params';
import type { ParamSpec } from '@/lib/blocks/spec';
import { parseGraphFile } from '@/lib/graph/format';
import { describeValue, quoteList } from '@/lib/text/describe';

describe('describeValue', () => {
  it('quotes text as JSON, cut after 40 characters', () => {
    expect(describeValue('10')).toBe('"10"');
    expect(describeValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(describeValue('')).toBe('""');
    expect(describeValue('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
    expect(describeValue('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
  });

  it('writes numbers and true/false as JSON does, and names the rest', () => {
    expect(describeValue(2.5)).toBe('2.5');
    expect(describeValue(-6)).toBe('-6');
    expect(describeValue(false)).toBe('false');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue([1, 2])).toBe('a list');
    expect(describeValue({ x: 1 })).toBe('an object');
    expect(describeValue(() => 1)).toBe('a function');
    // 1e999 in JSON text parses to Infinity.
    expect(describeValue(JSON.parse('1e999'))).toBe('a number too large to use');
    expect(describeValue(-Infinity)).toBe('a number too large to use');
    expect(describeValue(NaN)).toBe('NaN');
  });

  it('is the one wording of the file reader and of the param checks', () => {
    const filters: ParamSpec = { kind: 'int', label: 'Filters', default: 32, min: 1, max: 8192, help: '' };
    expect(checkParam(filters, [32], 'Filters')?.message).toBe('Filters must be a number, not a list');
    expect(checkParam(filters, Infinity, 'Filters')?.message).toBe('Filters must be a number, not a number too large to use');
    const r = parseGraphFile({ format: 'layerwise-graph', version: 1, nodes: [], edges: [], name: [32] });
    expect(!r.ok && r.errors).toMatchObject([{ path: 'name', message: '"name" must be text, not a list' }]);
  });
});

describe('quoteList', () => {
  it('joins names for a sentence', () => {
    expect(quoteList([])).toBe('');
    expect(quoteList(['Conv2D'])).toBe('"Conv2D"');
    expect(quoteList(['Conv2D', 'Concat'])).toBe('"Conv2D" or "Concat"');
    expect(quoteList(['a', 'b', 'c'])).toBe('"a", "b" or "c"');
  });
});
