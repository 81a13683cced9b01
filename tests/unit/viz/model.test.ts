/**
 * A VizError made from a Said (lib/viz/model.ts): impossible requests of the Look inside views —
 * an unknown node, filters of a Dense layer, a channel out of range, a damaged saved evolution —
 * give the sentence as data, its English is the message the views and the command line said
 * before word for word, and 简体中文 words the same values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator } from 'next-intl';
import { beforeAll, describe, expect, it } from 'vitest';
import { NAMESPACES } from '@/lib/i18n/namespaces';
import { say } from '@/lib/train/said';
import { VizError, decodeEvolution, encodeEvolution, filters, resolveNode, startEvolution } from '@/lib/viz';
import { checkChannel } from '@/lib/viz/backprop';
import { errorWords, type AllWords } from '@/components/train/said-words';
import { getPreset } from '@/presets';
import { switchBackend } from '../tf-setup';
import { vizOf } from './helpers';

const DIR = join(__dirname, '../../../messages');
const messages = (locale: string) => Object.fromEntries(NAMESPACES.map((ns) => [ns, JSON.parse(readFileSync(join(DIR, locale, `${ns}.json`), 'utf8'))]));
const zh = createTranslator({ locale: 'zh-CN', messages: messages('zh-CN') }) as unknown as AllWords;

/** The VizError `fn` throws or rejects with. */
async function vizError(fn: () => unknown): Promise<VizError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof VizError) return e;
    throw e;
  }
  throw new Error('no VizError thrown');
}

beforeAll(async () => {
  await switchBackend('cpu');
});

describe('VizError as a Said', () => {
  it('an unknown node, a Dense layer\'s filters, a channel out of range (Mini ResNet)', async () => {
    const vm = vizOf(getPreset('mini_resnet')!.build());
    try {
      const unknown = await vizError(() => resolveNode(vm, 'layer9'));
      expect(unknown.said).toEqual(say('errors.viz.noNode', { id: 'layer9', near: say('errors.viz.didYouMean', { names: "'layer1', 'layer2', 'layer3'" }) }));
      expect(unknown.message).toBe("No node 'layer9' in this model; did you mean 'layer1', 'layer2', 'layer3'?");
      expect(errorWords(unknown, zh)).toBe("这个模型中没有节点“layer9”；你是不是指 'layer1', 'layer2', 'layer3'？");

      const dense = await vizError(() => filters(vm, 'fc'));
      expect(dense.said).toEqual(say('errors.viz.noFilters', { node: 'fc', what: say('errors.viz.aType', { type: 'Dense' }), choose: say('errors.viz.chooseConv') }));
      expect(dense.message).toBe('fc is a Dense, which has no filters to draw; choose a convolution');
      expect(errorWords(dense, zh)).toBe('fc 是一个 Dense 层，没有可绘制的卷积核；请选择一个卷积层');

      // conv1 has 16 filters: channels 0 to 15.
      const channel = await vizError(() => checkChannel(resolveNode(vm, 'conv1'), 16));
      expect(channel.said).toMatchObject({ key: 'errors.viz.channelRange', values: { channel: 16, node: 'conv1', count: 16, last: 15 } });
      expect(channel.message).toBe('Channel 16 is out of range: conv1 has 16 channels, 0 to 15');
      expect(errorWords(channel, zh)).toBe('通道 16 超出范围：conv1 有 16 个通道，0 到 15');
    } finally {
      vm.model.dispose();
    }
  });

  it('a damaged saved evolution: the braces of the message print as written', async () => {
    const ev = encodeEvolution(startEvolution({ shape: [1], data: new Float32Array([1]) }, [{ kind: 'filters', node: 'c1' }]));
    const e = await vizError(() => decodeEvolution({ ...ev, image: 5 }));
    expect(e.said).toEqual(say('errors.viz.notMap', { where: 'image' }));
    expect(e.message).toBe('image: expected {shape, data}; the saved evolution is damaged');
    expect(errorWords(e, zh)).toBe('image：应为 {shape, data}；保存的演变记录已损坏');
  });

  it('a VizError in plain words carries no Said', () => {
    expect(new VizError('plain words').said).toBeUndefined();
  });
});
