/**
 * One builder per primitive block type: the tfjs layer(s) a node becomes. Keyed by the registry's
 * block types with `satisfies`, so a primitive added to lib/blocks without a builder here is a
 * type error. Composite blocks have no builder: compile() expands them into primitives first.
 *
 * Each builder makes exactly one tfjs layer, named `ctx.name` (the node id, see compile.ts), whose
 * output is the node's output, so the layer's weights and output shape are the node's.
 */
import * as tf from '@tensorflow/tfjs';
import type { BLOCKS, BlockType } from '../blocks';
import type { PrimitiveSpec } from '../blocks/spec';
import type { Shape } from '../graph/types';
import { GroupedConv2DLayer, LRNLayer, type ActivationName } from './custom-layers';

/** What a builder gets: the node's layer name, its inputs in port order, params and shape. */
export interface BuildContext<P> {
  /** The tfjs layer name for this node (its id, made valid for tfjs). */
  readonly name: string;
  /** Symbolic tensors feeding the node, in port order. */
  readonly inputs: readonly tf.SymbolicTensor[];
  /** Params resolved by analyse (defaults filled in, validated). */
  readonly params: P;
  /** analyse's output shape for the node (no batch dimension). */
  readonly outputShape: Shape;
  /** Kernel initialiser: Glorot uniform (tfjs' default), seeded when compile() was given a seed. */
  readonly kernelInitializer: tf.serialization.Serializable & ReturnType<typeof tf.initializers.glorotUniform>;
  /** The seed behind `kernelInitializer`, for custom layers that create their own. */
  readonly seed: number | undefined;
}

type Builder<P> = (ctx: BuildContext<P>) => tf.SymbolicTensor;

type Registry = typeof BLOCKS;
/** Block types whose spec is a primitive (composites compile through their expansion). */
export type PrimitiveType = { [K in BlockType]: Registry[K] extends { kind: 'primitive' } ? K : never }[BlockType];
type ParamsOf<K extends PrimitiveType> = Registry[K] extends PrimitiveSpec<infer P> ? P : never;

function one(ctx: BuildContext<unknown>): tf.SymbolicTensor {
  return ctx.inputs[0]!;
}

function apply(layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(input) as tf.SymbolicTensor;
}

/** tfjs-layers knows these activation names as strings; 'linear' is its identity. */
function activation(name: string): ActivationName {
  return name as ActivationName;
}

export const BUILDERS = {
  Input: (ctx) => {
    const s = ctx.params;
    return tf.input({ shape: [s.height, s.width, s.channels], name: ctx.name });
  },

  Conv2D: (ctx) => {
    const p = ctx.params;
    if (p.dilation > 1) {
      // tfjs cannot differentiate its dilated conv; the custom layer does the same maths.
      return apply(new GroupedConv2DLayer({
        name: ctx.name, filters: p.filters, kernel: p.kernel, stride: p.stride, padding: p.padding, dilation: p.dilation,
        groups: 1, useBias: p.useBias, activation: activation(p.activation), seed: ctx.seed,
      }), one(ctx));
    }
    return apply(tf.layers.conv2d({
      name: ctx.name, filters: p.filters, kernelSize: p.kernel, strides: p.stride, padding: p.padding,
      useBias: p.useBias, activation: activation(p.activation) as never, kernelInitializer: ctx.kernelInitializer,
    }), one(ctx));
  },

  DepthwiseConv2D: (ctx) => {
    const p = ctx.params;
    return apply(tf.layers.depthwiseConv2d({
      name: ctx.name, kernelSize: p.kernel, strides: p.stride, padding: p.padding, depthMultiplier: p.depthMultiplier,
      useBias: p.useBias, activation: activation(p.activation) as never, depthwiseInitializer: ctx.kernelInitializer,
    }), one(ctx));
  },

  GroupedConv2D: (ctx) => {
    const p = ctx.params;
    return apply(new GroupedConv2DLayer({
      name: ctx.name, filters: p.filters, kernel: p.kernel, stride: p.stride, padding: p.padding, dilation: 1,
      groups: p.groups, useBias: p.useBias, activation: activation(p.activation), seed: ctx.seed,
    }), one(ctx));
  },

  Dense: (ctx) => {
    const p = ctx.params;
    return apply(tf.layers.dense({
      name: ctx.name, units: p.units, useBias: p.useBias, activation: activation(p.activation) as never,
      kernelInitializer: ctx.kernelInitializer,
    }), one(ctx));
  },

  BatchNorm: (ctx) => apply(tf.layers.batchNormalization({
    name: ctx.name, axis: -1, epsilon: ctx.params.epsilon, momentum: ctx.params.momentum,
  }), one(ctx)),

  Activation: (ctx) => apply(tf.layers.activation({ name: ctx.name, activation: activation(ctx.params.fn) as never }), one(ctx)),

  MaxPool: (ctx) => apply(tf.layers.maxPooling2d({
    name: ctx.name, poolSize: ctx.params.pool, strides: ctx.params.stride, padding: ctx.params.padding,
  }), one(ctx)),

  AvgPool: (ctx) => apply(tf.layers.averagePooling2d({
    name: ctx.name, poolSize: ctx.params.pool, strides: ctx.params.stride, padding: ctx.params.padding,
  }), one(ctx)),

  GlobalAvgPool: (ctx) => apply(tf.layers.globalAveragePooling2d({ name: ctx.name }), one(ctx)),

  Flatten: (ctx) => apply(tf.layers.flatten({ name: ctx.name }), one(ctx)),

  Dropout: (ctx) => apply(tf.layers.dropout({ name: ctx.name, rate: ctx.params.rate }), one(ctx)),

  LRN: (ctx) => apply(new LRNLayer({ name: ctx.name, ...ctx.params }), one(ctx)),

  ZeroPad: (ctx) => {
    const { padding: p, bottom, right } = ctx.params;
    return apply(tf.layers.zeroPadding2d({ name: ctx.name, padding: [[p, p + bottom], [p, p + right]] }), one(ctx));
  },

  Add: (ctx) => apply(tf.layers.add({ name: ctx.name }), [...ctx.inputs]),

  // Channels last: the last axis, in port order.
  Concat: (ctx) => apply(tf.layers.concatenate({ name: ctx.name, axis: -1 }), [...ctx.inputs]),

  // tfjs' Multiply broadcasts a [C] or [1, 1, C] vector over an [H, W, C] map (it expands the
  // lower-rank input at axis 1, as Keras does), which is the SE block's channel scaling.
  Multiply: (ctx) => apply(tf.layers.multiply({ name: ctx.name }), [...ctx.inputs]),
} satisfies { [K in PrimitiveType]: Builder<ParamsOf<K>> };

/** The builder of a primitive block type, or undefined for composites and unknown types. */
export function getBuilder(type: string): Builder<unknown> | undefined {
  return Object.prototype.hasOwnProperty.call(BUILDERS, type)
    ? (BUILDERS as Record<string, Builder<unknown>>)[type]
    : undefined;
}
