'use client';
/**
 * The challenges: each goal, the best tested run of the log that counts for it, its score, and
 * the best score ever reached here (kept in this browser even when runs are forgotten).
 */
import Link from 'next/link';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { bestResult, CHALLENGES, keepBest } from '@/lib/lessons/challenges';
import { parseScores, saveScores, scoresText, subscribeRuns } from '@/lib/runs/log.browser';
import { getPreset } from '@/presets';
import { useRunLog } from './stored';
import { TopBar } from './TopBar';
import styles from './Lessons.module.css';

export function Challenges() {
  const t = useTranslations('lessons');
  const format = useFormatter();
  const runs = useRunLog();
  const results = useMemo(() => CHALLENGES.map((c) => bestResult(c, runs)), [runs]);
  const stored = useSyncExternalStore(subscribeRuns, scoresText, () => '{}');
  // The kept scores, raised by any better result in the log (and written back).
  const kept = useMemo(() => CHALLENGES.reduce((scores, c, i) => keepBest(scores, c.id, results[i]), parseScores(stored)), [stored, results]);
  useEffect(() => saveScores(kept), [kept]);
  const pct = (v: number) => format.number(v, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const datasetName = (id: string) => (t.has(`dataset.${id}`) ? t(`dataset.${id}`) : id);

  return (
    <main className={styles.page}>
      <TopBar crumbs={[{ label: t('crumb'), href: '/lessons' }, { label: t('challenges.title') }]} />
      <h1>{t('challenges.title')}</h1>
      <p className={styles.intro}>{t('challenges.intro')}</p>
      {CHALLENGES.map((c, i) => {
        const r = results[i];
        const dataset = datasetName(c.dataset);
        return (
          <section key={c.id} id={c.id} className={styles.challenge} aria-labelledby={`challenge-${c.id}`} data-testid={`challenge-${c.id}`}>
            <h2 id={`challenge-${c.id}`}>{t(`challenges.${c.id}`)}</h2>
            <p>{t('challenges.goal', { accuracy: pct(c.minAccuracy), dataset, params: c.maxParams })}</p>
            <p>{r ? t('challenges.best', { accuracy: pct(r.accuracy), params: r.params }) : t('challenges.none', { dataset })}</p>
            <p className={styles.score} data-testid="challenge-score">{r?.met ? t('challenges.met', { score: r.score }) : t('challenges.notMet')}</p>
            {kept[c.id] !== undefined && <p>{t('challenges.kept', { score: kept[c.id]! })}</p>}
            <div className={styles.actions}>
              {c.start && <Link className={styles.action} href={`/?preset=${c.start}`}>{t('challenges.start', { name: getPreset(c.start)?.name ?? c.start })}</Link>}
              <Link className={styles.action} href={`/train?dataset=${c.dataset}`}>{t('challenges.train', { dataset })}</Link>
            </div>
          </section>
        );
      })}
    </main>
  );
}
