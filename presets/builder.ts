/**
 * A small helper for writing presets: nodes go down one column in the order they are added
 * (the editor lays graphs out again anyway), each new node is wired to the previous one unless
 * its inputs are named. Presets use the same block types and params a user drags.
 */
import type { Graph, GraphEdge, GraphNode, ParamRecord } from '../lib/graph/types';

/** Vertical distance between two nodes of the column, in canvas units. */
export const Y_STEP = 120;
/** Horizontal offset of a side branch (GoogLeNet's auxiliary heads). */
export const X_BRANCH = 320;

export class PresetBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];
  private readonly ids = new Set<string>();
  private lastId: string | undefined;
  private row = 0;

  /**
   * Adds a node below the last one. `from` names its inputs in port order; by default it takes
   * the previous node (none for the first node). `x` moves it sideways, for side branches.
   * Returns the id so branches can refer to it.
   */
  add(id: string, type: string, params: ParamRecord = {}, opts: { from?: string | readonly string[]; x?: number; label?: string } = {}): string {
    // A duplicate id is a bug in the preset, not a user error: fail loudly in the tests.
    if (this.ids.has(id)) throw new Error(`preset node id '${id}' used twice`);
    this.ids.add(id);
    const node: GraphNode = {
      id, type, params, position: { x: opts.x ?? 0, y: this.row * Y_STEP },
      ...(opts.label ? { label: opts.label } : {}),
    };
    this.nodes.push(node);
    this.row += 1;
    const sources = opts.from === undefined ? (this.lastId ? [this.lastId] : []) : typeof opts.from === 'string' ? [opts.from] : opts.from;
    sources.forEach((source, port) => {
      this.edges.push({ id: `${source}->${id}:${port}`, source, target: id, targetPort: port });
    });
    this.lastId = id;
    return id;
  }

  /** The id of the node added last (the head of the main column). */
  get last(): string {
    if (!this.lastId) throw new Error('preset has no nodes yet');
    return this.lastId;
  }

  /** Makes `id` the node the next `add` wires to by default (back to the main column after a branch). */
  resume(id: string): void {
    if (!this.ids.has(id)) throw new Error(`preset has no node '${id}'`);
    this.lastId = id;
  }

  /** The finished graph, tagged with the preset's id and name. */
  graph(presetId: string, name: string, description?: string): Graph {
    return {
      nodes: [...this.nodes],
      edges: [...this.edges],
      meta: { name, preset: presetId, ...(description ? { description } : {}) },
    };
  }
}

/** Conv2D params with the defaults presets use spelled out (explicit beats implicit in a file a student reads). */
export function conv(
  filters: number, kernel: number,
  opts: { stride?: number; padding?: 'same' | 'valid'; useBias?: boolean; activation?: string } = {},
): ParamRecord {
  return {
    filters, kernel, stride: opts.stride ?? 1, padding: opts.padding ?? 'same', dilation: 1,
    useBias: opts.useBias ?? true, activation: opts.activation ?? 'linear',
  };
}

/** MaxPool / AvgPool params. */
export function pool(size: number, stride: number, padding: 'same' | 'valid' = 'valid'): ParamRecord {
  return { pool: size, stride, padding };
}

/** Dense params. */
export function dense(units: number, activation = 'linear'): ParamRecord {
  return { units, useBias: true, activation };
}

/**
 * The classifier AlexNet introduced and ZFNet and VGG kept: Flatten, hidden dense layers
 * (`fc6`, `fc7`, … with ReLU, each followed by dropout) and a softmax layer.
 */
export function addClassifier(b: PresetBuilder, hidden: readonly number[], classes: number, dropout: number): void {
  b.add('flatten', 'Flatten', {});
  hidden.forEach((units, i) => {
    b.add(`fc${6 + i}`, 'Dense', dense(units, 'relu'));
    if (dropout > 0) b.add(`drop${6 + i}`, 'Dropout', { rate: dropout });
  });
  b.add(`fc${6 + hidden.length}`, 'Dense', dense(classes, 'softmax'));
}
