/**
 * Feature evolution (Zeiler & Fergus 2014, Fig. 4): the same views taken at chosen epochs of one
 * training run, shown side by side as a strip. The training loop calls `snapshot` after the epochs
 * `evolutionEpochs` names and `addSnapshot` keeps the result; `encodeEvolution` gives plain JSON
 * (numbers as base64 float32) to store with the trained weights, `decodeEvolution` reads it back.
 */
import type * as tf from '@tensorflow/tfjs';
import { activations, type NumberMap } from './activations';
import { deconvnet } from './backprop';
import { filters } from './filters';
import { say } from '../train/said';
import { VizError, type VizModel } from './model';
import type { ViewText } from './text';

/** A view to follow through training. The deconvnet view projects the channel's strongest unit for the probe image. */
export type EvolutionView =
  | { readonly kind: 'activations'; readonly node: string }
  | { readonly kind: 'filters'; readonly node: string }
  | { readonly kind: 'deconvnet'; readonly node: string; readonly channel: number };

export interface EvolutionSnapshot {
  /** 1-based: the snapshot taken after this many epochs (0: before training). */
  readonly epoch: number;
  /** One map per view, in the order of `Evolution.views`. */
  readonly maps: readonly NumberMap[];
}

export interface Evolution {
  readonly version: 1;
  /** The probe image every snapshot looks at, [H, W, C]. */
  readonly image: NumberMap;
  readonly views: readonly EvolutionView[];
  /** In epoch order. */
  readonly snapshots: readonly EvolutionSnapshot[];
}

/** Evolution as plain JSON: every array of numbers as base64 of little-endian float32. */
export interface EvolutionJson {
  readonly version: 1;
  readonly image: { readonly shape: readonly number[]; readonly data: string };
  readonly views: readonly EvolutionView[];
  readonly snapshots: readonly { readonly epoch: number; readonly maps: readonly { readonly shape: readonly number[]; readonly data: string }[] }[];
}

export const EVOLUTION_TEXT: ViewText = {
  tab: 'Evolution',
  title: 'The same views after different epochs of training',
  idea: 'Zeiler and Fergus saved the strongest projections of each layer after epochs 1, 2, 5, 10, 20, 30, 40 and 64. '
    + 'Laid side by side, the snapshots show features forming while the network learns.',
  notice: 'The first layers settle within a few epochs; deeper layers keep changing for much longer. Sudden jumps happen when '
    + 'another image becomes the one that excites a unit most.',
  paper: 'Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014 (Fig. 4)',
};

/** Zeiler & Fergus's epochs (1, 2, 5, 10, 20, 30, 40, 64) up to `total`, and `total` itself. */
export function evolutionEpochs(total: number): number[] {
  const out = [1, 2, 5, 10, 20, 30, 40, 64].filter((e) => e <= total);
  if (total >= 1 && out[out.length - 1] !== total) out.push(total);
  return out;
}

/** A new record for `views` of the probe `image` ([H, W, C] channels last), with no snapshot yet. */
export function startEvolution(image: NumberMap, views: readonly EvolutionView[]): Evolution {
  if (views.length === 0) throw new VizError(say('errors.viz.noViews'));
  return { version: 1, image: { shape: [...image.shape], data: Float32Array.from(image.data) }, views: [...views], snapshots: [] };
}

/** Takes every view of `evolution` for the model as it is now, labelled `epoch`. */
export async function snapshot(vm: VizModel, evolution: Evolution, epoch: number, probe?: tf.Tensor): Promise<EvolutionSnapshot> {
  const image = probe ?? evolution.image.data;
  const maps: NumberMap[] = [];
  for (const view of evolution.views) {
    switch (view.kind) {
      case 'activations': {
        const a = await activations(vm, view.node, image);
        maps.push({ shape: a.shape, data: a.data });
        break;
      }
      case 'filters': {
        const f = await filters(vm, view.node);
        maps.push({ shape: f.shape, data: f.data });
        break;
      }
      case 'deconvnet': {
        const d = await deconvnet(vm, image, { node: view.node, channel: view.channel });
        maps.push({ shape: d.shape, data: d.data });
        break;
      }
      default: {
        const never: never = view;
        throw new VizError(`Unknown view ${JSON.stringify(never)}`);
      }
    }
  }
  return { epoch, maps };
}

/** The record with `snap` added, in epoch order (a second snapshot of the same epoch replaces the first). */
export function addSnapshot(evolution: Evolution, snap: EvolutionSnapshot): Evolution {
  if (snap.maps.length !== evolution.views.length) throw new VizError(say('errors.viz.snapshotMaps', { views: evolution.views.length, maps: snap.maps.length }));
  const snapshots = [...evolution.snapshots.filter((s) => s.epoch !== snap.epoch), snap].sort((a, b) => a.epoch - b.epoch);
  return { ...evolution, snapshots };
}

/** One view through the epochs: the frames of the strip. */
export function evolutionStrip(evolution: Evolution, view: number): { epoch: number; map: NumberMap }[] {
  if (!Number.isInteger(view) || view < 0 || view >= evolution.views.length) throw new VizError(say('errors.viz.viewRange', { view, count: evolution.views.length }));
  return evolution.snapshots.map((s) => ({ epoch: s.epoch, map: s.maps[view]! }));
}

function toBase64(data: Float32Array): string {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string, length: number, where: string): Float32Array {
  let s: string;
  try {
    s = atob(text);
  } catch {
    throw new VizError(say('errors.viz.notBase64', { where }));
  }
  if (s.length !== length * 4) throw new VizError(say('errors.viz.base64Length', { where, bytes: s.length, count: length, expected: length * 4 }));
  const view = new DataView(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) view.setUint8(i, s.charCodeAt(i));
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

const encodeMap = (m: NumberMap) => ({ shape: [...m.shape], data: toBase64(m.data) });

function decodeMap(m: unknown, where: string): NumberMap {
  const o = m as { shape?: unknown; data?: unknown } | null;
  if (!o || !Array.isArray(o.shape) || !o.shape.every((d) => Number.isInteger(d) && d >= 0) || typeof o.data !== 'string') {
    throw new VizError(say('errors.viz.notMap', { where }));
  }
  const shape = o.shape as number[];
  return { shape, data: fromBase64(o.data, shape.reduce((a, b) => a * b, 1), where) };
}

/** Plain JSON for storage with the weights (model.json's metadata, IndexedDB). */
export function encodeEvolution(e: Evolution): EvolutionJson {
  return {
    version: 1, image: encodeMap(e.image), views: e.views.map((v) => ({ ...v })),
    snapshots: e.snapshots.map((s) => ({ epoch: s.epoch, maps: s.maps.map(encodeMap) })),
  };
}

/** Reads `encodeEvolution`'s JSON back; throws a VizError saying what is damaged. */
export function decodeEvolution(json: unknown): Evolution {
  const o = json as Partial<EvolutionJson> | null;
  if (!o || o.version !== 1) throw new VizError(say('errors.viz.evolutionVersion'));
  if (!Array.isArray(o.views) || !Array.isArray(o.snapshots)) throw new VizError(say('errors.viz.evolutionParts'));
  const views = o.views.map((v, i) => {
    if (!v || !['activations', 'filters', 'deconvnet'].includes(v.kind) || typeof v.node !== 'string'
      || (v.kind === 'deconvnet' && !Number.isInteger(v.channel))) throw new VizError(say('errors.viz.notView', { index: i }));
    return v;
  });
  const snapshots = o.snapshots.map((s, i) => {
    if (!s || !Number.isInteger(s.epoch) || !Array.isArray(s.maps) || s.maps.length !== views.length) {
      throw new VizError(say('errors.viz.badSnapshot', { index: i, count: views.length }));
    }
    return { epoch: s.epoch, maps: (s.maps as unknown[]).map((m, j) => decodeMap(m, `snapshots[${i}].maps[${j}]`)) };
  });
  return { version: 1, image: decodeMap(o.image, 'image'), views, snapshots };
}
