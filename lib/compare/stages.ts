/**
 * A network's stages: the runs of blocks that work at one spatial resolution, as the papers'
 * tables group them (VGG's conv-conv-pool, ResNet's conv2_x…conv5_x), then the head that works on
 * a flat vector. Computed from the top-level graph and its analysis, so composite blocks (an
 * Inception module, a Repeat of residual blocks) stay one block each, as the editor shows them.
 */
import type { Analysis, NodeAnalysis } from '../graph/analyse';
import type { Graph, GraphNode, ParamRecord, ParamValue, Shape } from '../graph/types';

/** What a block does to the geometry: its kernel sizes, stride, output channels, copies. */
export interface BlockGeometry {
  /** Kernel sides (Inception has several: 1, 3, 5); empty for blocks without a window. */
  readonly kernels: readonly number[];
  readonly stride?: number;
  /** Output channels or units where the block sets them. */
  readonly width?: number;
  /** Repeat: how many copies, and of which block. */
  readonly times?: number;
  readonly inner?: string;
}

/** One top-level block of a network, with what analyse derived for it. */
export interface BlockInfo {
  readonly id: string;
  readonly type: string;
  readonly label?: string;
  /** The params as resolved by analyse (defaults filled in), else as written. */
  readonly params: ParamRecord;
  readonly geometry: BlockGeometry;
  readonly trainable: number;
  readonly macs: number;
  readonly outputShape?: Shape;
}

/** A run of blocks at one resolution (`resolution` is the map's height), or the flat head. */
export interface Stage {
  readonly head: boolean;
  /** The map's height in this stage; undefined for the head and for blocks without a shape. */
  readonly resolution?: number;
  /** `resolution` over the input's height: 1 at full size, 0.25 after two halvings. */
  readonly scale?: number;
  readonly blocks: readonly BlockInfo[];
  readonly trainable: number;
  readonly macs: number;
}

/** Blocks that only rescale what they read: after a pool they stay in the pool's stage. */
const FOLLOWERS: ReadonlySet<string> = new Set(['LRN', 'BatchNorm', 'Activation', 'Dropout']);

/** Blocks that close a stage by pooling its maps: they belong to the resolution they read. */
const POOLS: ReadonlySet<string> = new Set(['MaxPool', 'AvgPool', 'Transition']);

function num(v: ParamValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** The kernel sizes, stride and width a block's params set (Repeat: those of its first copy). */
export function blockGeometry(type: string, params: ParamRecord): BlockGeometry {
  if (type === 'Repeat') {
    const inner = typeof params.block === 'string' ? params.block : '';
    const innerParams = typeof params.params === 'object' ? params.params : {};
    const g = blockGeometry(inner, innerParams);
    return { ...g, ...(num(params.times) !== undefined ? { times: num(params.times)! } : {}), inner };
  }
  if (type === 'Inception') {
    return { kernels: [1, 3, 5], stride: 1, width: ['n1x1', 'n3x3', 'n5x5', 'poolProj'].reduce((s, k) => s + (num(params[k]) ?? 0), 0) };
  }
  const kernel = num(params.kernel) ?? num(params.pool);
  const stride = num(params.stride);
  const width = num(params.filters) ?? num(params.units);
  // Residual and ResNeXt blocks name the bottleneck width; their 3×3 is the window that matters.
  const kernels = kernel !== undefined ? [kernel] : type === 'Residual' || type === 'ResNeXt' ? [3] : [];
  return { kernels, ...(stride !== undefined ? { stride } : {}), ...(width !== undefined ? { width } : {}) };
}

/** A top-level node with what analyse derived for it: resolved params, geometry, counts, shape. */
export function blockInfoOf(node: GraphNode, info: NodeAnalysis): BlockInfo {
  const params = info.params ?? node.params;
  return {
    id: node.id, type: node.type, ...(node.label ? { label: node.label } : {}), params,
    geometry: blockGeometry(node.type, params),
    trainable: info.paramCount.trainable, macs: info.flops,
    ...(info.outputShape ? { outputShape: info.outputShape } : {}),
  };
}

/**
 * The stages of a graph, in the analysis' topological order. The Input is left out; a pooling
 * block joins the stage whose maps it reads (it closes it), a ZeroPad the stage of the block
 * after it, and everything with a flat output forms the head.
 */
export function stagesOf(graph: Graph, analysis: Analysis): Stage[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inputHeight = analysis.inputs.map((id) => analysis.nodes[id]?.outputShape?.[0]).find((h) => h !== undefined);
  const items: { block: BlockInfo; key: string; keepsShape: boolean; afterPool?: boolean; resolution?: number }[] = [];
  for (const id of analysis.order) {
    const node = byId.get(id);
    const info = analysis.nodes[id];
    if (!node || !info || node.type === 'Input') continue;
    const block = blockInfoOf(node, info);
    const out = info.outputShape;
    const read = info.inputShapes[0];
    let resolution: number | undefined;
    let key: string;
    if (!out) key = 'unknown';
    else if (out.length !== 3) key = 'head';
    else {
      resolution = POOLS.has(node.type) && read?.length === 3 ? read[0] : out[0];
      key = `map${resolution}`;
    }
    const keepsShape = FOLLOWERS.has(node.type);
    items.push({ block, key, keepsShape, ...(resolution !== undefined ? { resolution } : {}) });
  }
  // A normalisation right after a pool (ZFNet's, GoogLeNet's LRN) stays with the pool's stage.
  for (let i = 1; i < items.length; i++) {
    const prev = items[i - 1]!;
    if (items[i]!.keepsShape && prev.key !== 'head' && (POOLS.has(prev.block.type) || prev.afterPool)) {
      items[i] = { ...items[i]!, key: prev.key, afterPool: true, ...(prev.resolution !== undefined ? { resolution: prev.resolution } : {}) };
    }
  }
  // A ZeroPad only prepares the next block's input: it belongs with that block.
  for (let i = items.length - 2; i >= 0; i--) {
    if (items[i]!.block.type === 'ZeroPad') {
      const next = items[i + 1]!;
      items[i] = { ...items[i]!, key: next.key, ...(next.resolution !== undefined ? { resolution: next.resolution } : {}) };
    }
  }
  const stages: Stage[] = [];
  let current: { key: string; resolution?: number; blocks: BlockInfo[] } | undefined;
  const close = () => {
    if (!current) return;
    const { key, resolution, blocks } = current;
    stages.push({
      head: key === 'head', blocks,
      ...(resolution !== undefined ? { resolution } : {}),
      ...(resolution !== undefined && inputHeight ? { scale: resolution / inputHeight } : {}),
      trainable: blocks.reduce((s, b) => s + b.trainable, 0),
      macs: blocks.reduce((s, b) => s + b.macs, 0),
    });
  };
  for (const it of items) {
    if (current && current.key === it.key) { current.blocks.push(it.block); continue; }
    close();
    current = { key: it.key, blocks: [it.block], ...(it.resolution !== undefined ? { resolution: it.resolution } : {}) };
  }
  close();
  return stages;
}
