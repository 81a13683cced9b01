import { describe, expect, it } from 'vitest';
import { AFTER_ILSVRC, BEFORE_ILSVRC, HUMAN_TOP5, ILSVRC_ENTRIES, IMAGENET_TOP1 } from '@/lib/history/ilsvrc';
import { getPreset, PRESETS } from '@/presets';

describe('the ILSVRC figures', () => {
  it('has one winner a year, 2010 to 2017, with the published top-5 errors', () => {
    const winners = ILSVRC_ENTRIES.filter((e) => e.rank === 1);
    expect(winners.map((e) => [e.year, e.team, e.top5])).toEqual([
      [2010, 'NEC-UIUC', 28.2], [2011, 'XRCE', 25.8], [2012, 'SuperVision', 16.4], [2013, 'Clarifai', 11.7],
      [2014, 'GoogLeNet', 6.67], [2015, 'MSRA', 3.57], [2016, 'Trimps-Soushen', 2.99], [2017, 'WMW', 2.25],
    ]);
    expect(HUMAN_TOP5.top5).toBe(5.1);
  });

  it('links every entry with a model to a preset that exists, and ResNet to ResNet-50', () => {
    for (const e of ILSVRC_ENTRIES) if (e.preset) expect(getPreset(e.preset), e.model).toBeDefined();
    expect(ILSVRC_ENTRIES.find((e) => e.model === 'ResNet')!.preset).toBe('resnet50');
    for (const e of [...AFTER_ILSVRC, BEFORE_ILSVRC]) expect(getPreset(e.preset)).toBeDefined();
  });

  it('cites a source for every figure', () => {
    for (const e of ILSVRC_ENTRIES) expect(e.source.cite.length, `${e.year} ${e.team}`).toBeGreaterThan(10);
    for (const [id, f] of Object.entries(IMAGENET_TOP1)) expect(f.source.cite.length, id).toBeGreaterThan(10);
  });

  it('gives an ImageNet accuracy for every full-size ImageNet preset (LeNet-5 is MNIST)', () => {
    const full = PRESETS.filter((p) => p.size === 'full' && p.id !== 'lenet5').map((p) => p.id).sort();
    expect(Object.keys(IMAGENET_TOP1).sort()).toEqual(full);
    for (const f of Object.values(IMAGENET_TOP1)) expect(f.top1).toBeGreaterThan(50);
  });
});

describe('presetFigures', () => {
  it('gives each full-size preset its published params, its MACs and depth', async () => {
    const { presetFigures } = await import('@/lib/history/figures');
    const rows = presetFigures();
    const resnet = rows.find((r) => r.id === 'resnet50')!;
    expect([resnet.trainable, resnet.depth, resnet.top1]).toEqual([25_557_032, 50, 76.13]);
    expect(rows.find((r) => r.id === 'lenet5')).toMatchObject({ trainable: 61_706, macs: 416_520, depth: 5, notAnEntry: true });
    expect(rows.find((r) => r.id === 'efficientnet_b0')!.notAnEntry).toBe(true);
    expect(rows.every((r) => PRESETS.find((p) => p.id === r.id)!.size === 'full')).toBe(true);
  });
});
