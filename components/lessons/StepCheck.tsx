'use client';
/** A step's check, worded: what was found in the editor's graph or the run log, and done or not yet. */
import { useFormatter, useTranslations } from 'next-intl';
import type { CheckResult, LessonCheck } from '@/lib/lessons/lessons';
import styles from './Lessons.module.css';

export function StepCheck({ check, result }: { check: LessonCheck; result: CheckResult }) {
  const t = useTranslations('lessons');
  const format = useFormatter();
  const pct = (v: number) => format.number(v, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const datasetName = (id: string) => (t.has(`dataset.${id}`) ? t(`dataset.${id}`) : id);
  let text: string;
  switch (check.kind) {
    case 'params':
      text = result.missing ? t('check.paramsMissing') : t('check.params', { actual: result.actual ?? 0, expected: check.equals });
      break;
    case 'block':
      text = result.missing ? t('check.blockMissing') : t('check.block', { type: check.type, actual: result.actual ?? 0, min: check.min });
      break;
    case 'run': {
      const dataset = datasetName(check.dataset);
      if (result.missing) text = check.losses ? t('check.runLossMissing', { dataset }) : check.augment ? t('check.runAugmentMissing', { dataset }) : t('check.runMissing', { dataset });
      else if (check.minAccuracy !== undefined) text = t('check.runGoal', { dataset, accuracy: pct(result.actual ?? 0), goal: pct(check.minAccuracy) });
      else text = t('check.run', { dataset, accuracy: pct(result.actual ?? 0) });
      break;
    }
    case 'experiment':
      text = result.done ? t('check.experiment') : t('check.experimentMissing');
      break;
  }
  return (
    <p className={styles.check} role="status" data-testid="step-check" data-done={result.done ? 'true' : 'false'}>
      <span className={styles.checkState}>{result.done ? t('check.done') : t('check.todo')}</span>
      <span>{text}</span>
    </p>
  );
}
