/**
 * The usual picture of HOG (Dalal & Triggs' figure 6, scikit-image's `visualize=True`): in each
 * cell, one line per orientation bin through the cell's centre, as bright as the bin is full.
 * A line is drawn along the edge, at right angles to the gradient it counts: a vertical stroke
 * has horizontal gradients (bin around 0°) and shows as a vertical line, as the eye sees it.
 *
 * Only the geometry lives here (pure, tested); components/classic draws it on a canvas.
 */
import type { HogLayout } from './hog';

/** One glyph line, in the image's pixel coordinates (x right, y down; a pixel's centre is at +0.5). */
export interface GlyphLine {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** The bin's value over the largest bin of the image: 0 (empty) to 1. */
  readonly strength: number;
  readonly cellX: number;
  readonly cellY: number;
  readonly bin: number;
}

/**
 * The glyph lines of an image's cell histograms (`HogExtractor.cells`: cellsY × cellsX × bins).
 * Each line spans `length` × the cell's side (default 0.9, so neighbouring glyphs do not touch).
 * Empty bins give no line.
 */
export function hogGlyphLines(
  cells: ArrayLike<number>,
  layout: Pick<HogLayout, 'cellsX' | 'cellsY' | 'bins'>,
  cellSize: number,
  length = 0.9,
): GlyphLine[] {
  const { cellsX, cellsY, bins } = layout;
  let max = 0;
  for (let k = 0; k < cellsX * cellsY * bins; k++) max = Math.max(max, cells[k]!);
  if (max <= 0) return [];
  const half = (cellSize * length) / 2;
  // The edge direction of each bin's centre angle θ: (−sin θ, cos θ), a quarter turn from (cos θ, sin θ).
  const dirs = Array.from({ length: bins }, (_, b) => {
    const theta = ((b + 0.5) * Math.PI) / bins;
    return { dx: -Math.sin(theta) * half, dy: Math.cos(theta) * half };
  });
  const lines: GlyphLine[] = [];
  for (let cy = 0; cy < cellsY; cy++) {
    for (let cx = 0; cx < cellsX; cx++) {
      const centreX = (cx + 0.5) * cellSize;
      const centreY = (cy + 0.5) * cellSize;
      for (let b = 0; b < bins; b++) {
        const value = cells[(cy * cellsX + cx) * bins + b]!;
        if (value <= 0) continue;
        const { dx, dy } = dirs[b]!;
        lines.push({ x1: centreX - dx, y1: centreY - dy, x2: centreX + dx, y2: centreY + dy, strength: value / max, cellX: cx, cellY: cy, bin: b });
      }
    }
  }
  return lines;
}
