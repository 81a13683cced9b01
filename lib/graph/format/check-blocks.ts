/** The graph's own block types (`"blocks"`), made in the editor with Group (Ctrl+G). */
import { getBlock } from '../../blocks';
import { describedValue, quotedList } from '../../text/describe';
import { graphError } from '../graph-errors';
import { BLOCK_NAME } from '../custom';
import type { CustomBlockDef } from '../types';
import { has, isRecord, optionalString, unknownKeys } from './check-fields';
import { checkEdges } from './check-edges';
import { checkNodes } from './check-nodes';
import { FIELDS, GRAPH_LIMITS } from './constants';
import { keyPath, type Issues } from './issues';

/**
 * The graph's own block types (`"blocks": {"Name": {...}}`): names that are not built-in block
 * types, inner nodes of built-in types only, edges between them, and inputs and output that name
 * inner nodes and ports. Undefined when absent (or, after reporting, when wrong).
 */
export function checkBlocks(issues: Issues, raw: unknown): Record<string, CustomBlockDef> | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    issues.error('blocks', graphError('blocksNotObject', { value: describedValue(raw) }));
    return undefined;
  }
  const names = Object.keys(raw).filter((k) => has(raw, k));
  const out: Record<string, CustomBlockDef> = {};
  let allOk = true;
  for (const key of names) {
    const at = keyPath('blocks', key);
    const b = raw[key];
    if (getBlock(key)) {
      issues.error(at, graphError('blockBuiltInName', { name: key }));
      allOk = false; continue;
    }
    if (!BLOCK_NAME.test(key)) {
      issues.error(at, graphError('blockBadName', { name: key }));
      allOk = false; continue;
    }
    if (!isRecord(b)) {
      issues.error(at, graphError('blockNotObject', { value: describedValue(b) }));
      allOk = false; continue;
    }
    unknownKeys(issues, b, FIELDS.block, at, 'aBlock');
    if (b.name !== key) {
      issues.error(keyPath(at, 'name'), graphError('blockNameMismatch', { name: key, value: describedValue(b.name) }));
      allOk = false;
    }
    const description = optionalString(issues, b, 'description', at, GRAPH_LIMITS.maxDescriptionLength);
    const nodes = checkNodes(issues, b.nodes, { at, inside: names });
    const edges = nodes ? checkEdges(issues, b.edges, nodes.byId, at) : undefined;
    if (!nodes || !edges || nodes.nodes.length === 0) {
      if (nodes && nodes.nodes.length === 0 && Array.isArray(b.nodes) && b.nodes.length === 0) issues.error(keyPath(at, 'nodes'), graphError('blockEmpty'));
      allOk = false; continue;
    }
    const outPath = keyPath(at, 'output');
    if (typeof b.output !== 'string' || !nodes.byId.has(b.output)) {
      issues.error(outPath, graphError('blockBadOutput', { ids: quotedList(nodes.nodes.slice(0, 5).map((n) => n.id)), value: describedValue(b.output) }));
      allOk = false;
    }
    const inPath = keyPath(at, 'inputs');
    const inputs: { node: string; port: number }[][] = [];
    if (!Array.isArray(b.inputs) || b.inputs.length === 0) {
      issues.error(inPath, graphError('blockBadInputs', { value: describedValue(b.inputs) }));
      allOk = false; continue;
    }
    b.inputs.forEach((list: unknown, i: number) => {
      const lp = `${inPath}[${i}]`;
      if (!Array.isArray(list) || list.length === 0) {
        issues.error(lp, graphError('blockBadInput', { value: describedValue(list) }));
        allOk = false; return;
      }
      const consumers: { node: string; port: number }[] = [];
      list.forEach((c: unknown, j: number) => {
        const cp = `${lp}[${j}]`;
        const entry = isRecord(c) && typeof c.node === 'string' ? nodes.byId.get(c.node) : undefined;
        if (!isRecord(c) || !entry) {
          issues.error(cp, graphError('blockBadConsumer', { value: describedValue(c) }));
          allOk = false; return;
        }
        const port = c.port;
        const max = entry.spec?.ports.max ?? 0;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port >= max) {
          issues.error(keyPath(cp, 'port'), graphError('blockBadPort', { node: String(c.node), last: max - 1, value: describedValue(port) }));
          allOk = false; return;
        }
        consumers.push({ node: c.node as string, port });
      });
      inputs.push(consumers);
    });
    if (!allOk) continue;
    const def: CustomBlockDef = { name: key, nodes: nodes.nodes, edges, inputs, output: b.output as string };
    out[key] = description !== undefined ? { ...def, description } : def;
  }
  return allOk ? out : undefined;
}
