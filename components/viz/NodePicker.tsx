'use client';
/**
 * The model's nodes, in the graph's order, to click: each with its type and output shape. A
 * composite block opens to show the layers inside it (`block/inner`), each as clickable.
 */
import { useTranslations } from 'next-intl';
import { memo, useState } from 'react';
import type { NodeEntry } from './draw';
import styles from './LookInside.module.css';

interface NodePickerProps {
  readonly entries: readonly NodeEntry[];
  readonly selected: string | null;
  readonly onSelect: (id: string) => void;
}

export const NodePicker = memo(function NodePicker({ entries, selected, onSelect }: NodePickerProps) {
  const t = useTranslations('inside');
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(selected?.includes('/') ? [selected.split('/')[0]!] : []));
  const top = (id: string) => id.split('/')[0]!;
  const visible = entries.filter((e) => e.depth === 0 || open.has(top(e.id)));
  const toggle = (id: string) => setOpen((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  return (
    <div className={styles.nodes} role="group" aria-label={t('nodes.label')} data-testid="inside-nodes">
      {visible.map((e) => (
        <span key={e.id} className={styles.nodeItem} style={e.depth ? { marginLeft: 8 * e.depth } : undefined}>
          <button type="button" className={`${styles.node} ${e.id === selected ? styles.nodeSelected : ''} ${e.depth ? styles.nodeInner : ''}`}
            aria-pressed={e.id === selected} onClick={() => onSelect(e.id)} title={e.label !== e.id ? `${e.label} (${e.id})` : e.id} data-node={e.id}>
            <strong>{e.depth ? e.label : e.id}</strong>
            <small>{e.type} · {e.shape.join('×')}</small>
          </button>
          {e.composite && (
            <button type="button" className={styles.expand} aria-expanded={open.has(e.id)} aria-label={t(open.has(e.id) ? 'nodes.close' : 'nodes.open', { id: e.id })}
              onClick={() => toggle(e.id)}>{open.has(e.id) ? '▾' : '▸'}</button>
          )}
        </span>
      ))}
    </div>
  );
});
