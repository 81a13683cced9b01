import { describe, expect, it } from 'vitest';
import { classCounts } from '@/lib/train/datasets/in-memory';
import { MNIST_SPLIT_NOTE } from '@/lib/train/datasets/mnist';
import { loadMnistNode, readMnistDigits } from '@/lib/train/datasets/mnist-node';

describe('MNIST from the mnist package', () => {
  const plain = loadMnistNode();

  it('uses all 10,000 digits in a fixed 8,000/2,000 split', () => {
    // Per-digit counts in the package (src/digits/N.json): digit 5 has only 863.
    const perDigit = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    expect(perDigit.reduce((a, b) => a + b)).toBe(10_000);
    expect(readMnistDigits().map((d) => d.length / 784)).toEqual(perDigit);
    expect(plain.trainSize).toBe(8000);
    expect(plain.testSize).toBe(2000);
    const train = classCounts(plain.arrays('train').labels, 10);
    const test = classCounts(plain.arrays('test').labels, 10);
    expect(train.map((n, d) => n + test[d]!)).toEqual(perDigit);
    // A fair shuffle puts roughly 20% of each digit in the test split.
    test.forEach((n, d) => expect(Math.abs(n / perDigit[d]! - 0.2)).toBeLessThan(0.06));
  });

  it('is the same split on every load', () => {
    const again = loadMnistNode();
    expect(Buffer.from(again.arrays('test').pixels).equals(Buffer.from(plain.arrays('test').pixels))).toBe(true);
    expect(Array.from(again.arrays('train').labels.subarray(0, 50))).toEqual(Array.from(plain.arrays('train').labels.subarray(0, 50)));
  });

  it('keeps the original bytes (values k/255)', () => {
    // The package stores e.g. 0.188 for 48/255 = 0.18824; ×255 rounds back to 48.
    const raw = readMnistDigits()[0]!;
    const bytes = new Set(plain.arrays('train').pixels);
    expect(bytes.size).toBeGreaterThan(200);
    expect(Math.round(raw[154]! * 255)).toBe(48);
  });

  it('pads 28→32 for LeNet-5 and repeats to 3 channels', () => {
    const padded = loadMnistNode({ pad: 2, channels: 3 });
    expect(padded.inputShape).toEqual([32, 32, 3]);
    const a = plain.sample('test', 0).pixels;
    const b = padded.sample('test', 0).pixels;
    // Pixel (y, x) of the 28×28 image is pixel (y+2, x+2) of the 32×32 one, in all 3 channels.
    for (const [y, x] of [[0, 0], [14, 14], [27, 27], [10, 20]] as const) {
      for (let c = 0; c < 3; c++) expect(b[((y + 2) * 32 + (x + 2)) * 3 + c]).toBe(a[y * 28 + x]);
    }
    // The 2-pixel border is zero.
    for (let x = 0; x < 32; x++) expect(b[(0 * 32 + x) * 3]).toBe(0);
  });

  it('has an imbalanced form falling to 1:100, with a balanced test split', () => {
    const imb = loadMnistNode({ imbalanceRatio: 100 });
    const counts = imb.trainClassCounts;
    const n0 = Math.min(...plain.trainClassCounts);
    expect(counts[0]).toBe(n0);
    expect(counts[9]).toBe(Math.round(n0 / 100));
    expect(imb.testSize).toBe(2000);
  });

  it('says where its test split comes from', () => {
    expect(plain.description).toContain(MNIST_SPLIT_NOTE);
    expect(MNIST_SPLIT_NOTE).toMatch(/not from official MNIST/);
  });
});
