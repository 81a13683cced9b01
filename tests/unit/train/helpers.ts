/**
 * Test helpers for the train tests: a tiny PNG encoder (node:zlib) and writers of CIFAR files in
 * their real binary format.
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../../lib/train/datasets/png';

/**
 * Encodes RGBA (colour type 6) or RGB (type 2) bytes as a PNG. Each row uses filter `filter`
 * (0 none, 1 sub, 2 up; rows cycle through `filters` if given) so the decoder's filters are exercised.
 */
export function encodePng(width: number, height: number, data: Uint8Array, opts: { channels?: 3 | 4; filters?: number[] } = {}): Uint8Array {
  const ch = opts.channels ?? 4;
  const stride = width * ch;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const filter = opts.filters ? opts.filters[y % opts.filters.length]! : 0;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const v = data[y * stride + x]!;
      const a = x >= ch ? data[y * stride + x - ch]! : 0;
      const b = y > 0 ? data[(y - 1) * stride + x]! : 0;
      const c = x >= ch && y > 0 ? data[(y - 1) * stride + x - ch]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      raw[y * (stride + 1) + 1 + x] = (v - pred) & 0xff;
    }
  }
  const chunk = (type: string, body: Uint8Array): Uint8Array => {
    const out = new Uint8Array(12 + body.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, body.length);
    for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
    out.set(body, 8);
    view.setUint32(8 + body.length, crc32(out, 4, 8 + body.length));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = ch === 4 ? 6 : 2;
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const total = parts.reduce((s, p) => s + p.length, 0);
  const png = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { png.set(p, o); o += p.length; }
  return png;
}

/** A solid-colour RGBA image. */
export function solidRgba(width: number, height: number, [r, g, b]: readonly [number, number, number]): Uint8Array {
  const d = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) d.set([r, g, b, 255], p * 4);
  return d;
}

/**
 * One CIFAR record: label byte(s), then the 32×32 image as three 1,024-byte planes (R, G, B).
 * Pixel (y, x) of channel c is `pixel(c, y, x)`.
 */
export function cifarRecord(labels: number[], pixel: (c: number, y: number, x: number) => number): Uint8Array {
  const rec = new Uint8Array(labels.length + 3072);
  rec.set(labels, 0);
  for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) {
    rec[labels.length + c * 1024 + y * 32 + x] = pixel(c, y, x) & 0xff;
  }
  return rec;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
