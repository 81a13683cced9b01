'use client';
/**
 * Feature maps: every channel of the chosen node for the picture, on one colour scale for the
 * whole layer (so channels compare), a page of channels at a time. Hover or focus a map to see it
 * enlarged with its numbers; click it (or Enter) to choose it for the other views. A vector
 * (a dense layer, the output) is drawn as a grid of cells, one per unit.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { colourMap, scaleFor, type ColourScale } from '@/lib/viz';
import { channelOf, formatValue, mapName, pageHolding, pageOf, strongestChannel, tileSize } from '../draw';
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
  const key = image ? `${weightsKey}|maps|${node.id}|${image.key}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'feature-maps'>(key, image ? { kind: 'feature-maps', nodeId: node.id, image: imageInput(image) } : null);
  useEffect(() => {
    if (answer) onSuggest(strongestChannel(answer.channels));
  }, [answer, onSuggest]);
  if (!image) return <NeedsImage />;
  return (
    <div className={styles.view}>
      <ViewStatus view="feature-maps" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={`Running the model up to ${node.id}…`} />
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
          <span>{node.id}: {c} map{c === 1 ? '' : 's'} of {h}×{w}</span>
          {pages > 1 && (
            <span className={styles.pager} role="group" aria-label="Pages of channels">
              <button type="button" onClick={() => setPage(shown - 1)} disabled={shown === 0} aria-label="Previous channels">‹</button>
              <span data-testid="channel-page">channels {start}–{end - 1} of {c}</span>
              <button type="button" onClick={() => setPage(shown + 1)} disabled={shown >= pages - 1} aria-label="Next channels">›</button>
            </span>
          )}
        </div>
        <div className={styles.mapGrid} data-testid="feature-maps" onMouseLeave={() => setHover(null)}>
          {Array.from({ length: end - start }, (_, i) => start + i).map((k) => (
            <div key={k} className={styles.mapTile}>
              <MapCanvas draw={draws[k]!} width={w} height={h} displayWidth={tile} displayHeight={tile} label={mapName(node.id, k)}
                selected={k === channel} onActivate={() => choose(k)} onHover={() => setHover(k)} />
              <span className={styles.tileCaption}>{k}</span>
            </div>
          ))}
        </div>
        <Legend scale={scale} what={`${node.id}'s activations (one scale for the layer)`} />
      </div>
      <aside className={styles.enlarged} aria-label="Enlarged map">
        <MapCanvas draw={draws[big]!} width={w} height={h} displayWidth={bigSide} displayHeight={bigSide} label={`${mapName(node.id, big)}, enlarged`} testId="enlarged" />
        <p>
          <strong>{mapName(node.id, big)}</strong>{big === channel ? (channelChosen ? ' (chosen)' : ' (strongest)') : ''}
          <br />
          <span className={styles.muted}>
            min {formatValue(s!.min)} · max {formatValue(s!.max)} · mean {formatValue(s!.mean)} · {Math.round(s!.zeroShare * 100)}% zeros
            {s!.max === 0 && s!.min === 0 ? ' — switched off for this picture' : ''}
          </span>
        </p>
        <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
        <p className={styles.tiny}>Hover a map to enlarge it; click it to choose it for the deconvnet, guided backprop, filters and top-9.</p>
      </aside>
    </div>
  );
}

function UnitGrid({ node, channel, onChannel, data }: ViewProps & { data: Float32Array }) {
  const n = data.length;
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
        <span>{node.id}: a vector of {n} value{n === 1 ? '' : 's'}, {cols} a row</span>
        {pages > 1 && (
          <span className={styles.pager} role="group" aria-label="Pages of units">
            <button type="button" onClick={() => setPage(shown - 1)} disabled={shown === 0} aria-label="Previous units">‹</button>
            <span>units {start}–{end - 1}</span>
            <button type="button" onClick={() => setPage(shown + 1)} disabled={shown >= pages - 1} aria-label="Next units">›</button>
          </span>
        )}
      </div>
      <div onClick={onClick} className={styles.unitGrid} style={{ width: cols * cell }}>
        <MapCanvas draw={draw} width={cols} height={rows} displayWidth={cols * cell} displayHeight={rows * cell} label={`${node.id} units ${start}–${end - 1}`} />
      </div>
      <Legend scale={scale} what={`${node.id}'s values`} />
      <p>Unit <strong>{channel}</strong>: {v !== undefined ? formatValue(v) : '—'}</p>
      <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
    </div>
  );
}
