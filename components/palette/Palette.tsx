'use client';
/**
 * The palette: every registered block, grouped (input, layers, blocks, heads), searchable. Drag
 * an item onto the canvas (onto a wire to insert it there), or click it to add it below the
 * selected node. Each item's teaching text shows as its tooltip.
 */
import { memo, useMemo, useState, type DragEvent } from 'react';
import { BLOCKS } from '@/lib/blocks';
import type { BlockSpec, Category } from '@/lib/blocks/spec';
import { customBlockSpec } from '@/lib/graph/custom';
import type { ParamRecord } from '@/lib/graph/types';
import { DRAG_MIME } from '@/components/canvas/Canvas';
import { familyOf } from '@/components/canvas/families';
import { addBlock, insertSnippet, positionBelow, useEditor } from '@/components/editor/store';
import { removeSnippet, useLibrary } from '@/components/editor/library';
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

/** Adds a block below the selected node (wired to it), else in the middle of the graph's bounds. */
function addFromClick(type: string): void {
  const s = useEditor.getState();
  const after = s.selected.size === 1 ? [...s.selected][0] : undefined;
  const below = after ? positionBelow(after) : undefined;
  let at = below;
  if (!at) {
    const ns = s.doc.graph.nodes;
    const maxY = ns.reduce((m, n) => Math.max(m, n.position.y), -Infinity);
    const last = ns.find((n) => n.position.y === maxY);
    at = last ? { x: last.position.x, y: maxY + 120 } : { x: 0, y: 0 };
  }
  addBlock(type, at, { after });
}

const Item = memo(function Item({ spec }: { spec: BlockSpec<ParamRecord> }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_MIME, spec.type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li>
      <button
        type="button"
        className={`lw-pal-item fam-${familyOf(spec.type, spec.category)}`}
        draggable
        onDragStart={onDragStart}
        onClick={() => addFromClick(spec.type)}
        aria-label={spec.name}
        title={tooltip(spec)}
      >
        <span className="lw-pal-swatch" aria-hidden />
        <span className="lw-pal-name">{spec.name}</span>
        <span className="lw-pal-kind">{spec.kind === 'composite' ? 'block' : ''}</span>
      </button>
    </li>
  );
});

export function Palette() {
  const [query, setQuery] = useState('');
  const snippets = useLibrary((s) => s.snippets);
  const q = query.trim().toLowerCase();
  const groups = useMemo(() => GROUPS.map((g) => ({
    ...g,
    items: specs.filter((s) => s.category === g.category && (!q || `${s.name} ${s.type} ${s.teach.summary}`.toLowerCase().includes(q))),
  })).filter((g) => g.items.length), [q]);
  const mine = snippets.filter((s) => !q || s.name.toLowerCase().includes(q));
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
          <ul>{own.map((s) => <Item key={s.type} spec={s} />)}</ul>
        </section>
      )}
      {mine.length > 0 && (
        <section className="lw-pal-group">
          <h2>My blocks</h2>
          <ul>
            {mine.map((s) => (
              <li key={s.name} className="lw-pal-mine">
                <button
                  type="button"
                  className="lw-pal-item fam-block"
                  draggable
                  onDragStart={(e) => { e.dataTransfer.setData(DRAG_MIME, `snippet:${s.name}`); e.dataTransfer.effectAllowed = 'copy'; }}
                  onClick={() => {
                    const st = useEditor.getState();
                    const after = st.selected.size === 1 ? [...st.selected][0] : undefined;
                    const at = after ? positionBelow(after) : { x: 0, y: 0 };
                    insertSnippet(s, { at: at ?? { x: 0, y: 0 }, after, group: s.name });
                  }}
                  aria-label={s.name}
                  title={`${s.name}: your group of ${s.nodes.length} nodes. Drag onto the canvas or click to insert a copy.`}
                >
                  <span className="lw-pal-swatch" aria-hidden />
                  <span className="lw-pal-name">{s.name}</span>
                  <span className="lw-pal-kind">{s.nodes.length}</span>
                </button>
                <button type="button" className="lw-pal-remove" aria-label={`Remove ${s.name} from My blocks`} onClick={() => removeSnippet(s.name)}>×</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {groups.length === 0 && mine.length === 0 && own.length === 0 && <p className="lw-muted">No block matches “{query}”.</p>}
      <p className="lw-pal-help lw-muted" style={{ maxWidth: NODE_W + 20 }}>
        Drag a block onto the canvas, or onto a wire to insert it. Click adds it below the selected node.
      </p>
    </nav>
  );
}
