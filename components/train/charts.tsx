'use client';
/**
 * The live charts of a run, drawn with d3: loss and accuracy curves (SVG), the confusion matrix
 * (a heat map on a canvas), per-class accuracy bars (with the training counts) and, for
 * multi-label data, the per-label table. Drawing is imperative inside effects;
 * React only owns the container elements.
 */
import { useFormatter, useTranslations } from 'next-intl';
import { memo, useEffect, useRef, useState } from 'react';
import { axisBottom, axisLeft, interpolateBlues, line, scaleLinear, scaleSequential, select } from 'd3';
import { firstCellOfInterest, moveCell, type ConfusionCell } from '@/lib/results/confusion';
import type { LabelMetrics } from '@/lib/train/metrics';
import styles from './TrainPanel.module.css';
import cellStyles from './confusion.module.css';
import { cellWords } from '@/components/results/grid-words';
import { useWidth } from '@/components/site/use-width';
import { thinPoints } from './series';

/**
 * Exponential moving average with the start-up bias removed (as TensorBoard smooths): the first
 * points are not dragged towards zero.
 */
export function smooth(values: readonly number[], weight = 0.9): number[] {
  const out: number[] = [];
  let last = 0;
  values.forEach((v, i) => {
    last = last * weight + (1 - weight) * v;
    out.push(last / (1 - weight ** (i + 1)));
  });
  return out;
}

export interface ChartLine {
  readonly label: string;
  /** A CSS colour (variables allowed: the theme switches them). */
  readonly color: string;
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly faint?: boolean;
  readonly dots?: boolean;
}

interface LineChartProps {
  readonly title: string;
  readonly lines: readonly ChartLine[];
  /** x runs from 0 to this (epochs). */
  readonly xMax: number;
  readonly yDomain?: readonly [number, number];
  readonly yFormat?: (v: number) => string;
  /** Changes whenever the data arrays were appended to (they are mutated in place). */
  readonly version: number;
  readonly testId: string;
  readonly empty: string;
}

/** A small line chart: x in epochs, one or more series, a legend. */
export const LineChart = memo(function LineChart({ title, lines, xMax, yDomain, yFormat, version, testId, empty }: LineChartProps) {
  const [boxRef, width] = useWidth<HTMLDivElement>();
  const t = useTranslations('train');
  const epochsLabel = t('charts.epochs');
  const svgRef = useRef<SVGSVGElement>(null);
  const height = 176;
  const hasData = lines.some((l) => l.ys.length > 0);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || width <= 0) return;
    const m = { top: 8, right: 12, bottom: 26, left: 42 };
    const w = width - m.left - m.right;
    const h = height - m.top - m.bottom;
    const root = select(svg);
    root.selectAll('*').remove();
    if (!hasData) return;
    let lo = yDomain?.[0];
    let hi = yDomain?.[1];
    if (lo === undefined || hi === undefined) {
      const all = lines.flatMap((l) => l.ys.filter(Number.isFinite));
      lo = 0;
      hi = Math.max(1e-6, ...all) * 1.05;
    }
    const x = scaleLinear().domain([0, Math.max(xMax, 1e-6)]).range([0, w]);
    const y = scaleLinear().domain([lo, hi]).range([h, 0]).nice();
    const g = root.append('g').attr('transform', `translate(${m.left},${m.top})`);
    g.append('g').attr('class', styles.grid!).call(axisLeft(y).ticks(4).tickSize(-w).tickFormat(() => ''));
    const xTicks = Math.min(Math.max(1, Math.round(xMax)), 10);
    g.append('g').attr('class', styles.axis!).attr('transform', `translate(0,${h})`)
      .call(axisBottom(x).ticks(xTicks).tickFormat((v) => `${+v}`));
    g.append('g').attr('class', styles.axis!).call(axisLeft(y).ticks(4).tickFormat((v) => (yFormat ? yFormat(+v) : `${+v}`)));
    g.append('text').attr('class', styles.axisLabel!).attr('x', w).attr('y', h + 24).attr('text-anchor', 'end').text(epochsLabel);
    for (const l of lines) {
      if (l.ys.length === 0) continue;
      // At most about two points per pixel: the path of thousands of batches costs more than it shows.
      const pts = thinPoints(l.xs.map((xv, i) => [xv, l.ys[i]!] as [number, number]).filter(([, yv]) => Number.isFinite(yv)), w);
      const path = line<[number, number]>().x((d) => x(d[0])).y((d) => y(Math.min(Math.max(d[1], lo!), y.domain()[1]!)));
      g.append('path').datum(pts).attr('fill', 'none').style('stroke', l.color)
        .attr('stroke-width', l.faint ? 1 : 2).attr('stroke-opacity', l.faint ? 0.3 : 1).attr('d', path);
      if (l.dots || pts.length === 1) {
        // data-point tells an epoch's point from the lone first point of a line that is starting.
        g.selectAll(null).data(pts).enter().append('circle').attr('cx', (d) => x(d[0])).attr('cy', (d) => y(d[1]))
          .attr('r', 3.5).style('fill', l.color).attr('data-point', l.dots ? 'epoch' : 'first');
      }
    }
  }, [lines, width, xMax, yDomain, yFormat, version, hasData, epochsLabel]);

  return (
    <figure className={styles.chart} data-testid={testId}>
      <figcaption>
        <span>{title}</span>
        <span className={styles.legend}>
          {lines.filter((l) => !l.faint).map((l) => (
            <span key={l.label}><i style={{ background: l.color }} />{l.label}</span>
          ))}
        </span>
      </figcaption>
      <div ref={boxRef} className={styles.chartBox}>
        <svg ref={svgRef} width={width} height={height} role="img" aria-label={title} />
        {!hasData && <p className={styles.chartEmpty}>{empty}</p>}
      </div>
    </figure>
  );
});

/**
 * The confusion matrix as a heat map on a canvas: rows are the true classes, columns the
 * predicted ones; each cell's colour is its share of the row (so a class with few test images
 * is as readable as a big one), its number the count. With `onCellClick`, every cell is also a
 * button that shows its images.
 */
export const ConfusionMatrix = memo(function ConfusionMatrix({ confusion, classNames, onCellClick, selected = null }: {
  confusion: readonly (readonly number[])[]; classNames: readonly string[];
  /** Makes each cell a button (keyboard: one Tab stop, arrows between cells): show that cell's images. */
  onCellClick?: (cell: ConfusionCell) => void;
  /** The cell whose images are shown, outlined. */
  selected?: ConfusionCell | null;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [fitRef, available] = useWidth<HTMLDivElement>();
  const t = useTranslations('train');
  const predictedAxis = t('charts.predictedAxis');
  const rowsAxis = t('charts.rowsAxis');
  const k = confusion.length;
  const labelW = Math.min(120, 8 + 7 * (Math.max(...classNames.map((n) => Math.min(n.length, 12)), 1) + 5));
  // Cells as big as the space allows (8 to 30 px): long class names leave less room for them.
  const room = available > 0 ? available - labelW - 4 : 320;
  const cell = Math.max(8, Math.min(30, Math.floor(room / Math.max(k, 1))));
  const top = 18;
  const size = { w: labelW + k * cell + 4, h: top + k * cell + 34 };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = size.w * dpr;
    canvas.height = size.h * dpr;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.w, size.h);
    const style = getComputedStyle(canvas);
    const text = style.color;
    const colour = scaleSequential(interpolateBlues).domain([0, 1]);
    ctx.font = `${Math.min(11, Math.max(8, cell * 0.4))}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    for (let t = 0; t < k; t++) {
      const row = confusion[t]!;
      const n = row.reduce((a, b) => a + b, 0);
      for (let p = 0; p < k; p++) {
        const share = n > 0 ? row[p]! / n : 0;
        const x = labelW + p * cell;
        const y = top + t * cell;
        ctx.fillStyle = colour(share);
        ctx.fillRect(x, y, cell - 1, cell - 1);
        if (cell >= 18 && row[p]! > 0) {
          ctx.fillStyle = share > 0.5 ? '#ffffff' : '#1e293b';
          ctx.textAlign = 'center';
          ctx.fillText(String(row[p]), x + cell / 2, y + cell / 2);
        }
      }
    }
    ctx.fillStyle = text;
    ctx.textAlign = 'right';
    const short = (s: string) => (s.length > 12 ? `${s.slice(0, 11)}…` : s);
    if (cell >= 10) {
      const numbered = !classNames.every((n) => ctx.measureText(n).width <= cell - 2);
      classNames.forEach((name, i) => ctx.fillText(numbered ? `${short(name)} (${i})` : short(name), labelW - 4, top + i * cell + cell / 2));
    }
    ctx.textAlign = 'center';
    // Column heads: the names when they fit a cell, else the class numbers (rows keep the names).
    const fits = classNames.every((n) => ctx.measureText(n).width <= cell - 2);
    if (cell >= 14) classNames.forEach((name, i) => ctx.fillText(fits ? name : String(i), labelW + i * cell + cell / 2, top - 8));
    ctx.fillText(predictedAxis, labelW + (k * cell) / 2, top + k * cell + 12);
    ctx.save();
    ctx.textAlign = 'left';
    ctx.fillText(rowsAxis, 2, top + k * cell + 26);
    ctx.restore();
  }, [confusion, classNames, cell, k, labelW, size.w, size.h, predictedAxis, rowsAxis]);

  const canvas = (
    <canvas
      ref={canvasRef}
      className={styles.confusion}
      style={{ width: size.w, height: size.h }}
      data-testid="confusion-matrix"
      role="img"
      aria-label={t('charts.confusionLabel', { count: k })}
    />
  );
  return (
    <div ref={fitRef} className={cellStyles.confusionFit}>
      <div className={cellStyles.confusionBox} style={{ width: size.w, height: size.h }}>
        {canvas}
        {onCellClick && (
          <ConfusionCells confusion={confusion} classNames={classNames} onCellClick={onCellClick} selected={selected}
            geometry={{ left: labelW, top, cell }} />
        )}
      </div>
    </div>
  );
});

/**
 * The matrix's cells as buttons laid over the canvas (the ARIA grid pattern): each named "true 4,
 * predicted 9: 12 images", one Tab stop for the whole matrix (the biggest mistake first), arrow
 * keys, Home/End and PageUp/PageDown to move, Enter or a click to show the cell's images.
 */
function ConfusionCells({ confusion, classNames, onCellClick, selected, geometry }: {
  confusion: readonly (readonly number[])[]; classNames: readonly string[];
  onCellClick: (cell: ConfusionCell) => void; selected: ConfusionCell | null;
  geometry: { left: number; top: number; cell: number };
}) {
  const k = confusion.length;
  const t = useTranslations('train');
  const tr = useTranslations('results');
  const gridRef = useRef<HTMLDivElement>(null);
  const [moved, setMoved] = useState<ConfusionCell | null>(null);
  const inMatrix = (c: ConfusionCell | null): c is ConfusionCell => !!c && c.truth < k && c.predicted < k;
  const focusable = inMatrix(moved) ? moved : inMatrix(selected) ? selected : firstCellOfInterest(confusion);
  const { left, top, cell } = geometry;

  const onKeyDown = (e: React.KeyboardEvent, from: ConfusionCell) => {
    const next = moveCell(from, e.key, k);
    if (!next) return;
    e.preventDefault();
    setMoved(next);
    gridRef.current?.querySelector<HTMLButtonElement>(`[data-truth="${next.truth}"][data-predicted="${next.predicted}"]`)?.focus();
  };

  return (
    <div ref={gridRef} role="grid" aria-label={t('charts.confusionGrid')} className={cellStyles.confusionCells}
      data-testid="confusion-cells">
      {confusion.map((row, t) => (
        <div role="row" key={t}>
          {row.map((count, p) => {
            const here = { truth: t, predicted: p };
            const isSelected = selected?.truth === t && selected.predicted === p;
            const label = cellWords(here, count, classNames, tr);
            return (
              <span role="gridcell" key={p} aria-selected={isSelected}>
                <button type="button" aria-label={label} title={label} data-truth={t} data-predicted={p}
                  className={isSelected ? cellStyles.cellSelected : undefined}
                  tabIndex={focusable.truth === t && focusable.predicted === p ? 0 : -1}
                  style={{ left: left + p * cell, top: top + t * cell, width: cell - 1, height: cell - 1 }}
                  onFocus={() => setMoved(here)}
                  onKeyDown={(e) => onKeyDown(e, here)}
                  onClick={() => onCellClick(here)} />
              </span>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/**
 * Per-class accuracy as horizontal bars, worst classes easy to spot. With `counts` (training
 * images per class), a second column shows them as bars too, so a class that is rare in training
 * and poor in testing reads as one row.
 */
export const PerClassBars = memo(function PerClassBars({ perClass, classNames, counts }: {
  perClass: readonly (number | null)[]; classNames: readonly string[]; counts?: readonly number[];
}) {
  const t = useTranslations('train');
  const format = useFormatter();
  const present = perClass.filter((v): v is number => v !== null);
  // Mark the weakest class only when there is one (not when every class scores the same).
  const worst = present.length > 1 && Math.min(...present) < Math.max(...present) ? Math.min(...present) : null;
  const most = counts ? Math.max(1, ...counts) : 1;
  return (
    <>
      {counts && (
        <p className={styles.perClassHead} aria-hidden>
          <span /><span>{t('charts.perClassAccuracy')}</span><span>{t('charts.perClassTraining')}</span>
        </p>
      )}
      <ul className={`${styles.perClass}${counts ? ` ${styles.withCounts}` : ''}`} data-testid="per-class">
        {perClass.map((v, i) => (
          <li key={i} className={worst !== null && v === worst ? styles.worst : undefined} data-class={classNames[i]} data-accuracy={v ?? ''}
            {...(counts ? { 'data-train-count': counts[i] } : {})}>
            <span className={styles.perClassName} title={classNames[i]}>{classNames[i]}</span>
            <span className={styles.bar}><i style={{ width: `${((v ?? 0) * 100).toFixed(1)}%` }} /></span>
            <span className={styles.perClassValue}>{v === null ? '—' : `${(v * 100).toFixed(1)}%`}</span>
            {counts && (
              <span className={styles.countCell} title={t('charts.perClassCount', { count: counts[i] ?? 0, name: classNames[i] ?? '' })}>
                <i style={{ width: `${(((counts[i] ?? 0) / most) * 100).toFixed(1)}%` }} />
                <span>{format.number(counts[i] ?? 0)}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
});

const decimal = (v: number | null): string => (v === null ? '—' : v.toFixed(2));

/**
 * Multi-label results, one row per label: precision (of the images the model said hold it, the
 * share that do), recall (of the images that hold it, the share it found), F1, and how many test
 * and training images hold it.
 */
export const PerLabelTable = memo(function PerLabelTable({ perLabel, classNames, counts }: {
  perLabel: readonly LabelMetrics[]; classNames: readonly string[]; counts?: readonly number[];
}) {
  const t = useTranslations('train');
  const format = useFormatter();
  return (
    <table className={styles.perLabel} data-testid="per-label">
      <thead>
        <tr>
          <th scope="col">{t('charts.label')}</th>
          <th scope="col" title={t('charts.precisionHint')}>{t('charts.precision')}</th>
          <th scope="col" title={t('charts.recallHint')}>{t('charts.recall')}</th>
          <th scope="col" title={t('charts.f1Hint')}>F1</th>
          <th scope="col" title={t('charts.testImagesHint')}>{t('charts.testImages')}</th>
          {counts && <th scope="col" title={t('charts.trainingImagesHint')}>{t('charts.trainingImages')}</th>}
        </tr>
      </thead>
      <tbody>
        {perLabel.map((m, i) => (
          <tr key={i} data-label={classNames[i]} data-precision={m.precision ?? ''} data-recall={m.recall ?? ''} data-f1={m.f1 ?? ''}>
            <th scope="row">{classNames[i]}</th>
            <td>{decimal(m.precision)}</td>
            <td>{decimal(m.recall)}</td>
            <td><strong>{decimal(m.f1)}</strong></td>
            <td>{format.number(m.support)}</td>
            {counts && <td>{format.number(counts[i] ?? 0)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
