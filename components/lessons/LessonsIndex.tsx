'use client';
/** The list of lessons, in the order of the history, each with how many of its checks are done. */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { evaluateCheck, LESSONS } from '@/lib/lessons/lessons';
import { useEditorGraph, useRunLog } from './stored';
import { TopBar } from './TopBar';
import styles from './Lessons.module.css';

export function LessonsIndex() {
  const t = useTranslations('lessons');
  const graph = useEditorGraph();
  const runs = useRunLog();
  return (
    <main className={styles.page}>
      <TopBar crumbs={[{ label: t('crumb') }]} />
      <h1>{t('title')}</h1>
      <p className={styles.intro}>{t('intro')}</p>
      <p className={styles.links}>
        <Link href="/experiments">{t('experimentsLink')}</Link>
        <Link href="/experiments/runs">{t('runsLink')}</Link>
        <Link href="/lessons/challenges">{t('challengesLink')}</Link>
      </p>
      <ol className={styles.list}>
        {LESSONS.map((l) => {
          const checks = l.steps.filter((s) => s.check);
          const done = checks.filter((s) => evaluateCheck(s.check!, { graph, runs }).done).length;
          return (
            <li key={l.id}>
              <Link href={`/lessons/${l.id}`} className={styles.card} data-testid={`lesson-${l.id}`}>
                <span className={styles.year}>{l.year}</span>
                <strong>{t(`lesson.${l.id}.title`)}</strong>
                <span>{t(`lesson.${l.id}.summary`)}</span>
                {checks.length > 0 && <span className={styles.progress}> {done}/{checks.length} ✓</span>}
              </Link>
            </li>
          );
        })}
      </ol>
    </main>
  );
}
