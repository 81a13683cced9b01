'use client';
/**
 * Filters: a convolution's weights as pictures. A first layer reads the image, so each filter is
 * one small image over the image's channels (grey on the diverging scale, colour stretched per
 * filter, as Krizhevsky et al. and Zeiler & Fergus print them). A deeper filter reads feature maps:
 * the chosen channel's filter is one grey tile per input channel, on one diverging scale.
 */
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
  const key = `${weightsKey}|filters|${node.id}`;
  const { answer, error, loading, askedAt } = useAnswer<'filters'>(key, { kind: 'filters', nodeId: node.id });
  return (
    <div className={styles.view}>
      <ViewStatus view="filters" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={`Reading ${node.id}'s weights…`} />
      {answer && (answer.readsImage ? <FirstLayer key={key} {...p} f={answer} /> : <Deeper key={key} {...p} f={answer} />)}
    </div>
  );
}

function FirstLayer({ node, channel, onChannel, f }: ViewProps & { f: Filters }) {
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
        <p>{node.id}: {cout} filters of {kh}×{kw}{cin === 3 ? ' over red, green and blue' : cin === 1 ? ' over the grey image' : ` over ${cin} channels`}; click one to choose its channel.</p>
        {pages > 1 && (
          <span className={styles.pager} role="group" aria-label="Pages of filters">
            <button type="button" onClick={() => setPage(shown - 1)} disabled={shown === 0} aria-label="Previous filters">‹</button>
            <span>filters {start}–{end - 1} of {cout}</span>
            <button type="button" onClick={() => setPage(shown + 1)} disabled={shown >= pages - 1} aria-label="Next filters">›</button>
          </span>
        )}
        <div className={styles.mapGrid} data-testid="filters">
          {Array.from({ length: end - start }, (_, i) => start + i).map((co) => (
            <div key={co} className={styles.mapTile}>
              <MapCanvas draw={draws[co]!} width={kw} height={kh} displayWidth={tile} displayHeight={tile} label={`${node.id} filter ${co}`}
                selected={co === channel} onActivate={() => onChannel(co)} />
              <span className={styles.tileCaption}>{co}</span>
            </div>
          ))}
        </div>
        {grey
          ? <Legend scale={scale} what="weight (0 is white)" />
          : <p className={styles.tiny}>Each filter is stretched to its own range: mid-grey is its average weight.</p>}
      </div>
      <aside className={styles.enlarged} aria-label="Chosen filter">
        <MapCanvas draw={draws[Math.min(channel, cout - 1)]!} width={kw} height={kh} displayWidth={tileSize(Math.max(kh, kw), 168)} displayHeight={tileSize(Math.max(kh, kw), 168)}
          label={`${node.id} filter ${channel}, enlarged`} testId="filter-enlarged" />
        <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
      </aside>
    </div>
  );
}

function Deeper({ node, channel, onChannel, f }: ViewProps & { f: Filters }) {
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
        The filter of {node.id} channel {co}: {cin} tile{cin === 1 ? '' : 's'} of {kh}×{kw} weights, one per input channel it reads
        {f.kind !== 'conv' ? ` (input channels ${first}–${first + cin - 1}: ${f.kind === 'depthwise' ? 'a depthwise filter reads one channel' : `group ${Math.floor(first / cin)} of ${f.groups}`})` : ''}.
        {' '}{cout} filters in all.
      </p>
      {pages > 1 && (
        <span className={styles.pager} role="group" aria-label="Pages of input channels">
          <button type="button" onClick={() => setPage(shown - 1)} disabled={shown === 0} aria-label="Previous input channels">‹</button>
          <span>input channels {first + start}–{first + end - 1} of {cin}</span>
          <button type="button" onClick={() => setPage(shown + 1)} disabled={shown >= pages - 1} aria-label="Next input channels">›</button>
        </span>
      )}
      <div className={styles.mapGrid} data-testid="filters">
        {Array.from({ length: end - start }, (_, i) => start + i).map((ci) => (
          <div key={ci} className={styles.mapTile}>
            <MapCanvas draw={draws[ci]!} width={kw} height={kh} displayWidth={tile} displayHeight={tile} label={`${node.id} channel ${co} filter, input channel ${first + ci}`} />
            <span className={styles.tileCaption}>{first + ci}</span>
          </div>
        ))}
      </div>
      <Legend scale={scale} what="weight (0 is white)" />
    </div>
  );
}
