import { describe, expect, it } from 'vitest';
import { firstCellOfInterest, moveCell } from '@/lib/results/confusion';

describe('moveCell: arrow keys in a 3×3 matrix', () => {
  const mid = { truth: 1, predicted: 1 };
  it('steps one cell and stops at the edges', () => {
    expect(moveCell(mid, 'ArrowLeft', 3)).toEqual({ truth: 1, predicted: 0 });
    expect(moveCell(mid, 'ArrowRight', 3)).toEqual({ truth: 1, predicted: 2 });
    expect(moveCell(mid, 'ArrowUp', 3)).toEqual({ truth: 0, predicted: 1 });
    expect(moveCell(mid, 'ArrowDown', 3)).toEqual({ truth: 2, predicted: 1 });
    expect(moveCell({ truth: 0, predicted: 0 }, 'ArrowUp', 3)).toEqual({ truth: 0, predicted: 0 });
    expect(moveCell({ truth: 2, predicted: 2 }, 'ArrowRight', 3)).toEqual({ truth: 2, predicted: 2 });
  });

  it('Home/End go along the row, PageUp/PageDown along the column; other keys are not its business', () => {
    expect(moveCell(mid, 'Home', 3)).toEqual({ truth: 1, predicted: 0 });
    expect(moveCell(mid, 'End', 3)).toEqual({ truth: 1, predicted: 2 });
    expect(moveCell(mid, 'PageUp', 3)).toEqual({ truth: 0, predicted: 1 });
    expect(moveCell(mid, 'PageDown', 3)).toEqual({ truth: 2, predicted: 1 });
    expect(moveCell(mid, 'Enter', 3)).toBeNull();
    expect(moveCell(mid, 'a', 3)).toBeNull();
  });
});

describe('firstCellOfInterest', () => {
  it('is the biggest mistake, the first of equals; the top-left cell when there is none', () => {
    expect(firstCellOfInterest([[5, 2, 0], [0, 6, 3], [3, 0, 9]])).toEqual({ truth: 1, predicted: 2 });
    expect(firstCellOfInterest([[5, 0], [0, 6]])).toEqual({ truth: 0, predicted: 0 });
  });
});
