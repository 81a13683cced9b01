/**
 * The block registry: one explicit object listing every block type. The `BlockType` union is
 * derived from it, so a type missing here is a compile error wherever blocks are switched on.
 */
import { add } from './add';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { inception } from './inception';
import { residual } from './residual';
import { resnext } from './resnext';
import { denseBlock } from './denseblock';
import { transition } from './transition';
import { se } from './se';
import { mbconv } from './mbconv';
import { repeat } from './repeat';
import { input } from './input';
import { concat } from './concat';
import { maxPool } from './maxpool';
import { batchNorm } from './batchnorm';
import { activation } from './activation';
import { globalAvgPool } from './globalavgpool';
import { multiply } from './multiply';
import { depthwiseConv2d } from './depthwiseconv2d';
import { groupedConv2d } from './groupedconv2d';
import { avgPool } from './avgpool';
import { flatten } from './flatten';
import { dropout } from './dropout';
import { lrn } from './lrn';
import { zeroPad } from './zeropad';
import type { ParamRecord } from '../graph/types';
import type { BlockSpec } from './spec';

export const BLOCKS = {
  Input: input,
  Conv2D: conv2d,
  Dense: dense,
  Add: add,
  MaxPool: maxPool,
  Concat: concat,
  BatchNorm: batchNorm,
  Activation: activation,
  GlobalAvgPool: globalAvgPool,
  Multiply: multiply,
  DepthwiseConv2D: depthwiseConv2d,
  GroupedConv2D: groupedConv2d,
  AvgPool: avgPool,
  Flatten: flatten,
  Dropout: dropout,
  LRN: lrn,
  ZeroPad: zeroPad,
  Inception: inception,
  Residual: residual,
  ResNeXt: resnext,
  DenseBlock: denseBlock,
  Transition: transition,
  SE: se,
  MBConv: mbconv,
  Repeat: repeat,
} as const;

export type BlockType = keyof typeof BLOCKS;

export function isBlockType(type: string): type is BlockType {
  return Object.prototype.hasOwnProperty.call(BLOCKS, type);
}

/** The spec of a block type, or undefined for an unknown type. */
export function getBlock(type: string): BlockSpec<ParamRecord> | undefined {
  return isBlockType(type) ? (BLOCKS[type] as unknown as BlockSpec<ParamRecord>) : undefined;
}

export const BLOCK_TYPES = Object.keys(BLOCKS) as BlockType[];
