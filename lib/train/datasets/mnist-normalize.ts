/**
 * A drawing made MNIST-like, the way MNIST itself was made (LeCun et al., the MNIST page): "the
 * images were size normalized to fit in a 20x20 pixel box while preserving their aspect ratio
 * [with] anti-aliasing ... [and] centered in a 28x28 image by computing the center of mass of the
 * pixels, and translating the image so as to position this point at the center of the 28x28
 * field." A network trained on MNIST sees a digit drawn on the pad as it saw its training digits.
 *
 * Coordinates: pixel (x, y) has its centre at (x, y) (column and row index). In that convention
 * MNIST's own digits have their centre of mass at (14, 14) — the mean over the 10,000 test digits
 * is (14.01, 13.99) — half a pixel right of and below the geometric middle of the field (13.5),
 * so that is where this function puts it.
 */

/** A grey image, row-major, one value per pixel, ink = high values (0 = background, 255 = full ink). */
export interface GreyBitmap {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
}

export type NormalizedDigit =
  | {
    readonly ok: true;
    /** 28×28 grey bytes, row-major, ink high: an MNIST image. */
    readonly pixels: Uint8Array;
    /** Where the scaled drawing sits in the 28×28 field. */
    readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
    /** The centre of mass of `pixels` (pixel centres at integer coordinates). */
    readonly centreOfMass: readonly [number, number];
  }
  | { readonly ok: false; readonly reason: 'empty'; readonly message: string };

export const MNIST_SIDE = 28;
/** The box the digit is scaled to fit, inside the 28×28 field. */
export const MNIST_BOX = 20;
/** Where the centre of mass goes (pixel-index convention; see the file comment). */
export const MNIST_CENTRE = 14;

/**
 * Turns a drawing into a 28×28 MNIST-style digit: crops to the ink's bounding box (any value
 * above 0), scales it to fit 20×20 keeping its aspect ratio by area averaging (each output pixel is
 * the mean of the source area it covers, fractions of pixels counted by their share), and places
 * it so that its centre of mass falls on (14, 14), rounded to whole pixels — or as near as the
 * field allows without cutting the drawing off. An empty drawing gives `ok: false`.
 */
export function normalizeDigit(bitmap: GreyBitmap): NormalizedDigit {
  const { width, height, data } = bitmap;
  if (data.length !== width * height) throw new Error(`normalizeDigit: ${data.length} values for a ${width}×${height} bitmap`);
  let x0 = width, y0 = height, x1 = -1, y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return { ok: false, reason: 'empty', message: 'Draw something first: the pad is empty.' };
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = MNIST_BOX / Math.max(bw, bh);
  const w = Math.max(1, Math.round(bw * scale));
  const h = Math.max(1, Math.round(bh * scale));

  // Area averaging, one axis at a time: rows to width w, then columns to height h.
  const cropped = new Float64Array(bw * bh);
  for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) cropped[y * bw + x] = data[(y0 + y) * width + x0 + x]!;
  const across = resampleAxis(cropped, bw, bh, w, true);
  const scaled = resampleAxis(across, w, bh, h, false);

  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = scaled[y * w + x]!;
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  // Ink was found above, so the mass is positive.
  const ox = clamp(roundHalfUp(MNIST_CENTRE - mx / mass), 0, MNIST_SIDE - w);
  const oy = clamp(roundHalfUp(MNIST_CENTRE - my / mass), 0, MNIST_SIDE - h);
  const pixels = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) pixels[(oy + y) * MNIST_SIDE + ox + x] = clamp(Math.round(scaled[y * w + x]!), 0, 255);
  }
  return { ok: true, pixels, box: { x: ox, y: oy, width: w, height: h }, centreOfMass: centreOfMass(pixels, MNIST_SIDE, MNIST_SIDE)! };
}

/**
 * Resamples along one axis by area averaging: output cell j covers source [j·r, (j+1)·r) with
 * r = from/to, and is the mean of the source over that interval, partly covered cells weighted by
 * the part covered. `alongRows`: resample x (each row) from `from` to `to`; else y (each column).
 */
function resampleAxis(src: Float64Array, width: number, height: number, to: number, alongRows: boolean): Float64Array {
  const from = alongRows ? width : height;
  const lines = alongRows ? height : width;
  const outW = alongRows ? to : width;
  const out = new Float64Array(alongRows ? to * height : width * to);
  const r = from / to;
  for (let j = 0; j < to; j++) {
    const start = j * r;
    const end = (j + 1) * r;
    for (let line = 0; line < lines; line++) {
      let sum = 0;
      for (let i = Math.floor(start); i < Math.min(from, Math.ceil(end)); i++) {
        const overlap = Math.min(end, i + 1) - Math.max(start, i);
        if (overlap <= 0) continue;
        sum += overlap * src[alongRows ? line * width + i : i * width + line]!;
      }
      out[alongRows ? line * outW + j : j * outW + line] = sum / r;
    }
  }
  return out;
}

/** Rounds halves up, also when the sum of products that made `v` missed the half by a rounding error. */
function roundHalfUp(v: number): number {
  return Math.floor(v + 0.5 + 1e-9);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The centre of mass (x, y) of a grey image, pixel centres at integer coordinates; null when it is blank. */
export function centreOfMass(data: ArrayLike<number>, width: number, height: number): [number, number] | null {
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  return mass > 0 ? [mx / mass, my / mass] : null;
}
