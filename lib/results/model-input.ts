/**
 * Pictures made into what a trained model takes: a test image as the dataset stores it, a digit
 * drawn on the pad, an image the user uploads. Each ends as a `ModelImage`, H×W×C bytes at the
 * model's input shape, prepared the way the training data was:
 *
 * - MNIST digits are 28×28 grey; a model that takes 32×32 (LeNet-5) saw them padded by 2 empty
 *   pixels on each side, one that takes colour saw the grey repeated in 3 channels
 *   (components/train/plan.ts). `fitToInput` does the same to any 28×28 digit.
 * - A drawing is made MNIST-like by `normalizeDigit` (fit to 20×20, centred by its centre of mass
 *   in 28×28), then fitted like a dataset digit.
 * - An uploaded photo of a digit is usually dark ink on light paper: `inkFromPhoto` turns it into
 *   MNIST's light ink on black; other images are resized to the input, grey or colour, as the
 *   image folders are (`resizeToBytes`).
 */
import { datasetEntry } from '@/lib/train/datasets/catalogue';
import { resizeToBytes } from '@/lib/train/datasets/folder';
import { normalizeDigit, MNIST_SIDE, type GreyBitmap } from '@/lib/train/datasets/mnist-normalize';
import type { DecodedImage } from '@/lib/train/datasets/png';
import type { ImageShape } from '@/lib/train/datasets/types';
import { english, say, type Said } from '../train/said';

/** An image at a model's input shape: H×W×C bytes, channels last, 0–255 (as datasets store images). */
export interface ModelImage {
  readonly shape: ImageShape;
  readonly bytes: Uint8Array;
}

/** A picture made ready for the model, or why it could not be. */
export type Prepared =
  /** `note` in English; `noteSaid` the same as data, for the interface to word. */
  | { readonly ok: true; readonly image: ModelImage; readonly note?: string; readonly noteSaid?: Said }
  /** `message` in English; `said` the same as data, when lib said it so. */
  | { readonly ok: false; readonly message: string; readonly said?: Said };

/** A refusal or a note, in English and as data. */
const refused = (said: Said): Prepared => ({ ok: false, message: english(said), said });
const noted = (said: Said): { note: string; noteSaid: Said } => ({ note: english(said), noteSaid: said });

const MNIST_SHAPE: ImageShape = [MNIST_SIDE, MNIST_SIDE, 1];

/**
 * Fits an image stored at `stored` to the model's `input` the way the dataset plan fed it: zero
 * padding centred on each side (28×28 → 32×32: 2 pixels), a grey channel repeated for colour
 * input. Throws when the shapes cannot be fitted that way (the plan never trains such a pair).
 */
export function fitToInput(bytes: ArrayLike<number>, stored: ImageShape, input: ImageShape): ModelImage {
  const [h, w, c] = stored;
  const [H, W, C] = input;
  const padY = (H - h) / 2;
  const padX = (W - w) / 2;
  if (bytes.length !== h * w * c) throw new Error(`fitToInput: ${bytes.length} bytes for a ${h}×${w}×${c} image`);
  if (!(Number.isInteger(padY) && padY >= 0 && Number.isInteger(padX) && padX >= 0) || !(c === C || c === 1)) {
    throw new Error(`A ${h}×${w}×${c} image cannot be fitted to the model's ${H}×${W}×${C} input by padding and repeating channels.`);
  }
  const out = new Uint8Array(H * W * C);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * c;
      const d = ((y + padY) * W + x + padX) * C;
      for (let ch = 0; ch < C; ch++) out[d + ch] = bytes[s + (c === 1 ? 0 : ch)]!;
    }
  }
  return { shape: input, bytes: out };
}

/**
 * Whether the drawing pad suits a model: one trained on MNIST or its imbalanced variant (so its
 * classes are the digits) whose input is a digit padded square (28×28 or 32×32, grey or grey
 * repeated in colour).
 */
export function canDrawDigits(datasetKind: string, input: ImageShape | null): boolean {
  if (datasetEntry(datasetKind)?.input.kind !== 'mnist' || !input) return false;
  const [h, w, c] = input;
  return h === w && (h === 28 || h === 32) && (c === 1 || c === 3);
}

/**
 * The ink of a canvas drawn on with an opaque pen on a transparent background: its alpha channel
 * (anti-aliased stroke edges are partly transparent, so they become grey, as in MNIST).
 */
export function alphaToGrey(rgba: ArrayLike<number>, width: number, height: number): GreyBitmap {
  if (rgba.length !== width * height * 4) throw new Error(`alphaToGrey: ${rgba.length} bytes for a ${width}×${height} RGBA image`);
  const data = new Uint8Array(width * height);
  for (let p = 0; p < data.length; p++) data[p] = rgba[p * 4 + 3]!;
  return { width, height, data };
}

/**
 * A drawing on the pad (RGBA, ink in the alpha channel) as the model's input: made MNIST-like by
 * `normalizeDigit`, then padded and repeated like the training digits. An empty pad is not an
 * error to shout about: `ok: false` with a gentle message.
 */
export function drawingToModelImage(rgba: ArrayLike<number>, width: number, height: number, input: ImageShape): Prepared {
  const digit = normalizeDigit(alphaToGrey(rgba, width, height));
  if (!digit.ok) return { ok: false, message: digit.message };
  return { ok: true, image: fitToInput(digit.pixels, MNIST_SHAPE, input) };
}

/** The RGBA pixels of an H×W×C byte image (grey or colour), for an ImageData. */
export function bytesToRgba(bytes: ArrayLike<number>, [h, w, c]: ImageShape): Uint8ClampedArray<ArrayBuffer> {
  if (bytes.length !== h * w * c) throw new Error(`bytesToRgba: ${bytes.length} bytes for a ${h}×${w}×${c} image`);
  const out = new Uint8ClampedArray(h * w * 4);
  for (let p = 0; p < h * w; p++) {
    if (c === 1) {
      out[p * 4] = out[p * 4 + 1] = out[p * 4 + 2] = bytes[p]!;
    } else {
      out[p * 4] = bytes[p * c]!;
      out[p * 4 + 1] = bytes[p * c + 1]!;
      out[p * 4 + 2] = bytes[p * c + 2]!;
    }
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** An RGBA image laid on white, opaque: transparent parts show as the page behind them would. */
export function onWhite(img: DecodedImage): DecodedImage {
  const data = new Uint8ClampedArray(img.width * img.height * 4);
  for (let p = 0; p < img.width * img.height; p++) {
    const a = img.data[p * 4 + 3]! / 255;
    for (let ch = 0; ch < 3; ch++) data[p * 4 + ch] = a * img.data[p * 4 + ch]! + (1 - a) * 255;
    data[p * 4 + 3] = 255;
  }
  return { width: img.width, height: img.height, data };
}

/** Ink below this share of the way from the paper to the darkest stroke counts as paper (noise, shadows). */
const PAPER_SHARE = 0.15;
/** Fewer grey levels than this between paper and ink: no drawing to find. */
const MIN_CONTRAST = 32;

/**
 * A grey photo or scan of a digit as MNIST ink: light on black, paper at 0. The paper's grey is
 * the median of the border pixels; on light paper (median above 127) the image is inverted. Then
 * the paper level b and the strongest ink m are stretched apart: values up to b + 0.15·(m − b)
 * become 0 (paper grain, shadows), m becomes 255, linearly between. Too little contrast
 * (m − b < 32 grey levels) gives an all-black image: there is no stroke to find.
 */
export function inkFromPhoto(grey: GreyBitmap): GreyBitmap {
  const { width, height, data } = grey;
  if (data.length !== width * height) throw new Error(`inkFromPhoto: ${data.length} values for a ${width}×${height} image`);
  const border: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y === 0 || y === height - 1 || x === 0 || x === width - 1) border.push(data[y * width + x]!);
    }
  }
  const invert = median(border) > 127;
  const ink = new Float64Array(data.length);
  for (let p = 0; p < data.length; p++) ink[p] = invert ? 255 - data[p]! : data[p]!;
  const paper = median(border.map((v) => (invert ? 255 - v : v)));
  let strongest = 0;
  for (const v of ink) if (v > strongest) strongest = v;
  const out = new Uint8Array(data.length);
  if (strongest - paper >= MIN_CONTRAST) {
    const cut = paper + PAPER_SHARE * (strongest - paper);
    for (let p = 0; p < ink.length; p++) out[p] = ink[p]! <= cut ? 0 : Math.round((255 * (ink[p]! - cut)) / (strongest - cut));
  }
  return { width, height, data: out };
}

/** The middle value (the upper of the two middles for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The size to decode an upload at: its own, shrunk to fit `maxSide` keeping the aspect ratio (a
 * 4000-pixel photo need not be held whole to find a digit in it, or to shrink it to 32×32).
 */
export function decodeSize(width: number, height: number, maxSide = 256): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * An uploaded image (decoded RGBA, any size) as the model's input. For a digit model (`digits`):
 * grey, `inkFromPhoto`, then made MNIST-like and fitted as a drawing is. For any other model:
 * resized to the input (grey or colour as the model takes), as image folders are when training.
 * Transparent parts count as white paper.
 */
export function uploadToModelImage(img: DecodedImage, input: ImageShape, digits: boolean): Prepared {
  if (!(img.width > 0 && img.height > 0) || img.data.length < img.width * img.height * 4) {
    return refused(say('results.prepare.noPixels'));
  }
  const flat = onWhite(img);
  const [h, w, c] = input;
  if (!digits) {
    if (c !== 1 && c !== 3) return refused(say('results.prepare.channels', { channels: c }));
    const bytes = new Uint8Array(h * w * c);
    resizeToBytes(flat, w, h, c, bytes, 0);
    const resized = img.width !== w || img.height !== h;
    return {
      ok: true,
      image: { shape: input, bytes },
      ...(resized || c === 1
        ? noted(say(resized ? (c === 1 ? 'results.prepare.resizedGrey' : 'results.prepare.resized') : 'results.prepare.atSizeGrey', { from: `${img.width}×${img.height}`, to: `${w}×${h}` }))
        : {}),
    };
  }
  const grey = new Uint8Array(img.width * img.height);
  resizeToBytes(flat, img.width, img.height, 1, grey, 0);
  const digit = normalizeDigit(inkFromPhoto({ width: img.width, height: img.height, data: grey }));
  if (!digit.ok) {
    return refused(say('results.prepare.noDigit'));
  }
  return {
    ok: true,
    image: fitToInput(digit.pixels, MNIST_SHAPE, input),
    ...noted(say('results.prepare.mnistLike')),
  };
}
