'use client';
/**
 * The frame around an opened composite block or a user's group. Only its title band takes the
 * pointer (drag it to move the whole group; double-click it to close an opened block), so the
 * nodes and wires inside stay reachable.
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { closeBlock, groupSnippet, ungroup } from '@/components/editor/store';
import { saveSnippet } from '@/components/editor/library';
import type { FrameNode as FrameNodeType } from '@/components/editor/view';

function FrameNodeView({ data }: NodeProps<FrameNodeType>) {
  const { groupId, kind, title, summary, width, height } = data;
  return (
    <div className={`lw-frame kind-${kind}`} style={{ width, height }} data-testid={`frame-${groupId}`}>
      <div
        className="lw-frame-title"
        onDoubleClick={kind === 'composite' ? () => void closeBlock(groupId) : undefined}
        title={kind === 'composite' ? 'Drag to move the block; double-click to close it' : 'Drag to move the group'}
      >
        <span className="lw-frame-name">{title}</span>
        <span className="lw-frame-summary">{summary}</span>
        {kind === 'composite' ? (
          <button type="button" className="nodrag" aria-label={`Close ${groupId}`} onClick={() => void closeBlock(groupId)}>Close</button>
        ) : (
          <>
            <button
              type="button"
              className="nodrag"
              aria-label={`Save ${title} to My blocks`}
              onClick={() => { const s = groupSnippet(groupId); if (s) saveSnippet(s); }}
            >
              Save
            </button>
            <button type="button" className="nodrag" aria-label={`Ungroup ${title}`} onClick={() => ungroup(groupId)}>Ungroup</button>
          </>
        )}
      </div>
    </div>
  );
}

export const FrameNode = memo(FrameNodeView);
