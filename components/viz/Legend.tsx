'use client';
/**
 * The legend of a colour scale (lib/viz/render.ts): a bar of the scale's colours with ticks at
 * round values chosen by d3 (`scaleLinear().ticks()`), 0 marked on a diverging scale. The same
 * colour tables draw the maps, so the bar and the maps always agree.
 */
import { useTranslations } from 'next-intl';
import { memo, useId } from 'react';
import { format, scaleLinear } from 'd3';
import { legend, type ColourScale } from '@/lib/viz';
import styles from './LookInside.module.css';

interface LegendProps {
  readonly scale: ColourScale;
  /** What the numbers are: "activation", "gradient", "probability of 7". */
  readonly what: string;
  readonly width?: number;
}

const tickFormat = format('.3~g');

export const Legend = memo(function Legend({ scale, what, width = 220 }: LegendProps) {
  const id = useId();
  const t = useTranslations('inside');
  const stops = legend(scale, 17);
  const x = scaleLinear().domain([scale.min, scale.max]).range([0, width]);
  const ticks = x.ticks(5);
  const height = 10;
  const text = t(scale.kind === 'signed' ? 'legend.signed' : 'legend.unsigned', { what, min: tickFormat(scale.min), max: tickFormat(scale.max) });
  return (
    <figure className={styles.legend} data-testid="legend" data-kind={scale.kind} data-min={scale.min} data-max={scale.max}>
      <svg width={width + 16} height={height + 18} role="img" aria-label={t('legend.label', { text })} className={styles.legendSvg}>
        <defs>
          <linearGradient id={`${id}-g`} x1="0" x2="1" y1="0" y2="0">
            {stops.map((s, i) => <stop key={i} offset={i / (stops.length - 1)} stopColor={s.colour} />)}
          </linearGradient>
        </defs>
        <g transform="translate(8,0)">
          <rect width={width} height={height} fill={`url(#${id}-g)`} stroke="var(--border-strong)" strokeWidth={0.5} />
          {ticks.map((t) => (
            <g key={t} transform={`translate(${x(t)},0)`}>
              <line y1={height} y2={height + 3} stroke="var(--muted)" />
              <text y={height + 13} textAnchor="middle" fontSize={9.5} fill={t === 0 && scale.kind === 'signed' ? 'var(--text)' : 'var(--muted)'}>{tickFormat(t)}</text>
            </g>
          ))}
        </g>
      </svg>
      <figcaption className={styles.legendCaption}>{what}</figcaption>
    </figure>
  );
});
