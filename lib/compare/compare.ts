/**
 * What changed from one network to another: their stages lined up, each block marked same,
 * changed (with the params that differ), added or removed, and the totals that teachers quote:
 * parameters, multiply-adds, depth and receptive field. Pure: graphs in, data out, no words.
 */
import { analyse, type Analysis } from '../graph/analyse';
import type { Graph, ParamRecord, ParamValue } from '../graph/types';
import { alignSequences } from './align';
import { weightDepth } from './depth';
import { blockInfoOf, stagesOf, type BlockInfo, type Stage } from './stages';

export type BlockStatus = 'same' | 'changed' | 'added' | 'removed';

/** One param that differs between two matched blocks (`type` when the block type itself changed). */
export interface ParamChange {
  /**
   * The param's name; nested params (a Repeat's block params) as `params.filters`; `type` when the
   * block type changed; `trainable` when only the weight count did (a Dense reading a bigger map).
   */
  readonly key: string;
  readonly a?: ParamValue;
  readonly b?: ParamValue;
}

/** A row of a stage: a block of A, of B, or of both side by side. */
export interface BlockRow {
  readonly status: BlockStatus;
  readonly a?: BlockInfo;
  readonly b?: BlockInfo;
  /** For `changed`: what differs. */
  readonly changes: readonly ParamChange[];
}

/** Two stages lined up (or one, where the other network has no such stage). */
export interface StageRow {
  readonly status: BlockStatus;
  readonly a?: Stage;
  readonly b?: Stage;
  readonly blocks: readonly BlockRow[];
}

/** The figures compared: trainable params, multiply-adds per image, depth, receptive field. */
export interface Figures {
  readonly trainable: number;
  readonly macs: number;
  /** Weight layers on the longest path (lib/compare/depth.ts). */
  readonly depth: number;
  /** Receptive field (side, input pixels) of the last feature map, before the head. */
  readonly receptiveField?: number;
  /** The input's height, to say when the field covers all of it. */
  readonly inputSide?: number;
  /** True when analyse found no error; the figures of a broken graph count only what analyses. */
  readonly valid: boolean;
}

export interface Comparison {
  readonly a: Figures;
  readonly b: Figures;
  /** The Input nodes lined up (stages leave them out): a new input size shows as a change. */
  readonly inputs: readonly BlockRow[];
  readonly stages: readonly StageRow[];
}

/** A stage without a partner costs this; a partner at half or double the scale costs 1. */
const STAGE_GAP = 2;
/** A block without a partner costs this; a changed block 1, so a change beats add + remove. */
const BLOCK_GAP = 1.5;

/** Types that are one family: swapping one for another is a change of the block, not a new one. */
const FAMILY: Readonly<Record<string, string>> = {
  Conv2D: 'conv', GroupedConv2D: 'conv', DepthwiseConv2D: 'conv',
  MaxPool: 'pool', AvgPool: 'pool',
};
const familyOf = (type: string): string => FAMILY[type] ?? type;

/**
 * The params that differ between two blocks, nested records flattened to dotted keys. When the
 * type changed, only the params both types have are compared (the rest belong to the type).
 */
export function paramChanges(a: BlockInfo, b: BlockInfo): ParamChange[] {
  const out: ParamChange[] = [];
  const typeChanged = a.type !== b.type;
  if (typeChanged) out.push({ key: 'type', a: a.type, b: b.type });
  const walk = (pa: ParamRecord | undefined, pb: ParamRecord | undefined, prefix: string, onlyShared: boolean) => {
    const keys = [...new Set([...Object.keys(pa ?? {}), ...Object.keys(pb ?? {})])].sort();
    for (const k of keys) {
      const va = pa?.[k];
      const vb = pb?.[k];
      // A Repeat of another block: its block params, like a changed type's, are compared where shared.
      if (typeof va === 'object' && typeof vb === 'object') { walk(va, vb, `${prefix}${k}.`, onlyShared || pa?.block !== pb?.block); continue; }
      if (onlyShared && (va === undefined || vb === undefined)) continue;
      if (va !== vb) out.push({ key: prefix + k, ...(va !== undefined ? { a: va } : {}), ...(vb !== undefined ? { b: vb } : {}) });
    }
  };
  walk(a.params, b.params, '', typeChanged);
  return out;
}

function blockCost(a: BlockInfo, b: BlockInfo): number {
  if (familyOf(a.type) !== familyOf(b.type)) return Infinity;
  return paramChanges(a, b).length === 0 ? 0 : 1;
}

function stageCost(a: Stage, b: Stage): number {
  if (a.head !== b.head) return Infinity;
  if (a.head) return 0;
  if (a.scale === undefined || b.scale === undefined) return a.scale === b.scale ? 0 : STAGE_GAP;
  return Math.abs(Math.log2(a.scale / b.scale));
}

/** Lines up the blocks of two matched stages. */
export function alignBlocks(a: readonly BlockInfo[], b: readonly BlockInfo[]): BlockRow[] {
  return alignSequences(a, b, blockCost, BLOCK_GAP).map((p): BlockRow => {
    if (p.kind === 'onlyA') return { status: 'removed', a: a[p.a]!, changes: [] };
    if (p.kind === 'onlyB') return { status: 'added', b: b[p.b]!, changes: [] };
    const x = a[p.a]!;
    const y = b[p.b]!;
    const changes = paramChanges(x, y);
    // Same params but other weights: a Dense reading a bigger map, say.
    if (changes.length === 0 && x.trainable !== y.trainable) changes.push({ key: 'trainable', a: x.trainable, b: y.trainable });
    return { status: changes.length ? 'changed' : 'same', a: a[p.a]!, b: b[p.b]!, changes };
  });
}

/**
 * Lines up the stages of two networks: the heads with each other, the other stages by their
 * scale (resolution over input size) and order, so that a network with an extra stage shows it
 * as added. Inside matched stages the blocks are lined up by type family and params.
 */
export function alignStages(a: readonly Stage[], b: readonly Stage[]): StageRow[] {
  return alignSequences(a, b, stageCost, STAGE_GAP).map((p): StageRow => {
    if (p.kind === 'onlyA') {
      const s = a[p.a]!;
      return { status: 'removed', a: s, blocks: s.blocks.map((x) => ({ status: 'removed', a: x, changes: [] })) };
    }
    if (p.kind === 'onlyB') {
      const s = b[p.b]!;
      return { status: 'added', b: s, blocks: s.blocks.map((x) => ({ status: 'added', b: x, changes: [] })) };
    }
    const blocks = alignBlocks(a[p.a]!.blocks, b[p.b]!.blocks);
    return { status: blocks.every((r) => r.status === 'same') ? 'same' : 'changed', a: a[p.a]!, b: b[p.b]!, blocks };
  });
}

/** The receptive field of the last node whose output is still a map (the head sees everything). */
function lastMapField(analysis: Analysis): number | undefined {
  for (let i = analysis.order.length - 1; i >= 0; i--) {
    const n = analysis.nodes[analysis.order[i]!];
    if (n?.outputShape?.length === 3 && n.receptiveField) return n.receptiveField.size;
  }
  return undefined;
}

/** The figures of one graph (analysed here; pass the analysis when you have it). */
export function figuresOf(graph: Graph, analysis: Analysis = analyse(graph)): Figures {
  const rf = lastMapField(analysis);
  const side = analysis.inputs.map((id) => analysis.nodes[id]?.outputShape?.[0]).find((h) => h !== undefined);
  return {
    trainable: analysis.totals.trainable, macs: analysis.totals.flops, depth: weightDepth(graph),
    ...(rf !== undefined ? { receptiveField: rf } : {}), ...(side !== undefined ? { inputSide: side } : {}),
    valid: analysis.valid,
  };
}

/** The Input nodes of a graph in the analysis' order, as blocks. */
function inputsOf(graph: Graph, analysis: Analysis): BlockInfo[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return analysis.inputs.flatMap((id) => {
    const node = byId.get(id);
    const info = analysis.nodes[id];
    return node && info ? [blockInfoOf(node, info)] : [];
  });
}

/** Compares graph `a` (the earlier, or the reference) with graph `b`. */
export function compareGraphs(a: Graph, b: Graph): Comparison {
  const aa = analyse(a);
  const ab = analyse(b);
  return {
    a: figuresOf(a, aa), b: figuresOf(b, ab),
    inputs: alignBlocks(inputsOf(a, aa), inputsOf(b, ab)),
    stages: alignStages(stagesOf(a, aa), stagesOf(b, ab)),
  };
}
