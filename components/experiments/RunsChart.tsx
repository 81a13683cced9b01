'use client';
/**
 * Curves of several runs drawn over each other, x in training steps: the picture the
 * experiments and the run comparison show. Drawn with d3 into an SVG that React only owns; each
 * curve is a path carrying its series name and point count (data-series, data-points), so a test
 * can tell two curves apart without reading pixels.
 */
import { memo, useEffect, useRef } from 'react';
import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import { smooth } from '@/components/train/charts';
import styles from './Experiments.module.css';
import { useWidth } from '@/components/site/use-width';

export interface RunsChartLine {
  readonly label: string;
  /** A CSS colour (variables allowed). */
  readonly color: string;
  readonly steps: readonly number[];
  readonly values: readonly number[];
  /** Dashed: the second arm, so the two read apart in grey print and for colour-blind eyes too. */
  readonly dashed?: boolean;
}

/** Colours for up to eight runs, distinct for the common colour-vision deficiencies (Okabe–Ito). */
export const RUN_COLORS = ['#d55e00', '#0072b2', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#999999'] as const;

interface Props {
  /** The chart's accessible name ("Training loss per step, both networks"). */
  readonly title: string;
  readonly lines: readonly RunsChartLine[];
  /** The x axis's word ("step"). */
  readonly xLabel: string;
  readonly yDomain?: readonly [number, number];
  readonly yFormat?: (v: number) => string;
  /** Changes when the data arrays were appended to (they may be mutated in place). */
  readonly version: number;
  readonly testId: string;
  /** Steps the x axis covers at least (the planned run). */
  readonly xMax?: number;
}

/** A line chart of curves per step with a legend; the raw curve faint, its smoothed form on top. */
export const RunsChart = memo(function RunsChart({ title, lines, xLabel, yDomain, yFormat, version, testId, xMax }: Props) {
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const height = 220;

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || width <= 0) return;
    const m = { top: 10, right: 14, bottom: 30, left: 46 };
    const w = width - m.left - m.right;
    const h = height - m.top - m.bottom;
    const root = select(svg);
    root.selectAll('*').remove();
    const maxStep = Math.max(xMax ?? 1, ...lines.map((l) => l.steps[l.steps.length - 1] ?? 0));
    let [lo, hi] = yDomain ?? [0, 0];
    if (!yDomain) {
      const all = lines.flatMap((l) => l.values.filter(Number.isFinite));
      lo = 0;
      // Before the first step: an axis from 0 to 1, not one scaled to nothing.
      hi = all.length ? Math.max(1e-6, ...all) * 1.05 : 1;
    }
    const x = scaleLinear().domain([0, maxStep]).range([0, w]);
    const y = scaleLinear().domain([lo, hi]).range([h, 0]).nice();
    const g = root.append('g').attr('transform', `translate(${m.left},${m.top})`);
    g.append('g').attr('class', styles.grid!).call(axisLeft(y).ticks(4).tickSize(-w).tickFormat(() => ''));
    g.append('g').attr('class', styles.axis!).attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(6));
    g.append('g').attr('class', styles.axis!).call(axisLeft(y).ticks(4).tickFormat((v) => (yFormat ? yFormat(+v) : `${+v}`)));
    g.append('text').attr('class', styles.axisLabel!).attr('x', w).attr('y', h + 28).attr('text-anchor', 'end').text(xLabel);
    const [y0, y1] = y.domain() as [number, number];
    const clamp = (v: number) => y(Math.min(Math.max(v, y0), y1));
    for (const l of lines) {
      const n = Math.min(l.steps.length, l.values.length);
      const raw = Array.from({ length: n }, (_, i) => [l.steps[i]!, l.values[i]!] as [number, number]).filter(([, v]) => Number.isFinite(v));
      const smoothed = smooth(raw.map((p) => p[1]), 0.8).map((v, i) => [raw[i]![0], v] as [number, number]);
      const path = line<[number, number]>().x((d) => x(d[0])).y((d) => clamp(d[1]));
      g.append('path').datum(raw).attr('fill', 'none').style('stroke', l.color).attr('stroke-width', 1).attr('stroke-opacity', 0.25).attr('d', path);
      g.append('path').datum(smoothed).attr('fill', 'none').style('stroke', l.color).attr('stroke-width', 2.5)
        .attr('stroke-dasharray', l.dashed ? '7 4' : null).attr('d', path)
        .attr('data-series', l.label).attr('data-points', String(raw.length)).attr('class', styles.curve!);
    }
  }, [lines, width, yDomain, yFormat, version, xLabel, xMax]);

  return (
    <figure className={styles.chart} data-testid={testId}>
      <figcaption>
        <span>{title}</span>
        <span className={styles.legend}>
          {lines.map((l) => (
            <span key={l.label}><i style={{ borderTopColor: l.color, borderTopStyle: l.dashed ? 'dashed' : 'solid' }} />{l.label}</span>
          ))}
        </span>
      </figcaption>
      <div ref={boxRef} className={styles.plot}>
        <svg ref={svgRef} width={width} height={height} role="img" aria-label={title} />
      </div>
    </figure>
  );
});
