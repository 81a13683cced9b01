/**
 * lib/train's sentences worded in the user's language (components/train/said-words.ts): in English
 * they are lib's own messages word for word (real plans of real presets, a trial's reason, an
 * error), and in 简体中文 the same values land in Chinese sentences, clauses included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { NAMESPACES } from '@/lib/i18n/namespaces';
import type { DatasetId } from '@/lib/train/datasets/catalogue';
import { TrainError } from '@/lib/train/errors';
import { planDataset } from '@/lib/train/plan';
import { english, say, type Said } from '@/lib/train/said';
import { errorWords, saidWords, type AllWords } from '@/components/train/said-words';
import { getPreset } from '@/presets';

const DIR = join(__dirname, '../../../../messages');
const messages = (locale: string) => Object.fromEntries(NAMESPACES.map((ns) => [ns, JSON.parse(readFileSync(join(DIR, locale, `${ns}.json`), 'utf8'))]));
// Typed messages make the translator's keys a union; saidWords takes any key.
const en = createTranslator({ locale: 'en', messages: messages('en') }) as unknown as AllWords;
const zh = createTranslator({ locale: 'zh-CN', messages: messages('zh-CN') }) as unknown as AllWords;

const preset = (id: string): Graph => getPreset(id)!.build();
const plan = (g: Graph, id: DatasetId) => planDataset(g, analyse(g), id);

describe('saidWords', () => {
  const said: [string, Said][] = [
    ['LeNet-5 on MNIST (a note with two clauses)', plan(preset('lenet5'), 'mnist').noteSaid!],
    ['a colour model on MNIST', plan(preset('mini_vgg'), 'mnist').problems?.[0] ?? plan(preset('mini_vgg'), 'mnist').noteSaid!],
    ['VGG-16 on MNIST (two problems)', plan(preset('vgg16'), 'mnist').problems![0]!],
    ['VGG-16 on MNIST, the classes', plan(preset('vgg16'), 'mnist').problems![1]!],
    ['LeNet-5 on the synthetic shapes', plan(preset('lenet5'), 'synthetic').problems![0]!],
    ['a trial reason', say('train.trial.kernel', { backend: 'WASM', kernel: 'Conv2DBackpropFilter' })],
    ['a number formatted', say('train.worker.decoding', { done: 1234, total: 5000 })],
  ];
  for (const [name, s] of said) {
    it(`in English is lib's message word for word: ${name}`, () => {
      expect(saidWords(s, en)).toBe(english(s));
    });
  }

  it('in 简体中文: the note for LeNet-5, with its clauses in Chinese', () => {
    expect(saidWords(plan(preset('lenet5'), 'mnist').noteSaid!, zh))
      .toBe('LeNet-5 接收 32×32×1；MNIST 从 28×28 补边到 32×32（每边 2 个空白像素，与 LeCun 的做法相同）。');
  });

  it('in 简体中文: a dataset named in the sentence, and a model without a name', () => {
    const g = preset('lenet5');
    const unnamed = { ...g, meta: { ...g.meta, name: '' } };
    expect(saidWords(plan(unnamed, 'synthetic').problems![0]!, zh))
      .toBe('这个模型 接收 32×32×1 的图像，但 合成图形 是 32×32×3（彩色）：请把 Input 模块的通道数设为 3，或者改用灰度的 MNIST 训练。');
    expect(saidWords(say('train.worker.decoding', { done: 1234, total: 5000 }), zh)).toBe('正在解码你的图像：1,234 / 5,000');
  });

  it('errorWords: a TrainError with a Said in Chinese, one without it as written', () => {
    const e = new TrainError('unavailable', say('errors.train.noTestImage', { index: '12000', count: 10000 }));
    expect(errorWords(e, zh)).toBe('没有第 12000 张测试图像；测试集共有 10,000 张。');
    expect(errorWords(e, en)).toBe(e.message);
    expect(errorWords({ message: 'tfjs said so' }, zh)).toBe('tfjs said so');
  });
});

describe('a diverged run’s advice', () => {
  const info = {
    what: say('train.diverged.exploded', { loss: '52.3', start: '2.30' }), epoch: 2, batch: 1233, learningRate: 0.05,
    optimizer: 'sgd' as const, hasBatchNorm: false, output: 'softmax' as const,
  };
  it('reads in English as the command line prints it, worked out by hand', async () => {
    const { divergenceAdvice, divergenceAdviceSaid } = await import('@/lib/train/loop');
    const text = 'Training stopped at epoch 3, batch 1234: the loss exploded to 52.3 (from 2.30 at the start). The weights are no longer usable. '
      + 'Try: lower the learning rate (now 0.05; try 0.005); add BatchNorm after the convolutions (it keeps activations in range); '
      + 'use Adam (lr 0.001), which adapts the step size per weight; use a warm-up or a cosine schedule so the first steps are small; '
      + 'check that the last layer is Dense with softmax and as many units as classes.';
    expect(divergenceAdvice(info)).toBe(text);
    expect(saidWords(divergenceAdviceSaid(info), en)).toBe(text);
  });
  it('reads in 简体中文 with the same numbers', async () => {
    const { divergenceAdviceSaid } = await import('@/lib/train/loop');
    const text = saidWords(divergenceAdviceSaid({ ...info, optimizer: 'adam', hasBatchNorm: true }), zh);
    expect(text).toBe('训练在第 3 轮、第 1234 批停止：损失暴涨到 52.3（开始时为 2.30）。这些权重已不可用。可以试试：'
      + '降低学习率（现在是 0.05，试试 0.005）；使用预热（warm-up）或余弦学习率调度，让最初几步的步长小一些；检查最后一层是否为带 softmax 的 Dense 层，且单元数等于类别数。');
  });
});
