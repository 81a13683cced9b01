import { describe, expect, it } from 'vitest';
import { alignSequences, type AlignedPair } from '@/lib/compare/align';

const exact = (x: string, y: string) => (x === y ? 0 : Infinity);
const show = (a: string, b: string, pairs: AlignedPair[]) =>
  pairs.map((p) => (p.kind === 'both' ? `${a[p.a]}=${b[p.b]}` : p.kind === 'onlyA' ? `-${a[p.a]}` : `+${b[p.b]}`)).join(' ');

describe('alignSequences', () => {
  it('lines up equal items and marks the rest added or removed', () => {
    expect(show('abcd', 'acde', alignSequences([...'abcd'], [...'acde'], exact, 1))).toBe('a=a -b c=c d=d +e');
  });

  it('pairs unequal items when that costs less than two gaps', () => {
    const near = (x: number, y: number) => Math.abs(x - y);
    const pairs = alignSequences([1, 5, 9], [2, 9], near, 2);
    // 1↔2 (cost 1), 5 alone (2), 9↔9 (0) = 3; the alternatives cost more (5↔2: 3 + 2 + 0 = 5).
    expect(pairs).toEqual([{ kind: 'both', a: 0, b: 0 }, { kind: 'onlyA', a: 1 }, { kind: 'both', a: 2, b: 1 }]);
  });

  it('handles empty lists on either side', () => {
    expect(alignSequences([], ['x'], exact, 1)).toEqual([{ kind: 'onlyB', b: 0 }]);
    expect(alignSequences(['x'], [], exact, 1)).toEqual([{ kind: 'onlyA', a: 0 }]);
    expect(alignSequences([], [], exact, 1)).toEqual([]);
  });

  it('never pairs items whose cost is infinite', () => {
    expect(show('ab', 'cd', alignSequences([...'ab'], [...'cd'], exact, 1))).toBe('-a -b +c +d');
  });
});
