'use client';
/**
 * The palette: every registered block, grouped (input, layers, blocks, heads), then the graph's
 * own blocks (made with Group), each with a menu to rename or delete it; searchable. Drag an item
 * onto the canvas (onto a wire to insert it there), or click it to add it below the selected
 * node. Each item's teaching text shows as its tooltip.
 */
import { memo, useEffect, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { BLOCKS } from '@/lib/blocks';
import type { BlockSpec, Category } from '@/lib/blocks/spec';
import { customBlockSpec } from '@/lib/graph/custom';
import type { ParamRecord } from '@/lib/graph/types';
import { DRAG_MIME } from '@/components/canvas/Canvas';
import { familyOf } from '@/components/canvas/families';
import { ActionMenuItem } from '@/components/editor/ActionButton';
import { addClickedBlock, useEditor } from '@/components/editor/store';
import { NODE_W } from '@/components/editor/doc';

const GROUPS: readonly { category: Category; title: string }[] = [
  { category: 'input', title: 'Input' },
  { category: 'layer', title: 'Layers' },
  { category: 'block', title: 'Blocks' },
  { category: 'head', title: 'Heads' },
];

const specs = Object.values(BLOCKS) as unknown as BlockSpec<ParamRecord>[];

function tooltip(spec: BlockSpec<ParamRecord>): string {
  return `${spec.name}\n\n${spec.teach.summary}\n\nOrigin: ${spec.teach.origin}\nParameters: ${spec.teach.formula}\n\nDrag onto the canvas (onto a wire to insert it), or click to add it below the selected node.`;
}

const Item = memo(function Item({ spec, menu }: { spec: BlockSpec<ParamRecord>; menu?: ReactNode }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_MIME, spec.type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li className={menu ? 'lw-pal-mine' : undefined}>
      <button
        type="button"
        className={`lw-pal-item fam-${familyOf(spec.type, spec.category)}`}
        draggable
        onDragStart={onDragStart}
        onClick={() => addClickedBlock(spec.type)}
        aria-label={spec.name}
        title={tooltip(spec)}
      >
        <span className="lw-pal-swatch" aria-hidden />
        <span className="lw-pal-name">{spec.name}</span>
        <span className="lw-pal-kind">{spec.kind === 'composite' ? 'block' : ''}</span>
      </button>
      {menu}
    </li>
  );
});

/** The menu of one of the graph's own blocks: rename, delete (from the action table). */
function BlockMenu({ name }: { name: string }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.stopPropagation(); setOpen(false); } };
    window.addEventListener('pointerdown', away);
    window.addEventListener('keydown', esc, true);
    return () => { window.removeEventListener('pointerdown', away); window.removeEventListener('keydown', esc, true); };
  }, [open]);
  return (
    <div className="lw-pal-menu" ref={box}>
      <button
        type="button"
        className="lw-pal-more"
        aria-label={`More for ${name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title={`Rename or delete the block ${name}`}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open && (
        <div className="lw-menu" role="menu" aria-label={`Block ${name}`}>
          <ActionMenuItem id="renameBlockType" arg={name} onDone={() => setOpen(false)} />
          <ActionMenuItem id="deleteBlockType" arg={name} onDone={() => setOpen(false)} />
        </div>
      )}
    </div>
  );
}

export function Palette() {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const groups = useMemo(() => GROUPS.map((g) => ({
    ...g,
    items: specs.filter((s) => s.category === g.category && (!q || `${s.name} ${s.type} ${s.teach.summary}`.toLowerCase().includes(q))),
  })).filter((g) => g.items.length), [q]);
  // The graph's own block types (made with Group), offered like the built-in ones.
  const blocks = useEditor((s) => s.doc.graph.blocks);
  const own = useMemo(() => Object.values(blocks ?? {}).map(customBlockSpec)
    .filter((s) => !q || s.name.toLowerCase().includes(q)), [blocks, q]);
  return (
    <nav className="lw-palette" aria-label="Blocks">
      <input
        type="search"
        className="lw-search"
        placeholder="Search blocks"
        aria-label="Search blocks"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.map((g) => (
        <section key={g.category} className="lw-pal-group">
          <h2>{g.title}</h2>
          <ul>{g.items.map((s) => <Item key={s.type} spec={s} />)}</ul>
        </section>
      ))}
      {own.length > 0 && (
        <section className="lw-pal-group" aria-label="This graph's blocks">
          <h2>This graph&apos;s blocks</h2>
          <ul>{own.map((s) => <Item key={s.type} spec={s} menu={<BlockMenu name={s.type} />} />)}</ul>
        </section>
      )}
      {groups.length === 0 && own.length === 0 && <p className="lw-muted">No block matches “{query}”.</p>}
      <p className="lw-pal-help lw-muted" style={{ maxWidth: NODE_W + 20 }}>
        Drag a block onto the canvas, or onto a wire to insert it. Click adds it below the selected node.
      </p>
    </nav>
  );
}
