/**
 * Colour families of the node faces. The table is explicit, by block type (never guessed from a
 * name); a type missing here takes the colour of its registry category.
 */
import type { Category } from '@/lib/blocks/spec';

export type Family = 'input' | 'conv' | 'pool' | 'norm' | 'act' | 'merge' | 'reshape' | 'dense' | 'block' | 'head' | 'unknown';

const BY_TYPE: Readonly<Record<string, Family>> = {
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
};

const BY_CATEGORY: Readonly<Record<Category, Family>> = {
  input: 'input',
  layer: 'conv',
  block: 'block',
  head: 'head',
};

/** The colour family of a block type. */
export function familyOf(type: string, category: Category | undefined): Family {
  return BY_TYPE[type] ?? (category ? BY_CATEGORY[category] : 'unknown');
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
