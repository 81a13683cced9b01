import { describe, expect, it } from 'vitest';
import { formulaText, outputSize, windowGeometry, windowOrigin, windowTaps } from '@/lib/ops/geometry';

describe('outputSize', () => {
  it('works out LeNet-5 C1: ⌊(32 − 5 + 0) / 1⌋ + 1 = 28', () => {
    expect(outputSize(32, 5, 1, 'valid')).toEqual({
      input: 32, kernel: 5, dilation: 1, effectiveKernel: 5, stride: 1, padding: 'valid',
      padBefore: 0, padAfter: 0, numerator: 27, quotient: 27, output: 28,
    });
  });

  it('works out AlexNet conv1: ⌊(227 − 11 + 0) / 4⌋ + 1 = 55', () => {
    const w = outputSize(227, 11, 4, 'valid');
    expect([w.numerator, w.quotient, w.output]).toEqual([216, 54, 55]);
  });

  it('pads "same" so the formula gives ⌈W / S⌉, the odd pixel after (TensorFlow)', () => {
    // 28, K 5, S 1: 4 zeros, 2 each side: ⌊(28 − 5 + 4) / 1⌋ + 1 = 28.
    expect(outputSize(28, 5, 1, 'same')).toMatchObject({ padBefore: 2, padAfter: 2, numerator: 27, output: 28 });
    // 224, K 7, S 2 (ResNet conv1): out 112, total (111·2 + 7 − 224) = 5 → 2 before, 3 after.
    expect(outputSize(224, 7, 2, 'same')).toMatchObject({ padBefore: 2, padAfter: 3, numerator: 222, quotient: 111, output: 112 });
    // 8, K 2, S 2: no padding needed.
    expect(outputSize(8, 2, 2, 'same')).toMatchObject({ padBefore: 0, padAfter: 0, output: 4 });
  });

  it('widens the kernel by dilation: K 3, D 2 reaches 5', () => {
    expect(outputSize(10, 3, 1, 'valid', 2)).toMatchObject({ effectiveKernel: 5, numerator: 5, output: 6 });
    expect(outputSize(10, 3, 1, 'same', 2)).toMatchObject({ padBefore: 2, padAfter: 2, output: 10 });
  });

  it('gives an output below 1 when the window does not fit (a shape error)', () => {
    expect(outputSize(4, 5, 1, 'valid')).toMatchObject({ numerator: -1, quotient: -1, output: 0 });
  });

  it('agrees with ⌈W / S⌉ for "same" over many sizes', () => {
    for (let w = 1; w < 40; w++) for (let k = 1; k < 8; k++) for (let s = 1; s < 5; s++) for (const d of [1, 2]) {
      expect(outputSize(w, k, s, 'same', d).output).toBe(Math.ceil(w / s));
    }
  });
});

describe('windowTaps', () => {
  it('lists the input pixels of a valid 2×2 window with stride 2', () => {
    const g = windowGeometry(4, 4, 2, 2, 'valid');
    expect(windowTaps(g, 1, 0)).toEqual([
      { ky: 0, kx: 0, iy: 2, ix: 0, inside: true }, { ky: 0, kx: 1, iy: 2, ix: 1, inside: true },
      { ky: 1, kx: 0, iy: 3, ix: 0, inside: true }, { ky: 1, kx: 1, iy: 3, ix: 1, inside: true },
    ]);
  });

  it('marks the padding of a "same" 3×3 window at the corner', () => {
    const g = windowGeometry(5, 5, 3, 1, 'same');
    const taps = windowTaps(g, 0, 0);
    expect(windowOrigin(g, 0, 0)).toEqual({ iy: -1, ix: -1 });
    expect(taps.filter((t) => t.inside).map((t) => [t.iy, t.ix])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
  });

  it('spaces dilated taps D apart', () => {
    const g = windowGeometry(10, 10, 3, 1, 'valid', 2);
    expect(windowTaps(g, 0, 1).slice(0, 3).map((t) => t.ix)).toEqual([1, 3, 5]);
  });
});

describe('formulaText', () => {
  it('fills the formula in, with 2·P for equal padding, P₁ + P₂ otherwise, and minus signs', () => {
    expect(formulaText(outputSize(32, 5, 1, 'valid'))).toBe('⌊(32 − 5 + 2·0) / 1⌋ + 1 = ⌊27 / 1⌋ + 1 = 27 + 1 = 28');
    expect(formulaText(outputSize(224, 7, 2, 'same'))).toBe('⌊(224 − 7 + 2 + 3) / 2⌋ + 1 = ⌊222 / 2⌋ + 1 = 111 + 1 = 112');
    expect(formulaText(outputSize(14, 16, 1, 'valid'))).toBe('⌊(14 − 16 + 2·0) / 1⌋ + 1 = ⌊−2 / 1⌋ + 1 = −2 + 1 = −1');
    expect(formulaText(outputSize(10, 3, 1, 'valid', 2))).toBe('⌊(10 − 5 + 2·0) / 1⌋ + 1 = ⌊5 / 1⌋ + 1 = 5 + 1 = 6');
  });
});
