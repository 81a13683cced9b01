/**
 * The panel's arithmetic, apart from React so it can be tested: one channel out of a
 * channels-last map, pages of channels, the channel to show first, which node and dataset to
 * start from, the input picture as floats, the occlusion defaults, and names for the images.
 * Drawing itself (numbers → RGBA) is lib/viz/render.ts.
 */
import type { Analysis } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { INNER_SEPARATOR } from '@/lib/graph/expand';
import { browserDatasets, type DatasetId } from '@/lib/train/datasets/catalogue';
import { planDataset } from '@/lib/train/plan';
import type { ChannelStats } from '@/lib/viz';

/** The values of channel `c` of a channels-last map [h, w, C] (or of C-channel data with h·w positions). */
export function channelOf(data: ArrayLike<number>, positions: number, channels: number, c: number): Float32Array {
  const out = new Float32Array(positions);
  for (let i = 0; i < positions; i++) out[i] = data[i * channels + c]!;
  return out;
}

/** One page of `total` items, `perPage` a page: the items [start, end) of page `page` (clamped) and the page count. */
export function pageOf(total: number, page: number, perPage: number): { start: number; end: number; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  return { start: p * perPage, end: Math.min(total, (p + 1) * perPage), page: p, pages };
}

/** The page that holds item `index`. */
export function pageHolding(index: number, perPage: number): number {
  return Math.floor(index / perPage);
}

/** The channel whose strongest value is largest (the first on ties): what the views show first. */
export function strongestChannel(channels: readonly ChannelStats[]): number {
  let best = 0;
  for (let c = 1; c < channels.length; c++) if (channels[c]!.max > channels[best]!.max) best = c;
  return best;
}

/**
 * Screen pixels for a map tile: small maps are enlarged by whole factors to about `target` pixels
 * (a 5×5 map to 60, 28×28 to 84); big maps shrink to `target` (224×224 to 112).
 */
export function tileSize(side: number, target: number): number {
  if (side >= target) return target;
  return side * Math.max(1, Math.round(target / side));
}

/** A node of the model, as the panel lists it. */
export interface NodeEntry {
  readonly id: string;
  readonly label: string;
  readonly type: string;
  /** Output shape without the batch ([H, W, C] maps, [N] vectors). */
  readonly shape: readonly number[];
  /** Its depth inside composite blocks (0: a node of the graph itself). */
  readonly depth: number;
  /** A composite block (its output is an inner node's). */
  readonly composite: boolean;
}

/**
 * The nodes a user can click, in the graph's order: every node of the graph, and under each
 * composite block the nodes of its deep expansion (`block/inner`) from `expanded`'s analysis.
 */
export function nodeEntries(graph: Graph, analysis: Analysis, expanded: Analysis | null): NodeEntry[] {
  const labels = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const out: NodeEntry[] = [];
  for (const id of analysis.order) {
    const info = analysis.nodes[id]!;
    if (!info.outputShape) continue;
    const composite = !!info.innerGraph;
    out.push({ id, label: labels.get(id) ?? id, type: info.type, shape: info.outputShape, depth: 0, composite });
    if (!composite || !expanded) continue;
    const prefix = id + INNER_SEPARATOR;
    for (const inner of expanded.order) {
      if (!inner.startsWith(prefix)) continue;
      const e = expanded.nodes[inner]!;
      if (!e.outputShape) continue;
      out.push({ id: inner, label: inner.slice(prefix.length), type: e.type, shape: e.outputShape, depth: inner.split(INNER_SEPARATOR).length - 1, composite: false });
    }
  }
  return out;
}

/** The node a panel opens on: `wanted` when the model has it, else the first convolution, else the first node after the input. */
export function startNode(entries: readonly NodeEntry[], wanted?: string | null): string | null {
  if (wanted && entries.some((e) => e.id === wanted)) return wanted;
  const conv = entries.find((e) => e.depth === 0 && /Conv/.test(e.type) && e.shape.length === 3)
    ?? entries.find((e) => /Conv/.test(e.type) && e.shape.length === 3);
  return conv?.id ?? entries.find((e) => e.type !== 'Input')?.id ?? entries[0]?.id ?? null;
}

/**
 * The dataset whose test images the panel offers: the one the weights were trained on, else the
 * first built-in dataset the page can load whose images the graph takes (MNIST for LeNet-5),
 * else none (VGG-16 at 224×224: an upload or the sample picture).
 */
export function viewDataset(graph: Graph, analysis: Analysis, trainedOn?: DatasetId): DatasetId | null {
  if (trainedOn) return trainedOn;
  for (const d of browserDatasets()) {
    if (d.source !== 'built-in') continue;
    if (!planDataset(graph, analysis, d.id as DatasetId).problem) return d.id as DatasetId;
  }
  return null;
}

/** The square and step occlusion starts with: a quarter of the side, every quarter square; on big inputs every square (16 positions). */
export function occlusionDefaults(side: number): { size: number; stride: number } {
  const size = Math.max(1, Math.round(side / 4));
  return { size, stride: side > 64 ? size : Math.max(1, Math.round(size / 4)) };
}

/** How many covered images an occlusion run classifies. */
export function occlusionPositions(side: number, size: number, stride: number): number {
  const last = Math.max(0, side - size);
  const n = Math.floor(last / stride) + 1 + (last % stride === 0 ? 0 : 1);
  return n * n;
}

/** "c1 channel 3": the name of a feature map image (channels counted from 0, as `layerwise explain --channel`). */
export function mapName(node: string, channel: number): string {
  return `${node} channel ${channel}`;
}

/** "1.23 s" or "45 ms". */
export function formatSeconds(seconds: number): string {
  return seconds >= 1 ? `${seconds.toFixed(2)} s` : `${Math.max(0, Math.round(seconds * 1000))} ms`;
}

/** A value for a legend or a caption: 3 significant digits, no exponent for everyday sizes. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}
