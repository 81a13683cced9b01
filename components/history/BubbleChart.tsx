'use client';
/**
 * Every full-size preset by size (parameters or multiply-adds, log scale) and ImageNet accuracy,
 * the bubble's area proportional to its depth. As in the error chart, the picture is one named
 * image and the bubbles that open a model are links laid over it.
 */
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import type { PresetFigures } from '@/lib/history/figures';
import { BUBBLE_CHART, bubbleLayout, type BubbleAxis } from './geometry';
import styles from './History.module.css';

const pct = (v: number, total: number) => `${(v / total) * 100}%`;

export function BubbleChart({ rows, axis }: { rows: readonly PresetFigures[]; axis: BubbleAxis }) {
  const t = useTranslations('history');
  const format = useFormatter();
  const L = useMemo(() => bubbleLayout(rows, axis), [rows, axis]);
  const c = BUBBLE_CHART;
  const compact = (v: number) => format.number(v, { notation: 'compact', maximumFractionDigits: 1 });
  return (
    <div className={styles.chartBox}>
      <svg viewBox={`0 0 ${c.width} ${c.height}`} role="img" aria-label={t('bubbles.name')} className={styles.chart}>
        <g className={styles.grid}>
          {L.yTicks.map((v) => (
            <g key={v} transform={`translate(0,${L.y(v)})`}>
              <line x1={c.left} x2={c.width - c.right} />
              <text x={c.left - 6} dy="0.32em" textAnchor="end">{format.number(v)}</text>
            </g>
          ))}
          {L.xTicks.map((v) => (
            <g key={v} transform={`translate(${L.x(v)},0)`}>
              <line y1={c.top} y2={L.bottom} />
              <text y={L.bottom + 16} textAnchor="middle">{compact(v)}</text>
            </g>
          ))}
        </g>
        <text className={styles.axisTitle} transform={`translate(14,${(c.top + L.bottom) / 2}) rotate(-90)`} textAnchor="middle">{t('bubbles.y')}</text>
        <text className={styles.axisTitle} x={(c.left + c.width - c.right) / 2} y={c.height - 4} textAnchor="middle">
          {t('bubbles.x', { what: t(`bubbles.${axis}`) })}
        </text>
        {L.points.map((p) => (
          <circle key={p.item.id} cx={p.x} cy={p.y} r={p.r} className={p.item.notAnEntry ? styles.bubbleApart : styles.bubble} />
        ))}
        {L.points.map((p) => {
          const place = L.labels[p.item.id]!;
          return <text key={p.item.id} className={styles.bubbleLabel} x={p.x + place.dx} y={p.y + place.dy} dy="0.32em" textAnchor={place.anchor}>{p.item.name}</text>;
        })}
      </svg>
      <div className={styles.points}>
        {L.points.map((p) => {
          const label = t('bubbles.point', {
            name: p.item.name, year: p.item.year, params: compact(p.item.trainable), macs: compact(p.item.macs),
            depth: p.item.depth, top1: format.number(p.item.top1!, { maximumFractionDigits: 2 }),
          });
          return (
            <a key={p.item.id} href={`/?preset=${p.item.id}`} className={styles.bubbleLink} aria-label={label} title={label}
              style={{ left: pct(p.x, c.width), top: pct(p.y, c.height), width: pct(2 * p.r, c.width), aspectRatio: '1' }} />
          );
        })}
      </div>
    </div>
  );
}
