'use client';
/**
 * The face of one block on the canvas: key params ("Conv 3×3, 64, s2"), name and output shape,
 * coloured by family; red with the analyse message when in error. Memo'd and reading only its
 * own props (plus one boolean of the zoom), so dragging one node re-renders one node.
 */
import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { memo } from 'react';
import { useGraphErrorWords } from '@/components/editor/graph-error-words';
import { openBlock } from '@/components/editor/store';
import type { BlockNode as BlockNodeType } from '@/components/editor/view';

/** Below this zoom the faces drop their small print (unreadable anyway, and cheaper to draw). */
const LOW_DETAIL_ZOOM = 0.4;
const lowDetail = (s: ReactFlowState) => s.transform[2] < LOW_DETAIL_ZOOM;

function BlockNodeView({ id, data, selected }: NodeProps<BlockNodeType>) {
  const low = useStore(lowDetail);
  const t = useTranslations('editor');
  const errorWords = useGraphErrorWords();
  const classes = ['lw-node', `fam-${data.family}`];
  if (data.error) classes.push('has-error');
  if (data.composite) classes.push('is-composite');
  if (selected) classes.push('is-selected');
  if (low) classes.push('is-low');
  // In the user's language; the English `error` when the analysis gave no codes.
  const errors = data.problems?.map(errorWords) ?? data.error?.split('\n');
  const firstError = errors?.[0];
  return (
    <div className={classes.join(' ')} title={errors ? errors.join('\n') : `${data.title}\n${data.name} → ${data.shape}\n${t('node.params', { params: data.params })}`}>
      {!data.source && <Handle type="target" position={Position.Top} isConnectableStart={false} />}
      <div className="lw-node-title">{data.title}</div>
      {!low && (
        <>
          <div className="lw-node-meta">
            <span className="lw-node-name">{data.name}</span>
            <span className="lw-node-shape" data-testid="node-shape">{data.shape}</span>
          </div>
          {firstError ? (
            <div className="lw-node-error" role="note">⚠ {firstError}</div>
          ) : data.composite && !data.readOnly ? (
            <div className="lw-node-hint">
              <button type="button" className="lw-node-open nodrag" aria-label={t('node.openLabel', { name: data.name })} onClick={() => void openBlock(id)}>
                {t('node.open')}
              </button>
              <span>{t('node.params', { params: data.params })}</span>
            </div>
          ) : (
            <div className="lw-node-hint"><span>{t('node.params', { params: data.params })}</span></div>
          )}
        </>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

export const BlockNode = memo(BlockNodeView);
