import { describe, expect, it } from 'vitest';
import { hogExtractor, HOG_MNIST } from '@/lib/classic/hog';
import { hogGlyphLines } from '@/lib/classic/hog-glyphs';

describe('HOG glyph lines', () => {
  /*
   * One cell of 4 pixels, 4 bins (centres 22.5°, 67.5°, 112.5°, 157.5°), length 1: half-length 2.
   * Only bin 0 is full. Its gradient direction at 22.5° is (cos, sin) = (0.92388, 0.38268) (y down);
   * the line runs along the edge, a quarter turn away: (−sin, cos) · 2 = (−0.76537, 1.84776),
   * from the centre (2, 2): (2.76537, 0.15224) → (1.23463, 3.84776).
   */
  it('draws a full bin as a line through the cell centre, at right angles to its gradient', () => {
    const lines = hogGlyphLines([1, 0, 0, 0], { cellsX: 1, cellsY: 1, bins: 4 }, 4, 1);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line!.x1).toBeCloseTo(2.76537, 4);
    expect(line!.y1).toBeCloseTo(0.15224, 4);
    expect(line!.x2).toBeCloseTo(1.23463, 4);
    expect(line!.y2).toBeCloseTo(3.84776, 4);
    expect(line).toMatchObject({ strength: 1, cellX: 0, cellY: 0, bin: 0 });
    // The line is perpendicular to the gradient: their dot product is 0.
    const g = [Math.cos(Math.PI / 8), Math.sin(Math.PI / 8)];
    expect((line!.x2 - line!.x1) * g[0]! + (line!.y2 - line!.y1) * g[1]!).toBeCloseTo(0, 10);
  });

  it('scales strengths by the largest bin of the image, skips empty bins, and centres each cell', () => {
    // Two cells side by side (cell size 3), 2 bins: cell 0 = [2, 0], cell 1 = [1, 4].
    const lines = hogGlyphLines([2, 0, 1, 4], { cellsX: 2, cellsY: 1, bins: 2 }, 3);
    expect(lines.map((l) => [l.cellX, l.bin, l.strength])).toEqual([[0, 0, 0.5], [1, 0, 0.25], [1, 1, 1]]);
    for (const l of lines) {
      expect((l.x1 + l.x2) / 2).toBeCloseTo((l.cellX + 0.5) * 3, 10);
      expect((l.y1 + l.y2) / 2).toBeCloseTo(1.5, 10);
      expect(Math.hypot(l.x2 - l.x1, l.y2 - l.y1)).toBeCloseTo(0.9 * 3, 10);
    }
  });

  it('gives nothing for a blank image', () => {
    expect(hogGlyphLines(new Float32Array(7 * 7 * 9), { cellsX: 7, cellsY: 7, bins: 9 }, 4)).toEqual([]);
  });

  it('draws a vertical stroke as vertical lines', () => {
    // A 28×28 image with a vertical bar at x = 12..15: its gradients are horizontal (0°/180°), in
    // bins 0 and 8, whose edge lines are within 10° of vertical. (The bar's ends are horizontal
    // edges: only cells of rows 2–4, away from them, are looked at.)
    const image = new Array<number>(784).fill(0);
    for (let y = 4; y < 24; y++) for (let x = 12; x < 16; x++) image[y * 28 + x] = 255;
    const extractor = hogExtractor(28, 28, HOG_MNIST);
    const lines = hogGlyphLines(extractor.cells(image), extractor.layout, 4);
    const strong = lines.filter((l) => l.strength > 0.5 && l.cellY >= 2 && l.cellY <= 4);
    expect(strong.length).toBeGreaterThan(0);
    for (const l of strong) {
      const angleFromVertical = Math.abs(Math.atan2(l.x2 - l.x1, l.y2 - l.y1)) * 180 / Math.PI;
      expect(Math.min(angleFromVertical, 180 - angleFromVertical)).toBeLessThan(10.01);
    }
  });
});
