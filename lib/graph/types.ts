/**
 * The graph data model. A graph is plain, JSON-serialisable data with no computed values:
 * shapes, parameter counts and errors are always derived by `analyse`.
 */

/** A param value as stored in a graph file. Nested objects are used by the Repeat block. */
export type ParamValue = number | string | boolean | ParamRecord;
export interface ParamRecord {
  readonly [key: string]: ParamValue;
}

export interface XY {
  readonly x: number;
  readonly y: number;
}

export interface GraphNode {
  /** Unique within the graph; letters, digits, `_`, `-`, `.` (`/` is reserved for expanded inner nodes). */
  readonly id: string;
  /** A block type from the registry (`lib/blocks`). */
  readonly type: string;
  readonly params: ParamRecord;
  readonly position: XY;
  /** Optional display name. */
  readonly label?: string;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Which input of the target this edge feeds (0-based). Concat's order follows the ports. */
  readonly targetPort: number;
}

export interface GraphMeta {
  readonly name?: string;
  readonly description?: string;
  /** The preset this graph was loaded from, if any. */
  readonly preset?: string;
}

/**
 * A block type the user made from part of a graph ("Group"): the same shape as a composite's
 * SubGraph, plus its name. Nodes of the graph whose `type` is this name are composites that
 * expand to this definition. Inner nodes use registry types only (no blocks inside blocks).
 */
export interface CustomBlockDef {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** For each input port of the block, the inner (node, port) pairs that consume it. */
  readonly inputs: readonly (readonly { readonly node: string; readonly port: number }[])[];
  /** The inner node whose output is the block's output. */
  readonly output: string;
  readonly description?: string;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly meta?: GraphMeta;
  /** The graph's own block types, by name (optional; saved in graph files). */
  readonly blocks?: Readonly<Record<string, CustomBlockDef>>;
}

/**
 * A tensor shape for one sample, channels last as in tfjs: `[H, W, C]` for feature maps,
 * `[N]` for flat vectors. The batch dimension is never included.
 */
export type Shape = readonly number[];

/** Receptive field of a node's output, measured in input pixels. */
export interface ReceptiveField {
  /** Side of the square input window that one output position sees. */
  readonly size: number;
  /** Distance in input pixels between two neighbouring output positions. */
  readonly jump: number;
}

export interface ParamCount {
  readonly trainable: number;
  readonly nonTrainable: number;
}
