import { describe, expect, it } from 'vitest';
import { argMax, formatCount, formatProbability } from '@/lib/results/text';

describe('formatCount', () => {
  it('groups thousands and makes the noun plural but for one', () => {
    expect(formatCount(10000)).toBe('10,000');
    expect(formatCount(0, 'image')).toBe('0 images');
    expect(formatCount(1, 'image')).toBe('1 image');
    expect(formatCount(1234, 'mistake')).toBe('1,234 mistakes');
  });
});

describe('formatProbability', () => {
  it('one decimal, and never a rounded 0.0% or 100.0% for what is neither', () => {
    expect(formatProbability(0.9734)).toBe('97.3%');
    expect(formatProbability(0)).toBe('0.0%');
    expect(formatProbability(1)).toBe('100.0%');
    expect(formatProbability(0.0004)).toBe('<0.1%');
    expect(formatProbability(0.9996)).toBe('>99.9%');
    expect(formatProbability(Number.NaN)).toBe('—');
  });
});

describe('argMax', () => {
  it('the index of the largest value, the first of equals', () => {
    expect(argMax(Float32Array.from([0.1, 0.7, 0.2]))).toBe(1);
    expect(argMax([0.5, 0.5])).toBe(0);
    expect(argMax([])).toBe(-1);
  });
});
