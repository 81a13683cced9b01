'use client';
/**
 * ILSVRC top-5 error by year (d3 scales, drawn as SVG). The picture is one image with a name; the
 * points that open a model are links laid over it at the same spots, so they are reachable with
 * the keyboard and named for screen readers (an image's children are not).
 */
import { useFormatter, useTranslations } from 'next-intl';
import { HUMAN_TOP5, type IlsvrcEntry } from '@/lib/history/ilsvrc';
import { getPreset } from '@/presets';
import { ERROR_CHART, errorChartLayout, labelPlace } from './geometry';
import styles from './History.module.css';

const L = errorChartLayout();
const pct = (v: number, total: number) => `${(v / total) * 100}%`;

/** The entry's name: its model, else what it was ("SIFT + LBP features, coding, SVM"). */
export function useEntryName(): (e: IlsvrcEntry) => string {
  const t = useTranslations('history');
  return (e) => e.model ?? t(`method.${e.method!}`);
}

export function ErrorChart() {
  const t = useTranslations('history');
  const format = useFormatter();
  const entryName = useEntryName();
  const c = ERROR_CHART;
  const n = (v: number) => format.number(v, { maximumFractionDigits: 2 });
  return (
    <div className={styles.chartBox}>
      <svg viewBox={`0 0 ${c.width} ${c.height}`} role="img" aria-label={t('chart.name')} className={styles.chart}>
        <g className={styles.grid}>
          {L.yTicks.map((v) => (
            <g key={v} transform={`translate(0,${L.y(v)})`}>
              <line x1={c.left} x2={c.width - c.right} />
              <text x={c.left - 6} dy="0.32em" textAnchor="end">{n(v)}</text>
            </g>
          ))}
        </g>
        <text className={styles.axisTitle} transform={`translate(14,${(c.top + L.bottom) / 2}) rotate(-90)`} textAnchor="middle">{t('chart.y')}</text>
        {L.years.map((yr) => <text key={yr} className={styles.tick} x={L.x(yr)} y={L.bottom + 18} textAnchor="middle">{yr}</text>)}
        <rect className={styles.apartBand} x={L.beforeX[0]} width={L.beforeX[1] - L.beforeX[0]} y={c.top} height={L.bottom - c.top} />
        <rect className={styles.apartBand} x={L.afterX[0]} width={L.afterX[1] - L.afterX[0]} y={c.top} height={L.bottom - c.top} />
        <text className={styles.tick} x={(L.beforeX[0] + L.beforeX[1]) / 2} y={L.bottom + 18} textAnchor="middle">{t('chart.before')}</text>
        <text className={styles.tick} x={(L.afterX[0] + L.afterX[1]) / 2} y={L.bottom + 18} textAnchor="middle">{t('chart.after')}</text>
        <line className={styles.human} x1={L.mainX[0]} x2={L.mainX[1]} y1={L.humanY} y2={L.humanY} />
        <text className={styles.humanLabel} x={L.mainX[0] + 6} y={L.humanY - 6}>{t('chart.human', { value: n(HUMAN_TOP5.top5) })}</text>
        <path className={styles.winners} d={L.winnersPath} />
        {L.entries.map((p) => {
          const place = labelPlace(p.item.year, p.item.rank);
          return (
            <text key={`${p.item.year}-${p.item.rank}`} className={styles.pointLabel} x={p.x + place.dx} y={p.y + place.dy} textAnchor={place.anchor}>
              {p.item.model ?? p.item.team} {n(p.item.top5)}%
            </text>
          );
        })}
        <text className={styles.pointLabel} x={L.lenet.x} y={L.lenet.y - 12} textAnchor="middle">LeNet-5</text>
        {L.apart.map((p) => <text key={p.item.preset} className={styles.pointLabel} x={p.x} y={p.y - 12} textAnchor="middle">{p.item.model}</text>)}
      </svg>
      <div className={styles.points}>
        {L.entries.map((p) => {
          const e = p.item;
          const preset = e.preset ? getPreset(e.preset) : undefined;
          const style = { left: pct(p.x, c.width), top: pct(p.y, c.height) };
          const cls = `${styles.point} ${e.rank === 2 ? styles.second : ''} ${e.cnn ? '' : styles.noCnn}`;
          const args = { model: entryName(e), team: e.team, year: e.year, error: n(e.top5) };
          return preset ? (
            <a key={`${e.year}-${e.rank}`} href={`/?preset=${preset.id}`} className={cls} style={style}
              aria-label={t('chart.point', { ...args, preset: preset.name })} title={t('chart.point', { ...args, preset: preset.name })} />
          ) : (
            <span key={`${e.year}-${e.rank}`} className={cls} style={style} title={t('chart.pointPlain', args)} />
          );
        })}
        <a href={`/?preset=${L.lenet.item.preset}`} className={`${styles.point} ${styles.apart}`} style={{ left: pct(L.lenet.x, c.width), top: pct(L.lenet.y, c.height) }}
          aria-label={t('chart.lenet', { error: n(L.lenet.item.mnistError) })} title={t('chart.lenet', { error: n(L.lenet.item.mnistError) })} />
        {L.apart.map((p) => (
          <a key={p.item.preset} href={`/?preset=${p.item.preset}`} className={`${styles.point} ${styles.apart}`} style={{ left: pct(p.x, c.width), top: pct(p.y, c.height) }}
            aria-label={t('chart.apart', { model: p.item.model, year: p.item.year, error: n(p.item.top5) })}
            title={t('chart.apart', { model: p.item.model, year: p.item.year, error: n(p.item.top5) })} />
        ))}
      </div>
    </div>
  );
}
