/**
 * Filters as pictures: a convolution's kernel, one small image per (input channel, filter) pair.
 * For the first layer each filter is one image over the input's channels (grey or RGB), the view
 * in Krizhevsky et al. 2012's Fig. 3 and Zeiler & Fergus's Fig. 5.
 */
import { say } from '../train/said';
import { VizError, resolveNode, type VizModel } from './model';
import type { NumberMap } from './activations';
import type { ViewText } from './text';

export interface Filters extends NumberMap {
  /** [kernel height, kernel width, input channels per filter, filters], as tfjs holds the kernel. */
  readonly shape: readonly [number, number, number, number];
  readonly node: string;
  readonly primitive: string;
  /** 'depthwise': filter f reads input channel ⌊f / multiplier⌋ only; 'grouped': group ⌊f / (filters/groups)⌋. */
  readonly kind: 'conv' | 'grouped' | 'depthwise';
  readonly groups: number;
  /** True when the filters read the image itself, so each one can be shown as an image over its channels. */
  readonly readsImage: boolean;
}

export const FILTERS_TEXT: ViewText = {
  tab: 'Filters',
  title: 'The weights each filter multiplies its input window by',
  idea: 'A filter is a small grid of weights slid over the input; its output is large where the input looks like the filter. '
    + 'First-layer filters read pixels directly, so they can be drawn as tiny images; deeper filters read other feature maps, '
    + 'so they are drawn as one grey tile per input channel.',
  notice: 'First-layer filters of a trained net look like edge and colour detectors (light next to dark at an angle, blobs); '
    + 'random ones look like noise. Deeper filters are hard to read by eye: the deconvnet and top-9 views show what they respond to.',
  paper: 'Krizhevsky, Sutskever & Hinton, "ImageNet Classification with Deep Convolutional Neural Networks", NIPS 2012 (Fig. 3)',
};

const CONV_TYPES = new Set(['Conv2D', 'GroupedConv2D', 'DepthwiseConv2D']);

/** The kernel of a convolution node, with what is needed to draw it. */
export async function filters(vm: VizModel, nodeId: string): Promise<Filters> {
  const node = resolveNode(vm, nodeId);
  if (!CONV_TYPES.has(node.type)) {
    const inner = node.id !== node.primitive
      ? vm.analysis.order.filter((id) => id.startsWith(node.id + '/') && CONV_TYPES.has(vm.analysis.nodes[id]!.type))
      : [];
    throw new VizError(say('errors.viz.noFilters', {
      node: node.id,
      what: node.id !== node.primitive ? say('errors.viz.aBlock') : say('errors.viz.aType', { type: node.type }),
      choose: inner.length
        ? say('errors.viz.chooseInner', { names: `${inner.slice(0, 6).join(', ')}${inner.length > 6 ? ', …' : ''}` })
        : say('errors.viz.chooseConv'),
    }));
  }
  const layer = vm.model.getLayer(node.layerName);
  const kernel = layer.getWeights()[0]!;
  const [kh, kw, a, b] = kernel.shape as [number, number, number, number];
  const p = node.info.params ?? {};
  const inChannels = node.info.inputShapes[0]![2]!;
  const readsImage = vm.expanded.edges.some((e) => e.target === node.primitive && vm.analysis.nodes[e.source]!.type === 'Input');
  const data = (await kernel.data()) as Float32Array;
  if (node.type === 'DepthwiseConv2D') {
    // tfjs holds [kh, kw, C, multiplier]; as filters: C·multiplier filters of one channel each.
    return { shape: [kh, kw, 1, a * b], data: Float32Array.from(data), node: nodeId, primitive: node.primitive, kind: 'depthwise', groups: inChannels, readsImage };
  }
  const groups = node.type === 'GroupedConv2D' ? Number(p.groups ?? 1) : 1;
  return { shape: [kh, kw, a, b], data: Float32Array.from(data), node: nodeId, primitive: node.primitive, kind: groups > 1 ? 'grouped' : 'conv', groups, readsImage };
}
