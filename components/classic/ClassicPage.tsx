'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { SiteNav } from '@/components/site/SiteNav';
import { LENET5_REFERENCE, PUBLISHED_ANCHORS } from '@/lib/classic/anchors';
import { HOG_MNIST, hogLayout } from '@/lib/classic/hog';
import { SVM_DEFAULTS } from '@/lib/classic/svm';
import type { RunSizeRequest } from '@/lib/classic/run-size';
import { DigitCanvas, GlyphCanvas } from './HogGlyphs';
import type { Task } from './protocol';
import { useClassicWorker } from './useClassicWorker';
import styles from './Classic.module.css';

/** k of the k-NN baseline: 3, as in most of the k-NN rows of LeCun's MNIST table. */
const KNN_K = 3;
/** How many test digits the glyph row shows at a time. */
const SAMPLE_COUNT = 5;
const HOG_LENGTH = hogLayout(28, 28, HOG_MNIST).length;

/** /classic: the pre-2012 pipeline (HOG + linear SVM, and k-NN) run on MNIST, beside LeNet-5. */
export function ClassicPage({ size }: { size: RunSizeRequest }) {
  const t = useTranslations('classic');
  const format = useFormatter();
  const [offset, setOffset] = useState(0);
  const indices = useMemo(() => Array.from({ length: SAMPLE_COUNT }, (_, i) => offset + i), [offset]);
  const { state, runSvm, runKnn, showSamples, stop, retry } = useClassicWorker(indices);
  const ready = state.load.kind === 'ready';
  const run = { train: size.train, test: size.test };

  const int = (n: number): string => format.number(n);
  const pct = (x: number): string => format.number(x, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const secs = (s: number): string => t('results.seconds', { value: format.number(s, { maximumFractionDigits: s < 10 ? 1 : 0 }) });
  const methodName = (task: Task): string => (task === 'svm' ? t('results.svm') : t('results.knn', { k: KNN_K }));

  const nextDigits = (): void => {
    const next = (offset + SAMPLE_COUNT) % 10_000;
    setOffset(next);
    showSamples(Array.from({ length: SAMPLE_COUNT }, (_, i) => next + i));
  };

  const progress = (task: Task) => {
    const r = state.running;
    if (r?.task !== task) return null;
    const fraction = r.total > 0 ? r.done / r.total : 0;
    return (
      <div className={styles.progress}>
        <progress max={1} value={fraction} aria-label={t('run.progressLabel', { method: methodName(task) })} />
        <span aria-live="polite">
          {t(`run.stage.${r.stage}`, { done: int(r.done), total: int(r.total) })}
          {r.stage === 'fit' && r.hingeLoss !== undefined ? ` · ${t('run.hinge', { value: format.number(r.hingeLoss, { maximumFractionDigits: 4 }) })}` : ''}
        </span>
      </div>
    );
  };

  const svm = state.svm;
  const knn = state.knn;
  const pending = (task: Task): string => (state.running?.task === task ? t('results.running') : t('results.notRun'));

  return (
    <main className={styles.page}>
      <nav className={styles.bar}>
        <Link href="/" className={styles.brand}>Layerwise</Link>
        <Link href="/" className={styles.back}>{t('back')}</Link>
        <SiteNav />
      </nav>
      <h1 className={styles.title}>{t('title')}</h1>
      <p className={styles.lead}>{t('lead')}</p>

      <section aria-labelledby="classic-pipeline">
        <h2 id="classic-pipeline">{t('pipeline.heading')}</h2>
        <div className={styles.pipelines} role="group" aria-label={t('pipeline.label')}>
          <ol className={styles.flow}>
            <li>{t('pipeline.pixels')}</li>
            <li>{t('pipeline.hog', { length: int(HOG_LENGTH) })}</li>
            <li>{t('pipeline.svm')}</li>
            <li>{t('pipeline.digit')}</li>
          </ol>
          <ol className={styles.flow}>
            <li>{t('pipeline.pixels')}</li>
            <li>{t('pipeline.knn', { k: KNN_K })}</li>
            <li>{t('pipeline.digit')}</li>
          </ol>
        </div>
        <p>{t('pipeline.hogText', { cell: HOG_MNIST.cellSize })}</p>
        <p>{t('pipeline.svmText')}</p>
        <p>{t('pipeline.knnText', { k: KNN_K })}</p>
        <p className={styles.muted}>{t('pipeline.contrast')}</p>
      </section>

      <section aria-labelledby="classic-glyphs">
        <h2 id="classic-glyphs">{t('glyphs.heading')}</h2>
        <p>{t('glyphs.explain', { cell: HOG_MNIST.cellSize })}</p>
        {state.layout && state.cellSize && state.samples.length > 0 ? (
          <ul className={styles.glyphs}>
            {state.samples.map((s) => (
              <li key={s.index} className={styles.glyphPair}>
                <DigitCanvas pixels={s.pixels} side={28} label={t('glyphs.digit', { index: s.index, label: s.label })} />
                <GlyphCanvas cells={s.cells} layout={state.layout!} cellSize={state.cellSize!}
                  label={t('glyphs.glyphs', { index: s.index, cells: state.layout!.cellsX * state.layout!.cellsY, cell: state.cellSize!, bins: state.layout!.bins })} />
                <span className={styles.muted}>#{s.index} · {s.label}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className={styles.muted}>{t('glyphs.waiting')}</p>
        )}
        <button type="button" className="lw-btn" onClick={nextDigits} disabled={!ready}>{t('glyphs.other')}</button>
      </section>

      <section aria-labelledby="classic-run">
        <h2 id="classic-run">{t('run.heading')}</h2>
        <p className={styles.status} aria-live="polite">
          {state.load.kind === 'loading' && (state.load.stage === 'inflate'
            ? t('load.inflate')
            : t('load.download', { received: format.number(state.load.received / 1e6, { maximumFractionDigits: 1 }), total: format.number(state.load.total / 1e6, { maximumFractionDigits: 1 }) }))}
          {state.load.kind === 'ready' && t('load.ready', { train: int(state.load.trainSize), test: int(state.load.testSize) })}
          {state.stopped && ` ${t('run.stopped')}`}
        </p>
        {state.load.kind === 'failed' && (
          <p role="alert" className={styles.error}>
            {t('load.failed', { detail: state.load.detail })} <button type="button" className="lw-btn" onClick={retry}>{t('load.retry')}</button>
          </p>
        )}
        {size.subset && <p className={styles.notice} data-testid="classic-subset">{t('run.subset', { train: size.train, test: size.test })}</p>}
        <div className={styles.runs}>
          <div className={styles.run}>
            <button type="button" className="lw-btn lw-btn-primary" disabled={!ready || !!state.running} onClick={() => runSvm(run)}>{t('run.svm')}</button>
            <p>{t('run.svmWhat', { train: int(size.train), test: int(size.test), C: SVM_DEFAULTS.C, epochs: SVM_DEFAULTS.maxEpochs })}</p>
            {progress('svm')}
          </div>
          <div className={styles.run}>
            <button type="button" className="lw-btn lw-btn-primary" disabled={!ready || !!state.running} onClick={() => runKnn(run, KNN_K)}>{t('run.knn')}</button>
            <p>{t('run.knnWhat', { k: KNN_K, train: int(size.train), test: int(size.test) })}</p>
            {progress('knn')}
          </div>
        </div>
        {state.running && <button type="button" className="lw-btn" onClick={stop}>{t('run.stop')}</button>}
        {state.failure && <p role="alert" className={styles.error}>{t('run.failed', { detail: state.failure.detail })}</p>}
        {knn && knn.backend !== 'wasm' && <p className={styles.notice}>{t('run.backendFailed')}</p>}
      </section>

      <section aria-labelledby="classic-results">
        <h2 id="classic-results">{t('results.heading')}</h2>
        <table className={styles.table} data-testid="classic-results">
          <caption>{t('results.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.method')}</th>
              <th scope="col">{t('results.features')}</th>
              <th scope="col">{t('results.trainDigits')}</th>
              <th scope="col">{t('results.accuracy')}</th>
              <th scope="col">{t('results.error')}</th>
              <th scope="col">{t('results.trainTime')}</th>
              <th scope="col">{t('results.testTime')}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="classic-row-svm">
              <th scope="row">{t('results.svm')}</th>
              <td>{t('results.featuresHog', { length: int(HOG_LENGTH) })}</td>
              <td>{int(svm?.size.train ?? size.train)}</td>
              {svm ? (
                <>
                  <td data-testid="classic-svm-accuracy">{pct(svm.accuracy)}{svm.size.test < 10_000 ? ` (${t('results.testedOn', { test: int(svm.size.test) })})` : ''}</td>
                  <td>{pct(1 - svm.accuracy)}</td>
                  <td>{secs(svm.hogTrainSeconds + svm.fitSeconds)}<br /><small>{t('results.svmTrainDetail', { hog: format.number(svm.hogTrainSeconds, { maximumFractionDigits: 1 }), fit: format.number(svm.fitSeconds, { maximumFractionDigits: 1 }), epochs: svm.epochs })}</small></td>
                  <td>{secs(svm.testSeconds)}</td>
                </>
              ) : <td colSpan={4} className={styles.muted}>{pending('svm')}</td>}
            </tr>
            <tr data-testid="classic-row-knn">
              <th scope="row">{t('results.knn', { k: KNN_K })}</th>
              <td>{t('results.featuresPixels')}</td>
              <td>{int(knn?.size.train ?? size.train)}</td>
              {knn ? (
                <>
                  <td data-testid="classic-knn-accuracy">{pct(knn.accuracy)}{knn.size.test < 10_000 ? ` (${t('results.testedOn', { test: int(knn.size.test) })})` : ''}</td>
                  <td>{pct(1 - knn.accuracy)}</td>
                  <td>{t('results.knnTrainDetail', { value: format.number(knn.prepareSeconds, { maximumFractionDigits: 1 }) })}</td>
                  <td>{secs(knn.testSeconds)}</td>
                </>
              ) : <td colSpan={4} className={styles.muted}>{pending('knn')}</td>}
            </tr>
            <tr data-testid="classic-row-lenet">
              <th scope="row">{t('results.lenet')}</th>
              <td>{t('results.featuresLearned')}</td>
              <td>{int(60_000)}</td>
              <td>{pct(LENET5_REFERENCE.accuracy)}</td>
              <td>{pct(1 - LENET5_REFERENCE.accuracy)}</td>
              <td>{t('results.minutes', { value: Math.round(LENET5_REFERENCE.quietTrainSeconds / 60) })}<br /><small>{t('results.lenetTrainDetail', { epochs: LENET5_REFERENCE.epochs })}</small></td>
              <td className={styles.muted}>{t('results.lenetTestDetail')}</td>
            </tr>
          </tbody>
        </table>
        <p className={styles.muted}>{t('results.note')}</p>

        <h3>{t('results.published')}</h3>
        <table className={styles.table}>
          <caption>{t('results.publishedCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.method')}</th>
              <th scope="col">{t('results.accuracy')}</th>
              <th scope="col">{t('results.error')}</th>
              <th scope="col">{t('results.source')}</th>
            </tr>
          </thead>
          <tbody>
            {PUBLISHED_ANCHORS.map((a) => (
              <tr key={a.id}>
                <th scope="row">{t(`results.anchor.${a.id}`)}</th>
                <td>{a.approximate ? t('results.approx', { value: pct(1 - a.error) }) : pct(1 - a.error)}</td>
                <td>{a.approximate ? t('results.approx', { value: pct(a.error) }) : pct(a.error)}</td>
                <td>{a.url ? <a href={a.url} rel="noreferrer">{a.citation}</a> : a.citation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
