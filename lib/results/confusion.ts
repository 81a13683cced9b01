/**
 * The confusion matrix as something to click and to move through with the keyboard: where an
 * arrow key leads (the ARIA grid pattern: one Tab stop for the whole
 * matrix, arrows between cells).
 */

/** A cell: row = the true class, column = the predicted class. */
export interface ConfusionCell {
  readonly truth: number;
  readonly predicted: number;
}

/**
 * The cell a key moves to in a k×k matrix: arrows one step (stopping at the edges), Home/End to
 * the row's first/last cell, PageUp/PageDown to the column's first/last. Null for any other key,
 * so the caller lets the browser handle it.
 */
export function moveCell(cell: ConfusionCell, key: string, k: number): ConfusionCell | null {
  const clamp = (v: number) => Math.min(Math.max(v, 0), k - 1);
  switch (key) {
    case 'ArrowLeft': return { truth: cell.truth, predicted: clamp(cell.predicted - 1) };
    case 'ArrowRight': return { truth: cell.truth, predicted: clamp(cell.predicted + 1) };
    case 'ArrowUp': return { truth: clamp(cell.truth - 1), predicted: cell.predicted };
    case 'ArrowDown': return { truth: clamp(cell.truth + 1), predicted: cell.predicted };
    case 'Home': return { truth: cell.truth, predicted: 0 };
    case 'End': return { truth: cell.truth, predicted: k - 1 };
    case 'PageUp': return { truth: 0, predicted: cell.predicted };
    case 'PageDown': return { truth: k - 1, predicted: cell.predicted };
    default: return null;
  }
}

/**
 * The cell that gets the matrix's Tab stop before the user has moved: the biggest mistake (the
 * off-diagonal cell with most images, the first of equals), else the top-left cell.
 */
export function firstCellOfInterest(confusion: readonly (readonly number[])[]): ConfusionCell {
  let best: ConfusionCell = { truth: 0, predicted: 0 };
  let most = 0;
  confusion.forEach((row, t) => row.forEach((n, p) => {
    if (t !== p && n > most) {
      most = n;
      best = { truth: t, predicted: p };
    }
  }));
  return best;
}
