'use client';
/**
 * The model's answer for one picture: a bar and a percentage for every class, the top class
 * marked. Before there is a picture the list still shows every class (with dashes), so the layout
 * does not jump when the first answer arrives. For a multi-label model each label's probability
 * stands on its own (they need not sum to 1): every label at 50% or more is marked as present.
 */
import { memo } from 'react';
import { argMax, formatProbability } from '@/lib/results/text';
import { classLabel } from '@/lib/results/predictions';
import styles from './Results.module.css';

interface ProbabilityListProps {
  /** One probability per class, or null while there is no picture. */
  readonly probabilities: Float32Array | null;
  readonly classNames: readonly string[];
  /** Independent probabilities per label (sigmoid): the present labels are those at 0.5 or more. */
  readonly multiLabel?: boolean;
}

/** A label counts as present at this probability or more (as the multi-label metrics count it). */
const PRESENT = 0.5;

export const ProbabilityList = memo(function ProbabilityList({ probabilities, classNames, multiLabel = false }: ProbabilityListProps) {
  const top = probabilities ? argMax(probabilities) : -1;
  const present = multiLabel && probabilities ? classNames.map((_, c) => c).filter((c) => (probabilities[c] ?? 0) >= PRESENT) : [];
  const marked = (c: number): boolean => (multiLabel ? present.includes(c) : c === top);
  return (
    <div className={styles.probabilities}>
      {multiLabel ? (
        <p className={styles.topClass} data-testid="top-class" data-class={present.map((c) => classLabel(classNames, c)).join(',')}>
          {probabilities
            ? present.length > 0
              ? <>The model sees <strong>{present.map((c) => classLabel(classNames, c)).join(', ')}</strong> <span className={styles.muted}>(each label at 50% or more; they need not add up to 100%)</span></>
              : <>The model sees <strong>none</strong> of the labels <span className={styles.muted}>(each below 50%)</span></>
            : <span className={styles.muted}>No picture yet</span>}
        </p>
      ) : (
        <p className={styles.topClass} data-testid="top-class" data-class={top >= 0 ? classLabel(classNames, top) : ''}>
          {top >= 0 && probabilities
            ? <>The model says <strong>{classLabel(classNames, top)}</strong> ({formatProbability(probabilities[top]!)} sure)</>
            : <span className={styles.muted}>No picture yet</span>}
        </p>
      )}
      <ul aria-label="Class probabilities" className={styles.probList}>
        {classNames.map((name, c) => {
          const p = probabilities?.[c];
          return (
            <li key={c} className={marked(c) ? styles.top : undefined} data-class={name} data-probability={p ?? ''}
              {...(marked(c) ? { 'aria-current': true, 'data-top': true } : {})}>
              <span className={styles.probName} title={name}>{name}</span>
              <span className={styles.probBar}><i style={{ width: `${((p ?? 0) * 100).toFixed(1)}%` }} /></span>
              <span className={styles.probValue}>{p === undefined ? '—' : formatProbability(p)}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
});
