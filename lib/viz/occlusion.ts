/**
 * Occlusion sensitivity (Zeiler & Fergus 2014, Fig. 7): a grey square slides over the image; at
 * each position the network classifies the covered image. Maps of (a) the probability of the true
 * class, (b) the total activation of one feature map of a chosen layer — the channel with the
 * strongest response in the uncovered image — and (c) the class the network then predicts, one
 * value per position of the square.
 */
import * as tf from '@tensorflow/tfjs';
import { argMax, checkChannel, classCount } from './backprop';
import { say } from '../train/said';
import { VizError, inputShape, lastMapNode, outputNode, resolveNode, runTo, toBatch, type VizModel } from './model';
import type { NumberMap } from './activations';
import type { ViewText } from './text';

export interface OcclusionOptions {
  /** The true class, whose probability is mapped (default: the class predicted for the uncovered image). */
  readonly class?: number;
  /** Side of the square in pixels (default: a quarter of the image's shorter side). */
  readonly size?: number;
  /** Step between positions (default: a quarter of the square, at least 1). */
  readonly stride?: number;
  /** The square's value (default: halfway between the image's darkest and brightest values: grey). */
  readonly fill?: number;
  /** The layer whose feature map is recorded (default: the last map with more than one position). */
  readonly node?: string;
  /** The channel of that layer (default: the one with the strongest activation in the uncovered image). */
  readonly channel?: number;
  /** Covered images per forward pass (default 64). */
  readonly batchSize?: number;
}

export interface Occlusion {
  readonly size: number;
  readonly stride: number;
  readonly fill: number;
  /** Top rows and left columns of the square's positions: map cell (i, j) is the square at (tops[i], lefts[j]). */
  readonly tops: readonly number[];
  readonly lefts: readonly number[];
  readonly class: number;
  /** The class's probability for the uncovered image. */
  readonly baseline: number;
  /** The class's probability with the square at each position, [rows, cols]. */
  readonly probability: NumberMap;
  /** The most probable class with the square at each position, [rows, cols]. */
  readonly predicted: NumberMap;
  readonly activation: {
    readonly node: string;
    readonly primitive: string;
    readonly channel: number;
    /** The channel's total activation (sum over its map) for the uncovered image. */
    readonly baseline: number;
    /** The channel's total activation with the square at each position, [rows, cols]. */
    readonly map: NumberMap;
  };
}

export const OCCLUSION_TEXT: ViewText = {
  tab: 'Occlusion',
  title: 'What happens to the answer when part of the image is hidden',
  idea: 'A grey square is slid over the image and the network classifies every covered version. Where hiding the square makes '
    + 'the true class\'s probability drop, the network was using that part of the image. The second map follows one feature map '
    + 'of a late layer, the one that responds most to the uncovered image.',
  notice: 'A trained net\'s probability drops only when the square covers the strokes that make the digit what it is (the loop of '
    + 'a 6, the bar of a 7); covering the background changes nothing. If the map is flat, the net is looking at context or at nothing.',
  paper: 'Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014 (Fig. 7)',
};

/** Square positions along one axis: every `stride` from 0, and the last one flush with the edge. */
export function squarePositions(length: number, size: number, stride: number): number[] {
  const last = Math.max(0, length - size);
  const out: number[] = [];
  for (let p = 0; p <= last; p += stride) out.push(p);
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/**
 * A map of the square's positions spread over the image, [h, w]: each pixel takes the value of the
 * position whose square's centre is nearest (for drawing the map over the image).
 */
export function occlusionOverImage(o: Pick<Occlusion, 'tops' | 'lefts' | 'size'>, values: ArrayLike<number>, h: number, w: number): Float32Array {
  const nearest = (starts: readonly number[], p: number): number => {
    let best = 0;
    for (let i = 1; i < starts.length; i++) if (Math.abs(starts[i]! + (o.size - 1) / 2 - p) < Math.abs(starts[best]! + (o.size - 1) / 2 - p)) best = i;
    return best;
  };
  const rows = Array.from({ length: h }, (_, y) => nearest(o.tops, y));
  const cols = Array.from({ length: w }, (_, x) => nearest(o.lefts, x));
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = values[rows[y]! * o.lefts.length + cols[x]!]!;
  return out;
}

/** Slides a grey square over `image` and maps the true class's probability and a feature map's total. */
export async function occlusion(vm: VizModel, image: tf.Tensor | Float32Array, options: OcclusionOptions = {}): Promise<Occlusion> {
  const [h, w] = inputShape(vm);
  const size = options.size ?? Math.max(1, Math.round(Math.min(h, w) / 4));
  if (!Number.isInteger(size) || size < 1 || size > Math.min(h, w)) throw new VizError(say('errors.viz.squareSize', { max: Math.min(h, w), size }));
  const stride = options.stride ?? Math.max(1, Math.round(size / 4));
  if (!Number.isInteger(stride) || stride < 1) throw new VizError(say('errors.viz.squareStride', { stride }));
  const batchSize = options.batchSize ?? 64;
  const layerNode = options.node !== undefined ? resolveNode(vm, options.node) : lastMapNode(vm);
  if (layerNode.type === 'Input') throw new VizError(say('errors.viz.isInput', { node: layerNode.id }));
  if (options.channel !== undefined) checkChannel(layerNode, options.channel);
  const out = outputNode(vm);
  const x = toBatch(vm, image);
  try {
    const pixels = (await x.data()) as Float32Array;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of pixels) { if (v < lo) lo = v; if (v > hi) hi = v; }
    const fill = options.fill ?? (lo + hi) / 2;

    // The uncovered image: its class and the channel to follow.
    const [probs0, act0] = runTo(vm, [out, layerNode], x);
    const p0 = (await probs0!.data()) as Float32Array;
    const a0 = (await act0!.data()) as Float32Array;
    tf.dispose([probs0!, act0!]);
    const k = classCount(vm);
    const cls = options.class ?? argMax(p0);
    if (!Number.isInteger(cls) || cls < 0 || cls >= k) throw new VizError(say('errors.viz.classRange', { class: cls, count: k, last: k - 1 }));
    const channels = layerNode.shape[layerNode.shape.length - 1]!;
    let channel = options.channel;
    if (channel === undefined) {
      const peak = new Float32Array(channels).fill(-Infinity);
      for (let i = 0; i < a0.length; i++) if (a0[i]! > peak[i % channels]!) peak[i % channels] = a0[i]!;
      channel = argMax(peak);
    }
    const total = (a: Float32Array, offset: number, per: number): number => {
      let s = 0;
      for (let i = offset + channel!; i < offset + per; i += channels) s += a[i]!;
      return s;
    };
    const perImage = a0.length;

    const tops = squarePositions(h, size, stride);
    const lefts = squarePositions(w, size, stride);
    const n = tops.length * lefts.length;
    const probability = new Float32Array(n);
    const predicted = new Float32Array(n);
    const activation = new Float32Array(n);
    for (let start = 0; start < n; start += batchSize) {
      const b = Math.min(batchSize, n - start);
      // Where the square is: 1 keeps the pixel, 0 replaces it by the fill.
      const keepMask = new Float32Array(b * h * w).fill(1);
      for (let i = 0; i < b; i++) {
        const pos = start + i;
        const top = tops[Math.floor(pos / lefts.length)]!;
        const left = lefts[pos % lefts.length]!;
        for (let yy = top; yy < top + size; yy++) keepMask.fill(0, (i * h + yy) * w + left, (i * h + yy) * w + left + size);
      }
      const covered = tf.tidy(() => {
        const m = tf.tensor4d(keepMask, [b, h, w, 1]);
        return tf.add(tf.mul(x, m), tf.mul(tf.sub(1, m), fill)) as tf.Tensor4D;
      });
      const [probs, acts] = runTo(vm, [out, layerNode], covered);
      covered.dispose();
      const p = (await probs!.data()) as Float32Array;
      const a = (await acts!.data()) as Float32Array;
      tf.dispose([probs!, acts!]);
      for (let i = 0; i < b; i++) {
        probability[start + i] = p[i * k + cls]!;
        predicted[start + i] = argMax(p.subarray(i * k, (i + 1) * k));
        activation[start + i] = total(a, i * perImage, perImage);
      }
    }
    const shape = [tops.length, lefts.length];
    return {
      size, stride, fill, tops, lefts, class: cls, baseline: p0[cls]!,
      probability: { shape, data: probability },
      predicted: { shape, data: predicted },
      activation: {
        node: layerNode.id, primitive: layerNode.primitive, channel, baseline: total(a0, 0, perImage),
        map: { shape, data: activation },
      },
    };
  } finally {
    x.dispose();
  }
}
