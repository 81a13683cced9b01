import { describe, expect, it } from 'vitest';
import {
  alphaToGrey, bytesToRgba, canDrawDigits, decodeSize, drawingToModelImage, fitToInput, inkFromPhoto, uploadToModelImage,
} from '@/lib/results/model-input';
import type { DecodedImage } from '@/lib/train/datasets/png';

/** A width×height RGBA image filled by `paint(x, y)` → [r, g, b, a]. */
function rgba(width: number, height: number, paint: (x: number, y: number) => readonly number[]): DecodedImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(paint(x, y), (y * width + x) * 4);
  return { width, height, data };
}

/** The (x, y) → value of the non-zero pixels of channel `ch` of an H×W×C image. */
function inked(bytes: Uint8Array, [h, w, c]: readonly number[], ch = 0): Map<string, number> {
  const m = new Map<string, number>();
  for (let y = 0; y < h!; y++) for (let x = 0; x < w!; x++) {
    const v = bytes[(y * w! + x) * c! + ch]!;
    if (v) m.set(`${x},${y}`, v);
  }
  return m;
}

/** The set of "x,y" for x in [x0, x1], y in [y0, y1]. */
function block(x0: number, x1: number, y0: number, y1: number): string[] {
  const out: string[] = [];
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) out.push(`${x},${y}`);
  return out.sort();
}

describe('fitToInput: a stored image fed as the training data was', () => {
  it('pads 2×2 grey to 4×4 by one zero pixel on each side', () => {
    const out = fitToInput([10, 20, 30, 40], [2, 2, 1], [4, 4, 1]);
    expect(out.shape).toEqual([4, 4, 1]);
    expect([...out.bytes]).toEqual([
      0, 0, 0, 0,
      0, 10, 20, 0,
      0, 30, 40, 0,
      0, 0, 0, 0,
    ]);
  });

  it('repeats grey in three channels for a colour model, and leaves colour as it is', () => {
    expect([...fitToInput([10, 20], [1, 2, 1], [1, 2, 3]).bytes]).toEqual([10, 10, 10, 20, 20, 20]);
    expect([...fitToInput([1, 2, 3, 4, 5, 6], [1, 2, 3], [1, 2, 3]).bytes]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses shapes the plan never pairs: odd padding, colour to grey, wrong byte count', () => {
    expect(() => fitToInput(new Uint8Array(9), [3, 3, 1], [4, 4, 1])).toThrow('cannot be fitted');
    expect(() => fitToInput(new Uint8Array(12), [2, 2, 3], [2, 2, 1])).toThrow('cannot be fitted');
    expect(() => fitToInput(new Uint8Array(3), [2, 2, 1], [2, 2, 1])).toThrow('3 bytes for a 2×2×1 image');
  });
});

describe('drawingToModelImage: a vertical stroke on the pad, worked by hand', () => {
  // The pad: 280×280, a stroke of full ink in columns 130..149 (20 wide), rows 40..239 (200 tall).
  // normalizeDigit: box 20×200 → scale 20/200 = 0.1 → 2×20 pixels, each the mean of 10×10 inked
  // pixels = 255. Its centre of mass in the block: (0.5, 9.5). Offsets: x = round(14 − 0.5) =
  // round(13.5) = 14, y = round(14 − 9.5) = 5 → columns 14..15, rows 5..24 of 28×28.
  const pad = rgba(280, 280, (x, y) => (x >= 130 && x < 150 && y >= 40 && y < 240 ? [20, 20, 20, 255] : [0, 0, 0, 0]));

  it('28×28×1: columns 14..15, rows 5..24, all 255', () => {
    const r = drawingToModelImage(pad.data, 280, 280, [28, 28, 1]);
    if (!r.ok) throw new Error(r.message);
    const ink = inked(r.image.bytes, [28, 28, 1]);
    expect([...ink.keys()].sort()).toEqual(block(14, 15, 5, 24));
    expect(new Set(ink.values())).toEqual(new Set([255]));
  });

  it('32×32×3 (LeNet-5 in colour): padded by 2 → columns 16..17, rows 7..26, in every channel', () => {
    const r = drawingToModelImage(pad.data, 280, 280, [32, 32, 3]);
    if (!r.ok) throw new Error(r.message);
    expect(r.image.shape).toEqual([32, 32, 3]);
    for (const ch of [0, 1, 2]) expect([...inked(r.image.bytes, [32, 32, 3], ch).keys()].sort()).toEqual(block(16, 17, 7, 26));
  });

  it('an empty pad is no picture: ok false, with a message', () => {
    const r = drawingToModelImage(new Uint8ClampedArray(10 * 10 * 4), 10, 10, [28, 28, 1]);
    expect(r).toEqual({ ok: false, message: 'Draw something first: the pad is empty.' });
  });
});

describe('pixels', () => {
  it('alphaToGrey reads the ink from the alpha channel (anti-aliased edges are grey)', () => {
    expect(Array.from(alphaToGrey([0, 0, 0, 255, 9, 9, 9, 128, 200, 200, 200, 0], 3, 1).data)).toEqual([255, 128, 0]);
  });

  it('bytesToRgba: grey repeated in R, G and B; colour copied; opaque', () => {
    expect([...bytesToRgba([7, 250], [1, 2, 1])]).toEqual([7, 7, 7, 255, 250, 250, 250, 255]);
    expect([...bytesToRgba([1, 2, 3], [1, 1, 3])]).toEqual([1, 2, 3, 255]);
  });
});

describe('inkFromPhoto: a photo of a digit made MNIST ink', () => {
  // 5×5, paper grey 200, a stroke in column 2: rows 1..3 = 110, 20, 20.
  // Border: 16 pixels of 200, median 200 > 127 → light paper, inverted: paper 55, stroke 145, 235, 235.
  // Paper b = 55, strongest m = 235, cut = 55 + 0.15·180 = 82: paper → 0, 235 → 255,
  // 145 → 255·(145 − 82)/(235 − 82) = 255·63/153 = 105.
  const photo = (paper: number, stroke: readonly number[]) => {
    const data = new Uint8Array(25).fill(paper);
    stroke.forEach((v, i) => { data[(i + 1) * 5 + 2] = v; });
    return { width: 5, height: 5, data };
  };

  it('dark ink on light paper: inverted, paper to 0, stroke stretched to 255', () => {
    const out = Array.from(inkFromPhoto(photo(200, [110, 20, 20])).data);
    const expected = new Uint8Array(25);
    expected[7] = 105; expected[12] = 255; expected[17] = 255;
    expect(out).toEqual([...expected]);
  });

  it('light ink on black (already MNIST-like) is not inverted', () => {
    // Paper 0, strongest 200, cut 30: 200 → 255, 100 → 255·70/170 = 105.
    const out = inkFromPhoto(photo(0, [100, 200, 200]));
    expect([out.data[7], out.data[12], out.data[17], out.data[0]]).toEqual([105, 255, 255, 0]);
  });

  it('too little contrast (20 grey levels) is no drawing: all black', () => {
    expect(Array.from(inkFromPhoto(photo(200, [180, 180, 180])).data).every((v) => v === 0)).toBe(true);
  });
});

describe('uploadToModelImage', () => {
  // A 20×40 photo: white paper, a black bar in columns 8..11, rows 5..34 (4×30).
  // Inverted: the bar 255, paper 0 (cut 0 + 0.15·255 = 38: the bar stays 255). normalizeDigit:
  // scale 20/30 → 3×20 (round(4·2/3) = round(2.67) = 3), each output column the mean of 4/3 source
  // columns, all bar → 255. Centre of mass (1, 9.5) → offsets round(13) = 13, round(4.5) = 5:
  // columns 13..15, rows 5..24.
  const bar = (x: number, y: number) => x >= 8 && x < 12 && y >= 5 && y < 35;
  const check = (r: ReturnType<typeof uploadToModelImage>) => {
    if (!r.ok) throw new Error(r.message);
    const ink = inked(r.image.bytes, [28, 28, 1]);
    expect([...ink.keys()].sort()).toEqual(block(13, 15, 5, 24));
    for (let y = 5; y <= 24; y++) expect([ink.get(`13,${y}`), ink.get(`14,${y}`), ink.get(`15,${y}`)]).toEqual([255, 255, 255]);
    expect(r.note).toContain('MNIST-like');
  };

  it('a digit model: a dark digit on white paper made MNIST-like', () => {
    check(uploadToModelImage(rgba(20, 40, (x, y) => (bar(x, y) ? [0, 0, 0, 255] : [255, 255, 255, 255])), [28, 28, 1], true));
  });

  it('a transparent background counts as white paper', () => {
    check(uploadToModelImage(rgba(20, 40, (x, y) => (bar(x, y) ? [0, 0, 0, 255] : [0, 0, 0, 0])), [28, 28, 1], true));
  });

  it('a blank image for a digit model: no digit found, said plainly', () => {
    const r = uploadToModelImage(rgba(8, 8, () => [255, 255, 255, 255]), [28, 28, 1], true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^No digit found in the image/);
  });

  it('any other model: resized to its input, colour or grey', () => {
    // 64×64 red → 32×32×3, every pixel (255, 0, 0).
    const red = uploadToModelImage(rgba(64, 64, () => [255, 0, 0, 255]), [32, 32, 3], false);
    if (!red.ok) throw new Error(red.message);
    expect(red.image.bytes.length).toBe(32 * 32 * 3);
    expect(red.image.bytes.every((v, i) => v === (i % 3 === 0 ? 255 : 0))).toBe(true);
    expect(red.note).toBe('Resized from 64×64 to 32×32: what the model takes.');
    // Grey: 0.299·100 + 0.587·200 + 0.114·50 = 29.9 + 117.4 + 5.7 = 153.
    const grey = uploadToModelImage(rgba(2, 2, () => [100, 200, 50, 255]), [2, 2, 1], false);
    if (!grey.ok) throw new Error(grey.message);
    expect([...grey.image.bytes]).toEqual([153, 153, 153, 153]);
  });

  it('an image without pixels is refused with a message, not a crash', () => {
    const r = uploadToModelImage({ width: 0, height: 0, data: new Uint8Array(0) }, [28, 28, 1], false);
    expect(r).toMatchObject({ ok: false, message: 'The image has no pixels to read. Choose a PNG, JPEG, GIF, BMP or WebP image.' });
  });
});

describe('decodeSize and canDrawDigits', () => {
  it('a big photo is decoded at most 256 pixels on its long side, aspect kept; a small one as it is', () => {
    expect(decodeSize(4000, 3000)).toEqual({ width: 256, height: 192 });
    expect(decodeSize(100, 50)).toEqual({ width: 100, height: 50 });
  });

  it('the pad suits models trained on MNIST at 28×28 or 32×32, grey or colour', () => {
    expect(canDrawDigits('mnist', [28, 28, 1])).toBe(true);
    expect(canDrawDigits('mnist', [32, 32, 3])).toBe(true);
    // The imbalanced MNIST's classes are the digits too.
    expect(canDrawDigits('mnist-imbalanced', [32, 32, 1])).toBe(true);
    expect(canDrawDigits('mnist', [30, 30, 1])).toBe(false);
    expect(canDrawDigits('synthetic', [32, 32, 3])).toBe(false);
    expect(canDrawDigits('mnist', null)).toBe(false);
  });
});
