/**
 * The contract every block type fulfils. One block type, one file in `lib/blocks/`, listed once in
 * `lib/blocks/index.ts`. Nothing here imports tfjs: building layers lives in `lib/compile`.
 */
import { graphError, type ErrorValues, type GraphErrorCode, type GraphProblem } from '../graph/graph-errors';
import type { GraphEdge, GraphNode, ParamCount, ParamRecord, Shape } from '../graph/types';

export type Category = 'input' | 'layer' | 'block' | 'head';

interface ParamSpecBase {
  /** Short label for forms ("Filters"). */
  readonly label: string;
  /** One sentence of help shown beside the field. */
  readonly help: string;
}

export type ParamSpec =
  | (ParamSpecBase & { readonly kind: 'int'; readonly default: number; readonly min: number; readonly max: number })
  | (ParamSpecBase & { readonly kind: 'float'; readonly default: number; readonly min: number; readonly max: number })
  | (ParamSpecBase & { readonly kind: 'enum'; readonly default: string; readonly options: readonly string[] })
  | (ParamSpecBase & { readonly kind: 'bool'; readonly default: boolean })
  /** The type of another block (used by Repeat). */
  | (ParamSpecBase & { readonly kind: 'block'; readonly default: string })
  /** The params object of the block named by the `block` param (used by Repeat). */
  | (ParamSpecBase & { readonly kind: 'params'; readonly default: ParamRecord });

export type ParamSchema = Readonly<Record<string, ParamSpec>>;

/** How many inputs a block takes, and whether their order matters (it does for Concat). */
export interface PortSpec {
  readonly min: number;
  readonly max: number;
  readonly ordered: boolean;
}

/** Short teaching text shown in the palette tooltip and the inspector. */
export interface Teaching {
  /** What it does, in one or two sentences a student can follow. */
  readonly summary: string;
  /** Where it comes from: paper and year. */
  readonly origin: string;
  /** Its parameter formula in words and symbols, e.g. "k×k×C_in×C_out + C_out". */
  readonly formula: string;
}

/**
 * A shape error a student can act on: what is wrong and what to do, in English (`error`), and as a
 * code with its values for the app to word in the user's language (lib/graph/graph-errors.ts).
 */
export interface ShapeError {
  readonly error: string;
  readonly code: GraphErrorCode;
  readonly values: ErrorValues;
}

/** A shape error from a code and its values (the English is built from them). */
export function shapeError(code: GraphErrorCode, values: ErrorValues = {}): ShapeError {
  return fromProblem(graphError(code, values));
}

/** A graph error as a shape error. */
export function fromProblem(p: GraphProblem): ShapeError {
  return { error: p.message, code: p.code, values: p.values };
}

/** A shape error as a graph error. */
export function toProblem(e: ShapeError): GraphProblem {
  return { code: e.code, values: e.values, message: e.error };
}

export function isShapeError(x: unknown): x is ShapeError {
  return typeof x === 'object' && x !== null && 'error' in x;
}

/**
 * The spatial footprint of a primitive for receptive-field arithmetic.
 * `global` means each output sees the whole input (global pooling, flatten, dense on a map).
 */
export type Footprint = { readonly kernel: number; readonly stride: number; readonly dilation?: number } | 'global';

/**
 * What a block may look up while it is checked, described or expanded: other block types by name.
 * Repeat needs it to find the block it repeats, which may be one of the graph's own blocks
 * (`graph.blocks`). analyse builds it from the graph and passes it down, so no module holds one.
 */
export interface BlockContext {
  /** The spec of a block type: a registry block, one of the graph's own blocks, or undefined. */
  readonly lookup: (type: string) => BlockSpec | undefined;
}

interface SpecBase<P extends ParamRecord> {
  readonly type: string;
  /** Display name ("Conv2D", "Inception module"). */
  readonly name: string;
  readonly category: Category;
  readonly params: ParamSchema;
  readonly ports: PortSpec;
  readonly teach: Teaching;
  /**
   * Key params in a few characters for the node face: "Conv 3×3, 64, s2". Without a context, a
   * block that names another (Repeat) describes itself by that name alone.
   */
  describe(params: P, ctx?: BlockContext): string;
  /**
   * Checks across params that bounds alone cannot express; returns the error or undefined.
   * Without a context, checks that need other blocks (Repeat's) are left to analyse.
   */
  validate?(params: P, ctx?: BlockContext): GraphProblem | undefined;
}

export interface PrimitiveSpec<P extends ParamRecord = ParamRecord> extends SpecBase<P> {
  readonly kind: 'primitive';
  /** Output shape from input shapes, or an error that says how to fix it. */
  inferShape(inputs: readonly Shape[], params: P): Shape | ShapeError;
  /** Weights this layer holds. Called only after inferShape succeeded. */
  countParams(inputs: readonly Shape[], params: P, output: Shape): ParamCount;
  /** Multiply-adds for one sample (conv and dense only; 0 for the rest, as torchvision counts). */
  countFlops(inputs: readonly Shape[], params: P, output: Shape): number;
  /** Spatial footprint for receptive fields; omitted means pointwise (1×1, stride 1). */
  footprint?(params: P, inputs: readonly Shape[]): Footprint;
  /** The parameter formula with live numbers, e.g. "5×5×6×16 + 16 = 2,416". */
  formula?(inputs: readonly Shape[], params: P, output: Shape): string;
}

/** A composite block's inner graph, with local node ids. */
export interface SubGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** For each input port of the block, the inner (node, port) pairs that consume it. */
  readonly inputs: readonly (readonly { readonly node: string; readonly port: number }[])[];
  /** The inner node whose output is the block's output. */
  readonly output: string;
}

export interface CompositeSpec<P extends ParamRecord = ParamRecord> extends SpecBase<P> {
  readonly kind: 'composite';
  /**
   * The inner subgraph of primitives (or other composites) for these params and input shapes.
   * Shapes, params, FLOPs and receptive fields of the block are all derived from it, so the
   * collapsed and expanded forms always agree.
   */
  expand(params: P, inputs: readonly Shape[], ctx: BlockContext): SubGraph | ShapeError;
}

export type BlockSpec<P extends ParamRecord = ParamRecord> = PrimitiveSpec<P> | CompositeSpec<P>;

/** Identity helper that keeps a block's param type while checking it against the contract. */
export function definePrimitive<P extends ParamRecord>(spec: PrimitiveSpec<P>): PrimitiveSpec<P> {
  return spec;
}

export function defineComposite<P extends ParamRecord>(spec: CompositeSpec<P>): CompositeSpec<P> {
  return spec;
}
