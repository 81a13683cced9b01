'use client';
/**
 * Views of the whole picture: occlusion sensitivity (Zeiler & Fergus, Fig. 7), run on request
 * because it classifies one covered copy per position of the square, and Grad-CAM, both laid over
 * the picture with their legends.
 */
import { useTranslations } from 'next-intl';
import { useCallback, useId, useMemo, useState } from 'react';
import { bytesToRgba } from '@/lib/results/model-input';
import { colourMap, occlusionOverImage, overlay, scaleFor, type NumberMap, type RgbaImage } from '@/lib/viz';
import { formatValue, occlusionDefaults, occlusionPositions, tileSize } from '../draw';
import { Legend } from '../Legend';
import { MapCanvas } from '../MapCanvas';
import { useAnswer } from '../useAnswer';
import { ClassPicker, NeedsImage, ScaledMap, ViewStatus, className, imageInput, type PanelImage, type ViewProps } from './common';
import styles from '../LookInside.module.css';

/** A map [h, w] at the picture's size, laid over it on the sequential scale (with the scale for the legend). */
function Overlaid({ image, values, label, what, side, testId }: { image: PanelImage; values: Float32Array; label: string; what: string; side: number; testId?: string }) {
  const [h, w] = image.shape;
  const scale = useMemo(() => scaleFor(values), [values]);
  const draw = useCallback((): RgbaImage => {
    const base: RgbaImage = { width: w, height: h, data: bytesToRgba(image.bytes, image.shape) };
    return overlay(base, colourMap(values, h, w, { scale }), 0.55);
  }, [image, values, h, w, scale]);
  const s = tileSize(Math.max(h, w), side);
  return (
    <figure className={styles.mapFigure} data-testid={testId}>
      <MapCanvas draw={draw} width={w} height={h} displayWidth={s} displayHeight={s} label={label} />
      <Legend scale={scale} what={what} width={Math.min(220, Math.max(140, s))} />
    </figure>
  );
}

export function OcclusionView(p: ViewProps) {
  const { image, weightsKey, classNames, inputShape } = p;
  const id = useId();
  const t = useTranslations('inside');
  const side = Math.min(inputShape[0], inputShape[1]);
  const defaults = occlusionDefaults(side);
  const [size, setSize] = useState(defaults.size);
  const [stride, setStride] = useState(defaults.stride);
  const [chosen, setChosen] = useState<number | null>(null);
  // The run asked for (null until "Run occlusion"): its settings and picture.
  const [asked, setAsked] = useState<{ size: number; stride: number; cls: number | null; imageKey: string } | null>(null);
  const cls = chosen ?? image?.label ?? null;
  const run = asked && image && asked.imageKey === image.key ? asked : null;
  const key = run && image ? `${weightsKey}|occlusion|${run.size}|${run.stride}|${run.cls ?? 'top'}|${image.key}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'occlusion'>(key, run && image ? {
    kind: 'occlusion', image: imageInput(image), size: run.size, stride: run.stride, ...(run.cls !== null ? { class: run.cls } : {}),
  } : null);
  const positions = occlusionPositions(side, size, stride);
  const probability = useMemo(() => (answer && image ? occlusionOverImage(answer, answer.probability.data, image.shape[0], image.shape[1]) : null), [answer, image]);
  const activation = useMemo(() => (answer && image ? occlusionOverImage(answer, answer.activation.map.data, image.shape[0], image.shape[1]) : null), [answer, image]);
  if (!image) return <NeedsImage />;
  const valid = Number.isInteger(size) && size >= 1 && size <= side && Number.isInteger(stride) && stride >= 1;
  return (
    <div className={styles.view}>
      <form className={styles.controls} onSubmit={(e) => { e.preventDefault(); if (valid) setAsked({ size, stride, cls, imageKey: image.key }); }}>
        <label htmlFor={`${id}-size`}>{t('occlusion.square')}</label>
        <input id={`${id}-size`} type="number" min={1} max={side} value={size} onChange={(e) => setSize(Number(e.target.value))} data-testid="occlusion-size" />
        <span className={styles.muted}>{t('occlusion.movedBy')}</span>
        <input type="number" min={1} max={side} value={stride} onChange={(e) => setStride(Number(e.target.value))} aria-label={t('occlusion.stride')} data-testid="occlusion-stride" />
        <span className={styles.muted}>{valid ? t('occlusion.positions', { count: positions }) : t('occlusion.wholeNumbers')}</span>
        <ClassPicker classNames={classNames} value={cls} onChange={setChosen} label={t('occlusion.trueClass')} />
        <button type="submit" className={styles.primary} disabled={!valid || loading}>{t('occlusion.run')}</button>
      </form>
      <ViewStatus view="occlusion" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={t('occlusion.waiting', { count: positions })} />
      {!run && !loading && <p className={styles.muted}>{t(image.label !== undefined ? 'occlusion.idleTest' : 'occlusion.idle')}</p>}
      {answer && probability && activation && (
        <>
          <div className={styles.row}>
            <Overlaid image={image} values={probability} side={168} testId="occlusion-probability"
              label={t('occlusion.probabilityLabel', { name: className(classNames, answer.class) })}
              what={t('occlusion.probability', { name: className(classNames, answer.class), value: formatValue(answer.baseline) })} />
            <Overlaid image={image} values={activation} side={168} testId="occlusion-activation"
              label={t('occlusion.activationLabel', { map: t('map.name', { node: answer.activation.node, channel: answer.activation.channel }) })}
              what={t('occlusion.activation', { map: t('map.name', { node: answer.activation.node, channel: answer.activation.channel }), value: formatValue(answer.activation.baseline) })} />
            <Predicted map={answer.predicted} names={classNames} />
          </div>
          <p className={styles.tiny}>
            {t('occlusion.explain', { node: answer.activation.node, channel: answer.activation.channel })}
          </p>
        </>
      )}
    </div>
  );
}

/** The class predicted with the square at each position, as a small table of names. */
function Predicted({ map, names }: { map: NumberMap; names: readonly string[] }) {
  const [rows, cols] = map.shape as [number, number];
  const t = useTranslations('inside');
  if (rows * cols > 256) return null;
  return (
    <figure className={styles.mapFigure}>
      <table className={styles.predicted} aria-label={t('occlusion.predictedLabel')}>
        <tbody>
          {Array.from({ length: rows }, (_, r) => (
            <tr key={r}>{Array.from({ length: cols }, (_, c) => <td key={c}>{className(names, map.data[r * cols + c]!)}</td>)}</tr>
          ))}
        </tbody>
      </table>
      <figcaption className={styles.tiny}>{t('occlusion.predicted')}</figcaption>
    </figure>
  );
}

export function GradCamView(p: ViewProps) {
  const { image, weightsKey, classNames, node } = p;
  const [chosen, setChosen] = useState<number | null>(null);
  const [onNode, setOnNode] = useState(false);
  const t = useTranslations('inside');
  const mapNode = onNode && node.shape.length === 3 && node.type !== 'Input' ? node.id : null;
  const key = image ? `${weightsKey}|gradcam|${chosen ?? 'top'}|${mapNode ?? 'last'}|${image.key}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'gradcam'>(key, image ? {
    kind: 'gradcam', image: imageInput(image), ...(chosen !== null ? { class: chosen } : {}), ...(mapNode ? { nodeId: mapNode } : {}),
  } : null);
  if (!image) return <NeedsImage />;
  return (
    <div className={styles.view}>
      <div className={styles.controls}>
        <ClassPicker classNames={classNames} value={chosen} onChange={setChosen} />
        <label className={styles.check}>
          <input type="checkbox" checked={onNode} onChange={(e) => setOnNode(e.target.checked)} disabled={node.shape.length !== 3 || node.type === 'Input'} />
          {t('gradcam.onNode', { node: node.id })}
        </label>
      </div>
      <ViewStatus view="gradcam" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={t('gradcam.waiting')} />
      {answer && (
        <>
          <p data-testid="gradcam-class">
            {t.rich('gradcam.evidence', {
              name: className(classNames, answer.class), score: formatValue(answer.score), node: answer.node, size: answer.map.shape.join('×'),
              b: (chunks) => <strong>{chunks}</strong>,
            })}
          </p>
          <div className={styles.row}>
            <Overlaid image={image} values={answer.upsampled.data} side={192} testId="gradcam-overlay"
              label={t('gradcam.overLabel', { name: className(classNames, answer.class) })} what={t('gradcam.over')} />
            <ScaledMap map={answer.map} what={t('gradcam.resolution', { node: answer.node })} label={t('gradcam.resolutionLabel', { name: className(classNames, answer.class), node: answer.node })} side={120} />
          </div>
        </>
      )}
    </div>
  );
}
