'use client';
/**
 * Feature maps: every channel of the chosen node for the picture, on one colour scale for the
 * whole layer (so channels compare), a page of channels at a time. Hover or focus a map to see it
 * enlarged with its numbers; click it (or Enter) to choose it for the other views. A vector
 * (a dense layer, the output) is drawn as a grid of cells, one per unit.
 */
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { colourMap, scaleFor, type ColourScale } from '@/lib/viz';
import { channelOf, formatValue, pageHolding, pageOf, strongestChannel, tileSize } from '../draw';
import { Legend } from '../Legend';
import { MapCanvas } from '../MapCanvas';
import { useAnswer } from '../useAnswer';
import { ChannelPicker, NeedsImage, ViewStatus, imageInput, type ViewProps } from './common';
import styles from '../LookInside.module.css';

/** Maps on one page: all of a small layer, 32 of a wide one (VGG-16's 512 channels are 16 pages). */
const PER_PAGE = 32;
const MAX_ONE_PAGE = 64;
/** Units of a vector drawn on one page, in rows of 32. */
const UNITS_PER_PAGE = 1024;

export function FeatureMapsView(p: ViewProps) {
  const { node, image, weightsKey, onSuggest } = p;
  const t = useTranslations('inside');
  const key = image ? `${weightsKey}|maps|${node.id}|${image.key}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'feature-maps'>(key, image ? { kind: 'feature-maps', nodeId: node.id, image: imageInput(image) } : null);
  useEffect(() => {
    if (answer) onSuggest(strongestChannel(answer.channels));
  }, [answer, onSuggest]);
  if (!image) return <NeedsImage />;
  return (
    <div className={styles.view}>
      <ViewStatus view="feature-maps" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={t('maps.running', { node: node.id })} />
      {answer && (answer.shape.length === 3
        ? <MapGrid key={key} {...p} shape={answer.shape as [number, number, number]} data={answer.data} stats={answer.channels} />
        : <UnitGrid key={key} {...p} data={answer.data} />)}
    </div>
  );
}

function MapGrid({ node, channel, channelChosen, onChannel, shape, data, stats }: ViewProps & {
  shape: [number, number, number]; data: Float32Array; stats: readonly { min: number; max: number; mean: number; zeroShare: number }[];
}) {
  const [h, w, c] = shape;
  const t = useTranslations('inside');
  const perPage = c <= MAX_ONE_PAGE ? c : PER_PAGE;
  const [page, setPage] = useState(() => pageHolding(channel, perPage));
  const [hover, setHover] = useState<number | null>(null);
  const scale: ColourScale = useMemo(() => scaleFor(data), [data]);
  // One drawing function per channel, made lazily by the canvases that show them.
  const draws = useMemo(() => Array.from({ length: c }, (_, k) => () => colourMap(channelOf(data, h * w, c, k), h, w, { scale })), [data, h, w, c, scale]);
  const choose = useCallback((k: number) => onChannel(k), [onChannel]);
  const { start, end, pages, page: shown } = pageOf(c, page, perPage);
  const tile = tileSize(Math.max(h, w), c > 16 ? 64 : 84);
  const big = hover ?? channel;
  const s = stats[big];
  const bigSide = tileSize(Math.max(h, w), 224);
  return (
    <div className={styles.mapsLayout}>
      <div>
        <div className={styles.mapsHeader}>
          <span>{t('maps.header', { node: node.id, count: c, size: `${h}×${w}` })}</span>
          {pages > 1 && (
            <span className={styles.pager} role="group" aria-label={t('maps.pages')}>
              <button type="button" onClick={() => setPage(shown - 1)} disabled={shown === 0} aria-label={t('maps.previousPage')}>‹</button>
              <span data-testid="channel-page">{t('maps.page', { first: start, last: end - 1, count: c })}</span>
              <button type="button" onClick={() => setPage(shown + 1)} disabled={shown >= pages - 1} aria-label={t('maps.nextPage')}>›</button>
            </span>
          )}
        </div>
        <div className={styles.mapGrid} data-testid="feature-maps" onMouseLeave={() => setHover(null)}>
          {Array.from({ length: end - start }, (_, i) => start + i).map((k) => (
            <div key={k} className={styles.mapTile}>
              <MapCanvas draw={draws[k]!} width={w} height={h} displayWidth={tile} displayHeight={tile} label={t('map.name', { node: node.id, channel: k })}
                selected={k === channel} onActivate={() => choose(k)} onHover={() => setHover(k)} />
              <span className={styles.tileCaption}>{k}</span>
            </div>
          ))}
        </div>
        <Legend scale={scale} what={t('maps.legend', { node: node.id })} />
      </div>
      <aside className={styles.enlarged} aria-label={t('maps.enlargedLabel')}>
        <MapCanvas draw={draws[big]!} width={w} height={h} displayWidth={bigSide} displayHeight={bigSide} label={t('maps.enlarged', { name: t('map.name', { node: node.id, channel: big }) })} testId="enlarged" />
        <p>
          <strong>{t('map.name', { node: node.id, channel: big })}</strong>{big === channel ? t(channelChosen ? 'maps.chosen' : 'maps.strongest') : ''}
          <br />
          <span className={styles.muted}>
            {t('maps.stats', { min: formatValue(s!.min), max: formatValue(s!.max), mean: formatValue(s!.mean), zeros: Math.round(s!.zeroShare * 100) })}
            {s!.max === 0 && s!.min === 0 ? t('maps.off') : ''}
          </span>
        </p>
        <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
        <p className={styles.tiny}>{t('maps.hint')}</p>
      </aside>
    </div>
  );
}

function UnitGrid({ node, channel, onChannel, data }: ViewProps & { data: Float32Array }) {
  const n = data.length;
  const t = useTranslations('inside');
  const [page, setPage] = useState(() => pageHolding(channel, UNITS_PER_PAGE));
  const { start, end, pages, page: shown } = pageOf(n, page, UNITS_PER_PAGE);
  const count = end - start;
  const cols = Math.min(32, count);
  const rows = Math.ceil(count / cols);
  const scale = useMemo(() => scaleFor(data), [data]);
  const draw = useCallback(() => {
    const cells = new Float32Array(rows * cols).fill(Number.NaN);
    cells.set(data.subarray(start, end));
    const img = colourMap(cells, rows, cols, { scale });
    // Cells past the last unit: background grey.
    for (let i = count; i < rows * cols; i++) img.data.set([128, 128, 128, 255], i * 4);
    return img;
  }, [data, start, end, rows, cols, count, scale]);
  const cell = cols > 16 ? 14 : 28;
  const onClick = (e: React.MouseEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const i = Math.floor((e.clientY - r.top) / cell) * cols + Math.floor((e.clientX - r.left) / cell);
    if (i >= 0 && i < count) onChannel(start + i);
  };
  const v = data[channel];
  return (
    <div className={styles.view}>
      <div className={styles.mapsHeader}>
        <span>{t('units.header', { node: node.id, count: n, cols })}</span>
        {pages > 1 && (
          <span className={styles.pager} role="group" aria-label={t('units.pages')}>
            <button type="button" onClick={() => setPage(shown - 1)} disabled={shown === 0} aria-label={t('units.previousPage')}>‹</button>
            <span>{t('units.page', { first: start, last: end - 1 })}</span>
            <button type="button" onClick={() => setPage(shown + 1)} disabled={shown >= pages - 1} aria-label={t('units.nextPage')}>›</button>
          </span>
        )}
      </div>
      <div onClick={onClick} className={styles.unitGrid} style={{ width: cols * cell }}>
        <MapCanvas draw={draw} width={cols} height={rows} displayWidth={cols * cell} displayHeight={rows * cell} label={t('units.label', { node: node.id, first: start, last: end - 1 })} />
      </div>
      <Legend scale={scale} what={t('units.legend', { node: node.id })} />
      <p>{t.rich('units.value', { unit: channel, value: v !== undefined ? formatValue(v) : '—', b: (chunks) => <strong>{chunks}</strong> })}</p>
      <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
    </div>
  );
}
