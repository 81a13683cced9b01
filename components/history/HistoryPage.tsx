'use client';
/**
 * The /history page: the ILSVRC top-5 error by year, or every preset by size, cost and accuracy;
 * each view's data in a table below it, every figure with its source. Each point opens its
 * preset in the editor (`/?preset=<id>`).
 */
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { SiteNav } from '@/components/site/SiteNav';
import type { PresetFigures } from '@/lib/history/figures';
import { AFTER_ILSVRC, BEFORE_ILSVRC, HUMAN_TOP5, ILSVRC_ENTRIES, IMAGENET_TOP1, type Source } from '@/lib/history/ilsvrc';
import { getPreset } from '@/presets';
import { BubbleChart } from './BubbleChart';
import { ErrorChart, useEntryName } from './ErrorChart';
import type { BubbleAxis } from './geometry';
import styles from './History.module.css';

/** Every source the page cites, once each, in the order the page first uses them. */
function allSources(): Source[] {
  const seen = new Map<string, Source>();
  const add = (s: Source) => { if (!seen.has(s.cite)) seen.set(s.cite, s); };
  ILSVRC_ENTRIES.forEach((e) => add(e.source));
  add(HUMAN_TOP5.source);
  add(BEFORE_ILSVRC.source);
  AFTER_ILSVRC.forEach((e) => add(e.source));
  Object.values(IMAGENET_TOP1).forEach((f) => add(f.source));
  return [...seen.values()];
}
const SOURCES = allSources();
const refOf = (s: Source) => SOURCES.findIndex((x) => x.cite === s.cite) + 1;

function Ref({ source }: { source: Source }) {
  const n = refOf(source);
  return <a href={`#source-${n}`} className={styles.ref}>[{n}]</a>;
}

function EntriesTable() {
  const t = useTranslations('history');
  const format = useFormatter();
  const entryName = useEntryName();
  const n = (v: number) => format.number(v, { maximumFractionDigits: 2 });
  return (
    <table className={styles.table}>
      <caption>{t('entries.caption')}</caption>
      <thead>
        <tr><th scope="col">{t('entries.year')}</th><th scope="col">{t('entries.place')}</th><th scope="col">{t('entries.team')}</th><th scope="col">{t('entries.model')}</th><th scope="col" className={styles.num}>{t('entries.top5')}</th><th scope="col">{t('entries.source')}</th></tr>
      </thead>
      <tbody>
        {ILSVRC_ENTRIES.map((e) => {
          const preset = e.preset ? getPreset(e.preset) : undefined;
          return (
            <tr key={`${e.year}-${e.rank}`}>
              <td>{e.year}</td>
              <td>{e.rank === 1 ? t('entries.winner') : t('entries.second')}</td>
              <td>{e.team}</td>
              <td>{preset ? <a href={`/?preset=${preset.id}`} aria-label={t('open', { name: preset.name })}>{entryName(e)}</a> : entryName(e)}</td>
              <td className={styles.num}>
                {n(e.top5)}%
                {e.top5ExtraData !== undefined && <span className={styles.sub}>{t('entries.extra', { value: n(e.top5ExtraData) })}</span>}
              </td>
              <td><Ref source={e.source} /></td>
            </tr>
          );
        })}
        <tr className={styles.humanRow}>
          <td colSpan={4}>{t('entries.human')}</td>
          <td className={styles.num}>{n(HUMAN_TOP5.top5)}%</td>
          <td><Ref source={HUMAN_TOP5.source} /></td>
        </tr>
      </tbody>
    </table>
  );
}

function ModelsTable({ rows }: { rows: readonly PresetFigures[] }) {
  const t = useTranslations('history');
  const format = useFormatter();
  return (
    <table className={styles.table}>
      <caption>{t('models.caption')}</caption>
      <thead>
        <tr><th scope="col">{t('models.name')}</th><th scope="col">{t('models.year')}</th><th scope="col" className={styles.num}>{t('models.params')}</th><th scope="col" className={styles.num}>{t('models.macs')}</th><th scope="col" className={styles.num}>{t('models.depth')}</th><th scope="col" className={styles.num}>{t('models.top1')}</th><th scope="col">{t('models.source')}</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              <a href={`/?preset=${r.id}`} aria-label={t('open', { name: r.name })}>{r.name}</a>
              {r.notAnEntry && r.id !== 'lenet5' && <span className={styles.sub}>{t('models.notEntry')}</span>}
            </td>
            <td>{r.year}</td>
            <td className={styles.num}>{format.number(r.trainable)}</td>
            <td className={styles.num}>{format.number(r.macs)}</td>
            <td className={styles.num}>{r.depth}</td>
            <td className={styles.num}>{r.top1 !== undefined ? `${format.number(r.top1, { maximumFractionDigits: 2 })}%` : t('models.mnist', { value: format.number(BEFORE_ILSVRC.mnistError) })}</td>
            <td>{r.source ? <Ref source={r.source} /> : <Ref source={BEFORE_ILSVRC.source} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HistoryPage({ rows }: { rows: readonly PresetFigures[] }) {
  const t = useTranslations('history');
  const [view, setView] = useState<'error' | 'size'>('error');
  const [axis, setAxis] = useState<BubbleAxis>('params');
  return (
    <main className={styles.page}>
      <div className={styles.bar}>
        <Link href="/" className={styles.brand}>Layerwise</Link>
        <span className={styles.crumb}>{t('crumb')}</span>
        <SiteNav />
      </div>
      <header className={styles.header}>
        <h1>{t('title')}</h1>
        <p>{t('intro')}</p>
      </header>
      <div className={styles.controls}>
        <fieldset className={styles.switch}>
          <legend>{t('views.label')}</legend>
          {(['error', 'size'] as const).map((v) => (
            <label key={v}><input type="radio" name="view" value={v} checked={view === v} onChange={() => setView(v)} /> {t(`views.${v}`)}</label>
          ))}
        </fieldset>
        {view === 'size' && (
          <fieldset className={styles.switch}>
            <legend>{t('bubbles.axis')}</legend>
            {(['params', 'macs'] as const).map((a) => (
              <label key={a}><input type="radio" name="axis" value={a} checked={axis === a} onChange={() => setAxis(a)} /> {t(`bubbles.${a}`)}</label>
            ))}
          </fieldset>
        )}
        <Link href="/compare" className={styles.more}>{t('compareLink')} →</Link>
      </div>
      {view === 'error' ? (
        <section className={styles.view}>
          <ErrorChart />
          <p className={styles.note}>
            <span className={styles.key}><i className={styles.keyWinner} /> {t('chart.legendWinner')}</span>
            <span className={styles.key}><i className={styles.keySecond} /> {t('chart.legendSecond')}</span>
            <span className={styles.key}><i className={styles.keyApart} /> {t('chart.legendApart')}</span>
            {t('chart.note')}
          </p>
          <EntriesTable />
        </section>
      ) : (
        <section className={styles.view}>
          <BubbleChart rows={rows} axis={axis} />
          <p className={styles.note}>{t('bubbles.size')}. {t('bubbles.note')}</p>
          <ModelsTable rows={rows} />
        </section>
      )}
      <section className={styles.sources}>
        <h2>{t('sources')}</h2>
        <ol>
          {SOURCES.map((s, i) => (
            <li key={s.cite} id={`source-${i + 1}`}>{s.cite}{s.url && <> · <a href={s.url} rel="noreferrer" target="_blank">{s.url.replace(/^https?:\/\//, '')}</a></>}</li>
          ))}
        </ol>
      </section>
    </main>
  );
}
