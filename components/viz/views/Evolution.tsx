'use client';
/**
 * Feature evolution (Zeiler & Fergus, Fig. 4): the snapshots a run took of its views — before
 * training and after epochs 1, 2, 5, 10, … — laid out as strips, one per view. Each frame is drawn
 * on its own scale (the weights grow while training), signed values on the diverging one.
 */
import { useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import { colourMap, evolutionStrip, imageToRgba, scaleFor, tileGrid, type Evolution, type EvolutionView, type NumberMap, type RgbaImage } from '@/lib/viz';
import { channelOf } from '../draw';
import { MapCanvas } from '../MapCanvas';
import { useAnswer } from '../useAnswer';
import { ViewStatus, type ViewProps } from './common';
import styles from '../LookInside.module.css';

/** Tiles drawn per frame at most. */
const MAX_TILES = 64;

/** A translator of the `inside` namespace. */
type InsideWords = (key: string, values?: Record<string, string | number>) => string;

function viewTitle(v: EvolutionView, t: InsideWords): string {
  return v.kind === 'filters' ? t('evolution.filters', { node: v.node }) : v.kind === 'activations' ? t('evolution.maps', { node: v.node })
    : t('evolution.deconvnet', { map: t('map.name', { node: v.node, channel: v.channel }) });
}

/** One snapshot of a view as one picture: a grid of filters or maps, or one projection. */
function frameImage(view: EvolutionView, map: NumberMap): RgbaImage {
  if (view.kind === 'filters') {
    const [kh, kw, cin, cout] = map.shape as [number, number, number, number];
    const scale = scaleFor(map.data, { signed: true });
    const tiles: RgbaImage[] = [];
    for (let co = 0; co < Math.min(cout, MAX_TILES); co++) {
      const one = new Float32Array(kh * kw * cin);
      for (let p = 0; p < kh * kw; p++) for (let k = 0; k < cin; k++) one[p * cin + k] = map.data[(p * cin + k) * cout + co]!;
      tiles.push(cin === 3 ? imageToRgba(one, kh, kw, 3, 'stretch') : colourMap(channelOf(one, kh * kw, cin, 0), kh, kw, { scale }));
    }
    return tileGrid(tiles, Math.ceil(Math.sqrt(tiles.length)), 1);
  }
  if (view.kind === 'activations' && map.shape.length === 3) {
    const [h, w, c] = map.shape as [number, number, number];
    const scale = scaleFor(map.data);
    const tiles = Array.from({ length: Math.min(c, MAX_TILES) }, (_, k) => colourMap(channelOf(map.data, h * w, c, k), h, w, { scale }));
    return tileGrid(tiles, Math.ceil(Math.sqrt(tiles.length)), 1);
  }
  const [h, w] = map.shape as [number, number];
  const c = map.shape[2] ?? 1;
  return colourMap(map.data, h, w, { channels: c, channel: 0, scale: scaleFor(map.data, { signed: true }) });
}

function Frame({ view, map, epoch }: { view: EvolutionView; map: NumberMap; epoch: number }) {
  const img = useMemo(() => frameImage(view, map), [view, map]);
  const t = useTranslations('inside');
  const draw = useCallback(() => img, [img]);
  const scale = 120 / Math.max(img.width, img.height);
  return (
    <figure className={styles.frame}>
      <MapCanvas draw={draw} width={img.width} height={img.height} displayWidth={img.width * scale} displayHeight={img.height * scale}
        label={t(epoch === 0 ? 'evolution.frameStart' : 'evolution.frame', { view: viewTitle(view, t), epoch })} />
      <figcaption className={styles.tiny}>{epoch === 0 ? t('evolution.start') : t('evolution.epoch', { epoch })}</figcaption>
    </figure>
  );
}

export function EvolutionView(p: ViewProps) {
  const key = `${p.weightsKey}|evolution`;
  const { answer, error, loading, askedAt } = useAnswer<'evolution'>(key, { kind: 'evolution' });
  const evolution: Evolution | null | undefined = answer?.evolution;
  const t = useTranslations('inside');
  return (
    <div className={styles.view}>
      <ViewStatus view="evolution" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={t('evolution.waiting')} />
      {answer && !evolution && (
        <p className={styles.muted} data-testid="no-evolution">
          {t('evolution.none')}
        </p>
      )}
      {evolution && (
        <>
          <p>{t('evolution.summary', { snapshots: evolution.snapshots.length, views: evolution.views.length })}</p>
          {evolution.views.map((v, i) => (
            <section key={i} className={styles.strip} aria-label={viewTitle(v, t)} data-testid="evolution-strip">
              <h4>{viewTitle(v, t)}</h4>
              <div className={styles.stripFrames}>
                {evolutionStrip(evolution, i).map((f) => <Frame key={f.epoch} view={v} map={f.map} epoch={f.epoch} />)}
              </div>
            </section>
          ))}
        </>
      )}
    </div>
  );
}
