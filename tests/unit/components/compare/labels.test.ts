import { describe, expect, it } from 'vitest';
import { blockText, shapeText } from '@/components/compare/labels';
import { blockGeometry, type BlockInfo } from '@/lib/compare/stages';

const info = (type: string, params: Record<string, unknown>): BlockInfo =>
  ({ id: 'x', type, params: params as BlockInfo['params'], geometry: blockGeometry(type, params as BlockInfo['params']), trainable: 0, macs: 0 });

describe('blockText', () => {
  it('says type, kernel, stride (only when not 1) and width', () => {
    expect(blockText(info('Conv2D', { kernel: 11, stride: 4, filters: 96 }))).toBe('Conv2D 11×11 s4 · 96');
    expect(blockText(info('Conv2D', { kernel: 3, stride: 1, filters: 384 }))).toBe('Conv2D 3×3 · 384');
    expect(blockText(info('MaxPool', { pool: 3, stride: 2 }))).toBe('MaxPool 3×3 s2');
    expect(blockText(info('Dense', { units: 4096 }))).toBe('Dense · 4096');
    expect(blockText(info('Flatten', {}))).toBe('Flatten');
  });

  it('names a Repeat\'s copies and block, and Inception\'s three windows', () => {
    expect(blockText(info('Repeat', { block: 'Residual', times: 4, params: { filters: 128, stride: 2 } }))).toBe('Repeat ×4 Residual 3×3 s2 · 128');
    expect(blockText(info('Inception', { n1x1: 64, n3x3: 128, n5x5: 32, poolProj: 32 }))).toBe('Inception 1×1 3×3 5×5 · 256');
  });

  it('writes shapes with ×', () => {
    expect(shapeText([55, 55, 96])).toBe('55×55×96');
    expect(shapeText(undefined)).toBe('?');
  });
});
