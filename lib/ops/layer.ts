/**
 * A layer's real numbers for one picture (what the model session sends: its input, its weights,
 * its output) and the worked arithmetic of any one of its output values. Which arithmetic follows
 * from the node's block type and params, never from its name.
 */
import {
  activationOf, batchNormWorked, convWorked, denseWorked, globalAvgWorked, poolWorked,
  type ActivationName, type ActivationWorked, type BatchNormWorked, type ConvKind, type ConvWorked, type DenseWorked,
  type GlobalAvgWorked, type Numbers, type PoolWorked,
} from './arithmetic';
import type { ParamRecord } from '../graph/types';
import { windowGeometry, type WindowGeometry } from './geometry';

/** The weights a layer may hold, by role (tfjs' own names end with these). */
export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'movingMean' | 'movingVariance';

/** One node's numbers for one picture, channels last, without the batch. */
export interface LayerNumbers {
  /** The node asked for (a block's id means its output node). */
  readonly node: string;
  /** The primitive node whose numbers these are. */
  readonly primitive: string;
  /** Its block type (Conv2D, MaxPool, …). */
  readonly type: string;
  /** Its params with defaults filled in. */
  readonly params: ParamRecord;
  /** What arrives at each input port. */
  readonly inputs: readonly Numbers[];
  readonly output: Numbers;
  readonly weights: Partial<Readonly<Record<WeightRole, Numbers>>>;
}

/** The kinds of arithmetic the view can show. */
export type OperationKind = 'conv' | 'dense' | 'pool' | 'global-avg' | 'batchnorm' | 'activation';

/** Which arithmetic a block type has (undefined: none worth showing, such as Flatten or Concat). */
export function operationKind(type: string): OperationKind | undefined {
  switch (type) {
    case 'Conv2D': case 'GroupedConv2D': case 'DepthwiseConv2D': return 'conv';
    case 'Dense': return 'dense';
    case 'MaxPool': case 'AvgPool': return 'pool';
    case 'GlobalAvgPool': return 'global-avg';
    case 'BatchNorm': return 'batchnorm';
    case 'Activation': return 'activation';
    default: return undefined;
  }
}

/** An activation function applied on its own (an Activation node), to output value (position, channel). */
export interface ActivationNodeWorked {
  readonly kind: 'activation';
  readonly c: number;
  readonly activation: ActivationWorked;
  readonly value: number;
}

export type Worked = ConvWorked | DenseWorked | PoolWorked | GlobalAvgWorked | BatchNormWorked | ActivationNodeWorked;

/** The sliding-window geometry of a convolution or pooling node on its input (null for other types). */
export function geometryOf(type: string, params: LayerNumbers['params'], inputShape: readonly number[]): WindowGeometry | null {
  const kind = operationKind(type);
  if ((kind !== 'conv' && kind !== 'pool') || inputShape.length !== 3) return null;
  const kernel = Number(kind === 'pool' ? params.pool : params.kernel);
  const padding = params.padding === 'same' ? 'same' : 'valid';
  return windowGeometry(inputShape[0]!, inputShape[1]!, kernel, Number(params.stride ?? 1), padding, Number(params.dilation ?? 1));
}

/** The position of flat output index `index` (channels last): (y, x, c) for maps, c alone for vectors. */
export function outputPosition(shape: readonly number[], index: number): { y: number; x: number; c: number } {
  const c = index % shape[shape.length - 1]!;
  if (shape.length !== 3) return { y: 0, x: 0, c };
  const p = Math.floor(index / shape[2]!);
  return { y: Math.floor(p / shape[1]!), x: p % shape[1]!, c };
}

/** The flat index of output (y, x, c) of an [H, W, C] map (of unit c of a vector). */
export function outputIndex(shape: readonly number[], y: number, x: number, c: number): number {
  return shape.length === 3 ? (y * shape[1]! + x) * shape[2]! + c : c;
}

function convKind(type: string, params: LayerNumbers['params']): ConvKind {
  if (type === 'DepthwiseConv2D') return { kind: 'depthwise', multiplier: Number(params.depthMultiplier ?? 1) };
  if (type === 'GroupedConv2D' && Number(params.groups ?? 1) > 1) return { kind: 'grouped', groups: Number(params.groups) };
  return { kind: 'conv' };
}

function activationName(params: LayerNumbers['params'], key: string): ActivationName {
  return String(params[key] ?? 'linear') as ActivationName;
}

/**
 * The arithmetic of output value `index` (flat, channels last) of the layer, or null when the
 * node's type has none (see `operationKind`) or its numbers do not have the expected shapes.
 */
export function workedAt(n: LayerNumbers, index: number): Worked | null {
  const kind = operationKind(n.type);
  const input = n.inputs[0];
  if (!kind || !input || index < 0 || index >= n.output.data.length) return null;
  const { y, x, c } = outputPosition(n.output.shape, index);
  switch (kind) {
    case 'conv': {
      const g = geometryOf(n.type, n.params, input.shape);
      if (!g || !n.weights.kernel) return null;
      const fn = activationName(n.params, 'activation');
      if (fn === 'softmax') return null;
      return convWorked(input, n.weights.kernel, n.weights.bias ?? null, g, convKind(n.type, n.params), fn, y, x, c);
    }
    case 'dense':
      if (input.shape.length !== 1 || !n.weights.kernel) return null;
      return denseWorked(input, n.weights.kernel, n.weights.bias ?? null, activationName(n.params, 'activation'), c);
    case 'pool': {
      const g = geometryOf(n.type, n.params, input.shape);
      return g ? poolWorked(input, g, n.type === 'MaxPool' ? 'max' : 'avg', y, x, c) : null;
    }
    case 'global-avg':
      return input.shape.length === 3 ? globalAvgWorked(input, c) : null;
    case 'batchnorm': {
      const { gamma, beta, movingMean, movingVariance } = n.weights;
      if (!movingMean || !movingVariance) return null;
      return batchNormWorked(input.data[index]!, {
        mean: movingMean.data[c]!, variance: movingVariance.data[c]!, gamma: gamma ? gamma.data[c]! : 1, beta: beta ? beta.data[c]! : 0,
        epsilon: Number(n.params.epsilon ?? 0.001),
      }, c);
    }
    case 'activation': {
      // Softmax runs along the last axis: the vector of channels at this position.
      const channels = input.shape[input.shape.length - 1]!;
      const start = index - c;
      const activation = activationOf(activationName(n.params, 'fn'), input.data.subarray(start, start + channels), c);
      return { kind: 'activation', c, activation, value: activation.value };
    }
  }
}
