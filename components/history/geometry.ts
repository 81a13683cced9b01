/**
 * Where the history charts put things: d3 scales from the figures to the SVG's viewBox. Pure, so
 * the positions are tested without a browser; the components draw what this returns and lay the
 * clickable points over the picture at the same spots (as percentages, so they scale with it).
 */
import { line, scaleLinear, scaleLog, scaleSqrt } from 'd3';
import { AFTER_ILSVRC, BEFORE_ILSVRC, HUMAN_TOP5, ILSVRC_ENTRIES, type IlsvrcEntry } from '@/lib/history/ilsvrc';
import type { PresetFigures } from '@/lib/history/figures';

export const ERROR_CHART = { width: 900, height: 380, top: 16, right: 14, bottom: 34, left: 48 } as const;
const BEFORE_W = 72;
const AFTER_W = 104;
const GAP = 22;
/** Runners-up sit a little right of their year's winner, so close figures (2014) do not overlap. */
const RUNNER_UP_SHIFT = 0.28;

export interface ChartPoint<T> {
  readonly x: number;
  readonly y: number;
  readonly item: T;
}

/** Where an entry's label sits beside its point: the last years' figures crowd near the bottom. */
export interface LabelPlace {
  readonly dx: number;
  readonly dy: number;
  readonly anchor: 'start' | 'middle' | 'end';
}

const RIGHT: LabelPlace = { dx: 10, dy: -6, anchor: 'start' };
const LABEL_PLACES: Readonly<Record<string, LabelPlace>> = {
  '2014-1': { dx: -10, dy: -6, anchor: 'end' },
  '2015-1': { dx: -8, dy: 15, anchor: 'end' },
  '2016-1': { dx: 0, dy: 21, anchor: 'middle' },
  '2016-2': { dx: 4, dy: -12, anchor: 'start' },
  '2017-1': { dx: 8, dy: 16, anchor: 'start' },
};

/** The label's place for the entry of `year` and `rank` (to the right unless the table says otherwise). */
export function labelPlace(year: number, rank: number): LabelPlace {
  return LABEL_PLACES[`${year}-${rank}`] ?? RIGHT;
}

/** The top-5 error chart: scales, the winners' line, the human reference and every point. */
export function errorChartLayout() {
  const c = ERROR_CHART;
  const bottom = c.height - c.bottom;
  const beforeX: [number, number] = [c.left, c.left + BEFORE_W];
  const afterX: [number, number] = [c.width - c.right - AFTER_W, c.width - c.right];
  const mainX: [number, number] = [beforeX[1] + GAP, afterX[0] - GAP];
  const x = scaleLinear().domain([2009.5, 2017.5]).range(mainX);
  const y = scaleLinear().domain([0, 30]).range([bottom, c.top]);
  const entries: ChartPoint<IlsvrcEntry>[] = ILSVRC_ENTRIES.map((e) => ({ x: x(e.year + (e.rank === 2 ? RUNNER_UP_SHIFT : 0)), y: y(e.top5), item: e }));
  const winners = entries.filter((p) => p.item.rank === 1);
  const winnersPath = line<ChartPoint<IlsvrcEntry>>().x((p) => p.x).y((p) => p.y)(winners) ?? '';
  const middle = (r: [number, number]) => (r[0] + r[1]) / 2;
  return {
    x, y, bottom, beforeX, afterX, mainX, entries, winnersPath,
    years: Array.from({ length: 8 }, (_, i) => 2010 + i),
    yTicks: y.ticks(6),
    humanY: y(HUMAN_TOP5.top5),
    lenet: { x: middle(beforeX), y: y(BEFORE_ILSVRC.mnistError), item: BEFORE_ILSVRC },
    apart: AFTER_ILSVRC.map((e) => ({ x: middle(afterX), y: y(e.top5), item: e })),
  };
}

export const BUBBLE_CHART = { width: 900, height: 460, top: 16, right: 20, bottom: 40, left: 52 } as const;

/** What the bubble chart's horizontal axis shows. */
export type BubbleAxis = 'params' | 'macs';

/**
 * The bubble chart: parameters or multiply-adds (log) across, ImageNet top-1 up, the bubble's
 * area proportional to depth. Models without an ImageNet figure (LeNet-5) are left out.
 */
export function bubbleLayout(rows: readonly PresetFigures[], axis: BubbleAxis) {
  const c = BUBBLE_CHART;
  const shown = rows.filter((r) => r.top1 !== undefined);
  const value = (r: PresetFigures) => (axis === 'params' ? r.trainable : r.macs);
  const values = shown.map(value);
  const x = scaleLog().domain([Math.min(...values) / 1.6, Math.max(...values) * 1.6]).range([c.left, c.width - c.right]);
  const y = scaleLinear().domain([54, 80]).range([c.height - c.bottom, c.top]);
  const r = scaleSqrt().domain([0, Math.max(...shown.map((s) => s.depth))]).range([0, 22]);
  // Bigger bubbles first, so the small ones stay on top and clickable.
  const points = shown
    .map((row) => ({ x: x(value(row)), y: y(row.top1!), r: Math.max(4, r(row.depth)), item: row }))
    .sort((a, b) => b.r - a.r);
  // Log ticks only at 1, 2 and 5 × 10^k: a label at every integer crowds the axis.
  const xTicks = x.ticks().filter((v) => [1, 2, 5].includes(Number(v.toPrecision(1)) / 10 ** Math.floor(Math.log10(v))));
  return { x, y, points, labels: placeLabels(points), xTicks, yTicks: y.ticks(6), bottom: c.height - c.bottom };
}

/** Width of a label in viewBox units: about 0.6 em a character at the chart's 11-unit type. */
const CHAR_W = 6.4;
const LABEL_H = 12;

interface Box { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * A place for each bubble's name where it overlaps no other name and no other bubble: right of
 * the bubble, else left, above or below (the first that is free; right when none is). Greedy,
 * smallest bubbles first, which is enough for the seventeen presets.
 */
export function placeLabels(points: readonly { x: number; y: number; r: number; item: { id: string; name: string } }[]): Record<string, LabelPlace> {
  const placed: Box[] = [];
  const bubbles: Box[] = points.map((p) => ({ x0: p.x - p.r, y0: p.y - p.r, x1: p.x + p.r, y1: p.y + p.r }));
  const out: Record<string, LabelPlace> = {};
  for (const [i, p] of [...points.entries()].sort((a, b) => a[1].r - b[1].r)) {
    const w = p.item.name.length * CHAR_W;
    const options: { place: LabelPlace; box: Box }[] = [
      { place: { dx: p.r + 3, dy: 0, anchor: 'start' }, box: { x0: p.x + p.r + 3, y0: p.y - LABEL_H / 2, x1: p.x + p.r + 3 + w, y1: p.y + LABEL_H / 2 } },
      { place: { dx: -p.r - 3, dy: 0, anchor: 'end' }, box: { x0: p.x - p.r - 3 - w, y0: p.y - LABEL_H / 2, x1: p.x - p.r - 3, y1: p.y + LABEL_H / 2 } },
      { place: { dx: 0, dy: -p.r - 7, anchor: 'middle' }, box: { x0: p.x - w / 2, y0: p.y - p.r - 3 - LABEL_H, x1: p.x + w / 2, y1: p.y - p.r - 3 } },
      { place: { dx: 0, dy: p.r + 9, anchor: 'middle' }, box: { x0: p.x - w / 2, y0: p.y + p.r + 3, x1: p.x + w / 2, y1: p.y + p.r + 3 + LABEL_H } },
    ];
    const free = options.find((o) => !placed.some((b) => overlaps(b, o.box)) && !bubbles.some((b, j) => j !== i && overlaps(b, o.box))) ?? options[0]!;
    placed.push(free.box);
    out[p.item.id] = free.place;
  }
  return out;
}
