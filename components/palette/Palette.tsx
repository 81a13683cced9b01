'use client';
/**
 * The palette: every registered block, grouped (input, layers, blocks, heads), then the graph's
 * own blocks (made with Group), each with a menu to rename or delete it; searchable. Drag an item
 * onto the canvas (onto a wire to insert it there), or click it to add it below the selected
 * node. Each item's teaching text shows as its tooltip.
 */
import { useTranslations } from 'next-intl';
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
import { useBlockWords } from '@/components/editor/block-words';

const GROUPS: readonly Category[] = ['input', 'layer', 'block', 'head'];

const specs = Object.values(BLOCKS) as unknown as BlockSpec<ParamRecord>[];

const Item = memo(function Item({ spec, menu }: { spec: BlockSpec<ParamRecord>; menu?: ReactNode }) {
  const t = useTranslations('editor');
  const words = useBlockWords();
  const name = words.name(spec);
  const tooltip = t('palette.tooltip', { name, summary: words.summary(spec), origin: words.origin(spec), formula: words.formula(spec) });
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
        aria-label={name}
        title={tooltip}
      >
        <span className="lw-pal-swatch" aria-hidden />
        <span className="lw-pal-name">{name}</span>
        <span className="lw-pal-kind">{spec.kind === 'composite' ? t('palette.kindBlock') : ''}</span>
      </button>
      {menu}
    </li>
  );
});

/** The menu of one of the graph's own blocks: rename, delete (from the action table). */
function BlockMenu({ name }: { name: string }) {
  const [open, setOpen] = useState(false);
  const t = useTranslations('editor');
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
        aria-label={t('palette.more', { name })}
        aria-haspopup="menu"
        aria-expanded={open}
        title={t('palette.moreHint', { name })}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open && (
        <div className="lw-menu" role="menu" aria-label={t('palette.menu', { name })}>
          <ActionMenuItem id="renameBlockType" arg={name} onDone={() => setOpen(false)} />
          <ActionMenuItem id="deleteBlockType" arg={name} onDone={() => setOpen(false)} />
        </div>
      )}
    </div>
  );
}

export function Palette() {
  const [query, setQuery] = useState('');
  const t = useTranslations('editor');
  const words = useBlockWords();
  const q = query.trim().toLowerCase();
  // A search finds a block by its name and teaching text in either language's words shown, and by its type.
  const groups = useMemo(() => GROUPS.map((category) => ({
    category,
    items: specs.filter((s) => s.category === category
      && (!q || `${s.name} ${s.type} ${s.teach.summary} ${words.name(s)} ${words.summary(s)}`.toLowerCase().includes(q))),
  })).filter((g) => g.items.length), [q, words]);
  // The graph's own block types (made with Group), offered like the built-in ones.
  const blocks = useEditor((s) => s.doc.graph.blocks);
  const own = useMemo(() => Object.values(blocks ?? {}).map(customBlockSpec)
    .filter((s) => !q || s.name.toLowerCase().includes(q)), [blocks, q]);
  return (
    <nav className="lw-palette" aria-label={t('palette.nav')}>
      <input
        type="search"
        className="lw-search"
        placeholder={t('palette.search')}
        aria-label={t('palette.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.map((g) => (
        <section key={g.category} className="lw-pal-group">
          <h2>{t(`palette.${g.category}`)}</h2>
          <ul>{g.items.map((s) => <Item key={s.type} spec={s} />)}</ul>
        </section>
      ))}
      {own.length > 0 && (
        <section className="lw-pal-group" aria-label={t('palette.mine')}>
          <h2>{t('palette.mine')}</h2>
          <ul>{own.map((s) => <Item key={s.type} spec={s} menu={<BlockMenu name={s.type} />} />)}</ul>
        </section>
      )}
      {groups.length === 0 && own.length === 0 && <p className="lw-muted">{t('palette.noMatch', { query })}</p>}
      <p className="lw-pal-help lw-muted" style={{ maxWidth: NODE_W + 20 }}>
        {t('palette.help')}
      </p>
    </nav>
  );
}
