/**
 * Colour families of the node faces. The table is explicit and exhaustive over the registry's
 * block types (never guessed from a name): `satisfies Record<BlockType, Family>` makes a block
 * added to lib/blocks without a family here a type error. Only types outside the registry (a
 * graph's own blocks) take the colour of their category.
 */
import type { BlockType } from '@/lib/blocks';
import type { Category } from '@/lib/blocks/spec';

export type Family = 'input' | 'conv' | 'pool' | 'norm' | 'act' | 'merge' | 'reshape' | 'dense' | 'block' | 'head' | 'unknown';

/** The family of every registry block type. */
export const FAMILY_BY_TYPE = {
  Input: 'input',
  Conv2D: 'conv',
  DepthwiseConv2D: 'conv',
  GroupedConv2D: 'conv',
  MaxPool: 'pool',
  AvgPool: 'pool',
  GlobalAvgPool: 'pool',
  BatchNorm: 'norm',
  LRN: 'norm',
  Dropout: 'norm',
  Activation: 'act',
  Add: 'merge',
  Concat: 'merge',
  Multiply: 'merge',
  Flatten: 'reshape',
  ZeroPad: 'reshape',
  Dense: 'dense',
  Inception: 'block',
  Residual: 'block',
  ResNeXt: 'block',
  DenseBlock: 'block',
  Transition: 'block',
  SE: 'block',
  MBConv: 'block',
  Repeat: 'block',
} as const satisfies Record<BlockType, Family>;

const BY_CATEGORY: Readonly<Record<Category, Family>> = {
  input: 'input',
  layer: 'conv',
  block: 'block',
  head: 'head',
};

/** The colour family of a block type: the table's for a registry type, else its category's. */
export function familyOf(type: string, category: Category | undefined): Family {
  if (Object.prototype.hasOwnProperty.call(FAMILY_BY_TYPE, type)) return FAMILY_BY_TYPE[type as BlockType];
  return category ? BY_CATEGORY[category] : 'unknown';
}

/** Fill colours for the minimap (CSS variables cannot be read by its SVG rects cheaply). */
export const FAMILY_COLOURS: Readonly<Record<Family, string>> = {
  input: '#22a06b',
  conv: '#3b82f6',
  pool: '#0d9488',
  norm: '#64748b',
  act: '#d97706',
  merge: '#db2777',
  reshape: '#78716c',
  dense: '#ea580c',
  block: '#7c3aed',
  head: '#c2410c',
  unknown: '#dc2626',
};
