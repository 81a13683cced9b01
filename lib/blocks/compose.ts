/**
 * Pieces the composite blocks (Residual, ResNeXt, DenseBlock, Transition, SE, MBConv) build their
 * inner graphs from: conv/BN/activation params spelled out in full, and the squeeze-and-excitation
 * branch they share. Only composites use this file; primitives never do.
 */
import type { ParamRecord } from '../graph/types';
import type { SubGraphBuilder } from './subgraph';

/**
 * BatchNorm as torchvision builds it (eps 1e-5, PyTorch momentum 0.1, which is Keras' 0.9), since
 * the composites follow torchvision's models and their published numbers.
 */
export const TORCH_BN: ParamRecord = { epsilon: 1e-5, momentum: 0.9 };

/** Horizontal and vertical spacing of inner nodes, so an opened block reads top to bottom. */
export const COL = 220;
export const ROW = 90;

/**
 * Conv2D params for a conv followed by BatchNorm: no bias (BN's β replaces it, as in torchvision),
 * no activation (it comes after the BN), "same" padding (torchvision pads k//2, which gives the
 * same output size).
 */
export function convNoBias(filters: number, kernel: number, stride = 1): ParamRecord {
  return { filters, kernel, stride, padding: 'same', dilation: 1, useBias: false, activation: 'linear' };
}

/** GroupedConv2D params for ResNeXt's 3×3, followed by BatchNorm (so no bias). */
export function groupedNoBias(filters: number, kernel: number, stride: number, groups: number): ParamRecord {
  return { filters, kernel, stride, padding: 'same', groups, useBias: false, activation: 'linear' };
}

/** DepthwiseConv2D params for MBConv's k×k, followed by BatchNorm (so no bias). */
export function depthwiseNoBias(kernel: number, stride: number): ParamRecord {
  return { kernel, stride, padding: 'same', depthMultiplier: 1, useBias: false, activation: 'linear' };
}

/**
 * Adds `name`, `name`_bn and (unless `fn` is undefined) `name`_act below `source` in column `x`,
 * starting at row `y`. Returns the last node's id.
 */
export function convBnAct(
  b: SubGraphBuilder, source: string | undefined, name: string, type: string, params: ParamRecord,
  fn: string | undefined, x: number, y: number,
): string {
  const conv = b.node(name, type, params, x, y);
  if (source !== undefined) b.edge(source, conv);
  const bn = b.chain(conv, b.node(`${name}_bn`, 'BatchNorm', TORCH_BN, x, y + ROW));
  return fn === undefined ? bn : b.chain(bn, b.node(`${name}_${fn}`, 'Activation', { fn }, x, y + 2 * ROW));
}

/** Where a block's input goes inside it: the (node, port) pairs that consume it. */
export type Consumers = { node: string; port: number }[];

/**
 * The squeeze-and-excitation branch on the map coming out of `source` (with `channels` channels):
 * GlobalAvgPool → Dense(`squeeze`, `fn`, bias) → Dense(`channels`, sigmoid, bias) → Multiply with
 * the map. Dense layers on the pooled vector hold the same weights as the 1×1 convs torchvision
 * uses. With `source` undefined the map is the block's own input, and `consumers` says where it
 * enters. Node ids start with `prefix`.
 */
export function squeezeExcite(
  b: SubGraphBuilder, source: string | undefined, prefix: string, channels: number, squeeze: number, fn: string, x: number, y: number,
): { output: string; consumers: Consumers } {
  const pool = b.node(`${prefix}pool`, 'GlobalAvgPool', {}, x + COL, y);
  const reduce = b.chain(pool, b.node(`${prefix}reduce`, 'Dense', { units: squeeze, useBias: true, activation: fn }, x + COL, y + ROW));
  const expand = b.chain(reduce, b.node(`${prefix}expand`, 'Dense', { units: channels, useBias: true, activation: 'sigmoid' }, x + COL, y + 2 * ROW));
  const scale = b.node(`${prefix}scale`, 'Multiply', {}, x, y + 3 * ROW);
  b.edge(expand, scale, 1);
  if (source !== undefined) {
    b.edge(source, pool);
    b.edge(source, scale, 0);
  }
  return { output: scale, consumers: [{ node: pool, port: 0 }, { node: scale, port: 0 }] };
}
