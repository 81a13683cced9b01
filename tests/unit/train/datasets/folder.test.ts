import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFolder, resizeToBytes } from '@/lib/train/datasets/folder';
import { loadImageFolderNode } from '@/lib/train/datasets/files.node';
import { decodePng } from '@/lib/train/datasets/png';
import { encodePng, solidRgba } from '../helpers';

const inflate = (d: Uint8Array): Uint8Array => new Uint8Array(inflateSync(d));

describe('PNG decoder', () => {
  it('decodes RGB and RGBA with every row filter', () => {
    // A 5×4 gradient: R = 40x, G = 50y, B = 7(x+y), A = 255 − 10x.
    const w = 5, h = 4;
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([40 * x, 50 * y, 7 * (x + y), 255 - 10 * x], (y * w + x) * 4);
    const png = encodePng(w, h, rgba, { filters: [0, 1, 2, 3, 4] });
    const img = decodePng('g.png', png, inflate);
    expect([img.width, img.height]).toEqual([5, 4]);
    expect(Array.from(img.data)).toEqual(Array.from(rgba));
    const rgb = new Uint8Array(w * h * 3);
    for (let p = 0; p < w * h; p++) rgb.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
    const img3 = decodePng('g3.png', encodePng(w, h, rgb, { channels: 3, filters: [4, 3, 2, 1] }), inflate);
    expect(img3.data[(2 * w + 3) * 4]).toBe(120);
    expect(img3.data[(2 * w + 3) * 4 + 3]).toBe(255);
  });

  it('names the byte offset of a bad chunk', () => {
    const png = encodePng(2, 2, solidRgba(2, 2, [1, 2, 3]));
    const cut = png.subarray(0, png.length - 20);
    // IHDR is 8 + 4 + 4 + 13 + 4 = 25 bytes after the 8-byte signature, so IDAT starts at 33.
    expect(() => decodePng('cut.png', cut, inflate)).toThrow(/cut\.png: the IDAT chunk claims .* truncated \(byte offset 33\)/);
    const flipped = png.slice();
    flipped[45] ^= 0xff; // a byte of IDAT's data (its data starts at 33 + 8 = 41)
    expect(() => decodePng('bad.png', flipped, inflate)).toThrow(/IDAT chunk fails its CRC check.*byte offset 33/);
    expect(() => decodePng('x.png', new Uint8Array([1, 2, 3]), inflate)).toThrow(/not a PNG/);
  });
});

describe('resizeToBytes', () => {
  it('averages 2×2 blocks when halving and keeps solid colours exact', () => {
    // 4×2 grey-ish RGBA: left half 0, right half 200 in R → 2×1: R = 0 and 200.
    const img = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 4) };
    for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) img.data.set([x < 2 ? 0 : 200, 50, 90, 255], (y * 4 + x) * 4);
    const out = new Uint8Array(2 * 1 * 3);
    resizeToBytes(img, 2, 1, 3, out, 0);
    expect(Array.from(out)).toEqual([0, 50, 90, 200, 50, 90]);
    // 3 source columns to 2: output 0 covers [0, 1.5): (0·1 + 0·0.5)/1.5 = 0; output 1 covers [1.5, 3): (0·0.5 + 200·1)/1.5 = 133.3.
    const img3 = { width: 3, height: 1, data: new Uint8Array([0, 0, 0, 255, 0, 0, 0, 255, 200, 0, 0, 255]) };
    const out3 = new Uint8Array(2);
    resizeToBytes(img3, 2, 1, 1, out3, 0);
    // grey = 0.299 R: 0 and 0.299 · 133.3 = 39.9 → 40.
    expect(Array.from(out3)).toEqual([0, 40]);
  });
});

describe('planFolder', () => {
  it('strips the picked folder and takes the next folder as the class', () => {
    const plan = planFolder(['pets/dog/1.png', 'pets/cat/2.jpg', 'pets/cat/.DS_Store', 'pets/readme.txt', 'pets/cat/sub/3.PNG', 'pets/x.png']);
    expect(plan.root).toBe('pets');
    expect(plan.classes).toEqual(['cat', 'dog']);
    expect(plan.images.map((i) => [i.path, i.classIndex])).toEqual([['pets/cat/2.jpg', 0], ['pets/cat/sub/3.PNG', 0], ['pets/dog/1.png', 1]]);
    expect(plan.skipped.map((s) => s.path).sort()).toEqual(['pets/cat/.DS_Store', 'pets/readme.txt', 'pets/x.png']);
  });

  it('says how to lay the folder out when it finds one class', () => {
    expect(() => planFolder(['pets/cat/1.png', 'pets/cat/2.png'])).toThrow(/Only one class folder \(cat\).*pets\/other_class/);
  });
});

describe('image folder under Node', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(path.join(tmpdir(), 'folder-'));
    const colours: Record<string, [number, number, number]> = { red: [220, 10, 10], green: [10, 200, 30], blue: [0, 0, 250] };
    for (const [cls, rgb] of Object.entries(colours)) {
      mkdirSync(path.join(dir, 'shots', cls), { recursive: true });
      // Five images per class, of different sizes (any size is resized to 8×8).
      for (let i = 0; i < 5; i++) {
        const w = 10 + i * 7, h = 9 + i * 3;
        writeFileSync(path.join(dir, 'shots', cls, `${i}.png`), encodePng(w, h, solidRgba(w, h, rgb), { filters: [i % 5] }));
      }
    }
    writeFileSync(path.join(dir, 'shots', 'notes.txt'), 'not an image');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads classes from sub-folders, resizes, and splits 20% of each class for testing', async () => {
    const { dataset, skipped } = await loadImageFolderNode(path.join(dir, 'shots'), { size: 8, seed: 3 });
    expect(dataset.classNames).toEqual(['blue', 'green', 'red']);
    expect(dataset.inputShape).toEqual([8, 8, 3]);
    // 5 per class, 20% → 1 test image per class.
    expect(dataset.trainSize).toBe(12);
    expect(dataset.testSize).toBe(3);
    expect(dataset.trainClassCounts).toEqual([4, 4, 4]);
    expect(skipped.map((s) => s.path)).toEqual(['notes.txt']);
    // Solid colours stay exact through resizing.
    const t = dataset.arrays('test');
    for (let i = 0; i < t.count; i++) {
      const want = [[0, 0, 250], [10, 200, 30], [220, 10, 10]][t.labels[i]!]!;
      const o = i * 8 * 8 * 3 + (5 * 8 + 3) * 3;
      expect(Array.from(t.pixels.subarray(o, o + 3))).toEqual(want);
    }
  });

  it('names a corrupt image and leaves nothing loaded; can skip it instead', async () => {
    const bad = path.join(dir, 'shots', 'green', '9.png');
    writeFileSync(bad, encodePng(4, 4, solidRgba(4, 4, [1, 1, 1])).subarray(0, 40));
    try {
      const before = tf.memory().numTensors;
      await expect(loadImageFolderNode(path.join(dir, 'shots'), { size: 8 })).rejects.toThrow(/green\/9\.png: .*truncated at 40 bytes \(byte offset 33\)/);
      expect(tf.memory().numTensors).toBe(before);
      const { dataset, skipped } = await loadImageFolderNode(path.join(dir, 'shots'), { size: 8, skipUnreadable: true });
      expect(dataset.trainSize + dataset.testSize).toBe(15);
      expect(skipped.map((s) => s.path)).toContain('green/9.png');
    } finally {
      rmSync(bad);
    }
  });
});
