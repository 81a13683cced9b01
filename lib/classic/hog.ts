/**
 * Histograms of Oriented Gradients (Dalal & Triggs, "Histograms of Oriented Gradients for Human
 * Detection", CVPR 2005): the hand-made feature of the years before deep learning. An image is cut
 * into cells; each cell counts its gradient orientations, weighted by the gradient's magnitude;
 * overlapping blocks of cells are normalised (L2-Hys) so that contrast does not matter, only shape.
 *
 * Written here rather than taken from a library: no maintained JavaScript HOG exists that runs
 * without the DOM (OpenCV.js is a 9 MB wasm build), and the pipeline is a teaching object whose
 * every step the page shows. It is checked against scikit-image's `hog` (tests/fixtures/classic).
 *
 * Conventions (those of scikit-image, so that the two can be compared number for number):
 * - Gradients are central differences [-1, 0, 1]; x runs right, y runs down; a gradient is 0 on
 *   the border rows (vertical) and columns (horizontal), where the difference has no two sides.
 * - Orientation is unsigned, θ = atan2(gy, gx) in degrees modulo 180 (a dark-to-light edge and a
 *   light-to-dark one count the same), split into `bins` bins of 180/bins degrees.
 * - A cell's histogram is the sum of the magnitudes voting for it divided by the cell's area (a
 *   mean per pixel; the scale drops out in the block normalisation).
 * - Blocks slide by `blockStride` cells; the feature vector lists blocks row by row, and inside a
 *   block its cells row by row, each cell's bins in order.
 *
 * Votes: Dalal & Triggs spread each pixel's vote trilinearly — linearly between the two nearest
 * orientation bins and bilinearly between the four nearest cell centres — so that a stroke moving
 * by a pixel or turning by a few degrees changes the feature smoothly. `orientationVote: 'nearest'`
 * and `spatialVote: 'cell'` give the hard votes of scikit-image instead. Their Gaussian window over
 * each block is left out: on 28×28 digits it changed nothing measurable (bench/classic.ts).
 */

/** How HOG features are computed. */
export interface HogOptions {
  /** Pixels per cell side (square cells). */
  readonly cellSize: number;
  /** Cells per block side (square blocks). */
  readonly blockSize: number;
  /** How far a block moves, in cells (1: blocks overlap, as Dalal & Triggs found best). */
  readonly blockStride: number;
  /** Orientation bins over 0–180°. */
  readonly bins: number;
  /** 'linear': between the two nearest bin centres (Dalal & Triggs); 'nearest': one bin. */
  readonly orientationVote: 'linear' | 'nearest';
  /** 'bilinear': between the four nearest cell centres (Dalal & Triggs); 'cell': the pixel's own cell. */
  readonly spatialVote: 'bilinear' | 'cell';
  /** L2-Hys: the L2-normalised block is clipped at this value, then normalised again. */
  readonly clip: number;
}

/**
 * The settings used on MNIST: 4×4-pixel cells (7×7 cells on a 28×28 digit), blocks of 2×2 cells
 * sliding by one cell (6×6 blocks), 9 bins, trilinear votes, L2-Hys at 0.2: 1,296 numbers a digit.
 * Dalal & Triggs' 8×8 cells fit 64×128 pedestrians; a digit's strokes are 2–3 pixels wide, and
 * bench/classic.ts compares 4-pixel and 7-pixel cells on MNIST.
 */
export const HOG_MNIST: HogOptions = {
  cellSize: 4,
  blockSize: 2,
  blockStride: 1,
  bins: 9,
  orientationVote: 'linear',
  spatialVote: 'bilinear',
  clip: 0.2,
};

/** scikit-image's `hog(..., block_norm='L2-Hys')` with hard votes, for comparison. */
export const HOG_SKIMAGE_VOTES: Pick<HogOptions, 'orientationVote' | 'spatialVote'> = {
  orientationVote: 'nearest',
  spatialVote: 'cell',
};

/** The sizes that follow from an image's size and the options. */
export interface HogLayout {
  readonly width: number;
  readonly height: number;
  readonly cellsX: number;
  readonly cellsY: number;
  readonly blocksX: number;
  readonly blocksY: number;
  readonly bins: number;
  /** Numbers per block: blockSize² × bins. */
  readonly blockLength: number;
  /** Numbers per image: blocksX × blocksY × blockLength. */
  readonly length: number;
}

/** Why options do not fit an image, as a code a component words (never thrown for valid input). */
export type HogOptionsProblem = 'cell-size' | 'block-size' | 'block-stride' | 'bins' | 'clip' | 'image-too-small';

/** Checks options against an image size; returns the first problem, or null when they fit. */
export function hogOptionsProblem(width: number, height: number, options: HogOptions): HogOptionsProblem | null {
  const whole = (n: number): boolean => Number.isInteger(n) && n >= 1;
  if (!whole(options.cellSize)) return 'cell-size';
  if (!whole(options.blockSize)) return 'block-size';
  if (!whole(options.blockStride)) return 'block-stride';
  if (!whole(options.bins)) return 'bins';
  if (!(options.clip > 0)) return 'clip';
  const cellsX = Math.floor(width / options.cellSize);
  const cellsY = Math.floor(height / options.cellSize);
  if (cellsX < options.blockSize || cellsY < options.blockSize) return 'image-too-small';
  return null;
}

/** The layout of HOG features for an image of `width`×`height`. Throws when the options do not fit. */
export function hogLayout(width: number, height: number, options: HogOptions): HogLayout {
  const problem = hogOptionsProblem(width, height, options);
  if (problem) throw new RangeError(`HOG options do not fit a ${width}×${height} image (${problem}).`);
  const cellsX = Math.floor(width / options.cellSize);
  const cellsY = Math.floor(height / options.cellSize);
  const blocksX = Math.floor((cellsX - options.blockSize) / options.blockStride) + 1;
  const blocksY = Math.floor((cellsY - options.blockSize) / options.blockStride) + 1;
  const blockLength = options.blockSize * options.blockSize * options.bins;
  return { width, height, cellsX, cellsY, blocksX, blocksY, bins: options.bins, blockLength, length: blocksX * blocksY * blockLength };
}

/** The gradient of an image: central differences, 0 on the border (see the file's comment). */
export interface Gradient {
  /** I(x+1, y) − I(x−1, y), row by row. */
  readonly gx: Float32Array;
  /** I(x, y+1) − I(x, y−1) (y runs down). */
  readonly gy: Float32Array;
}

/** The central-difference gradient of a grey image given row by row. */
export function gradient(image: ArrayLike<number>, width: number, height: number, offset = 0): Gradient {
  const gx = new Float32Array(width * height);
  const gy = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x > 0 && x < width - 1) gx[i] = image[offset + i + 1]! - image[offset + i - 1]!;
      if (y > 0 && y < height - 1) gy[i] = image[offset + i + width]! - image[offset + i - width]!;
    }
  }
  return { gx, gy };
}

/** Unsigned orientation in degrees, [0, 180), of a gradient (x right, y down). */
export function orientationDegrees(gx: number, gy: number): number {
  let theta = (Math.atan2(gy, gx) * 180) / Math.PI;
  if (theta < 0) theta += 180;
  // atan2 of (−0, negative x) is −180, and float rounding can land on 180: both are 0 unsigned.
  return theta >= 180 ? 0 : theta;
}

/** Computes HOG for images of one size with one set of options, reusing its scratch memory. */
export interface HogExtractor {
  readonly layout: HogLayout;
  readonly options: HogOptions;
  /** Per-cell histograms (cellsY × cellsX × bins), before block normalisation: what the glyphs draw. */
  cells(image: ArrayLike<number>, offset?: number): Float32Array;
  /** Writes the feature vector of the image found at `image[offset…]` into `out[outOffset…]`. */
  compute(image: ArrayLike<number>, out: Float32Array, outOffset?: number, offset?: number): void;
}

/** Makes an extractor for `width`×`height` grey images (one number per pixel, row by row). */
export function hogExtractor(width: number, height: number, options: HogOptions = HOG_MNIST): HogExtractor {
  const layout = hogLayout(width, height, options);
  const { cellsX, cellsY, bins } = layout;
  const { cellSize, blockSize, blockStride, clip } = options;
  const cellHist = new Float64Array(cellsX * cellsY * bins);
  const binWidth = 180 / bins;
  const area = cellSize * cellSize;
  const linearBins = options.orientationVote === 'linear';
  const bilinear = options.spatialVote === 'bilinear';
  // Pixels right of or below the last whole cell take no part (as in scikit-image).
  const usedW = cellsX * cellSize;
  const usedH = cellsY * cellSize;
  const block = new Float64Array(layout.blockLength);
  // scikit-image's eps: keeps an empty block at 0 instead of dividing by 0.
  const EPS2 = 1e-10;

  const vote = (cx: number, cy: number, theta: number, weight: number): void => {
    if (cx < 0 || cy < 0 || cx >= cellsX || cy >= cellsY || weight === 0) return;
    const base = (cy * cellsX + cx) * bins;
    if (linearBins) {
      // Bin b is centred at (b + ½)·binWidth; an angle between two centres splits its vote.
      const v = theta / binWidth - 0.5;
      const b0 = Math.floor(v);
      const f = v - b0;
      cellHist[base + ((b0 + bins) % bins)]! += weight * (1 - f);
      cellHist[base + ((b0 + 1) % bins)]! += weight * f;
    } else {
      cellHist[base + Math.min(bins - 1, Math.floor(theta / binWidth))]! += weight;
    }
  };

  const fillCells = (image: ArrayLike<number>, offset: number): void => {
    cellHist.fill(0);
    for (let y = 0; y < usedH; y++) {
      // Continuous cell coordinate of the pixel's centre: cell j's centre sits at (j + ½)·cellSize.
      const v = (y + 0.5) / cellSize - 0.5;
      const cy0 = Math.floor(v);
      const fy = v - cy0;
      for (let x = 0; x < usedW; x++) {
        const i = offset + y * width + x;
        const gx = x > 0 && x < width - 1 ? image[i + 1]! - image[i - 1]! : 0;
        const gy = y > 0 && y < height - 1 ? image[i + width]! - image[i - width]! : 0;
        if (gx === 0 && gy === 0) continue;
        const magnitude = Math.sqrt(gx * gx + gy * gy);
        const theta = orientationDegrees(gx, gy);
        if (bilinear) {
          const u = (x + 0.5) / cellSize - 0.5;
          const cx0 = Math.floor(u);
          const fx = u - cx0;
          vote(cx0, cy0, theta, magnitude * (1 - fx) * (1 - fy));
          vote(cx0 + 1, cy0, theta, magnitude * fx * (1 - fy));
          vote(cx0, cy0 + 1, theta, magnitude * (1 - fx) * fy);
          vote(cx0 + 1, cy0 + 1, theta, magnitude * fx * fy);
        } else {
          vote(Math.floor(x / cellSize), Math.floor(y / cellSize), theta, magnitude);
        }
      }
    }
    for (let k = 0; k < cellHist.length; k++) cellHist[k]! /= area;
  };

  return {
    layout,
    options,
    cells(image, offset = 0) {
      fillCells(image, offset);
      return Float32Array.from(cellHist);
    },
    compute(image, out, outOffset = 0, offset = 0) {
      fillCells(image, offset);
      let at = outOffset;
      for (let by = 0; by < layout.blocksY; by++) {
        for (let bx = 0; bx < layout.blocksX; bx++) {
          let k = 0;
          for (let cy = 0; cy < blockSize; cy++) {
            for (let cx = 0; cx < blockSize; cx++) {
              const base = ((by * blockStride + cy) * cellsX + bx * blockStride + cx) * bins;
              for (let b = 0; b < bins; b++) block[k++] = cellHist[base + b]!;
            }
          }
          l2Hys(block, clip, EPS2);
          for (let j = 0; j < block.length; j++) out[at++] = block[j]!;
        }
      }
    },
  };
}

/**
 * L2-Hys (Lowe's SIFT normalisation, used by Dalal & Triggs): v / √(‖v‖² + ε²), values clipped
 * at `clip`, then normalised again. In place.
 */
export function l2Hys(block: Float64Array | Float32Array, clip: number, eps2 = 1e-10): void {
  let sum = 0;
  for (let j = 0; j < block.length; j++) sum += block[j]! * block[j]!;
  let scale = 1 / Math.sqrt(sum + eps2);
  sum = 0;
  for (let j = 0; j < block.length; j++) {
    const v = Math.min(block[j]! * scale, clip);
    block[j] = v;
    sum += v * v;
  }
  scale = 1 / Math.sqrt(sum + eps2);
  for (let j = 0; j < block.length; j++) block[j]! *= scale;
}

/** The HOG feature vector of one image (a convenience over `hogExtractor` for single images). */
export function hog(image: ArrayLike<number>, width: number, height: number, options: HogOptions = HOG_MNIST): Float32Array {
  const extractor = hogExtractor(width, height, options);
  const out = new Float32Array(extractor.layout.length);
  extractor.compute(image, out);
  return out;
}

/**
 * HOG of many images stored one after another (`count` images of width×height, e.g. MNIST's
 * bytes), as one count × length matrix, row by row. `onProgress(done)` is called every `every` images.
 */
export function hogMatrix(
  images: ArrayLike<number>,
  count: number,
  width: number,
  height: number,
  options: HogOptions = HOG_MNIST,
  onProgress?: (done: number) => void,
  every = 1000,
): { features: Float32Array; layout: HogLayout } {
  const extractor = hogExtractor(width, height, options);
  const { length } = extractor.layout;
  const features = new Float32Array(count * length);
  const size = width * height;
  for (let n = 0; n < count; n++) {
    extractor.compute(images, features, n * length, n * size);
    if (onProgress && ((n + 1) % every === 0 || n + 1 === count)) onProgress(n + 1);
  }
  return { features, layout: extractor.layout };
}
