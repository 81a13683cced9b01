'use client';
/**
 * The /compare page: two graphs side by side (two presets, or a preset and the graph the editor
 * autosaved), their stages lined up, blocks marked same / changed / added / removed on both
 * sides, the figures with their deltas, the two networks drawn as node graphs with each block's
 * status and its counterpart linked, and the idea that explains the change. "Next model" (and
 * the → key) walks LeNet-5 → … → EfficientNet-B0. The pair lives in the URL (?a=…&b=…).
 */
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { loadAutosave } from '@/components/editor/persist';
import { SiteNav } from '@/components/site/SiteNav';
import { CHAIN_STEPS, chainStep, ideaOf, MINE, stepFrom, type Pair } from '@/lib/compare/chain';
import { compareGraphs } from '@/lib/compare/compare';
import type { Graph } from '@/lib/graph/types';
import { getPreset, PRESETS } from '@/presets';
import { CompareCanvases } from './CompareCanvases';
import { FiguresTable } from './FiguresTable';
import { StageRows } from './StageRows';
import styles from './Compare.module.css';

const DEFAULT_PAIR: Pair = { a: 'lenet5', b: 'alexnet' };

/** Each preset built once: stepping on and back shows the same graph object, laid out once. */
const built = new Map<string, Graph>();
function presetGraph(id: string): Graph | undefined {
  let g = built.get(id);
  if (!g) {
    g = getPreset(id)?.build();
    if (g) built.set(id, g);
  }
  return g;
}

/** The editor's autosave, read when the page mounts and again whenever another tab changes the storage. */
let saved: { graph: Graph | undefined } | undefined;
function readSaved(): { graph: Graph | undefined } {
  saved ??= { graph: loadAutosave()?.graph };
  return saved;
}
function subscribeStorage(onChange: () => void): () => void {
  // A page opened again in this tab reads the storage afresh (the editor may have saved since).
  saved = undefined;
  const listener = () => { saved = undefined; onChange(); };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

/** Keys typed into a field are the field's, not the page's. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** A pair from the URL: known presets or `mine`; anything else falls back to the first step. */
function validPair(a: string | undefined, b: string | undefined): { pair: Pair; unknown?: string } {
  const ok = (id: string | undefined) => id === MINE || (!!id && !!getPreset(id));
  if (ok(a) && ok(b)) return { pair: { a: a!, b: b! } };
  const unknown = [a, b].find((id) => id !== undefined && !ok(id));
  return { pair: DEFAULT_PAIR, ...(unknown ? { unknown } : {}) };
}

function ModelPick({ label, value, onChange }: { label: string; value: string; onChange: (id: string) => void }) {
  const t = useTranslations('compare');
  return (
    <label className={styles.pick}>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={MINE}>{t('pick.mine')}</option>
        {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
    </label>
  );
}

export function ComparePage({ a, b }: { a?: string; b?: string }) {
  const t = useTranslations('compare');
  const format = useFormatter();
  const start = useMemo(() => validPair(a, b), [a, b]);
  const [pair, setPair] = useState<Pair>(start.pair);
  // The editor's graph lives in this browser's storage: none on the server and in the first
  // render (undefined: not read yet), null when the editor saved nothing.
  const stored = useSyncExternalStore(subscribeStorage, readSaved, () => undefined);
  const mine = stored === undefined ? undefined : stored.graph ?? null;

  const go = useCallback((next: Pair) => {
    setPair(next);
    window.history.replaceState(null, '', `/compare?a=${encodeURIComponent(next.a)}&b=${encodeURIComponent(next.b)}`);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowRight') { e.preventDefault(); go(stepFrom(pair, 1)); }
      if (e.key === 'ArrowLeft') { e.preventDefault(); go(stepFrom(pair, -1)); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pair, go]);

  const graphOf = useCallback((id: string): Graph | null | undefined => (id === MINE ? mine : presetGraph(id)), [mine]);
  const nameOf = (id: string) => (id === MINE ? t('pick.mine') : getPreset(id)?.name ?? id);
  const graphA = useMemo(() => graphOf(pair.a), [graphOf, pair.a]);
  const graphB = useMemo(() => graphOf(pair.b), [graphOf, pair.b]);
  const comparison = useMemo(() => (graphA && graphB ? compareGraphs(graphA, graphB) : undefined), [graphA, graphB]);

  const step = chainStep(pair);
  const idea = ideaOf(pair.b);
  const ideaPreset = idea ? getPreset(idea) : undefined;
  const waiting = (pair.a === MINE || pair.b === MINE) && mine === undefined;
  const missing = (pair.a === MINE || pair.b === MINE) && (mine === null || mine?.nodes.length === 0);

  return (
    <main className={styles.page}>
      <div className={styles.bar}>
        <Link href="/" className={styles.brand}>Layerwise</Link>
        <span className={styles.crumb}>{t('crumb')}</span>
        <SiteNav />
      </div>
      <section className={styles.region} aria-labelledby="compare-title">
        <header className={styles.header}>
          <h1 id="compare-title">{t('title')}</h1>
          <p>{t('intro')}</p>
        </header>
        {start.unknown && <p className={styles.notice} role="status">{t('unknownPreset', { id: start.unknown, name: getPreset(DEFAULT_PAIR.a)!.name })}</p>}
        <div className={styles.controls}>
          <ModelPick label={t('pick.a')} value={pair.a} onChange={(id) => go({ ...pair, a: id })} />
          <button type="button" className={styles.btn} onClick={() => go({ a: pair.b, b: pair.a })} aria-label={t('pick.swap')} title={t('pick.swap')}>⇄</button>
          <ModelPick label={t('pick.b')} value={pair.b} onChange={(id) => go({ ...pair, b: id })} />
          <div className={styles.stepper}>
            <button type="button" className={styles.btn} onClick={() => go(stepFrom(pair, -1))} disabled={step === 0}>← {t('step.previous')}</button>
            <button type="button" className={`${styles.btn} ${styles.primary}`} onClick={() => go(stepFrom(pair, 1))} disabled={step === CHAIN_STEPS - 1}>{t('step.next')} →</button>
            <span className={styles.stepText} aria-live="polite">
              {step >= 0 ? `${t('step.of', { step: step + 1, total: CHAIN_STEPS })}: ${nameOf(pair.a)} → ${nameOf(pair.b)}` : t('step.off')}
            </span>
            <span className={styles.hint}>{t('step.keys')}</span>
          </div>
        </div>

        <article className={styles.idea} aria-labelledby="compare-idea">
          <h2 id="compare-idea">{t('idea.title')}: {nameOf(pair.b)}{ideaPreset ? ` (${ideaPreset.history.year})` : ''}</h2>
          {idea ? <p className={styles.ideaText}>{t(`ideas.${idea}`)}</p> : <p className={styles.ideaText}>{t('idea.mine')}</p>}
          {ideaPreset && <p className={styles.paper}>{ideaPreset.history.paper}, {ideaPreset.history.venue}</p>}
          {pair.b !== MINE && <a className={styles.open} href={`/?preset=${pair.b}`}>{t('idea.open', { name: nameOf(pair.b) })}</a>}
        </article>

        {missing && <p className={styles.notice} role="status">{t('noSaved')}</p>}
        {waiting && <p className={styles.muted}>{t('loading')}</p>}
        {comparison && graphA && graphB && (
          <>
            <FiguresTable comparison={comparison} nameA={nameOf(pair.a)} nameB={nameOf(pair.b)} format={format} />
            <CompareCanvases comparison={comparison} graphA={graphA} graphB={graphB} nameA={nameOf(pair.a)} nameB={nameOf(pair.b)} />
            <StageRows comparison={comparison} nameA={nameOf(pair.a)} nameB={nameOf(pair.b)} />
          </>
        )}
      </section>
    </main>
  );
}
