/**
 * The comparison seen from each node: for every top-level node of A and of B, its status, its
 * counterpart on the other side and what changed. The two canvases of /compare colour each block
 * by it and light up a block's counterpart when the block is pointed at.
 */
import type { BlockRow, BlockStatus, Comparison, ParamChange } from './compare';

/** One node's part in the comparison. */
export interface NodeDiff {
  readonly status: BlockStatus;
  /** The same for a node and its counterpart: names the pair (or the lone node). */
  readonly key: string;
  /** The id of the matched node on the other side (`same` and `changed` only). */
  readonly counterpart?: string;
  /** What differs from the counterpart (`changed` only). */
  readonly changes: readonly ParamChange[];
}

/** Every compared node of each side, by node id. Nodes the analysis could not place are absent. */
export interface NodeDiffs {
  readonly a: ReadonlyMap<string, NodeDiff>;
  readonly b: ReadonlyMap<string, NodeDiff>;
}

/** The key of a row: both ids, so it names the pair on either canvas. */
export function pairKey(row: Pick<BlockRow, 'a' | 'b'>): string {
  return `${row.a?.id ?? ''}|${row.b?.id ?? ''}`;
}

/** Each row of the comparison (inputs, then every stage's blocks) as a per-node lookup on both sides. */
export function nodeDiffs(comparison: Comparison): NodeDiffs {
  const a = new Map<string, NodeDiff>();
  const b = new Map<string, NodeDiff>();
  const rows = [...comparison.inputs, ...comparison.stages.flatMap((s) => s.blocks)];
  for (const row of rows) {
    const key = pairKey(row);
    if (row.a) a.set(row.a.id, { status: row.status, key, ...(row.b ? { counterpart: row.b.id } : {}), changes: row.changes });
    if (row.b) b.set(row.b.id, { status: row.status, key, ...(row.a ? { counterpart: row.a.id } : {}), changes: row.changes });
  }
  return { a, b };
}
