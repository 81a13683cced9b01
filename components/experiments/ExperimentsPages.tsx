'use client';
/** The pages of /experiments: the list, one experiment on its own, and Compare runs. */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { EXPERIMENT_IDS, type ExperimentId } from '@/lib/experiments/pairs';
import { TopBar } from '@/components/lessons/TopBar';
import { ExperimentRunner } from './ExperimentRunner';
import { RunsCompare } from './RunsCompare';
import styles from './Experiments.module.css';
import lessonStyles from '@/components/lessons/Lessons.module.css';

export function ExperimentsIndex() {
  const t = useTranslations('experiments');
  const tl = useTranslations('lessons');
  return (
    <main className={lessonStyles.page}>
      <TopBar crumbs={[{ label: tl('crumb'), href: '/lessons' }, { label: t('crumb') }]} />
      <h1>{t('title')}</h1>
      <p className={lessonStyles.intro}>{t('intro')}</p>
      <p className={lessonStyles.links}><Link href="/experiments/runs">{t('runs.title')}</Link></p>
      <ul className={styles.list}>
        {EXPERIMENT_IDS.map((id) => (
          <li key={id}>
            <Link href={`/experiments/${id}`} className={styles.card} data-testid={`experiment-link-${id}`}>
              <strong>{t(`${id}.title`)}</strong>
              <span>{t(`${id}.claim`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}

export function ExperimentPage({ id }: { id: ExperimentId }) {
  const t = useTranslations('experiments');
  const tl = useTranslations('lessons');
  return (
    <main className={lessonStyles.page}>
      <TopBar crumbs={[{ label: tl('crumb'), href: '/lessons' }, { label: t('crumb'), href: '/experiments' }, { label: t(`${id}.title`) }]} />
      <ExperimentRunner id={id} />
    </main>
  );
}

export function RunsPage() {
  const t = useTranslations('experiments');
  const tl = useTranslations('lessons');
  return (
    <main className={lessonStyles.page}>
      <TopBar crumbs={[{ label: tl('crumb'), href: '/lessons' }, { label: t('runs.crumb') }]} />
      <h1>{t('runs.title')}</h1>
      <p className={lessonStyles.intro}>{t('runs.intro')}</p>
      <RunsCompare />
    </main>
  );
}
