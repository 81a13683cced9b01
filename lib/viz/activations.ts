/**
 * Feature maps: the output of any node for one input image, every channel, with each channel's
 * minimum, maximum, mean and share of zeros.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveNode, runTo, toBatch, type VizModel } from './model';
import type { ViewText } from './text';

/** Numbers of one array, channels last, without the batch: [H, W, C] for maps, [units] for vectors. */
export interface NumberMap {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface ChannelStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Share of the channel's values that are exactly 0 (dead or switched-off ReLU units). */
  readonly zeroShare: number;
}

export interface Activations extends NumberMap {
  /** The node asked for. */
  readonly node: string;
  /** The expanded node whose output this is (a composite's inner output node). */
  readonly primitive: string;
  /** One entry per channel (the last axis); a vector's units are its channels. */
  readonly channels: readonly ChannelStats[];
}

export const ACTIVATIONS_TEXT: ViewText = {
  tab: 'Feature maps',
  title: 'What each channel of this layer computes for this image',
  idea: 'A convolutional layer applies each of its filters at every position of its input; the result is one map per filter. '
    + 'Bright (or red) where the filter\'s pattern is present, zero where a ReLU switched it off.',
  notice: 'Early layers respond to edges and strokes at the places you can see in the image; deeper layers respond to larger, '
    + 'more abstract parts on coarser grids. A channel that is zero everywhere for every image is a dead unit.',
  paper: 'Zeiler & Fergus, "Visualizing and Understanding Convolutional Networks", ECCV 2014',
};

/** min, max, mean and share of zeros of each channel of a channels-last array. */
export function channelStats(data: Float32Array, channels: number): ChannelStats[] {
  const n = data.length / channels;
  const out: ChannelStats[] = [];
  for (let c = 0; c < channels; c++) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let zeros = 0;
    for (let i = c; i < data.length; i += channels) {
      const v = data[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      if (v === 0) zeros++;
    }
    out.push({ min, max, mean: sum / n, zeroShare: zeros / n });
  }
  return out;
}

/**
 * The output of node `nodeId` for `image` ([H, W, C] or [1, H, W, C] tensor, or H·W·C pixels),
 * channels last, with per-channel statistics. Runs the model only as far as the node.
 */
export async function activations(vm: VizModel, nodeId: string, image: tf.Tensor | Float32Array): Promise<Activations> {
  const node = resolveNode(vm, nodeId);
  const x = toBatch(vm, image);
  let y: tf.Tensor | undefined;
  try {
    [y] = runTo(vm, [node], x);
    const data = (await y!.data()) as Float32Array;
    const shape = y!.shape.slice(1);
    return { node: nodeId, primitive: node.primitive, shape, data, channels: channelStats(data, shape[shape.length - 1]!) };
  } finally {
    x.dispose();
    y?.dispose();
  }
}
