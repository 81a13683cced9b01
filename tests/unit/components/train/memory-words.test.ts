/**
 * The memory guard's refusal worded from its numbers (components/train/memory-words.ts): the
 * English equals lib's own message word for word, and 简体中文 says the same numbers.
 */
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { checkMemoryBudget, type MemoryBudgetOptions } from '@/lib/compile/memory-guard';
import { analyse } from '@/lib/graph/analyse';
import { memoryRefusalWords, type ErrorWords } from '@/components/train/memory-words';
import errorsEn from '@/messages/en/errors.json';
import errorsZh from '@/messages/zh-CN/errors.json';
import { PRESETS } from '@/presets';
import { tiny } from '../../tiny-model';

// Typed messages make the translator's keys a union; the component takes any key of the namespace.
const en = createTranslator({ locale: 'en', messages: { errors: errorsEn }, namespace: 'errors' }) as unknown as ErrorWords;
const zh = createTranslator({ locale: 'zh-CN', messages: { errors: errorsZh }, namespace: 'errors' }) as unknown as ErrorWords;

const refused = (analysis: Parameters<typeof checkMemoryBudget>[0], options: MemoryBudgetOptions) => {
  const r = checkMemoryBudget(analysis, options);
  if (r.ok) throw new Error('expected a refusal');
  return r;
};

describe('memoryRefusalWords', () => {
  const vgg = analyse(PRESETS.find((p) => p.id === 'vgg16')!.build());
  const cases: [string, Parameters<typeof checkMemoryBudget>[0], MemoryBudgetOptions][] = [
    ['two ways out', tiny, { batchSize: 10, optimizer: 'adam', budgetBytes: 10_000, modelName: 'Tiny' }],
    ['SGD, another budget holder', tiny, { batchSize: 1, optimizer: 'adam', budgetBytes: 2500, budgetHolder: 'this machine' }],
    ['the small preset first', vgg, { batchSize: 32, optimizer: 'adam', modelName: 'VGG-16', presetId: 'vgg16' }],
  ];
  for (const [name, analysis, options] of cases) {
    it(`in English is lib's message word for word: ${name}`, () => {
      const r = refused(analysis, options);
      expect(memoryRefusalWords(r.refusal, en)).toBe(r.message);
    });
  }

  it('in 简体中文 keeps the numbers and names the ways out', () => {
    const r = refused(tiny, { batchSize: 10, optimizer: 'adam', budgetBytes: 10_000, modelName: 'Tiny' });
    expect(memoryRefusalWords(r.refusal, zh)).toBe('Tiny（输入 4×4）在批大小 10 时约需 11 kB；这个浏览器只能提供约 10 kB。请试试更小的输入，或批大小 8 或更小。');
    const v = refused(vgg, { batchSize: 32, optimizer: 'adam', modelName: 'VGG-16', presetId: 'vgg16' });
    expect(memoryRefusalWords(v.refusal, zh)).toBe('VGG-16（输入 224×224）在批大小 32 时约需 6.1 GB；这个浏览器只能提供约 2 GB。请试试 Mini VGG 预设，或更小的输入。');
  });

  it('lists three ways out with commas and a last "or", as lib does', () => {
    const r = { batch: 64, needBytes: 3e9, budgetBytes: 2e9, input: [224, 224] as const,
      tries: [{ kind: 'smaller-input' }, { kind: 'batch', batch: 16 }, { kind: 'sgd' }] as const };
    expect(memoryRefusalWords(r, en)).toBe('This model at 224×224 needs about 3 GB for batch 64; this browser can give about 2 GB. Try a smaller input, batch 16 or less, or SGD instead of Adam.');
    expect(memoryRefusalWords(r, zh)).toBe('这个模型（输入 224×224）在批大小 64 时约需 3 GB；这个浏览器只能提供约 2 GB。请试试更小的输入、批大小 16 或更小，或用 SGD 代替 Adam。');
  });
});
