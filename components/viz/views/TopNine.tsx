'use client';
/**
 * Top 9 (Zeiler & Fergus, Fig. 2): the test images that excite the chosen channel most, each as
 * the patch its receptive field covers beside the deconvnet projection of that activation.
 */
import { useFormatter, useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { imageToRgba, type TopHit } from '@/lib/viz';
import { formatValue, tileSize } from '../draw';
import { MapCanvas } from '../MapCanvas';
import { useAnswer } from '../useAnswer';
import { ChannelPicker, ScaledMap, ViewStatus, className, type ViewProps } from './common';
import styles from '../LookInside.module.css';

export function TopNineView(p: ViewProps) {
  const { node, channel, onChannel, weightsKey, dataset, datasetName } = p;
  const usable = node.type !== 'Input' && dataset !== null;
  const key = usable ? `${weightsKey}|top9|${node.id}|${channel}|${dataset}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'top9'>(key, usable ? { kind: 'top9', nodeId: node.id, channel, dataset: dataset! } : null);
  const t = useTranslations('inside');
  const format = useFormatter();
  if (dataset === null) return <p className={styles.muted}>{t('top9.noDataset')}</p>;
  if (node.type === 'Input') return <p className={styles.muted}>{t('top9.inputOnly')}</p>;
  return (
    <div className={styles.view}>
      <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
      <ViewStatus view="top9" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={t('top9.waiting', { dataset: datasetName ?? dataset, node: node.id, channel })} />
      {answer && (
        <>
          <p>{t('top9.found', { count: answer.hits.length, searched: format.number(answer.searched), dataset: datasetName ?? answer.datasetName, map: t('map.name', { node: node.id, channel }) })}</p>
          <p className={styles.tiny}>{t('top9.scale')}</p>
          <ol className={styles.topGrid} data-testid="top9">
            {answer.hits.map((h, i) => <Hit key={h.index} hit={h} rank={i + 1} names={answer.classNames} />)}
          </ol>
        </>
      )}
    </div>
  );
}

function Hit({ hit, rank, names }: { hit: TopHit; rank: number; names: readonly string[] }) {
  const [h, w, c] = hit.patch.shape as [number, number, number];
  const drawPatch = useCallback(() => imageToRgba(hit.patch.data, h, w, c, 'clip'), [hit, h, w, c]);
  const side = tileSize(Math.max(h, w), 72);
  const t = useTranslations('inside');
  const title = hit.label !== undefined ? t('top9.titleLabel', { rank, index: hit.index, name: className(names, hit.label) }) : t('top9.title', { rank, index: hit.index });
  return (
    <li className={styles.hit} data-testid="top9-hit">
      <div className={styles.row}>
        <MapCanvas draw={drawPatch} width={w} height={h} displayWidth={(side * w) / Math.max(h, w)} displayHeight={(side * h) / Math.max(h, w)} label={t('top9.patch', { title })} />
        {hit.projection && <ScaledMap map={hit.projection} what="" label={t('top9.projection', { title })} side={side} signed legend={false} />}
      </div>
      <span className={styles.tiny}>#{rank} · {t('top9.test', { index: hit.index })}{hit.label !== undefined ? ` · ${className(names, hit.label)}` : ''} · {formatValue(hit.value)}</span>
    </li>
  );
}
