'use client';
/**
 * A live experiment: its claim, its two networks, a button that trains both side by side (one
 * training worker each, as the Train page uses: components/train/useTrainer) for the planned
 * number of steps, their curves overlaid per step, then each one's test accuracy. Both runs go
 * into the run log, where lessons check them and Compare runs shows them.
 */
import Link from 'next/link';
import { useEffect, useMemo, useRef } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { analyse } from '@/lib/graph/analyse';
import { experiment, reductionSavings, type ExperimentId } from '@/lib/experiments/pairs';
import { recordRun } from '@/lib/runs/log.browser';
import { stepsToReach, thinSeries } from '@/lib/runs/runs';
import { DEFAULT_BROWSER_MEMORY_BUDGET } from '@/lib/compile/memory-guard';
import { useTrainer } from '@/components/train/useTrainer';
import { errorWords } from '@/components/train/said-words';
import type { Phase, TrainConfig } from '@/components/train/protocol';
import { runRecord } from './record';
import { RUN_COLORS, RunsChart, type RunsChartLine } from './RunsChart';
import styles from './Experiments.module.css';

/** Training accuracy the "first reached at step" line reports. */
const REACH = 0.9;

type Trainer = ReturnType<typeof useTrainer>;

/** Stops an arm once it has trained the planned steps; records its run when it is tested. */
function useArm(trainer: Trainer, steps: number, onDone: () => void): void {
  const stopped = useRef(false);
  const { view, series, seriesVersion, stop } = trainer;
  useEffect(() => {
    if (view.phase === 'loading') stopped.current = false;
    if (!stopped.current && view.phase === 'training' && series.current.loss.length >= steps) {
      stopped.current = true;
      stop('training');
    }
  }, [view.phase, series, seriesVersion, steps, stop]);
  const recorded = useRef<unknown>(null);
  useEffect(() => {
    if (view.done && recorded.current !== view.done) {
      recorded.current = view.done;
      onDone();
    }
  }, [view.done, onDone]);
}

export function ExperimentRunner({ id, compact = false }: { id: ExperimentId; compact?: boolean }) {
  const t = useTranslations('experiments');
  const all = useTranslations();
  const format = useFormatter();
  const exp = useMemo(() => experiment(id), [id]);
  const params = useMemo(() => exp.arms.map((a) => analyse(a.graph).totals.trainable), [exp]);
  // No graph is opened in the workers before a run: they start on the first click, not on page load.
  const a = useTrainer(undefined);
  const b = useTrainer(undefined);
  const trainers = [a, b] as const;

  const record = (i: 0 | 1) => () => {
    const arm = exp.arms[i];
    const tr = trainers[i];
    const rec = runRecord({
      id: `exp-${id}-${arm.key}`, source: 'experiment', experiment: `${id}/${arm.key}`, graph: arm.graph, params: params[i]!,
      dataset: exp.dataset, settings: exp.settings, view: tr.view, series: tr.series.current,
    });
    if (rec) recordRun(rec);
  };
  useArm(a, exp.steps, record(0));
  useArm(b, exp.steps, record(1));

  const running = trainers.some((tr) => tr.view.phase !== 'idle' && tr.view.phase !== 'done');
  const started = trainers.some((tr) => tr.view.phase !== 'idle');
  const onRun = () => {
    // One worker each: the two arms, side by side, already take two cores.
    const config: TrainConfig = { dataset: { id: exp.dataset }, settings: exp.settings, backend: 'wasm', memoryBudget: DEFAULT_BROWSER_MEMORY_BUDGET, workers: 1 };
    exp.arms.forEach((arm, i) => trainers[i].start(arm.graph, config));
  };
  const onStop = () => trainers.forEach((tr) => tr.stop(tr.view.phase));

  const version = a.seriesVersion + b.seriesVersion * 100_003;
  const curves = (metric: 'loss' | 'accuracy'): RunsChartLine[] => exp.arms.map((arm, i) => {
    const s = trainers[i].series.current;
    return {
      label: t(`${id}.${arm.key}`), color: RUN_COLORS[i]!, dashed: i === 0,
      steps: s.loss.map((_, k) => k + 1), values: metric === 'loss' ? s.loss : s.accuracy,
    };
  });
  // Rebuilt when the series grow (they are appended to in place).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const lossLines = useMemo(() => curves('loss'), [version, id, t]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const accuracyLines = useMemo(() => curves('accuracy'), [version, id, t]);

  const pct = (v: number) => format.number(v, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const phaseText = (phase: Phase, steps: number) => (phase === 'training' ? t('phase.training', { step: steps, steps: exp.steps }) : t(`phase.${phase}`));

  return (
    <section className={styles.experiment} aria-labelledby={`exp-${id}-title`} data-testid={`experiment-${id}`}>
      <header>
        <h3 id={`exp-${id}-title`}>{t(`${id}.title`)}</h3>
        {!compact && <p className={styles.claim}><strong>{t('paper')}:</strong> {t(`${id}.claim`)}</p>}
      </header>
      {id === 'reduction-1x1' && <ReductionTable />}
      <div className={styles.arms}>
        {exp.arms.map((arm, i) => {
          const tr = trainers[i];
          const s = tr.series.current;
          const done = tr.view.done;
          const pts = thinSeries(s.loss, s.accuracy, 1000);
          const reach = done ? stepsToReach(pts, REACH) : undefined;
          const trainAcc = s.accuracy.length ? s.accuracy.slice(-Math.max(1, Math.round(s.accuracy.length / 10))).reduce((x, y) => x + y, 0) / Math.max(1, Math.round(s.accuracy.length / 10)) : undefined;
          return (
            <div key={arm.key} className={styles.arm} data-testid={`arm-${arm.key}`}>
              <p className={styles.armName}><i style={{ borderTopColor: RUN_COLORS[i], borderTopStyle: i === 0 ? 'dashed' : 'solid' }} />{t(`${id}.${arm.key}`)}</p>
              <p className={styles.muted}>{t('params', { count: params[i]! })}</p>
              <p aria-live="polite" data-testid={`arm-${arm.key}-phase`} data-phase={tr.view.phase}>{phaseText(tr.view.phase, s.loss.length)}</p>
              {tr.view.error && <p className={styles.error} role="alert">{t('failed', { message: errorWords(tr.view.error, all) })}</p>}
              {done?.test && (
                <p data-testid={`arm-${arm.key}-test`}>
                  {t('test', { accuracy: pct(done.test.accuracy) })}
                  {trainAcc !== undefined && id === 'dropout' ? ` · ${t('gap', { gap: pct(trainAcc - done.test.accuracy) })}` : ''}
                </p>
              )}
              {done && id !== 'dropout' && (
                <p className={styles.muted}>{reach !== undefined ? t('reach', { accuracy: pct(REACH), step: reach }) : t('neverReached', { accuracy: pct(REACH) })}</p>
              )}
            </div>
          );
        })}
      </div>
      <div className={styles.controls}>
        {running
          ? <button type="button" className={styles.button} onClick={onStop}>{t('stop')}</button>
          : <button type="button" className={`${styles.button} ${styles.primary}`} onClick={onRun}>{started ? t('runAgain') : t('run')}</button>}
        <span className={styles.muted}>
          {t('stepsPlanned', { steps: exp.steps, batch: exp.settings.batchSize, optimizer: exp.settings.optimizer === 'sgd' ? 'SGD' : 'Adam', rate: String(exp.settings.learningRate) })}
        </span>
      </div>
      <div className={styles.charts}>
        <RunsChart title={t('lossChart')} lines={lossLines} xLabel={t('step')} version={version} testId={`exp-${id}-loss`} xMax={exp.steps} />
        <RunsChart title={t('accuracyChart')} lines={accuracyLines} xLabel={t('step')} yDomain={[0, 1]} yFormat={(v) => `${Math.round(v * 100)}%`}
          version={version} testId={`exp-${id}-accuracy`} xMax={exp.steps} />
      </div>
      <p className={styles.read}><strong>{t('readIt')}:</strong> {t(`${id}.read`)}</p>
      {!compact && <p><Link href="/experiments/runs">{t('allRuns')}</Link></p>}
    </section>
  );
}

/** GoogLeNet's arithmetic: inception (3a)'s 5×5 branch with and without its 1×1 reduction. */
function ReductionTable() {
  const t = useTranslations('experiments');
  const format = useFormatter();
  const s = reductionSavings();
  const times = format.number(s.direct.macs / s.reduced.macs, { maximumFractionDigits: 1 });
  return (
    <table className={styles.table} data-testid="reduction-table">
      <caption>{t('reduction-1x1.table')}</caption>
      <thead><tr><th /><th>{t('reduction-1x1.weights')}</th><th>{t('reduction-1x1.macs')}</th></tr></thead>
      <tbody>
        <tr><th scope="row">{t('reduction-1x1.direct')}</th><td>5·5·192·32 + 32 = {format.number(s.direct.params)}</td><td>{format.number(s.direct.macs)}</td></tr>
        <tr><th scope="row">{t('reduction-1x1.reduced')}</th><td>(192·16 + 16) + (5·5·16·32 + 32) = {format.number(s.reduced.params)}</td><td>{format.number(s.reduced.macs)}</td></tr>
      </tbody>
      <tfoot><tr><td colSpan={3}>{t('reduction-1x1.saving', { times })}</td></tr></tfoot>
    </table>
  );
}
