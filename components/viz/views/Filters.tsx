'use client';
/**
 * Filters: a convolution's weights as pictures. A first layer reads the image, so each filter is
 * one small image over the image's channels (grey on the diverging scale, colour stretched per
 * filter, as Krizhevsky et al. and Zeiler & Fergus print them). A deeper filter reads feature maps:
 * the chosen channel's filter is one grey tile per input channel, on one diverging scale.
 */
import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { colourMap, imageToRgba, scaleFor, type Filters, type RgbaImage } from '@/lib/viz';
import { pageOf, tileSize } from '../draw';
import { Legend } from '../Legend';
import { MapCanvas } from '../MapCanvas';
import { useAnswer } from '../useAnswer';
import { ChannelPicker, ViewStatus, type ViewProps } from './common';
import styles from '../LookInside.module.css';

const PER_PAGE = 64;

/** Weight (i, j) of input channel `ci` of filter `co`, in tfjs' [kh, kw, cin, cout] layout. */
function slice(f: Filters, co: number, ci?: number): Float32Array {
  const [kh, kw, cin, cout] = f.shape;
  const channels = ci === undefined ? cin : 1;
  const out = new Float32Array(kh * kw * channels);
  for (let p = 0; p < kh * kw; p++) {
    for (let k = 0; k < channels; k++) out[p * channels + k] = f.data[(p * cin + (ci ?? k)) * cout + co]!;
  }
  return out;
}

export function FiltersView(p: ViewProps) {
  const { node, weightsKey } = p;
  const t = useTranslations('inside');
  const key = `${weightsKey}|filters|${node.id}`;
  const { answer, error, loading, askedAt } = useAnswer<'filters'>(key, { kind: 'filters', nodeId: node.id });
  return (
    <div className={styles.view}>
      <ViewStatus view="filters" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={t('filters.waiting', { node: node.id })} />
      {answer && (answer.readsImage ? <FirstLayer key={key} {...p} f={answer} /> : <Deeper key={key} {...p} f={answer} />)}
    </div>
  );
}

function FirstLayer({ node, channel, onChannel, f }: ViewProps & { f: Filters }) {
  const t = useTranslations('inside');
  const [kh, kw, cin, cout] = f.shape;
  const [page, setPage] = useState(Math.floor(channel / PER_PAGE));
  const grey = cin !== 3;
  const scale = useMemo(() => scaleFor(f.data, { signed: true }), [f]);
  const draws = useMemo(() => Array.from({ length: cout }, (_, co) => (): RgbaImage => (grey
    ? colourMap(slice(f, co, 0), kh, kw, { scale })
    : imageToRgba(slice(f, co), kh, kw, cin, 'stretch'))), [f, kh, kw, cin, cout, grey, scale]);
  const { start, end, pages, page: shown } = pageOf(cout, page, PER_PAGE);
  const tile = tileSize(Math.max(kh, kw), 48);
  return (
    <div className={styles.mapsLayout}>
      <div>
        <p>{t('filters.first', {
          node: node.id, count: cout, size: `${kh}×${kw}`,
          over: cin === 3 ? t('filters.overColour') : cin === 1 ? t('filters.overGrey') : t('filters.overChannels', { channels: cin }),
        })}</p>
        {pages > 1 && (
          <span className={styles.pager} role="group" aria-label={t('filters.pages')}>
            <button type="button" onClick={() => setPage(shown - 1)} disabled={shown === 0} aria-label={t('filters.previousPage')}>‹</button>
            <span>{t('filters.page', { first: start, last: end - 1, count: cout })}</span>
            <button type="button" onClick={() => setPage(shown + 1)} disabled={shown >= pages - 1} aria-label={t('filters.nextPage')}>›</button>
          </span>
        )}
        <div className={styles.mapGrid} data-testid="filters">
          {Array.from({ length: end - start }, (_, i) => start + i).map((co) => (
            <div key={co} className={styles.mapTile}>
              <MapCanvas draw={draws[co]!} width={kw} height={kh} displayWidth={tile} displayHeight={tile} label={t('filters.filter', { node: node.id, channel: co })}
                selected={co === channel} onActivate={() => onChannel(co)} />
              <span className={styles.tileCaption}>{co}</span>
            </div>
          ))}
        </div>
        {grey
          ? <Legend scale={scale} what={t('filters.weight')} />
          : <p className={styles.tiny}>{t('filters.stretched')}</p>}
      </div>
      <aside className={styles.enlarged} aria-label={t('filters.chosen')}>
        <MapCanvas draw={draws[Math.min(channel, cout - 1)]!} width={kw} height={kh} displayWidth={tileSize(Math.max(kh, kw), 168)} displayHeight={tileSize(Math.max(kh, kw), 168)}
          label={t('filters.enlarged', { node: node.id, channel })} testId="filter-enlarged" />
        <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
      </aside>
    </div>
  );
}

function Deeper({ node, channel, onChannel, f }: ViewProps & { f: Filters }) {
  const t = useTranslations('inside');
  const [kh, kw, cin, cout] = f.shape;
  const co = Math.min(channel, cout - 1);
  const [page, setPage] = useState(0);
  const tiles = useMemo(() => Array.from({ length: cin }, (_, ci) => slice(f, co, ci)), [f, co, cin]);
  const scale = useMemo(() => {
    const all = new Float32Array(cin * kh * kw);
    tiles.forEach((t, i) => all.set(t, i * kh * kw));
    return scaleFor(all, { signed: true });
  }, [tiles, cin, kh, kw]);
  const draws = useMemo(() => tiles.map((t) => () => colourMap(t, kh, kw, { scale })), [tiles, kh, kw, scale]);
  const { start, end, pages, page: shown } = pageOf(cin, page, PER_PAGE);
  const tile = tileSize(Math.max(kh, kw), 40);
  // Which input channels a grouped or depthwise filter reads (its group's).
  const first = f.kind === 'depthwise' ? Math.floor(co / (cout / f.groups)) : f.kind === 'grouped' ? Math.floor(co / (cout / f.groups)) * cin : 0;
  return (
    <div className={styles.view}>
      <ChannelPicker node={node} channel={co} onChannel={onChannel} />
      <p>
        {t('filters.deeper', {
          map: t('map.name', { node: node.id, channel: co }), count: cin, size: `${kh}×${kw}`,
          reads: f.kind === 'conv' ? '' : t('filters.reads', {
            first, last: first + cin - 1,
            which: f.kind === 'depthwise' ? t('filters.depthwise') : t('filters.group', { group: Math.floor(first / cin), groups: f.groups }),
          }),
          all: cout,
        })}
      </p>
      {pages > 1 && (
        <span className={styles.pager} role="group" aria-label={t('filters.inputPages')}>
          <button type="button" onClick={() => setPage(shown - 1)} disabled={shown === 0} aria-label={t('filters.inputPrevious')}>‹</button>
          <span>{t('filters.inputPage', { first: first + start, last: first + end - 1, count: cin })}</span>
          <button type="button" onClick={() => setPage(shown + 1)} disabled={shown >= pages - 1} aria-label={t('filters.inputNext')}>›</button>
        </span>
      )}
      <div className={styles.mapGrid} data-testid="filters">
        {Array.from({ length: end - start }, (_, i) => start + i).map((ci) => (
          <div key={ci} className={styles.mapTile}>
            <MapCanvas draw={draws[ci]!} width={kw} height={kh} displayWidth={tile} displayHeight={tile} label={t('filters.inputTile', { map: t('map.name', { node: node.id, channel: co }), input: first + ci })} />
            <span className={styles.tileCaption}>{first + ci}</span>
          </div>
        ))}
      </div>
      <Legend scale={scale} what={t('filters.weight')} />
    </div>
  );
}
