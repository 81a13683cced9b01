'use client';
/**
 * One lesson, a step at a time: the step's text, buttons that open what it needs (a preset in the
 * editor, the Train page on a dataset, an experiment), its check evaluated live on the editor's
 * autosaved graph and the run log, and an experiment trained right in the step. "Previous step" /
 * "Next step" and the ← / → keys step through it (a teacher at a projector); the step is kept in
 * the address (?step=) so a reload stays on it.
 */
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslations } from 'next-intl';
import { evaluateCheck, getLesson, neighbours, type LessonAction, type LessonStep } from '@/lib/lessons/lessons';
import { getPreset } from '@/presets';
import { ExperimentRunner } from '@/components/experiments/ExperimentRunner';
import { StepCheck } from './StepCheck';
import { useEditorGraph, useRunLog } from './stored';
import { TopBar } from './TopBar';
import styles from './Lessons.module.css';

/** Keys typed into a field are not the lesson's. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** The address and words of an action's button. */
function useActionLink() {
  const t = useTranslations('lessons');
  const datasetName = (id: string) => (t.has(`dataset.${id}`) ? t(`dataset.${id}`) : id);
  return (a: LessonAction): { href: string; label: string } => {
    switch (a.kind) {
      case 'editor':
        return { href: `/?preset=${encodeURIComponent(a.preset)}`, label: t('action.editor', { name: getPreset(a.preset)?.name ?? a.preset }) };
      case 'train': {
        const q = new URLSearchParams();
        if (a.preset) q.set('preset', a.preset);
        if (a.dataset) q.set('dataset', a.dataset);
        const dataset = datasetName(a.dataset ?? 'mnist');
        return {
          href: `/train${q.size ? `?${q.toString()}` : ''}`,
          label: a.preset ? t('action.train', { name: getPreset(a.preset)?.name ?? a.preset, dataset }) : t('action.trainGraph', { dataset }),
        };
      }
      case 'experiment':
        return { href: `/experiments/${a.id}`, label: t('action.experiment') };
      case 'compare':
        return { href: '/experiments/runs', label: t('runsLink') };
      case 'challenge':
        return { href: `/lessons/challenges#${a.id}`, label: t('action.challenge') };
    }
  };
}

export function LessonView({ id, initialStep = 0 }: { id: string; initialStep?: number }) {
  const t = useTranslations('lessons');
  const lesson = getLesson(id)!;
  const total = lesson.steps.length;
  const [index, setIndex] = useState(Math.min(Math.max(0, initialStep), total - 1));
  const graph = useEditorGraph();
  const runs = useRunLog();
  const results = useMemo(
    () => lesson.steps.map((s) => (s.check ? evaluateCheck(s.check, { graph, runs }) : undefined)),
    [lesson, graph, runs],
  );
  const { previous: previousLesson, next: nextLesson } = neighbours(id);
  const actionLink = useActionLink();

  const go = useCallback((i: number) => {
    const next = Math.min(Math.max(0, i), total - 1);
    setIndex(next);
    const url = new URL(window.location.href);
    url.searchParams.set('step', String(next + 1));
    window.history.replaceState(window.history.state, '', url);
  }, [total]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'ArrowRight') { e.preventDefault(); go(index + 1); }
      if (e.key === 'ArrowLeft') { e.preventDefault(); go(index - 1); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, index]);

  const step: LessonStep = lesson.steps[index]!;
  const result = results[index];
  const text = (key: string) => t(`lesson.${id}.steps.${step.id}.${key}`);
  // An experiment shown in the step needs no button to open it.
  const actions = step.actions.filter((a) => !(a.kind === 'experiment' && step.experiment === a.id));

  return (
    <main className={styles.page}>
      <TopBar crumbs={[{ label: t('crumb'), href: '/lessons' }, { label: t(`lesson.${id}.title`) }]} />
      <h1>{t(`lesson.${id}.title`)}</h1>
      <p className={styles.intro}>{t(`lesson.${id}.summary`)}</p>
      <div className={styles.lesson}>
        <nav aria-label={t('steps')}>
          <ol className={styles.stepList}>
            {lesson.steps.map((s, i) => (
              <li key={s.id}>
                <button type="button" aria-current={i === index ? 'step' : undefined} onClick={() => go(i)}>
                  <span>{i + 1}. {t(`lesson.${id}.steps.${s.id}.title`)}</span>
                  {results[i]?.done && <span className={styles.tick} aria-label={t('stepDone')}>✓</span>}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <article className={styles.step} aria-labelledby="lesson-step-title" data-testid="lesson-step" data-step={step.id}>
          <p className={styles.stepCount}>{t('stepOf', { current: index + 1, total })}</p>
          <h2 id="lesson-step-title">{text('title')}</h2>
          <p className={styles.body}>{text('body')}</p>
          {actions.length > 0 && (
            <div className={styles.actions}>
              {actions.map((a, i) => {
                const link = actionLink(a);
                return <Link key={i} href={link.href} className={styles.action}>{link.label}</Link>;
              })}
            </div>
          )}
          {step.check && result && <StepCheck check={step.check} result={result} />}
          {step.experiment && <ExperimentRunner key={step.experiment} id={step.experiment} compact />}
          <div className={styles.nav}>
            <button type="button" className={styles.navButton} onClick={() => go(index - 1)} disabled={index === 0}><span aria-hidden="true">← </span>{t('previous')}</button>
            <button type="button" className={`${styles.navButton} ${styles.navNext}`} onClick={() => go(index + 1)} disabled={index === total - 1}>{t('next')}<span aria-hidden="true"> →</span></button>
            {index === total - 1 && nextLesson && (
              <Link href={`/lessons/${nextLesson.id}`} className={styles.nextLesson}>{t('nextLesson', { title: t(`lesson.${nextLesson.id}.title`) })}</Link>
            )}
            {index === 0 && previousLesson && (
              <Link href={`/lessons/${previousLesson.id}`}>{t('previousLesson', { title: t(`lesson.${previousLesson.id}.title`) })}</Link>
            )}
            <span className={styles.keys}>{t('keys')}</span>
          </div>
        </article>
      </div>
    </main>
  );
}
