/**
 * Import cycles in the source (app/, components/, lib/, presets/), type-only imports included.
 *
 * Why not eslint-plugin-import's no-cycle: it skips `import type`, by design, so a cycle made of
 * type imports (protocol.ts <-> plan.ts was one) passes; such a cycle still ties two modules into
 * one that can only be understood, moved or tested together. It also doubled the lint's time here.
 * This reads each file's imports with TypeScript's own pre-processor and resolves them with the
 * project's tsconfig (the `@/` paths included), so it sees exactly the modules tsc sees.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The folders whose files may not import each other in a cycle. */
export const SOURCE_DIRS = ['app', 'components', 'lib', 'presets'];

/** File → the files it imports (project files only; packages are left out). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Every cycle, one per strongly connected set of files (Tarjan's algorithm), each given as one
 * closed path `[a, b, …, a]` through it, starting at its first file in sorted order. Pure.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      const selfImport = group.length === 1 && (graph.get(v) ?? []).includes(v);
      if (group.length > 1 || selfImport) groups.push(group);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.map((g) => closedPath(graph, new Set(g))).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** The shortest path from the group's first file back to itself, inside the group (breadth first). */
function closedPath(graph: ImportGraph, group: ReadonlySet<string>): string[] {
  const start = [...group].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!group.has(w)) continue;
      if (w === start) {
        const back = [v];
        while (back[0] !== start) back.unshift(cameFrom.get(back[0]!)!);
        return [...back, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start]; // unreachable for a strongly connected group
}

/** The import graph of the source folders under `root`, resolved as tsc resolves it. Paths relative to root. */
export function sourceImportGraph(root: string): ImportGraph {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const config = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const files = config.fileNames.filter((f) => SOURCE_DIRS.some((d) => rel(f).startsWith(`${d}/`)));
  const inSource = new Set(files.map(path.normalize));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps = new Set<string>();
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, config.options, ts.sys).resolvedModule;
      if (resolved && inSource.has(path.normalize(resolved.resolvedFileName))) deps.add(rel(resolved.resolvedFileName));
    }
    graph.set(rel(file), [...deps]);
  }
  return graph;
}
