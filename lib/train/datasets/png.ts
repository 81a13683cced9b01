/**
 * A small PNG decoder (non-interlaced; bit depth 8 or 16; grey, RGB, palette, grey+alpha, RGBA)
 * for reading image folders under Node, where there is no canvas. The inflate step is passed in
 * (node:zlib's inflateSync), so this file stays free of Node imports. In the browser, images are
 * decoded by the browser itself (files.browser.ts).
 */
import { say, type Said } from '../said';
import { DataFileError } from './source';

/** An image as RGBA bytes, row by row. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

export type Inflate = (data: Uint8Array) => Uint8Array;

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The CRC-32 of PNG chunks (and zlib/gzip). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Decodes a PNG into RGBA. Throws a DataFileError naming the file and the byte offset of the
 * first bad chunk (truncated, wrong CRC, unsupported form).
 */
export function decodePng(name: string, bytes: Uint8Array, inflate: Inflate): DecodedImage {
  const fail = (offset: number, problem: Said): never => {
    throw new DataFileError(name, say('errors.data.png', { file: name, problem, offset }), offset);
  };
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) fail(i, say('errors.data.pngSignature'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0, height = 0, depth = 0, colour = 0;
  let palette: Uint8Array | undefined;
  let alpha: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (!ended) {
    if (pos + 8 > bytes.length) fail(pos, say('errors.data.pngChunkHeader', { bytes: bytes.length }));
    const length = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    const dataStart = pos + 8;
    if (dataStart + length + 4 > bytes.length) {
      fail(pos, say('errors.data.pngChunkLength', { chunk: type, length, bytes: bytes.length }));
    }
    const crc = view.getUint32(dataStart + length);
    if (crc32(bytes, pos + 4, dataStart + length) !== crc) fail(pos, say('errors.data.pngCrc', { chunk: type }));
    const data = bytes.subarray(dataStart, dataStart + length);
    switch (type) {
      case 'IHDR':
        width = view.getUint32(dataStart);
        height = view.getUint32(dataStart + 4);
        depth = data[8]!;
        colour = data[9]!;
        if (depth !== 8 && !(depth === 16 && colour !== 3)) fail(pos, say('errors.data.pngDepth', { depth }));
        if (![0, 2, 3, 4, 6].includes(colour)) fail(pos, say('errors.data.pngColour', { colour }));
        if (data[12] !== 0) fail(pos, say('errors.data.pngInterlaced'));
        break;
      case 'PLTE': palette = data; break;
      case 'tRNS': alpha = data; break;
      case 'IDAT': idat.push(data); break;
      case 'IEND': ended = true; break;
      default: break; // ancillary chunks are skipped
    }
    pos = dataStart + length + 4;
  }
  if (width === 0 || height === 0) fail(8, say('errors.data.pngNoSize'));
  if (idat.length === 0) fail(pos, say('errors.data.pngNoData'));
  const joined = new Uint8Array(idat.reduce((s, d) => s + d.length, 0));
  let o = 0;
  for (const d of idat) { joined.set(d, o); o += d.length; }
  let raw: Uint8Array;
  try {
    raw = inflate(joined);
  } catch {
    return fail(8, say('errors.data.pngInflate'));
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour as 0 | 2 | 3 | 4 | 6];
  const bpp = channels * (depth / 8); // bytes per pixel, for filters
  const stride = width * bpp;
  if (raw.length < height * (stride + 1)) fail(8, say('errors.data.pngShort', { bytes: raw.length, expected: height * (stride + 1) }));
  const un = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? un[row + x - bpp]! : 0;
      const b = y > 0 ? un[prev + x]! : 0;
      const c = x >= bpp && y > 0 ? un[prev + x - bpp]! : 0;
      let v = raw[src + x]!;
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: fail(8, say('errors.data.pngFilter', { row: y, filter }));
      }
      un[row + x] = v & 0xff;
    }
  }
  const out = new Uint8Array(width * height * 4);
  const step = depth / 8; // 16-bit samples: keep the high byte
  for (let p = 0; p < width * height; p++) {
    const s = p * bpp;
    const sample = (i: number): number => un[s + i * step]!;
    let r: number, g: number, b: number, al = 255;
    if (colour === 0 || colour === 4) {
      r = g = b = sample(0);
      if (colour === 4) al = sample(1);
    } else if (colour === 3) {
      const idx = sample(0);
      if (!palette || idx * 3 + 2 >= palette.length) fail(8, say('errors.data.pngPalette', { index: idx }));
      r = palette![idx * 3]!; g = palette![idx * 3 + 1]!; b = palette![idx * 3 + 2]!;
      if (alpha && idx < alpha.length) al = alpha[idx]!;
    } else {
      r = sample(0); g = sample(1); b = sample(2);
      if (colour === 6) al = sample(3);
    }
    out[p * 4] = r; out[p * 4 + 1] = g; out[p * 4 + 2] = b; out[p * 4 + 3] = al;
  }
  return { width, height, data: out };
}
