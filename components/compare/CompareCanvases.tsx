'use client';
/**
 * The two networks side by side as node graphs, each block outlined by what happened to it
 * (changed on both sides, added on B's, removed on A's, the same muted), with a legend, and the
 * two canvases linked: the block pointed at, focused or chosen lights its counterpart, and the
 * line below says in words what the pair is and what changed.
 */
import { useTranslations } from 'next-intl';
import { useEffect, useMemo } from 'react';
import { initTheme } from '@/components/editor/theme';
import type { BlockRow, BlockStatus, Comparison } from '@/lib/compare/compare';
import { nodeDiffs, pairKey } from '@/lib/compare/nodes';
import type { BlockInfo } from '@/lib/compare/stages';
import type { Graph } from '@/lib/graph/types';
import { useChangeText } from './change-words';
import { DiffCanvas } from './DiffCanvas';
import { blockText } from './labels';
import { litOf, resetLink, useLink } from './link';
import { STATUS_CLASS, STATUS_SIGN } from './status';
import styles from './Compare.module.css';

const STATUSES: readonly BlockStatus[] = ['same', 'changed', 'added', 'removed'];

/** What the lit pair is, in words, for everyone (the canvases show it; this line says it). */
function LitPair({ rows, nameA, nameB }: { rows: ReadonlyMap<string, BlockRow>; nameA: string; nameB: string }) {
  const t = useTranslations('compare');
  const changeText = useChangeText();
  const lit = useLink(litOf);
  const row = lit ? rows.get(lit.key) : undefined;
  const side = (block: BlockInfo | undefined, letter: 'A' | 'B', name: string) => (
    <span className={styles.litSide}>
      <span className={styles.muted}>{letter} · {name}:</span>{' '}
      {block ? <><b className={styles.chipText}>{block.label ?? block.id}</b> <span className={styles.chipSub}>{blockText(block)}</span></> : <span className={styles.muted}>{t('canvas.absent')}</span>}
    </span>
  );
  return (
    <div className={`${styles.litPair} ${row ? STATUS_CLASS[row.status] : ''}`} aria-live="polite" data-testid="lit-pair" data-status={row?.status}>
      {row ? (
        <>
          <span className={styles.tag}>{STATUS_SIGN[row.status]} {t(`status.${row.status}`)}</span>
          {side(row.a, 'A', nameA)}
          <span aria-hidden="true">⟷</span>
          {side(row.b, 'B', nameB)}
          {row.status === 'changed' && <span className={styles.chipChanges}>{row.changes.map(changeText).join(' · ')}</span>}
        </>
      ) : (
        <span className={styles.muted}>{t('canvas.none')}</span>
      )}
    </div>
  );
}

export function CompareCanvases({ comparison, graphA, graphB, nameA, nameB }: {
  comparison: Comparison; graphA: Graph; graphB: Graph; nameA: string; nameB: string;
}) {
  const t = useTranslations('compare');
  const diffs = useMemo(() => nodeDiffs(comparison), [comparison]);
  const rows = useMemo(() => {
    const all = [...comparison.inputs, ...comparison.stages.flatMap((s) => s.blocks)];
    return new Map(all.map((r) => [pairKey(r), r]));
  }, [comparison]);
  useEffect(() => initTheme(), []);
  // Another pair: nothing of the last one stays lit.
  useEffect(() => resetLink(), [comparison]);

  return (
    <section className={styles.canvases} aria-labelledby="compare-canvases">
      <div className={styles.columnsHead}>
        <h2 id="compare-canvases">{t('canvas.title')}</h2>
        <ul className={styles.legend} aria-label={t('canvas.legend')}>
          {STATUSES.map((s) => (
            <li key={s}><span className={`${styles.sample} ${STATUS_CLASS[s]}`} aria-hidden="true">{STATUS_SIGN[s]}</span> {t(`legend.${s}`)}</li>
          ))}
        </ul>
      </div>
      <p className={styles.muted}>{t('canvas.intro')}</p>
      <div className={styles.pairGrid}>
        <DiffCanvas side="a" name={nameA} otherName={nameB} graph={graphA} diffs={diffs.a} />
        <DiffCanvas side="b" name={nameB} otherName={nameA} graph={graphB} diffs={diffs.b} />
      </div>
      <LitPair rows={rows} nameA={nameA} nameB={nameB} />
    </section>
  );
}
