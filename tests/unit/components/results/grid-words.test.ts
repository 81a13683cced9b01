/**
 * The test-image grid's counts and captions in words (components/results/grid-words.ts and the
 * `results` messages), in English and 简体中文, numbers grouped by the language's rules.
 */
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { cellWords, selectionWords, type ResultsWords } from '@/components/results/grid-words';
import resultsEn from '@/messages/en/results.json';
import resultsZh from '@/messages/zh-CN/results.json';

// Typed messages make the translator's keys a union; the helper takes any key of the namespace.
const en = createTranslator({ locale: 'en', messages: { results: resultsEn }, namespace: 'results' }) as unknown as ResultsWords;
const zh = createTranslator({ locale: 'zh-CN', messages: { results: resultsZh }, namespace: 'results' }) as unknown as ResultsWords;
const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

describe('selectionWords', () => {
  it('says how many images and of how many, in English', () => {
    expect(selectionWords({ kind: 'all' }, 10000, 10000, [], en)).toBe('10,000 test images');
    expect(selectionWords({ kind: 'mistakes' }, 23, 10000, [], en)).toBe('23 mistakes of 10,000');
    expect(selectionWords({ kind: 'mistakes' }, 1, 10000, [], en)).toBe('1 mistake of 10,000');
    expect(selectionWords({ kind: 'cell', truth: 4, predicted: 9 }, 12, 10000, [], en)).toBe('true 4, predicted 9: 12 images of 10,000');
    expect(selectionWords({ kind: 'cell', truth: 4, predicted: 9 }, 1, 10000, names, en)).toBe('true four, predicted nine: 1 image of 10,000');
  });

  it('and in 简体中文', () => {
    expect(selectionWords({ kind: 'all' }, 10000, 10000, [], zh)).toBe('10,000 张测试图像');
    expect(selectionWords({ kind: 'mistakes' }, 23, 10000, [], zh)).toBe('10,000 张中有 23 个错误');
    expect(selectionWords({ kind: 'cell', truth: 4, predicted: 9 }, 1234, 10000, [], zh)).toBe('真实 4，预测 9：10,000 张中有 1,234 张');
  });

  it('a tile caption, as the e2e tests read it in English', () => {
    expect(en('tile.caption', { truth: '7', predicted: '1' })).toBe('true 7 / predicted 1');
    expect(zh('tile.caption', { truth: '7', predicted: '1' })).toBe('真实 7 / 预测 1');
    expect(en('tile.label', { index: '12', caption: 'true 7 / predicted 1', sure: en('tile.sure', { probability: '97%' }), mistake: en('tile.mistake') }))
      .toBe('Test image 12: true 7 / predicted 1, 97% sure (a mistake). Show its probabilities.');
  });

  it('names a confusion-matrix cell by its classes and count', () => {
    expect(cellWords({ truth: 4, predicted: 9 }, 12, [], en)).toBe('true 4, predicted 9: 12 images');
    expect(cellWords({ truth: 0, predicted: 1 }, 1, ['cat', 'dog'], en)).toBe('true cat, predicted dog: 1 image');
    expect(cellWords({ truth: 1, predicted: 1 }, 0, ['cat', 'dog'], en)).toBe('true dog, predicted dog: 0 images');
    expect(cellWords({ truth: 4, predicted: 9 }, 1234, [], zh)).toBe('真实 4，预测 9：1,234 张');
  });
});
