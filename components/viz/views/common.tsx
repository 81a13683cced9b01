'use client';
/**
 * What every view of the panel is given, and the small parts they share: the picture the model
 * looks at, the channel and class pickers, a signed map with its legend, and the status line that
 * reports the worker's time (the browser benchmark reads it from `data-ms`).
 */
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import { bytesToRgba } from '@/lib/results/model-input';
import type { DatasetId } from '@/lib/train/datasets/catalogue';
import type { ImageShape } from '@/lib/train/datasets/types';
import type { ImageInput } from '@/lib/train/session-types';
import { colourMap, imageToRgba, scaleFor, type ColourScale, type NumberMap, type RgbaImage } from '@/lib/viz';
import { formatSeconds, tileSize, type NodeEntry } from '../draw';
import { Legend } from '../Legend';
import { MapCanvas } from '../MapCanvas';
import styles from '../LookInside.module.css';

/** The picture the views look at, as the model takes it. */
export interface PanelImage {
  /** Names the picture in the answers' keys: 'test:12', 'drawing:3', 'upload:2', 'sample:0'. */
  readonly key: string;
  /** H×W×C bytes at the model's input shape. */
  readonly bytes: Uint8Array;
  readonly shape: ImageShape;
  /** "Test image 12 (a 7)", "Your drawing", "photo.png", "Sample: House, sun and fence". */
  readonly title: string;
  /** The true class, when known (a test image). */
  readonly label?: number;
}

export interface ViewProps {
  /** Names the weights (and graph) the answers are about: part of every question's key. */
  readonly weightsKey: string;
  readonly node: NodeEntry;
  /** The channel chosen (or suggested: the strongest). */
  readonly channel: number;
  /** True when the user chose `channel`; false when it is the suggestion. */
  readonly channelChosen: boolean;
  readonly onChannel: (channel: number) => void;
  /** The views of the chosen node suggest its strongest channel for this image. */
  readonly onSuggest: (channel: number) => void;
  readonly image: PanelImage | null;
  readonly inputShape: ImageShape;
  readonly classNames: readonly string[];
  /** Where top-9 searches (null: no dataset fits this model). */
  readonly dataset: DatasetId | null;
  readonly datasetName: string | null;
}

/** The question's form of the picture. */
export function imageInput(image: PanelImage): ImageInput {
  return { from: 'pixels', pixels: image.bytes, shape: image.shape };
}

/** "7" or "cat": a class by its name, or its number when the names are only numbers. */
export function className(names: readonly string[], c: number): string {
  return names[c] ?? String(c);
}

/** Channels of a node (the last axis; a vector's units). */
export function channelCount(node: NodeEntry): number {
  return node.shape[node.shape.length - 1] ?? 1;
}

/**
 * The status line of a view: what it is waiting for, the error, or how long the answer took. The
 * element carries `data-state` and, once drawn, `data-ms`: milliseconds from the question to the
 * drawn answer, the round trip through the worker included (set after the child canvases drew).
 */
export function ViewStatus({ view, loading, error, askedAt, seconds, waiting, children }: {
  view: string; loading: boolean; error?: string; askedAt?: number; seconds?: number; waiting?: string; children?: ReactNode;
}) {
  const t = useTranslations('inside');
  const ref = useRef<HTMLDivElement>(null);
  // The question whose round trip was stamped: later renders (a hover) must not stamp it again.
  const stamped = useRef<number | undefined>(undefined);
  const ready = !loading && !error && seconds !== undefined;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!ready) {
      delete el.dataset.ms;
      stamped.current = undefined;
    } else if (askedAt !== undefined && stamped.current !== askedAt) {
      el.dataset.ms = (performance.now() - askedAt).toFixed(1);
      stamped.current = askedAt;
    }
  });
  return (
    <div ref={ref} className={styles.viewStatus} data-testid="view-status" data-view={view} data-state={error ? 'error' : loading ? 'loading' : ready ? 'ready' : 'idle'}
      data-seconds={ready ? seconds : undefined}
      aria-live="polite">
      {loading && <span className={styles.muted}>{waiting ?? t('view.asking')}</span>}
      {error && <p className={styles.problem} role="alert">{error}</p>}
      {ready && <span className={styles.tiny}>{t(askedAt !== undefined ? 'view.computed' : 'view.computedKept', { time: formatSeconds(seconds!) })}</span>}
      {children}
    </div>
  );
}

/** The input picture, drawn at about `side` CSS pixels. */
export function InputPicture({ image, side, label }: { image: PanelImage; side: number; label?: string }) {
  const [h, w] = image.shape;
  const draw = useCallback((): RgbaImage => ({ width: w, height: h, data: bytesToRgba(image.bytes, image.shape) }), [image, h, w]);
  const s = tileSize(Math.max(h, w), side);
  const t = useTranslations('inside');
  return <MapCanvas draw={draw} width={w} height={h} displayWidth={(s * w) / Math.max(h, w)} displayHeight={(s * h) / Math.max(h, w)} label={label ?? t('view.input', { title: image.title })} />;
}

/**
 * A map [h, w] or [h, w, C] on its colour scale with the legend: diverging around 0 when signed
 * (a colour input's channels summed first), sequential otherwise.
 */
export function ScaledMap({ map, what, label, side, signed, testId, legend = true }: {
  map: NumberMap; what: string; label: string; side: number; signed?: boolean; testId?: string; legend?: boolean;
}) {
  const [h, w] = map.shape as [number, number];
  const c = map.shape.length === 3 ? map.shape[2]! : 1;
  const values = useMemo(() => {
    if (c === 1) return map.data;
    const out = new Float32Array(h * w);
    for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++) out[i] += map.data[i * c + k]!;
    return out;
  }, [map, h, w, c]);
  const scale: ColourScale = useMemo(() => scaleFor(values, signed ? { signed: true } : {}), [values, signed]);
  const draw = useCallback(() => colourMap(values, h, w, { scale }), [values, h, w, scale]);
  const s = tileSize(Math.max(h, w), side);
  return (
    <figure className={styles.mapFigure} data-testid={testId}>
      <MapCanvas draw={draw} width={w} height={h} displayWidth={(s * w) / Math.max(h, w)} displayHeight={(s * h) / Math.max(h, w)} label={label} />
      {legend && <Legend scale={scale} what={what} width={Math.max(120, Math.min(220, s))} />}
    </figure>
  );
}

/** A colour projection as Zeiler & Fergus print them: 0 mid-grey, each colour's sign kept. */
export function CentredColour({ map, label, side }: { map: NumberMap; label: string; side: number }) {
  const [h, w, c] = map.shape as [number, number, number];
  const draw = useCallback(() => imageToRgba(map.data, h, w, c, 'centred'), [map, h, w, c]);
  const s = tileSize(Math.max(h, w), side);
  return <MapCanvas draw={draw} width={w} height={h} displayWidth={s} displayHeight={s} label={label} />;
}

/** Chooses a channel of the node: ‹ n ›, with its count. */
export function ChannelPicker({ node, channel, onChannel }: { node: NodeEntry; channel: number; onChannel: (c: number) => void }) {
  const id = useId();
  const t = useTranslations('inside');
  const count = channelCount(node);
  const map = node.shape.length === 3;
  return (
    <div className={styles.picker}>
      <label htmlFor={id}>{t(map ? 'view.channel' : 'view.unit')}</label>
      <button type="button" onClick={() => onChannel(Math.max(0, channel - 1))} disabled={channel <= 0} aria-label={t(map ? 'view.previousChannel' : 'view.previousUnit')}>‹</button>
      <input id={id} type="number" min={0} max={count - 1} value={channel} data-testid="channel"
        onChange={(e) => { const v = Number(e.target.value); if (Number.isInteger(v) && v >= 0 && v < count) onChannel(v); }} />
      <button type="button" onClick={() => onChannel(Math.min(count - 1, channel + 1))} disabled={channel >= count - 1} aria-label={t(map ? 'view.nextChannel' : 'view.nextUnit')}>›</button>
      <span className={styles.muted}>{t('view.ofCount', { count, last: count - 1 })}</span>
    </div>
  );
}

/** Chooses a class, or the predicted one (null). */
export function ClassPicker({ classNames, value, onChange, label }: {
  classNames: readonly string[]; value: number | null; onChange: (c: number | null) => void; label?: string;
}) {
  const id = useId();
  const t = useTranslations('inside');
  return (
    <div className={styles.picker}>
      <label htmlFor={id}>{label ?? t('view.class')}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} data-testid="class-pick">
        <option value="">{t('view.predictedClass')}</option>
        {classNames.map((n, i) => <option key={i} value={i}>{n === String(i) ? n : `${i}: ${n}`}</option>)}
      </select>
    </div>
  );
}

/** The view has nothing to look at yet (no picture chosen). */
export function NeedsImage() {
  const t = useTranslations('inside');
  return <p className={styles.muted}>{t('view.needsImage')}</p>;
}
