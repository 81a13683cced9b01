'use client';
/**
 * Compare runs: the runs this browser recorded (Train page and experiments), ticked ones drawn
 * over each other per step, their settings side by side with the differing rows marked, their
 * test accuracy last.
 */
import { useMemo, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { forgetRuns } from '@/lib/runs/log.browser';
import { settingsSideBySide, type RunRecord } from '@/lib/runs/runs';
import { useRunLog } from '@/components/lessons/stored';
import { RUN_COLORS, RunsChart, type RunsChartLine } from './RunsChart';
import styles from './Experiments.module.css';

/** How many of the newest runs are ticked at first. */
const FIRST_TICKED = 2;

export function RunsCompare() {
  const t = useTranslations('experiments.runs');
  const te = useTranslations('experiments');
  const format = useFormatter();
  const log = useRunLog();
  const newestFirst = useMemo(() => [...log].reverse(), [log]);
  // Undefined until the user ticks: then the newest runs are shown.
  const [ticked, setTicked] = useState<ReadonlySet<string> | undefined>(undefined);
  const shownIds = ticked ?? new Set(newestFirst.slice(0, FIRST_TICKED).map((r) => r.id));
  const shown = newestFirst.filter((r) => shownIds.has(r.id));
  const colorOf = (r: RunRecord) => RUN_COLORS[newestFirst.indexOf(r) % RUN_COLORS.length]!;
  const name = (r: RunRecord) => `${r.model} · ${r.source === 'experiment' ? t('fromExperiment') : t('fromTrain')} · ${format.dateTime(new Date(r.date), { hour: '2-digit', minute: '2-digit' })}`;
  const lines = (metric: 'loss' | 'accuracy'): RunsChartLine[] => shown.map((r) => ({
    label: name(r), color: colorOf(r), steps: r.points.map((p) => p.step), values: r.points.map((p) => p[metric]),
  }));
  const pct = (v: number) => format.number(v, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const cell = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? t('yes') : t('no')) : typeof v === 'number' ? format.number(v) : v);
  const toggle = (id: string) => setTicked(() => {
    const next = new Set(shownIds);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });

  if (log.length === 0) return <p data-testid="runs-empty">{t('empty')}</p>;
  const rows = settingsSideBySide(shown);
  return (
    <section aria-label={t('title')} data-testid="runs-compare">
      <fieldset>
        <legend>{t('pick')}</legend>
        <ul className={styles.runs}>
          {newestFirst.map((r) => (
            <li key={r.id}>
              <label>
                <input type="checkbox" checked={shownIds.has(r.id)} onChange={() => toggle(r.id)} aria-label={t('select', { name: name(r) })} />
                <i style={{ display: 'inline-block', width: '1.2rem', borderTop: `3px solid ${colorOf(r)}` }} />
                {name(r)} — {r.testAccuracy !== undefined ? pct(r.testAccuracy) : t('notTested')}
              </label>
            </li>
          ))}
        </ul>
        <button type="button" className={styles.button} disabled={shown.length === 0} onClick={() => { forgetRuns([...shownIds]); setTicked(new Set()); }}>{t('forget')}</button>
      </fieldset>
      {shown.length > 0 && (
        <>
          <div className={styles.charts}>
            <RunsChart title={te('loss')} lines={lines('loss')} xLabel={te('step')} version={shown.length} testId="runs-loss" />
            <RunsChart title={te('accuracy')} lines={lines('accuracy')} xLabel={te('step')} yDomain={[0, 1]} yFormat={(v) => `${Math.round(v * 100)}%`}
              version={shown.length} testId="runs-accuracy" />
          </div>
          <table className={styles.table} data-testid="runs-settings">
            <caption>{t('settings')}</caption>
            <thead>
              <tr><th />{shown.map((r) => <th key={r.id} scope="col"><i style={{ display: 'inline-block', width: '1.2rem', borderTop: `3px solid ${colorOf(r)}` }} /></th>)}</tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.field} className={row.differs ? styles.differs : undefined}>
                  <th scope="row">{t(`field.${row.field}`)}{row.differs ? ` (${t('differs')})` : ''}</th>
                  {row.values.map((v, i) => <td key={shown[i]!.id}>{cell(v)}</td>)}
                </tr>
              ))}
              <tr>
                <th scope="row">{t('testAccuracy')}</th>
                {shown.map((r) => <td key={r.id}>{r.testAccuracy !== undefined ? pct(r.testAccuracy) : t('notTested')}</td>)}
              </tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
