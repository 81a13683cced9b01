import { describe, expect, it } from 'vitest';
import { chainStep, ideaOf, MODEL_CHAIN, stepFrom, stepPair } from '@/lib/compare/chain';
import { getPreset } from '@/presets';

describe('the model chain', () => {
  it('walks LeNet-5 → … → EfficientNet-B0 through presets that exist', () => {
    expect(MODEL_CHAIN.map((id) => getPreset(id)!.name)).toEqual([
      'LeNet-5', 'AlexNet', 'ZFNet', 'VGG-16', 'GoogLeNet', 'ResNet-50', 'ResNeXt-50 (32×4d)', 'DenseNet-121', 'SE-ResNet-50', 'EfficientNet-B0',
    ]);
  });

  it('steps forward and back, and stops at the ends', () => {
    expect(stepFrom({ a: 'lenet5', b: 'alexnet' }, 1)).toEqual({ a: 'alexnet', b: 'zfnet' });
    expect(stepFrom({ a: 'alexnet', b: 'zfnet' }, -1)).toEqual({ a: 'lenet5', b: 'alexnet' });
    expect(stepFrom({ a: 'lenet5', b: 'alexnet' }, -1)).toEqual({ a: 'lenet5', b: 'alexnet' });
    expect(stepFrom({ a: 'se_resnet50', b: 'efficientnet_b0' }, 1)).toEqual({ a: 'se_resnet50', b: 'efficientnet_b0' });
    expect(chainStep({ a: 'googlenet', b: 'resnet50' })).toBe(4);
    expect(chainStep({ a: 'resnet50', b: 'googlenet' })).toBe(-1);
    expect(stepPair(99)).toEqual({ a: 'se_resnet50', b: 'efficientnet_b0' });
  });

  it('a pair off the chain joins it at the step that ends in its later model, else at the start', () => {
    expect(stepFrom({ a: 'lenet5', b: 'resnet50' }, 1)).toEqual({ a: 'googlenet', b: 'resnet50' });
    expect(stepFrom({ a: 'mine', b: 'mini_vgg' }, 1)).toEqual({ a: 'lenet5', b: 'alexnet' });
  });

  it('a mini variant is explained by the model it shrinks; one\'s own graph by none', () => {
    expect(ideaOf('mini_se_resnet')).toBe('se_resnet50');
    expect(ideaOf('vgg19')).toBe('vgg19');
    expect(ideaOf('mine')).toBeUndefined();
  });
});
