'use client';
/**
 * The two networks as columns of stages, lined up: each row holds a block of A and its partner in
 * B, coloured same / changed / added / removed on both sides, with the params that changed.
 */
import { useTranslations } from 'next-intl';
import type { BlockRow, Comparison } from '@/lib/compare/compare';
import type { BlockInfo, Stage } from '@/lib/compare/stages';
import { useChangeText } from './change-words';
import { blockText, shapeText } from './labels';
import { STATUS_CLASS } from './status';
import styles from './Compare.module.css';

function StageHead({ stage }: { stage?: Stage }) {
  const t = useTranslations('compare');
  if (!stage) return <div className={`${styles.stageHead} ${styles.empty}`}>{t('stage.none')}</div>;
  const where = stage.head ? t('stage.head') : stage.resolution !== undefined ? t('stage.map', { size: stage.resolution }) : t('stage.unknown');
  return (
    <div className={styles.stageHead}>
      <strong>{where}</strong> <span className={styles.muted}>{t('stage.blocks', { count: stage.blocks.length })}</span>
    </div>
  );
}

function Chip({ block, row, side }: { block?: BlockInfo; row: BlockRow; side: 'a' | 'b' }) {
  const t = useTranslations('compare');
  const changeText = useChangeText();
  if (!block) return <div className={`${styles.chip} ${styles.hole}`} aria-hidden="true" />;
  return (
    <div className={`${styles.chip} ${STATUS_CLASS[row.status]}`} data-status={row.status} data-side={side} data-block={block.id}>
      <div className={styles.chipTop}>
        <span className={styles.chipText}>{blockText(block)}</span>
        {row.status !== 'same' && <span className={styles.tag}>{t(`status.${row.status}`)}</span>}
      </div>
      <div className={styles.chipSub}>{block.label ?? block.id} · {shapeText(block.outputShape)}</div>
      {row.status === 'changed' && <div className={styles.chipChanges}>{row.changes.map(changeText).join(' · ')}</div>}
    </div>
  );
}

export function StageRows({ comparison, nameA, nameB }: { comparison: Comparison; nameA: string; nameB: string }) {
  const t = useTranslations('compare');
  return (
    <div className={styles.columns}>
      <div className={styles.columnsHead}>
        <h2>{t('stages')}</h2>
        <ul className={styles.legend} aria-label={t('legend.label')}>
          {(['same', 'changed', 'added', 'removed'] as const).map((s) => <li key={s}><i className={STATUS_CLASS[s]} /> {t(`legend.${s}`)}</li>)}
        </ul>
      </div>
      <div className={styles.grid}>
        <div className={styles.colTitle}>A · {nameA}</div>
        <div className={styles.colTitle}>B · {nameB}</div>
        {comparison.stages.map((s, i) => (
          <div key={i} className={`${styles.stage} ${STATUS_CLASS[s.status]}`} data-stage-status={s.status}>
            <StageHead {...(s.a ? { stage: s.a } : {})} />
            <StageHead {...(s.b ? { stage: s.b } : {})} />
            {s.blocks.map((r, j) => (
              <div key={j} className={styles.pairRow}>
                <Chip {...(r.a ? { block: r.a } : {})} row={r} side="a" />
                <Chip {...(r.b ? { block: r.b } : {})} row={r} side="b" />
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
