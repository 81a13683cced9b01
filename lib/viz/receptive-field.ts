/**
 * Where a unit's receptive field lies in the input: the patch of pixels that position (y, x) of a
 * node's map can see. analyse() gives each node's receptive field size and jump (the distance in
 * input pixels between neighbouring positions); the position of the first unit's window depends on
 * the padding on the way, which this module adds up.
 *
 * Per axis, with c the input coordinate of the centre of unit 0's window (pixel i has its centre
 * at i), a layer of kernel k (dilated: (k−1)·d + 1), stride s and p zeros padded before gives
 *   c' = c + ((k_eff − 1)/2 − p)·jump,   jump' = jump·s,   size' = size + (k_eff − 1)·jump.
 * 'same' padding pads max((out − 1)·s + k_eff − in, 0) in all, the smaller half before (TensorFlow's
 * rule, which tfjs follows); a ZeroPad block pads `padding` before. A global pool or flatten sees
 * the whole map (centre: the map's middle). Where branches meet, the input with the widest field
 * gives the centre, as it gives analyse its size. Unit (y, x) then covers rows
 *   top = c_y + y·jump − (size − 1)/2  …  top + size − 1   (and the same for columns).
 */
import { getBlock } from '../blocks';
import type { Shape } from '../graph/types';
import type { ResolvedNode, VizModel } from './model';

/** A window of the input: rows [top, top + height), columns [left, left + width); it may stick out of the image. */
export interface Box {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/** A node's receptive field: analyse's size and jump, and the centre of unit (0, 0)'s window. */
export interface FieldGeometry {
  readonly size: number;
  readonly jump: number;
  /** Input coordinates (row, column) of the centre of unit (0, 0)'s window. */
  readonly centre: readonly [number, number];
}

const cache = new WeakMap<VizModel, Map<string, FieldGeometry>>();

/** Zeros padded before the data along one axis by a 'same' or 'valid' window. */
function padBefore(padding: unknown, inLen: number, outLen: number, kernel: number, stride: number): number {
  if (padding !== 'same') return 0;
  return Math.floor(Math.max((outLen - 1) * stride + kernel - inLen, 0) / 2);
}

/** The receptive-field geometry of every node of the expanded graph, in topological order. */
export function fieldGeometries(vm: VizModel): Map<string, FieldGeometry> {
  const known = cache.get(vm);
  if (known) return known;
  const into = new Map<string, string[]>();
  for (const e of [...vm.expanded.edges].sort((a, b) => a.targetPort - b.targetPort)) {
    const list = into.get(e.target);
    if (list) list.push(e.source);
    else into.set(e.target, [e.source]);
  }
  const out = new Map<string, FieldGeometry>();
  for (const id of vm.analysis.order) {
    const info = vm.analysis.nodes[id]!;
    const rf = info.receptiveField ?? { size: 1, jump: 1 };
    const sources = into.get(id) ?? [];
    if (sources.length === 0) {
      out.set(id, { size: rf.size, jump: rf.jump, centre: [0, 0] });
      continue;
    }
    // The widest input (a map rather than a vector when both arrive) sets the centre.
    const ins = sources.map((s, i) => ({ g: out.get(s)!, shape: info.inputShapes[i] as Shape }));
    const maps = ins.filter((i) => i.shape.length === 3);
    const base = (maps.length ? maps : ins).reduce((a, b) => (b.g.size > a.g.size ? b : a));
    let [cy, cx] = base.g.centre;
    const jump = base.g.jump;
    const spec = getBlock(info.type);
    const fp = spec?.kind === 'primitive' ? spec.footprint?.(info.params ?? {}, info.inputShapes) : undefined;
    const p = info.params ?? {};
    if (fp === 'global') {
      if (base.shape.length === 3) {
        cy += ((base.shape[0]! - 1) / 2) * jump;
        cx += ((base.shape[1]! - 1) / 2) * jump;
      }
    } else if (fp) {
      const k = (fp.kernel - 1) * (fp.dilation ?? 1) + 1;
      const [inH, inW] = base.shape as [number, number];
      const [outH, outW] = info.outputShape as [number, number];
      cy += ((k - 1) / 2 - padBefore(p.padding, inH, outH, k, fp.stride)) * jump;
      cx += ((k - 1) / 2 - padBefore(p.padding, inW, outW, k, fp.stride)) * jump;
    } else if (info.type === 'ZeroPad') {
      cy -= (p.padding as number) * jump;
      cx -= (p.padding as number) * jump;
    }
    out.set(id, { size: rf.size, jump: rf.jump, centre: [cy, cx] });
  }
  cache.set(vm, out);
  return out;
}

/** The input window unit (y, x) of `node` sees (it may reach past the image's edges). */
export function receptiveBox(vm: VizModel, node: ResolvedNode, y: number, x: number): Box {
  const g = fieldGeometries(vm).get(node.primitive)!;
  const half = (g.size - 1) / 2;
  return { top: g.centre[0] + y * g.jump - half, left: g.centre[1] + x * g.jump - half, height: g.size, width: g.size };
}

/** The part of a box inside an image of h×w. */
export function clipBox(box: Box, h: number, w: number): Box {
  const top = Math.max(0, box.top);
  const left = Math.max(0, box.left);
  return { top, left, height: Math.max(0, Math.min(h, box.top + box.height) - top), width: Math.max(0, Math.min(w, box.left + box.width) - left) };
}

/**
 * Cuts `box` out of an [H, W, C] image held channels last, with zeros where the box reaches past
 * the edges (the padding the network itself saw there).
 */
export function cropBox(data: Float32Array, shape: readonly number[], box: Box): Float32Array {
  const [h, w, c] = shape as [number, number, number];
  const out = new Float32Array(box.height * box.width * c);
  for (let i = 0; i < box.height; i++) {
    const yy = box.top + i;
    if (yy < 0 || yy >= h) continue;
    for (let j = 0; j < box.width; j++) {
      const xx = box.left + j;
      if (xx < 0 || xx >= w) continue;
      for (let k = 0; k < c; k++) out[(i * box.width + j) * c + k] = data[(yy * w + xx) * c + k]!;
    }
  }
  return out;
}
