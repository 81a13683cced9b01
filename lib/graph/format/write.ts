/**
 * Writing a graph file: `serializeGraph` writes the current version, stable (same graph, same
 * bytes) and readable (one node or edge a line, so diffs show what changed).
 */
import { getBlock } from '../../blocks';
import type { Graph, GraphNode } from '../types';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION } from './constants';

/** JSON on one line with a space after `:` and `,`, keys in the given order. */
function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')}}`;
}

/** Params in the block's schema order with defaults filled in, so saved files are complete. */
function orderedParams(node: GraphNode): Record<string, unknown> {
  const spec = getBlock(node.type);
  const out: Record<string, unknown> = {};
  if (spec) {
    for (const [key, ps] of Object.entries(spec.params)) out[key] = Object.hasOwn(node.params, key) ? node.params[key] : ps.default;
  }
  for (const key of Object.keys(node.params).sort()) {
    if (!Object.hasOwn(out, key)) out[key] = node.params[key];
  }
  return out;
}

/**
 * Writes a graph as a version-1 file: stable (same graph, same bytes: keys in a fixed order,
 * params in schema order) and readable (one node or edge a line, so diffs show what changed).
 * Missing params are written with their defaults, so the file is complete.
 */
export function serializeGraph(graph: Graph): string {
  const lines: string[] = ['{', `  "format": ${JSON.stringify(GRAPH_FORMAT)},`, `  "version": ${GRAPH_FORMAT_VERSION},`];
  const meta = graph.meta ?? {};
  for (const key of ['name', 'description', 'preset'] as const) {
    if (meta[key] !== undefined) lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(meta[key])},`);
  }
  const list = (key: string, items: string[], last: boolean) => {
    const tail = last ? '' : ',';
    if (items.length === 0) { lines.push(`  "${key}": []${tail}`); return; }
    lines.push(`  "${key}": [`);
    items.forEach((item, i) => lines.push(`    ${item}${i < items.length - 1 ? ',' : ''}`));
    lines.push(`  ]${tail}`);
  };
  list('nodes', graph.nodes.map((n) => inline({
    id: n.id, type: n.type, label: n.label, params: orderedParams(n), position: { x: n.position.x, y: n.position.y },
  })), false);
  const blocks = Object.values(graph.blocks ?? {});
  list('edges', graph.edges.map((e) => inline({ id: e.id, source: e.source, target: e.target, targetPort: e.targetPort })), blocks.length === 0);
  if (blocks.length) {
    lines.push('  "blocks": {');
    blocks.forEach((b, bi) => {
      lines.push(`    ${JSON.stringify(b.name)}: {`);
      lines.push(`      "name": ${JSON.stringify(b.name)},`);
      if (b.description !== undefined) lines.push(`      "description": ${JSON.stringify(b.description)},`);
      lines.push(`      "inputs": ${inline(b.inputs)},`);
      lines.push(`      "output": ${JSON.stringify(b.output)},`);
      const sub = (key: string, items: string[], last: boolean) => {
        lines.push(`      "${key}": [`);
        items.forEach((item, i) => lines.push(`        ${item}${i < items.length - 1 ? ',' : ''}`));
        lines.push(`      ]${last ? '' : ','}`);
      };
      sub('nodes', b.nodes.map((n) => inline({
        id: n.id, type: n.type, label: n.label, params: orderedParams(n), position: { x: n.position.x, y: n.position.y },
      })), false);
      sub('edges', b.edges.map((e) => inline({ id: e.id, source: e.source, target: e.target, targetPort: e.targetPort })), true);
      lines.push(`    }${bi < blocks.length - 1 ? ',' : ''}`);
    });
    lines.push('  }');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

