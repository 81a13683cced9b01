'use client';
/**
 * A block on a comparison canvas: the editor's own node face (BlockNode), outlined by its status
 * with a badge that says it in words (changed, added, removed; a same block is only muted), and,
 * while it or its counterpart is lit, what changed ("kernel 5 → 11 · stride 1 → 4"). Memo'd,
 * reading only whether its own pair is lit, so pointing at a block re-renders two nodes, not all.
 */
import type { Node, NodeProps } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { memo } from 'react';
import { BlockNode } from '@/components/canvas/BlockNode';
import type { BlockData } from '@/components/editor/view';
import type { BlockStatus } from '@/lib/compare/compare';
import { litOf, useLink, type Side } from './link';
import { STATUS_CLASS, STATUS_SIGN } from './status';
import styles from './Compare.module.css';

export interface DiffData extends BlockData {
  readonly side: Side;
  /** Undefined for a node the comparison could not place (a broken part of one's own graph). */
  readonly status?: BlockStatus;
  /** The pair's key (lib/compare/nodes.ts), shared with the counterpart on the other canvas. */
  readonly linkKey: string;
  /** For a changed block: what changed, in words. */
  readonly changeText?: string;
}

export type DiffNodeType = Node<DiffData, 'block'>;

function DiffNodeView(props: NodeProps<DiffNodeType>) {
  const { data } = props;
  const t = useTranslations('compare');
  const lit = useLink((s) => litOf(s)?.key === data.linkKey);
  const chosen = useLink((s) => s.chosen?.key === data.linkKey);
  const status = data.status;
  const classes = [styles.diffNode];
  if (status) classes.push(STATUS_CLASS[status]);
  if (lit) classes.push(styles.lit!);
  if (chosen) classes.push(styles.chosen!);
  return (
    <div className={classes.join(' ')} data-canvas-node={props.id} data-status={status} data-lit={lit ? 'true' : 'false'}>
      {/* Selection is the comparison's own (lit / chosen), never the editor's. */}
      <BlockNode {...props} selected={false} />
      {status && status !== 'same' && (
        <span className={styles.badge} aria-hidden="true"><b>{STATUS_SIGN[status]}</b> {t(`status.${status}`)}</span>
      )}
      {data.changeText && <div className={styles.pop} aria-hidden="true">{data.changeText}</div>}
    </div>
  );
}

export const DiffNode = memo(DiffNodeView);
