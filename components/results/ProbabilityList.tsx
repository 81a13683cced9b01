'use client';
/**
 * The model's answer for one picture: a bar and a percentage for every class, the top class
 * marked. Before there is a picture the list still shows every class (with dashes), so the layout
 * does not jump when the first answer arrives.
 */
import { memo } from 'react';
import { argMax, formatProbability } from '@/lib/results/text';
import { classLabel } from '@/lib/results/predictions';
import styles from './Results.module.css';

interface ProbabilityListProps {
  /** One probability per class, or null while there is no picture. */
  readonly probabilities: Float32Array | null;
  readonly classNames: readonly string[];
}

export const ProbabilityList = memo(function ProbabilityList({ probabilities, classNames }: ProbabilityListProps) {
  const top = probabilities ? argMax(probabilities) : -1;
  return (
    <div className={styles.probabilities}>
      <p className={styles.topClass} data-testid="top-class" data-class={top >= 0 ? classLabel(classNames, top) : ''}>
        {top >= 0 && probabilities
          ? <>The model says <strong>{classLabel(classNames, top)}</strong> ({formatProbability(probabilities[top]!)} sure)</>
          : <span className={styles.muted}>No picture yet</span>}
      </p>
      <ul aria-label="Class probabilities" className={styles.probList}>
        {classNames.map((name, c) => {
          const p = probabilities?.[c];
          return (
            <li key={c} className={c === top ? styles.top : undefined} data-class={name} data-probability={p ?? ''}
              {...(c === top ? { 'aria-current': true, 'data-top': true } : {})}>
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
