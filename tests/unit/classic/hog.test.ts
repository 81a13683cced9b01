import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  gradient, hog, hogExtractor, hogLayout, hogMatrix, hogOptionsProblem, l2Hys, orientationDegrees,
  HOG_MNIST, HOG_SKIMAGE_VOTES, type HogOptions,
} from '@/lib/classic/hog';

/*
 * The worked example. A 4×4 image, a bright square in the lower right:
 *
 *        x=0 1 2 3
 *   y=0    0 0 0 0
 *   y=1    0 0 8 8
 *   y=2    0 0 8 8
 *   y=3    0 0 8 8
 *
 * Central differences, 0 on the border column (gx) or row (gy):
 *   gx = I(x+1) − I(x−1) at x = 1, 2:  rows 1–3 give gx = 8 at x = 1 and x = 2; row 0 gives 0.
 *   gy = I(y+1) − I(y−1) at y = 1, 2:  (2,1) and (3,1) give 8 − 0 = 8; row 2 gives 8 − 8 = 0.
 * Nonzero gradients (x, y): (gx, gy) → magnitude, θ = atan2(gy, gx) mod 180:
 *   (1,1): (8,0) → 8, 0°      (2,1): (8,8) → 8√2 ≈ 11.3137, 45°    (3,1): (0,8) → 8, 90°
 *   (1,2), (2,2), (1,3), (2,3): (8,0) → 8, 0°
 * Cells of 2×2 pixels, 4 bins of 45° (hard votes: [0,45) [45,90) [90,135) [135,180)), each
 * histogram divided by the cell's area, 4:
 *   cell (0,0) holds (1,1):             [8, 0, 0, 0] / 4       = [2, 0, 0, 0]
 *   cell (1,0) holds (2,1) and (3,1):   [0, 8√2, 8, 0] / 4     = [0, 2√2, 2, 0]
 *   cell (0,1) holds (1,2) and (1,3):   [16, 0, 0, 0] / 4      = [4, 0, 0, 0]
 *   cell (1,1) holds (2,2) and (2,3):   [16, 0, 0, 0] / 4      = [4, 0, 0, 0]
 * One block of 2×2 cells: v = [2,0,0,0, 0,2√2,2,0, 4,0,0,0, 4,0,0,0], ‖v‖² = 4+8+4+16+16 = 48.
 *   L2:   v/√48 → 0.288675, 0.408248, 0.288675, 0.577350, 0.577350 at the five nonzero places.
 *   Hys:  all five exceed 0.2 → five values of 0.2, norm √(5·0.04) = √0.2 → each 0.2/√0.2 = 1/√5.
 */
const SQUARE = [0, 0, 0, 0, 0, 0, 8, 8, 0, 0, 8, 8, 0, 0, 8, 8];
const HAND: HogOptions = { cellSize: 2, blockSize: 2, blockStride: 1, bins: 4, clip: 0.2, ...HOG_SKIMAGE_VOTES };

interface Fixture {
  readonly cases: readonly { name: string; width: number; height: number; pixels: number[]; cellSize: number; blockSize: number; bins: number; features: number[] }[];
}
const fixture = JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/classic/skimage-hog.json'), 'utf8')) as Fixture;

describe('gradient and orientation', () => {
  it('takes central differences and leaves the border at 0 (worked example)', () => {
    const { gx, gy } = gradient(SQUARE, 4, 4);
    expect(Array.from(gx)).toEqual([0, 0, 0, 0, 0, 8, 8, 0, 0, 8, 8, 0, 0, 8, 8, 0]);
    expect(Array.from(gy)).toEqual([0, 0, 0, 0, 0, 0, 8, 8, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('folds orientations into [0, 180) with y down', () => {
    expect(orientationDegrees(8, 0)).toBe(0);
    expect(orientationDegrees(8, 8)).toBeCloseTo(45, 10);
    expect(orientationDegrees(0, 8)).toBeCloseTo(90, 10);
    // Opposite gradients are one orientation: a dark-to-light edge and a light-to-dark one.
    expect(orientationDegrees(-8, -8)).toBeCloseTo(45, 10);
    expect(orientationDegrees(-8, 0)).toBe(0);
    expect(orientationDegrees(-8, -0)).toBe(0);
    expect(orientationDegrees(-1, 1)).toBeCloseTo(135, 10);
  });
});

describe('cell histograms', () => {
  it('count the worked example by hand (hard votes)', () => {
    const cells = hogExtractor(4, 4, HAND).cells(SQUARE);
    const r2 = 2 * Math.SQRT2;
    const expected = [2, 0, 0, 0, 0, r2, 2, 0, 4, 0, 0, 0, 4, 0, 0, 0];
    expected.forEach((v, i) => expect(cells[i]).toBeCloseTo(v, 5));
  });

  /*
   * Trilinear votes (Dalal & Triggs), worked by hand. A 4×4 image, black but for I(1,1) = 10.
   * Gradients: (2,1): gx = I(3,1) − I(1,1) = −10 → magnitude 10, θ = 180° ≡ 0°;
   *            (1,2): gy = I(1,3) − I(1,1) = −10 → magnitude 10, θ = −90° ≡ 90°.
   *            ((0,1) and (1,0) lie on the border: 0.)
   * Bins of 45° centred at 22.5°, 67.5°, 112.5°, 157.5°: 0° sits halfway between bins 3 and 0
   * (½ each, wrapping round); 90° halfway between bins 1 and 2 (½ each).
   * Cell centres (2-pixel cells) at 1 and 3; pixel centres at x + ½. Pixel (2,1): u = 2.5/2 − ½ =
   * 0.75 (¼ to cell column 0, ¾ to column 1); v = 1.5/2 − ½ = 0.25 (¾ to row 0, ¼ to row 1):
   *   cell (0,0) 3/16, (1,0) 9/16, (0,1) 1/16, (1,1) 3/16.
   * Pixel (1,2) mirrors it: (0,0) 3/16, (1,0) 1/16, (0,1) 9/16, (1,1) 3/16.
   * Each bin gets magnitude × spatial weight × ½, divided by the area 4: 10·w·½/4 = 1.25·w:
   *   cell (0,0): bins 0,3 from (2,1): 1.25·3/16 = 0.234375; bins 1,2 from (1,2): 0.234375.
   *   cell (1,0): bins 0,3: 1.25·9/16 = 0.703125; bins 1,2: 1.25·1/16 = 0.078125.
   *   cell (0,1): bins 0,3: 0.078125; bins 1,2: 0.703125.
   *   cell (1,1): all four 0.234375.
   */
  it('spread votes trilinearly as Dalal & Triggs (worked by hand)', () => {
    const dot = new Array<number>(16).fill(0);
    dot[1 * 4 + 1] = 10;
    const cells = hogExtractor(4, 4, { ...HAND, orientationVote: 'linear', spatialVote: 'bilinear' }).cells(dot);
    const a = 0.234375, big = 0.703125, small = 0.078125;
    const expected = [a, a, a, a, big, small, small, big, small, big, big, small, a, a, a, a];
    expected.forEach((v, i) => expect(cells[i]).toBeCloseTo(v, 6));
    // Nothing is lost inside the image: the votes add up to the magnitudes, 20, over the area 4.
    expect(cells.reduce((s, v) => s + v, 0)).toBeCloseTo(20 / 4, 6);
  });
});

describe('block normalisation (L2-Hys)', () => {
  it('normalises, clips at 0.2 and normalises again (worked example)', () => {
    const features = hog(SQUARE, 4, 4, HAND);
    const s = 1 / Math.sqrt(5);
    const expected = [s, 0, 0, 0, 0, s, s, 0, s, 0, 0, 0, s, 0, 0, 0];
    expected.forEach((v, i) => expect(features[i]).toBeCloseTo(v, 6));
  });

  it('without clipping is a plain L2 normalisation', () => {
    const features = hog(SQUARE, 4, 4, { ...HAND, clip: 1 });
    const n = Math.sqrt(48);
    const expected = [2 / n, 0, 0, 0, 0, (2 * Math.SQRT2) / n, 2 / n, 0, 4 / n, 0, 0, 0, 4 / n, 0, 0, 0];
    expected.forEach((v, i) => expect(features[i]).toBeCloseTo(v, 6));
  });

  it('keeps an empty block at 0', () => {
    const block = new Float64Array(8);
    l2Hys(block, 0.2);
    expect(Array.from(block)).toEqual(new Array(8).fill(0));
  });

  it('ignores the contrast: an image and the image × 3 give the same features', () => {
    const digit = fixture.cases.find((c) => c.name.startsWith('mnist test 1'))!;
    const a = hog(digit.pixels, 28, 28);
    const b = hog(digit.pixels.map((v) => v * 3), 28, 28);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]!, 5);
  });
});

describe('layout', () => {
  it('gives 1,296 numbers for a 28×28 digit with the MNIST settings', () => {
    const layout = hogLayout(28, 28, HOG_MNIST);
    expect(layout).toMatchObject({ cellsX: 7, cellsY: 7, blocksX: 6, blocksY: 6, blockLength: 36, length: 1296 });
  });

  it('ignores pixels beyond the last whole cell and counts blocks with their stride', () => {
    expect(hogLayout(13, 11, { ...HOG_MNIST, cellSize: 3 })).toMatchObject({ cellsX: 4, cellsY: 3, blocksX: 3, blocksY: 2, length: 3 * 2 * 36 });
    expect(hogLayout(28, 28, { ...HOG_MNIST, blockStride: 2 })).toMatchObject({ blocksX: 3, blocksY: 3 });
  });

  it('names options that do not fit', () => {
    expect(hogOptionsProblem(28, 28, HOG_MNIST)).toBeNull();
    expect(hogOptionsProblem(28, 28, { ...HOG_MNIST, cellSize: 0 })).toBe('cell-size');
    expect(hogOptionsProblem(28, 28, { ...HOG_MNIST, cellSize: 20 })).toBe('image-too-small');
    expect(hogOptionsProblem(28, 28, { ...HOG_MNIST, bins: 2.5 })).toBe('bins');
    expect(() => hogLayout(4, 4, { ...HOG_MNIST, cellSize: 3 })).toThrow(RangeError);
  });
});

describe('against scikit-image (tests/fixtures/classic/skimage-hog.json)', () => {
  for (const c of fixture.cases) {
    it(`matches skimage.feature.hog on ${c.name}`, () => {
      const options: HogOptions = { cellSize: c.cellSize, blockSize: c.blockSize, blockStride: 1, bins: c.bins, clip: 0.2, ...HOG_SKIMAGE_VOTES };
      const ours = hog(c.pixels, c.width, c.height, options);
      expect(ours.length).toBe(c.features.length);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - c.features[i]!));
      // float32 output against float64 rounded to 7 decimals.
      expect(worst).toBeLessThan(2e-6);
    });
  }

  it('changes less than scikit-image\'s hard votes when a digit moves by a pixel (why Dalal & Triggs interpolate)', () => {
    const cosine = (a: Float32Array, b: Float32Array): number => {
      let dot = 0, na = 0, nb = 0;
      for (let i = 0; i < a.length; i++) {
        dot += a[i]! * b[i]!;
        na += a[i]! ** 2;
        nb += b[i]! ** 2;
      }
      return dot / Math.sqrt(na * nb);
    };
    const hard: HogOptions = { ...HOG_MNIST, ...HOG_SKIMAGE_VOTES };
    for (const c of fixture.cases.filter((x) => x.name.endsWith('4-pixel cells'))) {
      // The digit moved one pixel right and one down (MNIST digits have empty borders).
      const moved = new Array<number>(784).fill(0);
      for (let y = 0; y < 27; y++) for (let x = 0; x < 27; x++) moved[(y + 1) * 28 + x + 1] = c.pixels[y * 28 + x]!;
      const soft = cosine(hog(c.pixels, 28, 28, HOG_MNIST), hog(moved, 28, 28, HOG_MNIST));
      const rigid = cosine(hog(c.pixels, 28, 28, hard), hog(moved, 28, 28, hard));
      expect(soft).toBeGreaterThan(rigid);
    }
  });
});

describe('hogMatrix', () => {
  it('stacks the features of images stored one after another, reporting progress', () => {
    const digits = fixture.cases.filter((c) => c.name.endsWith('4-pixel cells'));
    const bytes = Uint8Array.from(digits.flatMap((c) => c.pixels));
    const seen: number[] = [];
    const { features, layout } = hogMatrix(bytes, 3, 28, 28, HOG_MNIST, (n) => seen.push(n), 2);
    expect(seen).toEqual([2, 3]);
    digits.forEach((c, n) => {
      expect(Array.from(features.subarray(n * layout.length, (n + 1) * layout.length))).toEqual(Array.from(hog(c.pixels, 28, 28)));
    });
  });
});
