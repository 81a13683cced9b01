import { describe, expect, it } from 'vitest';
import { encodeIdx } from '@/lib/train/datasets/idx';
import { MNIST_AUGMENTATION, MNIST_NOTE, mnistFromIdx, type MnistFileBytes } from '@/lib/train/datasets/mnist';
import { DataFileError } from '@/lib/train/datasets/source';

/** Hand-made MNIST files: `n` training and `m` test images; image i has every pixel = i, label i mod 10. */
export function tinyMnist(n: number, m: number): MnistFileBytes {
  const images = (count: number) => encodeIdx([count, 28, 28], new Uint8Array(count * 784).map((_, p) => Math.floor(p / 784)));
  const labels = (count: number) => encodeIdx([count], Array.from({ length: count }, (_, i) => i % 10));
  return { trainImages: images(n), trainLabels: labels(n), testImages: images(m), testLabels: labels(m) };
}

describe('mnistFromIdx', () => {
  it('keeps the files\' order and bytes, and says where the digits come from', () => {
    const ds = mnistFromIdx(tinyMnist(12, 3));
    expect(ds.trainSize).toBe(12);
    expect(ds.testSize).toBe(3);
    expect(ds.inputShape).toEqual([28, 28, 1]);
    expect(Array.from(ds.arrays('train').labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(ds.arrays('train').pixels[5 * 784 + 100]).toBe(5);
    expect(ds.description).toContain(MNIST_NOTE);
    expect(MNIST_NOTE).toBe('Official MNIST: 60,000 training and 10,000 test digits (LeCun et al. 1998).');
  });

  it('declares shifts and small rotations, never flips', () => {
    const ds = mnistFromIdx(tinyMnist(1, 1));
    expect(ds.augmentation).toEqual({ cropPadding: 2, rotate: 10 });
    expect(MNIST_AUGMENTATION.flip).toBeUndefined();
  });

  it('pads to 32×32 and repeats to 3 channels', () => {
    const ds = mnistFromIdx(tinyMnist(3, 1), { pad: 2, channels: 3 });
    expect(ds.inputShape).toEqual([32, 32, 3]);
    const px = ds.arrays('train').pixels;
    // Image 2: the border is 0, pixel (2, 2) of the padded image is the first pixel (2), in 3 channels.
    const at = (y: number, x: number, c: number) => px[2 * 32 * 32 * 3 + (y * 32 + x) * 3 + c];
    expect([at(0, 0, 0), at(1, 31, 2), at(2, 2, 0), at(2, 2, 1), at(2, 2, 2), at(29, 29, 0), at(30, 29, 0)]).toEqual([0, 0, 2, 2, 2, 2, 0]);
  });

  it('refuses files that are not MNIST\'s, naming the file', () => {
    const files = tinyMnist(4, 2);
    const wrongSide = { ...files, testImages: encodeIdx([2, 32, 32], new Uint8Array(2 * 1024)) };
    expect(() => mnistFromIdx(wrongSide)).toThrow(/t10k-images-idx3-ubyte holds 2×32×32 uint8 values; MNIST images are N×28×28 uint8/);
    const fewerLabels = { ...files, trainLabels: encodeIdx([3], [0, 1, 2]) };
    expect(() => mnistFromIdx(fewerLabels)).toThrow('train-labels-idx1-ubyte has 3 labels but train-images-idx3-ubyte has 4 images: the files are from different sets.');
    const badLabel = { ...files, testLabels: encodeIdx([2], [3, 12]) };
    try {
      mnistFromIdx(badLabel);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataFileError);
      expect((e as DataFileError).file).toBe('t10k-labels-idx1-ubyte');
      expect((e as DataFileError).byteOffset).toBe(9); // 8 header bytes, then label 1
      expect((e as Error).message).toBe('t10k-labels-idx1-ubyte: label 1 is 12, not a digit 0–9.');
    }
  });
});
