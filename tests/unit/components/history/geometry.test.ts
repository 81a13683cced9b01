import { describe, expect, it } from 'vitest';
import { bubbleLayout, ERROR_CHART, errorChartLayout } from '@/components/history/geometry';
import type { PresetFigures } from '@/lib/history/figures';

describe('errorChartLayout', () => {
  const L = errorChartLayout();

  it('puts the years left to right and lower error lower on the page (bigger y)', () => {
    const winners = L.entries.filter((p) => p.item.rank === 1);
    expect(winners.map((p) => p.item.year)).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017]);
    for (let i = 1; i < winners.length; i++) {
      expect(winners[i]!.x).toBeGreaterThan(winners[i - 1]!.x);
      expect(winners[i]!.y).toBeGreaterThan(winners[i - 1]!.y);
    }
  });

  it('draws 0% on the axis and 30% at the top, the human line at 5.1%', () => {
    expect(L.y(0)).toBe(ERROR_CHART.height - ERROR_CHART.bottom);
    expect(L.y(30)).toBe(ERROR_CHART.top);
    // 5.1 of 30 up a 330-unit axis: 346 − 330 · 5.1 / 30 = 289.9.
    expect(L.humanY).toBeCloseTo(346 - (330 * 5.1) / 30, 6);
    const resnet = L.entries.find((p) => p.item.model === 'ResNet')!;
    expect(resnet.y).toBeGreaterThan(L.humanY);
  });

  it('keeps LeNet-5 and EfficientNet out of the years 2010–2017', () => {
    expect(L.lenet.x).toBeLessThan(L.mainX[0]);
    for (const p of L.apart) expect(p.x).toBeGreaterThan(L.mainX[1]);
    const vgg = L.entries.find((p) => p.item.model === 'VGG-16')!;
    const googlenet = L.entries.find((p) => p.item.model === 'GoogLeNet')!;
    expect(vgg.x).toBeGreaterThan(googlenet.x);
  });
});

describe('bubbleLayout', () => {
  const row = (id: string, trainable: number, macs: number, depth: number, top1?: number): PresetFigures =>
    ({ id, name: id, year: 2015, trainable, macs, depth, ...(top1 !== undefined ? { top1 } : {}), notAnEntry: false });
  const rows = [row('small', 1e6, 1e8, 8, 60), row('big', 1e8, 1e10, 152, 78), row('mnist', 6e4, 4e5, 5)];

  it('leaves out models without an ImageNet figure, sizes bubbles by depth, draws the big ones first', () => {
    const L = bubbleLayout(rows, 'params');
    expect(L.points.map((p) => p.item.id)).toEqual(['big', 'small']);
    expect(L.points[0]!.r).toBe(22);
    // Area ∝ depth: r = 22 · √(8 / 152) = 5.05.
    expect(L.points[1]!.r).toBeCloseTo(22 * Math.sqrt(8 / 152), 6);
  });

  it('puts more parameters (or MACs) further right on a log scale', () => {
    const byParams = bubbleLayout(rows, 'params');
    const big = byParams.points.find((p) => p.item.id === 'big')!;
    const small = byParams.points.find((p) => p.item.id === 'small')!;
    expect(big.x).toBeGreaterThan(small.x);
    expect(byParams.x(1e7) - byParams.x(1e6)).toBeCloseTo(byParams.x(1e8) - byParams.x(1e7), 6);
    const byMacs = bubbleLayout(rows, 'macs');
    expect(byMacs.x.domain()[0]).toBeCloseTo(1e8 / 1.6, 0);
  });
});

describe('placeLabels', () => {
  it('puts a name right of its bubble unless that overlaps another name or bubble', async () => {
    const { placeLabels } = await import('@/components/history/geometry');
    // b's name to its right (x 113…) would cover c's bubble at x 130, so it goes left.
    const places = placeLabels([
      { x: 100, y: 100, r: 10, item: { id: 'b', name: 'ResNet' } },
      { x: 135, y: 100, r: 5, item: { id: 'c', name: 'VGG' } },
    ]);
    expect(places.c!.anchor).toBe('start');
    expect(places.b!.anchor).toBe('end');
  });
});
