'use client';
/**
 * Top 9 (Zeiler & Fergus, Fig. 2): the test images that excite the chosen channel most, each as
 * the patch its receptive field covers beside the deconvnet projection of that activation.
 */
import { useCallback } from 'react';
import { imageToRgba, type TopHit } from '@/lib/viz';
import { formatValue, mapName, tileSize } from '../draw';
import { MapCanvas } from '../MapCanvas';
import { useAnswer } from '../useAnswer';
import { ChannelPicker, ScaledMap, ViewStatus, className, type ViewProps } from './common';
import styles from '../LookInside.module.css';

export function TopNineView(p: ViewProps) {
  const { node, channel, onChannel, weightsKey, dataset, datasetName } = p;
  const usable = node.type !== 'Input' && dataset !== null;
  const key = usable ? `${weightsKey}|top9|${node.id}|${channel}|${dataset}` : null;
  const { answer, error, loading, askedAt } = useAnswer<'top9'>(key, usable ? { kind: 'top9', nodeId: node.id, channel, dataset: dataset! } : null);
  if (dataset === null) {
    return <p className={styles.muted}>Top 9 searches a dataset&rsquo;s test images, and no built-in dataset fits this model&rsquo;s input. Train it on images of its own size to use this view.</p>;
  }
  if (node.type === 'Input') return <p className={styles.muted}>Choose a layer after the input.</p>;
  return (
    <div className={styles.view}>
      <ChannelPicker node={node} channel={channel} onChannel={onChannel} />
      <ViewStatus view="top9" loading={loading} {...(error ? { error } : {})} {...(askedAt !== undefined ? { askedAt } : {})} seconds={answer?.seconds}
        waiting={`Running every test image of ${datasetName ?? dataset} through the model up to ${node.id}, keeping the 9 strongest for channel ${channel}…`} />
      {answer && (
        <>
          <p>The {answer.hits.length} strongest of {answer.searched.toLocaleString('en-US')} test images of {answer.datasetName} for {mapName(node.id, channel)}: the patch the unit sees, and its deconvnet projection.</p>
          <p className={styles.tiny}>Projections on the diverging scale, each to its own range: red adds to the unit, blue takes away, white is 0.</p>
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
  const title = `Top ${rank}: test image ${hit.index}${hit.label !== undefined ? ` (${className(names, hit.label)})` : ''}`;
  return (
    <li className={styles.hit} data-testid="top9-hit">
      <div className={styles.row}>
        <MapCanvas draw={drawPatch} width={w} height={h} displayWidth={(side * w) / Math.max(h, w)} displayHeight={(side * h) / Math.max(h, w)} label={`${title}, the patch`} />
        {hit.projection && <ScaledMap map={hit.projection} what="" label={`${title}, its deconv projection`} side={side} signed legend={false} />}
      </div>
      <span className={styles.tiny}>#{rank} · test {hit.index}{hit.label !== undefined ? ` · ${className(names, hit.label)}` : ''} · {formatValue(hit.value)}</span>
    </li>
  );
}
