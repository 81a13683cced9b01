/**
 * The Look inside panel's arithmetic (components/viz/draw.ts), the answer cache and the sample
 * pictures: numbers worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { expandGraph } from '@/lib/graph/expand';
import { AnswerCache, answerBytes } from '@/components/viz/answer-cache';
import {
  channelOf, formatSeconds, formatValue, mapName, nodeEntries, occlusionDefaults, occlusionPositions, pageHolding, pageOf, startNode,
  strongestChannel, tileSize, viewDataset,
} from '@/components/viz/draw';
import { SAMPLE_NAMES, sampleImage } from '@/components/viz/sample-image';
import { getPreset } from '@/presets';

describe('draw helpers', () => {
  it('takes one channel out of a channels-last map', () => {
    // 2×2 positions, 3 channels: value = 10·position + channel.
    const data = [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32];
    expect([...channelOf(data, 4, 3, 1)]).toEqual([1, 11, 21, 31]);
    expect([...channelOf(data, 4, 3, 2)]).toEqual([2, 12, 22, 32]);
  });

  it('pages channels: 256 in pages of 32 is 8 pages; the last page is short; pages clamp', () => {
    expect(pageOf(256, 0, 32)).toEqual({ start: 0, end: 32, page: 0, pages: 8 });
    expect(pageOf(256, 7, 32)).toEqual({ start: 224, end: 256, page: 7, pages: 8 });
    expect(pageOf(70, 2, 32)).toEqual({ start: 64, end: 70, page: 2, pages: 3 });
    expect(pageOf(70, 9, 32).page).toBe(2);
    expect(pageOf(0, 0, 32)).toEqual({ start: 0, end: 0, page: 0, pages: 1 });
    expect(pageHolding(33, 32)).toBe(1);
  });

  it('suggests the channel with the largest maximum, the first on ties', () => {
    const s = (max: number) => ({ min: 0, max, mean: 0, zeroShare: 0 });
    expect(strongestChannel([s(1), s(3), s(2), s(3)])).toBe(1);
    expect(strongestChannel([s(0)])).toBe(0);
  });

  it('enlarges small maps by whole factors and shrinks big ones', () => {
    expect(tileSize(28, 84)).toBe(84);
    expect(tileSize(5, 60)).toBe(60);
    expect(tileSize(10, 84)).toBe(80);
    expect(tileSize(224, 112)).toBe(112);
  });

  it('occlusion: a quarter square every quarter square on small inputs, every square on big ones; the positions counted', () => {
    expect(occlusionDefaults(32)).toEqual({ size: 8, stride: 2 });
    expect(occlusionDefaults(224)).toEqual({ size: 56, stride: 56 });
    // 32 px, 8-px square every 2 px: starts 0, 2, …, 24 → 13 per axis.
    expect(occlusionPositions(32, 8, 2)).toBe(169);
    expect(occlusionPositions(224, 56, 56)).toBe(16);
    // 10 px, 4-px square every 4: starts 0, 4 and the last flush with the edge, 6 → 3 per axis.
    expect(occlusionPositions(10, 4, 4)).toBe(9);
  });

  it('names maps and formats numbers', () => {
    expect(mapName('conv1', 3)).toBe('conv1 channel 3');
    expect(formatSeconds(0.0432)).toBe('43 ms');
    expect(formatSeconds(1.234)).toBe('1.23 s');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(1.23456)).toBe('1.23');
    expect(formatValue(-0.000012)).toBe('-1.2e-5');
    expect(formatValue(123456)).toBe('1.2e+5');
  });
});

describe('the nodes and the dataset the panel starts from', () => {
  it('lists LeNet-5\'s nodes in order and opens on c1; a node asked for in the address wins', () => {
    const graph = getPreset('lenet5')!.build();
    const entries = nodeEntries(graph, analyse(graph), null);
    expect(entries.map((e) => e.id)).toEqual(['input', 'c1', 's2', 'c3', 's4', 'flatten', 'f5', 'f6', 'output']);
    expect(entries[1]).toMatchObject({ type: 'Conv2D', shape: [28, 28, 6], depth: 0, composite: false });
    expect(startNode(entries)).toBe('c1');
    expect(startNode(entries, 'c3')).toBe('c3');
    expect(startNode(entries, 'nope')).toBe('c1');
  });

  it('lists a composite block\'s inner layers under it (Mini ResNet)', () => {
    const graph = getPreset('mini_resnet')!.build();
    const a = analyse(graph);
    const entries = nodeEntries(graph, a, analyse(expandGraph(graph, { deep: true })));
    const block = entries.find((e) => e.composite)!;
    const inner = entries.filter((e) => e.id.startsWith(`${block.id}/`));
    expect(inner.length).toBeGreaterThan(2);
    expect(inner.every((e) => e.depth >= 1 && !e.composite)).toBe(true);
    // Inner entries follow their block.
    expect(entries.indexOf(inner[0]!)).toBeGreaterThan(entries.indexOf(block));
  });

  it('offers MNIST test images for LeNet-5, none for VGG-16 at 224×224, and the trained-on dataset first', () => {
    const lenet = getPreset('lenet5')!.build();
    expect(viewDataset(lenet, analyse(lenet))).toBe('mnist');
    expect(viewDataset(lenet, analyse(lenet), 'synthetic')).toBe('synthetic');
    const vgg = getPreset('vgg16')!.build();
    expect(viewDataset(vgg, analyse(vgg))).toBeNull();
  });
});

describe('AnswerCache', () => {
  it('weighs answers by their typed arrays and drops the least recently used past its bytes', () => {
    expect(answerBytes({ a: new Float32Array(10), b: [{ c: new Uint8Array(3) }], d: 'x' })).toBe(43);
    const cache = new AnswerCache(100);
    cache.set('a', { data: new Float32Array(10) }); // 40 bytes
    cache.set('b', { data: new Float32Array(10) }); // 80
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', { data: new Float32Array(10) }); // 120 > 100: b goes
    expect(cache.has('b')).toBe(false);
    expect(cache.has('a') && cache.has('c')).toBe(true);
    expect(cache.size).toBe(80);
    // An answer bigger than the whole cache is still kept (the one just asked for).
    cache.set('huge', { data: new Float32Array(100) });
    expect(cache.has('huge')).toBe(true);
    expect(cache.has('a') || cache.has('c')).toBe(false);
  });
});

describe('sample pictures', () => {
  it('are drawn at any size, colour or grey (grey is the mean of the colours)', () => {
    const rgb = sampleImage(0, [224, 224, 3]);
    const grey = sampleImage(0, [224, 224, 1]);
    expect(rgb).toHaveLength(224 * 224 * 3);
    expect(grey).toHaveLength(224 * 224);
    for (const p of [0, 5000, 30_000, 50_175]) {
      expect(grey[p]).toBe(Math.round((rgb[p * 3]! + rgb[p * 3 + 1]! + rgb[p * 3 + 2]!) / 3));
    }
    // The sun is yellow: the pixel at (x, y) = (0.78, 0.2) of the picture.
    const at = (Math.floor(0.2 * 224) * 224 + Math.floor(0.78 * 224)) * 3;
    expect([...rgb.subarray(at, at + 3)]).toEqual([250, 210, 40]);
    // Each sample differs; a checkerboard cell edge on the third.
    expect(SAMPLE_NAMES).toHaveLength(3);
    const third = sampleImage(2, [32, 32, 1]);
    expect(third[0]).toBe(20);
    expect(third[2]).toBe(235);
  });
});
