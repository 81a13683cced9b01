'use client';
/**
 * The frame around an opened composite block. Only its title band takes the pointer (drag it to
 * move the whole block; double-click it to close it), so the nodes and wires inside stay
 * reachable.
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { closeBlock } from '@/components/editor/store';
import type { FrameNode as FrameNodeType } from '@/components/editor/view';

function FrameNodeView({ data }: NodeProps<FrameNodeType>) {
  const { groupId, kind, title, summary, width, height } = data;
  return (
    <div className={`lw-frame kind-${kind}`} style={{ width, height }} data-testid={`frame-${groupId}`}>
      <div
        className="lw-frame-title"
        onDoubleClick={() => void closeBlock(groupId)}
        title="Drag to move the block; double-click to close it"
      >
        <span className="lw-frame-name">{title}</span>
        <span className="lw-frame-summary">{summary}</span>
        <button type="button" className="nodrag" aria-label={`Close ${groupId}`} onClick={() => void closeBlock(groupId)}>Close</button>
      </div>
    </div>
  );
}

export const FrameNode = memo(FrameNodeView);
