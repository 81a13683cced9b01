'use client';
/**
 * Play, pause, step and scrub through the output positions of a layer. The buttons and the range
 * slider are native controls, so the keyboard works as everywhere (Tab, Space, Enter, arrow keys,
 * Home/End on the slider). Playing stops at the last position; with prefers-reduced-motion it
 * steps at a calmer pace and the window jumps instead of gliding (the CSS).
 */
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'next-intl';
import styles from './Ops.module.css';

const QUERY = '(prefers-reduced-motion: reduce)';

/** True when the person asked their system for less motion. */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const mq = window.matchMedia(QUERY);
      mq.addEventListener('change', notify);
      return () => mq.removeEventListener('change', notify);
    },
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}

/** Milliseconds between two positions while playing. */
const PACE_MS = 700;
const CALM_PACE_MS = 1600;

export function Stepper({ count, position, onPosition, describe }: {
  count: number;
  position: number;
  onPosition: (p: number) => void;
  /** The position in words for the slider ("output (3, 4)"). */
  describe: (p: number) => string;
}) {
  const t = useTranslations('ops');
  const id = useId();
  const reduced = usePrefersReducedMotion();
  const [playing, setPlaying] = useState(false);
  const last = count - 1;
  // Playing ends by itself at the last position.
  const running = playing && position < last;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => onPosition(position + 1), reduced ? CALM_PACE_MS : PACE_MS);
    return () => clearTimeout(timer);
  }, [running, position, reduced, onPosition]);
  return (
    <div className={styles.stepper} role="group" aria-label={t('stepper.label')}>
      <button type="button" className={styles.button} onClick={() => { if (position >= last) onPosition(0); setPlaying(!running); }} aria-pressed={running}
        disabled={count < 2} data-testid="op-play">
        {running ? t('stepper.pause') : t('stepper.play')}
      </button>
      <button type="button" className={styles.button} onClick={() => { setPlaying(false); onPosition(Math.max(0, position - 1)); }} disabled={position <= 0}>
        {t('stepper.back')}
      </button>
      <button type="button" className={styles.button} onClick={() => { setPlaying(false); onPosition(Math.min(last, position + 1)); }} disabled={position >= last}
        data-testid="op-step">
        {t('stepper.step')}
      </button>
      <label htmlFor={`${id}-scrub`} className={styles.scrubLabel}>{t('stepper.scrub')}</label>
      <input id={`${id}-scrub`} type="range" min={0} max={Math.max(0, last)} step={1} value={position} className={styles.scrub}
        onChange={(e) => { setPlaying(false); onPosition(Number(e.target.value)); }} aria-valuetext={describe(position)} data-testid="op-scrub" />
      <span className={styles.stepCount} aria-live="off">{t('stepper.count', { n: position + 1, count })}</span>
    </div>
  );
}
