/**
 * What the reader reports: issues on JSON paths (`nodes[3].params.filters`), collected with a cap,
 * and analyse's errors placed on the same kind of path.
 */
import type { Analysis } from '../analyse';
import { countValue, graphError, type GraphProblem } from '../graph-errors';
import type { Graph } from '../types';
import { GRAPH_LIMITS } from './constants';

/**
 * One problem in a graph file: where (a JSON path such as `nodes[3].params.filters`) and what, in
 * English (`message`) and as a code with values (lib/graph/graph-errors.ts) for the app to word.
 * Issues made outside lib (the editor's) may have no code: the app shows their English.
 */
export interface FormatIssue extends Partial<Omit<GraphProblem, 'message'>> {
  /** JSON path from the root; `$` is the whole document. */
  readonly path: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly graph: Graph; readonly warnings: readonly FormatIssue[] }
  | { readonly ok: false; readonly errors: readonly FormatIssue[] };

/** The path of the whole document. */
export const ROOT = '$';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key to a JSON path: `nodes[3].params` + `filters`, or `["odd key"]`. */
export function keyPath(base: string, key: string): string {
  const prefix = base === ROOT ? '' : base;
  if (IDENT.test(key)) return prefix ? `${prefix}.${key}` : key;
  return `${prefix}[${JSON.stringify(key)}]`;
}

/** Errors and warnings found while reading; errors past the cap are counted, not kept. */
export class Issues {
  readonly errors: FormatIssue[] = [];
  readonly warnings: FormatIssue[] = [];
  private dropped = 0;
  error(path: string, problem: GraphProblem): void {
    if (this.errors.length < GRAPH_LIMITS.maxErrors) this.errors.push({ path, ...problem });
    else this.dropped++;
  }
  warn(path: string, problem: GraphProblem): void {
    if (this.warnings.length < GRAPH_LIMITS.maxErrors) this.warnings.push({ path, ...problem });
  }
  /** The errors, with one last line saying how many more there were. */
  finish(): FormatIssue[] {
    if (this.dropped > 0) {
      return [...this.errors, { path: ROOT, ...graphError('moreErrors', { count: countValue(this.dropped) }) }];
    }
    return this.errors;
  }
}

/**
 * Places analyse's errors (cycles, shapes, missing inputs) on JSON paths of the file, so a tool can
 * print structural and semantic problems the same way: `nodes[4]: Add needs equal shapes ...`.
 */
export function analysisIssues(graph: Graph, analysis: Analysis): FormatIssue[] {
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((n, i) => { if (!nodeIndex.has(n.id)) nodeIndex.set(n.id, i); });
  const edgeIndex = new Map<string, number>();
  graph.edges.forEach((e, i) => { if (!edgeIndex.has(e.id)) edgeIndex.set(e.id, i); });
  return analysis.errors.map((err) => {
    const ei = err.edgeId !== undefined ? edgeIndex.get(err.edgeId) : undefined;
    const ni = err.nodeId !== undefined ? nodeIndex.get(err.nodeId) : undefined;
    const path = ei !== undefined ? `edges[${ei}]` : ni !== undefined ? `nodes[${ni}]` : ROOT;
    return err.code ? { path, message: err.message, code: err.code, values: err.values ?? {} } : { path, message: err.message };
  });
}
