'use client';
/**
 * The frame around an opened composite block. Only its title band takes the pointer (drag it to
 * move the whole block; double-click it to close it), so the nodes and wires inside stay
 * reachable.
 */
import type { NodeProps } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { memo } from 'react';
import { closeBlock } from '@/components/editor/store';
import type { FrameNode as FrameNodeType } from '@/components/editor/view';

function FrameNodeView({ data }: NodeProps<FrameNodeType>) {
  const { groupId, kind, title, params, width, height } = data;
  const t = useTranslations('editor');
  return (
    <div className={`lw-frame kind-${kind}`} style={{ width, height }} data-testid={`frame-${groupId}`}>
      <div
        className="lw-frame-title"
        onDoubleClick={() => void closeBlock(groupId)}
        title={t('node.frameHint')}
      >
        <span className="lw-frame-name">{title}</span>
        <span className="lw-frame-summary">{t('node.params', { params })}</span>
        <button type="button" className="nodrag" aria-label={t('node.closeLabel', { id: groupId })} onClick={() => void closeBlock(groupId)}>{t('node.close')}</button>
      </div>
    </div>
  );
}

export const FrameNode = memo(FrameNodeView);
