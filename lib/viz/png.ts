/**
 * A PNG encoder for the command line's pictures: 8-bit RGBA, no interlacing, filter "none" on
 * every row, one IDAT chunk. The deflate step is passed in (node:zlib's deflateSync under Node),
 * as the decoder in lib/train/datasets/png.ts takes its inflate, so this file stays pure.
 * Written here rather than taken from a package (pngjs): it is 30 lines over zlib, and the
 * project already has the decoder and CRC-32 that check it.
 */
import { crc32 } from '../train/datasets/png';
import type { RgbaImage } from './render';

export type Deflate = (data: Uint8Array) => Uint8Array;

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** The PNG file of an RGBA image. */
export function encodePng(image: RgbaImage, deflate: Deflate): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new Error(`encodePng: ${data.length} bytes for ${width}×${height} RGBA (${width * height * 4} expected)`);
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, standard filters, no interlacing
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const parts = [new Uint8Array(SIGNATURE), chunk('IHDR', header), chunk('IDAT', deflate(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
