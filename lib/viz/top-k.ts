/**
 * The top-9 (Zeiler & Fergus 2014, Fig. 2): over a set of images, the ones that excite a channel
 * most (each image counted once, at its strongest position), each with the image patch the
 * unit's receptive field covers and the deconvnet projection of that activation, cut to the same
 * patch.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, Split } from '../train/datasets/types';
import { checkChannel, project } from './backprop';
import { say } from '../train/said';
import { VizError, inputShape, isMap, resolveNode, runTo, toBatch, type ResolvedNode, type VizModel } from './model';
import type { NumberMap } from './activations';
import { cropBox, receptiveBox, type Box } from './receptive-field';
import type { ViewText } from './text';

/** Images to search: a batch tensor [N, H, W, C] (kept by the caller), or a split of a dataset. */
export type ImageSource = tf.Tensor4D | { readonly dataset: Dataset; readonly split?: Split; readonly limit?: number };

export interface TopOptions {
  /** How many images to keep (default 9). */
  readonly k?: number;
  /** Images per forward pass (default 256). */
  readonly batchSize?: number;
  /** Also compute each hit's deconvnet projection (default true). */
  readonly projections?: boolean;
}

export interface TopHit {
  /** The image's index in the source. */
  readonly index: number;
  /** Its label, when the source is a dataset. */
  readonly label?: number;
  /** The channel's strongest activation in this image, and where it is. */
  readonly value: number;
  readonly y: number;
  readonly x: number;
  /** The unit's receptive field in the image (it may reach past the edges). */
  readonly box: Box;
  /** The image cut to the box, [height, width, C], zeros outside the image. */
  readonly patch: NumberMap;
  /** The deconvnet projection of this activation, cut to the box. */
  readonly projection?: NumberMap;
}

export interface TopActivations {
  readonly node: string;
  readonly primitive: string;
  readonly channel: number;
  /** Images searched. */
  readonly searched: number;
  /** Strongest first; ties keep the lower index first. */
  readonly hits: readonly TopHit[];
}

export const TOP9_TEXT: ViewText = {
  tab: 'Top 9',
  title: 'The nine test images that excite this channel most, and the part of each that does',
  idea: 'Every test image is run through the network; for this channel, the images with the strongest activation anywhere are kept. '
    + 'Beside each, the patch of the image the unit can see (its receptive field) and the deconvnet projection of that activation.',
  notice: 'In a trained net the nine patches share something — a stroke direction, a curve, an ending — even when the digits differ: '
    + 'that is what the channel detects. Deeper layers have larger patches and more varied, more abstract shared parts.',
  paper: 'Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014 (Fig. 2)',
};

interface Candidate { index: number; value: number; y: number; x: number; label?: number }

/** Inserts into a list kept sorted strongest first and at most k long (earlier indexes win ties). */
function offer(list: Candidate[], c: Candidate, k: number): void {
  if (list.length === k && !(c.value > list[k - 1]!.value)) return;
  let i = list.length;
  while (i > 0 && c.value > list[i - 1]!.value) i--;
  list.splice(i, 0, c);
  if (list.length > k) list.pop();
}

/** Batches of the source, each freed after use. */
function* batchesOf(source: ImageSource, batchSize: number): Generator<{ xs: tf.Tensor4D; labels?: Int32Array; dispose: () => void }> {
  if (source instanceof tf.Tensor) {
    const n = source.shape[0];
    for (let start = 0; start < n; start += batchSize) {
      const xs = tf.slice(source, [start, 0, 0, 0], [Math.min(batchSize, n - start), -1, -1, -1]);
      yield { xs, dispose: () => xs.dispose() };
    }
    return;
  }
  let seen = 0;
  const limit = source.limit ?? Infinity;
  for (const batch of source.dataset.batches(source.split ?? 'test', { batchSize, shuffle: false })) {
    if (seen >= limit) { batch.xs.dispose(); batch.ys.dispose(); break; }
    const take = Math.min(batch.size, limit - seen);
    const xs = take < batch.size ? tf.slice(batch.xs, [0, 0, 0, 0], [take, -1, -1, -1]) : batch.xs;
    seen += take;
    yield {
      xs, labels: batch.labels.subarray(0, take),
      dispose: () => { if (xs !== batch.xs) xs.dispose(); batch.xs.dispose(); batch.ys.dispose(); },
    };
  }
}

/** One image of the source as [1, H, W, C]. */
function imageAt(vm: VizModel, source: ImageSource, index: number): tf.Tensor4D {
  if (source instanceof tf.Tensor) return tf.slice(source, [index, 0, 0, 0], [1, -1, -1, -1]);
  return toBatch(vm, source.dataset.sample(source.split ?? 'test', index).pixels);
}

/** Per image of a batch, the channel's strongest value and its flat position in the map. */
function strongest(vm: VizModel, node: ResolvedNode, channel: number, xs: tf.Tensor4D): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const [y] = runTo(vm, [node], xs);
    const b = xs.shape[0];
    const flat = isMap(node)
      ? tf.reshape(tf.slice(y!, [0, 0, 0, channel], [-1, -1, -1, 1]), [b, -1])
      : tf.slice(y!, [0, channel], [-1, 1]);
    return [tf.max(flat, 1), tf.argMax(flat, 1)];
  });
}

/**
 * The `k` images of `source` that excite channel `channel` of node `nodeId` most, with their
 * receptive-field patches and deconvnet projections.
 */
export async function topActivations(vm: VizModel, nodeId: string, channel: number, source: ImageSource, options: TopOptions = {}): Promise<TopActivations> {
  const node = resolveNode(vm, nodeId);
  if (node.type === 'Input') throw new VizError(say('errors.viz.isInput', { node: node.id }));
  checkChannel(node, channel);
  const k = options.k ?? 9;
  if (!Number.isInteger(k) || k < 1) throw new VizError(say('errors.viz.topK', { k }));
  const [, w] = isMap(node) ? (node.shape as [number, number, number]) : [1, 1];
  const best: Candidate[] = [];
  let searched = 0;
  for (const batch of batchesOf(source, options.batchSize ?? 256)) {
    try {
      const [values, places] = strongest(vm, node, channel, batch.xs);
      const v = (await values.data()) as Float32Array;
      const at = (await places.data()) as Int32Array;
      tf.dispose([values, places]);
      for (let i = 0; i < v.length; i++) {
        offer(best, { index: searched + i, value: v[i]!, y: Math.floor(at[i]! / w), x: at[i]! % w, ...(batch.labels ? { label: batch.labels[i]! } : {}) }, k);
      }
      searched += v.length;
    } finally {
      batch.dispose();
    }
  }
  const [H, W, C] = inputShape(vm);
  const hits: TopHit[] = [];
  for (const c of best) {
    const box = isMap(node) ? receptiveBox(vm, node, c.y, c.x) : { top: 0, left: 0, height: H, width: W };
    const x = imageAt(vm, source, c.index);
    try {
      const pixels = (await x.data()) as Float32Array;
      const patch = { shape: [box.height, box.width, C], data: cropBox(pixels, [H, W, C], box) };
      let projection: NumberMap | undefined;
      if (options.projections ?? true) {
        const p = project(vm, x, { kind: 'unit', node: nodeId, primitive: node.primitive, channel, y: c.y, x: c.x, value: c.value }, 'deconvnet');
        const data = (await p.tensor.data()) as Float32Array;
        p.tensor.dispose();
        projection = { shape: [box.height, box.width, C], data: cropBox(data, [H, W, C], box) };
      }
      hits.push({ index: c.index, ...(c.label !== undefined ? { label: c.label } : {}), value: c.value, y: c.y, x: c.x, box, patch, ...(projection ? { projection } : {}) });
    } finally {
      x.dispose();
    }
  }
  return { node: nodeId, primitive: node.primitive, channel, searched, hits };
}
