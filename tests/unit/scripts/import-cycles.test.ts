/**
 * The import-cycle check: cycles found in hand-made graphs, and a real folder of files resolved
 * through a tsconfig with `@/` paths, where a cycle of type-only imports counts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, sourceImportGraph } from '../../../scripts/import-cycles';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findCycles', () => {
  it('finds none in a graph without cycles (a diamond)', () => {
    expect(findCycles(graph({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }))).toEqual([]);
  });

  it('gives each cycle as a closed path from its first file, ignoring the files that only lead to it', () => {
    expect(findCycles(graph({ tail: ['p'], p: ['q'], q: ['r'], r: ['p'] }))).toEqual([['p', 'q', 'r', 'p']]);
  });

  it('gives the shortest way round, and one entry per group of files caught in cycles', () => {
    // b, c, d form one group (b→c→b and b→d→c→b); x↔y another; z imports itself.
    const cycles = findCycles(graph({ b: ['d', 'c'], c: ['b'], d: ['c'], x: ['y'], y: ['x'], z: ['z'] }));
    expect(cycles).toEqual([['b', 'c', 'b'], ['x', 'y', 'x'], ['z', 'z']]);
  });
});

describe('sourceImportGraph', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'layerwise-cycles-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  it('resolves relative and @/ imports, leaves packages and other folders out, and counts type-only imports', () => {
    write('tsconfig.json', JSON.stringify({
      compilerOptions: { module: 'esnext', moduleResolution: 'bundler', strict: true, paths: { '@/*': ['./*'] } },
      include: ['**/*.ts'],
    }));
    write('lib/plan.ts', "import type { Config } from '@/lib/protocol';\nexport type Plan = { config?: Config };\n");
    write('lib/protocol.ts', "import type { Plan } from './plan';\nexport type Config = { plan: Plan };\n");
    write('lib/pure.ts', 'export const one = 1;\n');
    write('components/view.ts', "import { one } from '../lib/pure';\nimport { x } from 'some-package';\nimport { t } from '../tests/helper';\nexport const v = [one, x, t];\n");
    write('tests/helper.ts', "import { v } from '../components/view';\nexport const t = v;\n");
    const g = sourceImportGraph(root);
    expect(Object.fromEntries([...g].map(([f, deps]) => [f, [...deps].sort()]))).toEqual({
      'components/view.ts': ['lib/pure.ts'],
      'lib/plan.ts': ['lib/protocol.ts'],
      'lib/protocol.ts': ['lib/plan.ts'],
      'lib/pure.ts': [],
    });
    expect(findCycles(g)).toEqual([['lib/plan.ts', 'lib/protocol.ts', 'lib/plan.ts']]);
  });
});
