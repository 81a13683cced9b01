/**
 * Grad-CAM (Selvaraju et al. 2017): where in the image the evidence for a class lies, at the
 * resolution of a late feature map A (by default the last map with more than one position: the
 * output of the last convolutional block).
 *
 *   α_k = mean over positions (i, j) of ∂y^c/∂A^k_ij     (y^c: the class score before the softmax)
 *   L   = ReLU(Σ_k α_k A^k)                              ([h, w] at the map's resolution)
 *
 * and L resized to the input (bilinear) to lay over the image.
 */
import * as tf from '@tensorflow/tfjs';
import { argMax, classCount, logits } from './backprop';
import { say } from '../train/said';
import { VizError, classOutputIndex, inputShape, isMap, lastMapNode, leadsTo, outputNode, resolveNode, toBatch, type VizModel } from './model';
import type { NumberMap } from './activations';
import { withLayerChanges } from './rules';
import type { ViewText } from './text';

export interface GradCam {
  readonly node: string;
  readonly primitive: string;
  readonly class: number;
  /** The class score before the softmax. */
  readonly score: number;
  /** α_k, one weight per channel of the map. */
  readonly weights: Float32Array;
  /** ReLU(Σ α_k A^k) at the map's resolution, [h, w]. */
  readonly map: NumberMap;
  /** The same map resized to the input, [H, W] (bilinear, corners aligned). */
  readonly upsampled: NumberMap;
}

export const GRADCAM_TEXT: ViewText = {
  tab: 'Grad-CAM',
  title: 'Where the evidence for the class lies, seen by the last convolutional block',
  idea: 'Grad-CAM weighs each channel of a late feature map by how much the class score rises when that channel rises '
    + '(its average gradient), adds the weighted maps and keeps the positive part. Late maps are coarse but know about classes.',
  notice: 'The map is as coarse as the layer (5×5 for LeNet-5\'s last block): a blob, not an outline. Ask for another class to see '
    + 'where the evidence for it would be. On a random network the map is arbitrary.',
  paper: 'Selvaraju et al., "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization", ICCV 2017',
};

/**
 * Grad-CAM for `options.class` (default: the predicted class) on `options.node`'s map (default:
 * the last map with more than one position).
 */
export async function gradCam(vm: VizModel, image: tf.Tensor | Float32Array, options: { node?: string; class?: number } = {}): Promise<GradCam> {
  const node = options.node !== undefined ? resolveNode(vm, options.node) : lastMapNode(vm);
  if (!isMap(node) || node.type === 'Input') {
    throw new VizError(say('errors.viz.gradCamMap', {
      node: node.id, what: node.type === 'Input' ? say('errors.viz.theInput') : say('errors.viz.aVector', { count: String(node.shape[0]) }),
    }));
  }
  const out = outputNode(vm);
  if (!leadsTo(vm, node.primitive, out.primitive)) {
    throw new VizError(say('errors.viz.gradCamFeeds', { node: node.id, output: out.id }));
  }
  const x = toBatch(vm, image);
  const keep: tf.Tensor[] = [];
  try {
    const z = logits(vm, x);
    keep.push(z);
    const scores = (await z.data()) as Float32Array;
    const c = options.class ?? argMax(scores);
    const k = classCount(vm);
    if (!Number.isInteger(c) || c < 0 || c >= k) throw new VizError(say('errors.viz.classRange', { class: c, count: k, last: k - 1 }));
    const layer = vm.model.getLayer(node.layerName);
    const [h, w, channels] = node.shape as [number, number, number];
    let feature: tf.Tensor | undefined;
    // The gradient with respect to A: A gets a zero tap added, whose gradient is A's.
    const tap = tf.zeros([1, h, w, channels]);
    keep.push(tap);
    const grad = tf.tidy(() => withLayerChanges(vm.model, {
      logits: vm.model.outputs.map((o) => o.sourceLayer as tf.layers.Layer),
      taps: new Map([[layer, tap]]),
      plain: true,
      onTap: (_l, out) => { feature = tf.keep(out.clone()); },
    }, () => tf.grad((t: tf.Tensor) => {
      void t;
      const y = vm.model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
      return tf.sum(tf.slice((Array.isArray(y) ? y[classOutputIndex(vm)]! : y) as tf.Tensor2D, [0, c], [1, 1]));
    })(tap)));
    keep.push(grad);
    if (!feature) throw new Error(`Grad-CAM: the layer ${node.layerName} did not run`);
    const a = feature as tf.Tensor;
    keep.push(a);
    const weights = tf.tidy(() => tf.mean(grad, [0, 1, 2]));
    keep.push(weights);
    const cam = tf.tidy(() => tf.relu(tf.sum(tf.mul(a, weights), 3)).reshape([h, w]));
    keep.push(cam);
    const [H, W] = inputShape(vm);
    const up = tf.tidy(() => tf.image.resizeBilinear(cam.reshape([1, h, w, 1]) as tf.Tensor4D, [H, W], true).reshape([H, W]));
    keep.push(up);
    return {
      node: node.id, primitive: node.primitive, class: c, score: scores[c]!,
      weights: (await weights.data()) as Float32Array,
      map: { shape: [h, w], data: (await cam.data()) as Float32Array },
      upsampled: { shape: [H, W], data: (await up.data()) as Float32Array },
    };
  } finally {
    x.dispose();
    tf.dispose(keep);
  }
}
