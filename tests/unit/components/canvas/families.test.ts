/**
 * The colour-family table covers every registry block type, so no block falls back to a guess;
 * a table missing one is a type error (checked by `npm run typecheck` through @ts-expect-error).
 */
import { describe, expect, it } from 'vitest';
import { BLOCK_TYPES, getBlock, type BlockType } from '@/lib/blocks';
import { FAMILY_BY_TYPE, familyOf, type Family } from '@/components/canvas/families';

describe('FAMILY_BY_TYPE', () => {
  it('has exactly one entry per registry block type', () => {
    expect(Object.keys(FAMILY_BY_TYPE).sort()).toEqual([...BLOCK_TYPES].sort());
  });

  it('a table missing a block type does not type-check', () => {
    const { Dense, ...withoutDense } = FAMILY_BY_TYPE;
    expect(Dense).toBe('dense');
    // @ts-expect-error Property 'Dense' is missing: the table must name every BlockType.
    const table: Record<BlockType, Family> = withoutDense;
    expect(Object.keys(table)).not.toContain('Dense');
  });

  it('familyOf: the table for registry types (whatever the category says), the category for a graph\'s own blocks', () => {
    expect(familyOf('Conv2D', getBlock('Conv2D')!.category)).toBe('conv');
    // Dense is in the 'head' category, but its family is 'dense'.
    expect(familyOf('Dense', 'head')).toBe('dense');
    expect(familyOf('Repeat', getBlock('Repeat')!.category)).toBe('block');
    expect(familyOf('MyStem', 'block')).toBe('block');
    expect(familyOf('Nope', undefined)).toBe('unknown');
    // Object.prototype's names are not block types.
    expect(familyOf('toString', undefined)).toBe('unknown');
  });
});
