/**
 * Numbers to pixels, for the panel (ImageData) and the command line (PNG): colour scales with
 * their legends, images drawn as images, grids of tiles, nearest-neighbour enlargement and
 * heat-map overlays. Pure: RGBA bytes in, RGBA bytes out.
 *
 * Colour scales come from d3-scale-chromatic (through d3): a map whose values can be negative uses
 * the diverging red–blue scale centred on 0 (red positive, blue negative, white zero) over
 * [−m, m] with m the largest magnitude; a map of values ≥ 0 uses the sequential viridis scale
 * over [min, max] (dark purple low, yellow high). Each comes as a 256-colour table.
 */
import { interpolateRdBu, interpolateViridis, rgb } from 'd3';

/** An RGBA image, row by row, 4 bytes a pixel (what ImageData and PNG hold). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** How numbers map to colours, and the legend that explains it. */
export interface ColourScale {
  /** 'signed': diverging, centred on 0; 'unsigned': sequential from min to max. */
  readonly kind: 'signed' | 'unsigned';
  readonly min: number;
  readonly max: number;
  /** d3's name for the scheme, for the legend. */
  readonly scheme: 'RdBu' | 'viridis';
}

const LUT_SIZE = 256;

function table(interpolate: (t: number) => string): Uint8ClampedArray {
  const out = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = rgb(interpolate(i / (LUT_SIZE - 1)));
    out[i * 3] = c.r; out[i * 3 + 1] = c.g; out[i * 3 + 2] = c.b;
  }
  return out;
}

let tables: { RdBu: Uint8ClampedArray; viridis: Uint8ClampedArray } | undefined;
/** RdBu is reversed so that index 0 is blue (negative) and 255 red (positive). */
function lut(scheme: ColourScale['scheme']): Uint8ClampedArray {
  tables ??= { RdBu: table((t) => interpolateRdBu(1 - t)), viridis: table(interpolateViridis) };
  return tables[scheme];
}

/**
 * The scale for `values`: diverging around 0 when any value is negative (or `signed` is forced),
 * otherwise sequential over [min, max]. A constant map gets a range of width 1 so it still draws.
 */
export function scaleFor(values: ArrayLike<number>, options: { signed?: boolean } = {}): ColourScale {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) { min = 0; max = 1; }
  if (options.signed ?? min < 0) {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
    return { kind: 'signed', min: -m, max: m, scheme: 'RdBu' };
  }
  if (max === min) max = min + 1;
  return { kind: 'unsigned', min, max, scheme: 'viridis' };
}

/** The colour of one value on a scale, as [r, g, b]. */
export function colourOf(scale: ColourScale, v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, (v - scale.min) / (scale.max - scale.min)));
  const i = Math.round(t * (LUT_SIZE - 1)) * 3;
  const l = lut(scale.scheme);
  return [l[i]!, l[i + 1]!, l[i + 2]!];
}

/** A legend: evenly spaced values with their colours (`stops` of them, ends included). */
export function legend(scale: ColourScale, stops = 5): { value: number; colour: string }[] {
  return Array.from({ length: stops }, (_, i) => {
    const value = scale.min + ((scale.max - scale.min) * i) / (stops - 1);
    const [r, g, b] = colourOf(scale, value);
    return { value, colour: `#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('')}` };
  });
}

/**
 * One channel of a channels-last map [h, w, C] (C = 1 for a plain [h, w] map) in colour.
 * `scale` defaults to scaleFor the channel's values.
 */
export function colourMap(data: ArrayLike<number>, h: number, w: number, options: { channel?: number; channels?: number; scale?: ColourScale } = {}): RgbaImage {
  const c = options.channels ?? 1;
  const k = options.channel ?? 0;
  const values = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++) values[i] = data[i * c + k]!;
  const scale = options.scale ?? scaleFor(values);
  const out = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    const [r, g, b] = colourOf(scale, values[i]!);
    out[i * 4] = r; out[i * 4 + 1] = g; out[i * 4 + 2] = b; out[i * 4 + 3] = 255;
  }
  return { width: w, height: h, data: out };
}

/**
 * An image held as [h, w, C] floats (C = 1 grey, 3 RGB) as pixels:
 * - 'clip': values in [0, 1] as they are (the input images);
 * - 'stretch': min..max to 0..1 (a filter);
 * - 'centred': 0 to mid-grey, ±(largest magnitude) to white/black (Zeiler & Fergus's way of
 *   showing projections and filters, which keeps the sign visible).
 */
export function imageToRgba(data: ArrayLike<number>, h: number, w: number, c: number, mode: 'clip' | 'stretch' | 'centred' = 'clip'): RgbaImage {
  let lo = 0;
  let span = 1;
  if (mode !== 'clip') {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < h * w * c; i++) { const v = data[i]!; if (v < min) min = v; if (v > max) max = v; }
    if (mode === 'stretch') { lo = min; span = max - min || 1; } else { const m = Math.max(Math.abs(min), Math.abs(max)) || 1; lo = -m; span = 2 * m; }
  }
  const out = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    for (let j = 0; j < 3; j++) {
      const v = data[i * c + (c >= 3 ? j : 0)]!;
      out[i * 4 + j] = Math.round(((v - lo) / span) * 255);
    }
    out[i * 4 + 3] = 255;
  }
  return { width: w, height: h, data: out };
}

/** Each pixel repeated `factor` times in both directions (no smoothing: the cells stay visible). */
export function enlarge(img: RgbaImage, factor: number): RgbaImage {
  const f = Math.max(1, Math.floor(factor));
  if (f === 1) return img;
  const w = img.width * f;
  const out = new Uint8ClampedArray(w * img.height * f * 4);
  for (let y = 0; y < img.height * f; y++) {
    const sy = Math.floor(y / f);
    for (let x = 0; x < w; x++) {
      const s = (sy * img.width + Math.floor(x / f)) * 4;
      out.set(img.data.subarray(s, s + 4), (y * w + x) * 4);
    }
  }
  return { width: w, height: img.height * f, data: out };
}

/** Enlarged by the whole factor that brings its longer side closest to `side` pixels (at least ×1). */
export function enlargeTo(img: RgbaImage, side: number): RgbaImage {
  return enlarge(img, Math.max(1, Math.round(side / Math.max(img.width, img.height))));
}

/** Tiles of one size laid out in rows of `columns`, `gap` pixels apart on a background grey. */
export function tileGrid(tiles: readonly RgbaImage[], columns: number, gap = 2, background = 128): RgbaImage {
  if (tiles.length === 0) return { width: 1, height: 1, data: new Uint8ClampedArray([background, background, background, 255]) };
  const tw = Math.max(...tiles.map((t) => t.width));
  const th = Math.max(...tiles.map((t) => t.height));
  const cols = Math.max(1, Math.min(columns, tiles.length));
  const rows = Math.ceil(tiles.length / cols);
  const width = cols * tw + (cols + 1) * gap;
  const height = rows * th + (rows + 1) * gap;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < out.length; i += 4) { out[i] = out[i + 1] = out[i + 2] = background; out[i + 3] = 255; }
  tiles.forEach((t, n) => {
    const x0 = gap + (n % cols) * (tw + gap);
    const y0 = gap + Math.floor(n / cols) * (th + gap);
    for (let y = 0; y < t.height; y++) out.set(t.data.subarray(y * t.width * 4, (y + 1) * t.width * 4), ((y0 + y) * width + x0) * 4);
  });
  return { width, height, data: out };
}

/** `heat` laid over `base` (same size) with opacity `alpha`: Grad-CAM and occlusion over the image. */
export function overlay(base: RgbaImage, heat: RgbaImage, alpha = 0.5): RgbaImage {
  if (base.width !== heat.width || base.height !== heat.height) throw new Error(`overlay: ${base.width}×${base.height} and ${heat.width}×${heat.height} differ`);
  const out = new Uint8ClampedArray(base.data.length);
  for (let i = 0; i < out.length; i += 4) {
    for (let j = 0; j < 3; j++) out[i + j] = Math.round(base.data[i + j]! * (1 - alpha) + heat.data[i + j]! * alpha);
    out[i + 3] = 255;
  }
  return { width: base.width, height: base.height, data: out };
}

/** Resizes a one-channel map to h×w by nearest neighbour (cell (i, j) covers its share of the image). */
export function resizeNearest(data: ArrayLike<number>, h0: number, w0: number, h: number, w: number): Float32Array {
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(h0 - 1, Math.floor((y * h0) / h));
    for (let x = 0; x < w; x++) out[y * w + x] = data[sy * w0 + Math.min(w0 - 1, Math.floor((x * w0) / w))]!;
  }
  return out;
}
