/** Colour scales, grids and the PNG encoder (checked by the project's own PNG decoder). */
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng } from '@/lib/train/datasets/png';
import { colourMap, colourOf, encodePng, enlarge, imageToRgba, legend, overlay, scaleFor, tileGrid } from '@/lib/viz';

describe('colour scales', () => {
  it('centres a signed map on 0 (white), red above and blue below, symmetric in magnitude', () => {
    const s = scaleFor([-1, 0.5, 3]);
    expect(s).toEqual({ kind: 'signed', min: -3, max: 3, scheme: 'RdBu' });
    const [r0, g0, b0] = colourOf(s, 0);
    expect(Math.min(r0, g0, b0)).toBeGreaterThan(230); // near white
    const [rp, , bp] = colourOf(s, 3);
    const [rn, , bn] = colourOf(s, -3);
    expect(rp).toBeGreaterThan(bp); // red
    expect(bn).toBeGreaterThan(rn); // blue
    expect(legend(s, 3).map((l) => l.value)).toEqual([-3, 0, 3]);
  });

  it('uses a sequential scale from min to max for maps without negatives', () => {
    const s = scaleFor([0, 2, 4]);
    expect(s).toEqual({ kind: 'unsigned', min: 0, max: 4, scheme: 'viridis' });
    expect(legend(s, 2).map((l) => l.colour)).toEqual(['#440154', '#fde725']); // viridis' ends
    expect(scaleFor([5, 5])).toMatchObject({ min: 5, max: 6 });
    expect(scaleFor([0, 1], { signed: true })).toMatchObject({ kind: 'signed', min: -1, max: 1 });
  });

  it('draws one channel of a channels-last map', () => {
    const img = colourMap([0, 9, 4, 9], 1, 2, { channels: 2, channel: 0 });
    expect(img.width).toBe(2);
    expect(Array.from(img.data.subarray(0, 4))).toEqual([0x44, 0x01, 0x54, 255]);
    expect(Array.from(img.data.subarray(4, 8))).toEqual([0xfd, 0xe7, 0x25, 255]);
  });
});

describe('images, grids and PNG', () => {
  it('draws images clipped, stretched or centred on grey', () => {
    expect(Array.from(imageToRgba([0, 0.5, 2], 1, 3, 1).data)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    expect(Array.from(imageToRgba([2, 4], 1, 2, 1, 'stretch').data)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
    expect(Array.from(imageToRgba([-2, 0, 1], 1, 3, 1, 'centred').data).filter((_, i) => i % 4 === 0)).toEqual([0, 128, 191]);
  });

  it('enlarges, tiles and overlays', () => {
    const px = imageToRgba([1], 1, 1, 1);
    const big = enlarge(px, 3);
    expect([big.width, big.height]).toEqual([3, 3]);
    const grid = tileGrid([big, big, big], 2, 1, 0);
    // 2 columns of 3 px with 1 px gaps: 1 + 3 + 1 + 3 + 1 = 9 wide; 2 rows: 9 high.
    expect([grid.width, grid.height]).toEqual([9, 9]);
    expect(grid.data[(1 * 9 + 1) * 4]).toBe(255); // inside the first tile
    expect(grid.data[(5 * 9 + 5) * 4]).toBe(0); // the empty fourth cell
    const half = overlay(imageToRgba([0], 1, 1, 1), px, 0.5);
    expect(half.data[0]).toBe(128);
  });

  it('encodes RGBA as a PNG that decodes back to the same pixels', () => {
    const img = colourMap(Float32Array.from({ length: 35 }, (_, i) => Math.sin(i) * 3), 5, 7);
    const png = encodePng(img, (d) => deflateSync(d));
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const back = decodePng('test.png', png, (d) => inflateSync(d));
    expect([back.width, back.height]).toEqual([7, 5]);
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
  });
});
