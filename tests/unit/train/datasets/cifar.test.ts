import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCifarFiles, CIFAR10_TRAIN_FILES, parseCifarFile } from '@/lib/train/datasets/cifar';
import { loadCifarDir } from '@/lib/train/datasets/files.node';
import { DataFileError } from '@/lib/train/datasets/source';
import { cifarRecord, concatBytes } from '../helpers';

// Pixel values that tell the channel and position apart: R = y, G = x, B = 100 + label.
const pix = (label: number) => (c: number, y: number, x: number): number => (c === 0 ? y : c === 1 ? x : 100 + label);

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'cifar-'));
  // CIFAR-10 layout with 2 records per batch file (the real files have 10,000 each; the format is the same).
  const c10 = path.join(dir, 'cifar-10-batches-bin');
  mkdirSync(c10);
  CIFAR10_TRAIN_FILES.forEach((name, i) => {
    writeFileSync(path.join(c10, name), concatBytes([cifarRecord([i], pix(i)), cifarRecord([(i + 5) % 10], pix((i + 5) % 10))]));
  });
  writeFileSync(path.join(c10, 'test_batch.bin'), concatBytes([cifarRecord([9], pix(9))]));
  writeFileSync(path.join(c10, 'batches.meta.txt'), 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n');
  // CIFAR-100 layout: coarse byte, fine byte, pixels.
  const c100 = path.join(dir, 'cifar-100-binary');
  mkdirSync(c100);
  writeFileSync(path.join(c100, 'train.bin'), concatBytes([cifarRecord([3, 77], pix(77)), cifarRecord([19, 99], pix(99))]));
  writeFileSync(path.join(c100, 'test.bin'), cifarRecord([0, 4], pix(4)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CIFAR binary files', () => {
  it('reads CIFAR-10 records and turns CHW planes into HWC pixels', async () => {
    const ds = await loadCifarDir(dir, 'cifar10');
    expect(ds.trainSize).toBe(10);
    expect(ds.testSize).toBe(1);
    expect(ds.numClasses).toBe(10);
    expect(ds.classNames[3]).toBe('cat');
    expect(Array.from(ds.arrays('train').labels)).toEqual([0, 5, 1, 6, 2, 7, 3, 8, 4, 9]);
    // Record 2 of data_batch_1 has label 5: pixel (y=7, x=20) is R 7, G 20, B 105, at HWC offset (7·32+20)·3.
    const px = ds.arrays('train').pixels;
    const o = 1 * 3072 + (7 * 32 + 20) * 3;
    expect([px[o], px[o + 1], px[o + 2]]).toEqual([7, 20, 105]);
    expect(ds.arrays('test').labels[0]).toBe(9);
  });

  it('reads CIFAR-100 fine and coarse labels', async () => {
    const fine = await loadCifarDir(path.join(dir, 'cifar-100-binary'), 'cifar100');
    expect(fine.numClasses).toBe(100);
    expect(Array.from(fine.arrays('train').labels)).toEqual([77, 99]);
    const coarse = await loadCifarDir(dir, 'cifar100-coarse');
    expect(coarse.numClasses).toBe(20);
    expect(Array.from(coarse.arrays('train').labels)).toEqual([3, 19]);
    // Pixel (0, 31) of record 1: R 0, G 31, B 100+77.
    const px = fine.arrays('train').pixels;
    expect([px[31 * 3], px[31 * 3 + 1], px[31 * 3 + 2]]).toEqual([0, 31, 177]);
  });

  it('refuses a truncated file, naming it and the byte offset, and leaves nothing in memory', async () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'cifar-bad-'));
    try {
      for (const name of CIFAR10_TRAIN_FILES) writeFileSync(path.join(bad, name), concatBytes([cifarRecord([1], pix(1)), cifarRecord([2], pix(2))]));
      // 2 whole records (2 × 3,073 = 6,146 bytes) and 1,000 bytes of a third: record 3 starts at 6,146.
      writeFileSync(path.join(bad, 'data_batch_3.bin'), concatBytes([cifarRecord([1], pix(1)), cifarRecord([2], pix(2)), new Uint8Array(1000)]));
      writeFileSync(path.join(bad, 'test_batch.bin'), cifarRecord([1], pix(1)));
      const before = tf.memory();
      let err: unknown;
      try {
        await loadCifarDir(bad, 'cifar10');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataFileError);
      const e = err as DataFileError;
      expect(e.file).toBe('data_batch_3.bin');
      expect(e.byteOffset).toBe(6146);
      expect(e.message).toContain('data_batch_3.bin');
      expect(e.message).toContain('byte offset 6,146');
      expect(e.message).toContain('only 1,000 of its 3,073 bytes');
      const after = tf.memory();
      expect(after.numTensors).toBe(before.numTensors);
      expect(after.numBytes).toBe(before.numBytes);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it('refuses a label byte out of range at its offset', () => {
    const bytes = concatBytes([cifarRecord([3], pix(3)), cifarRecord([200], pix(0))]);
    // Record 2 starts at byte 3,073; its label byte is the first.
    expect(() => parseCifarFile('data_batch_1.bin', bytes, 'cifar10')).toThrow(/byte offset 3,073 \(record 2\).*is 200/);
  });

  it('spots a CIFAR-100 file given as CIFAR-10', () => {
    const bytes = concatBytes([cifarRecord([1, 2], pix(0)), cifarRecord([1, 2], pix(0)), cifarRecord([1, 2], pix(0))]);
    // 3 × 3,074 = 9,222 bytes; 9,222 / 3,073 is not whole.
    expect(() => parseCifarFile('train.bin', bytes, 'cifar10')).toThrow(/CIFAR-100 file\?/);
  });

  it('lists the files it misses', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'cifar-empty-'));
    try {
      writeFileSync(path.join(empty, 'data_batch_1.bin'), cifarRecord([1], pix(1)));
      await expect(loadCifarDir(empty, 'cifar10')).rejects.toThrow(/missing: data_batch_2\.bin, data_batch_3\.bin, data_batch_4\.bin, data_batch_5\.bin, test_batch\.bin/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('checks picked files by name and size before reading them, as the panel does', () => {
    // Five training files of 2 records and a test file of 1, in a picked folder: 3,073 bytes a record.
    const picked = [...CIFAR10_TRAIN_FILES, 'test_batch.bin'].map((name) => ({ path: `cifar-10-batches-bin/${name}`, size: (name === 'test_batch.bin' ? 1 : 2) * 3073 }));
    expect(checkCifarFiles(picked, 'cifar10')).toEqual({ trainImages: 10, testImages: 1, missing: [], problem: null, problems: [] });
    // A truncated file: 2 records and 100 bytes. The same words the parser uses.
    const cut = picked.map((f) => (f.path.endsWith('data_batch_3.bin') ? { ...f, size: 2 * 3073 + 100 } : f));
    const check = checkCifarFiles(cut, 'cifar10');
    expect(check.problem).toBe('data_batch_3.bin is not a whole number of 3,073-byte CIFAR-10 records: 6,246 bytes; record 3 starts at byte offset 6,146 ' +
      'and has only 100 of its 3,073 bytes. It is truncated or not a CIFAR binary file: download it again.');
    expect(() => parseCifarFile('data_batch_3.bin', new Uint8Array(2 * 3073 + 100), 'cifar10')).toThrow(check.problem!);
    // Files picked one by one (no folder), with one missing and CIFAR-100's file among them.
    const loose = checkCifarFiles([{ path: 'data_batch_1.bin', size: 3073 }, { path: 'train.bin', size: 3074 }], 'cifar10');
    expect(loose.missing).toEqual(['data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin']);
    expect(loose.problem).toMatch(/^CIFAR-10 needs data_batch_1\.bin, .*; missing: data_batch_2\.bin, .*test_batch\.bin\. Pick those files, or the cifar-10-batches-bin folder/);
    // CIFAR-100 records are 3,074 bytes; an empty file says so.
    expect(checkCifarFiles([{ path: 'train.bin', size: 5 * 3074 }, { path: 'test.bin', size: 0 }], 'cifar100-coarse').problem)
      .toBe('test.bin is empty (0 bytes); download the CIFAR-100 (20 superclasses) binary version again.');
  });
});
