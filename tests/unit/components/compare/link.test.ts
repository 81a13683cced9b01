import { beforeEach, describe, expect, it } from 'vitest';
import { litOf, resetLink, setLink, toggleChosen, useLink } from '@/components/compare/link';

const c1 = { side: 'a' as const, id: 'c1', key: 'c1|conv1' };
const conv3 = { side: 'b' as const, id: 'conv3', key: '|conv3' };
const fc8 = { side: 'b' as const, id: 'fc8', key: 'output|fc8' };

describe('the lit pair', () => {
  beforeEach(() => resetLink());

  it('is the block pointed at, else the focused one, else the chosen one', () => {
    expect(litOf(useLink.getState())).toBeUndefined();
    toggleChosen(fc8);
    expect(litOf(useLink.getState())).toBe(fc8);
    setLink('focus', conv3);
    expect(litOf(useLink.getState())).toBe(conv3);
    setLink('hover', c1);
    expect(litOf(useLink.getState())).toBe(c1);
    setLink('hover', undefined);
    setLink('focus', undefined);
    // The chosen pair stays lit when the pointer and the focus have gone.
    expect(litOf(useLink.getState())?.key).toBe('output|fc8');
  });

  it('choosing the chosen block again lets it go; choosing another moves the choice', () => {
    toggleChosen(c1);
    toggleChosen(fc8);
    expect(useLink.getState().chosen).toBe(fc8);
    toggleChosen({ ...fc8 });
    expect(useLink.getState().chosen).toBeUndefined();
  });

  it('reset clears all three', () => {
    setLink('hover', c1);
    setLink('focus', conv3);
    toggleChosen(fc8);
    resetLink();
    expect(useLink.getState()).toEqual({ hover: undefined, focus: undefined, chosen: undefined });
  });
});
