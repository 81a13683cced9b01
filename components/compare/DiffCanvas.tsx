'use client';
/**
 * One network of the comparison as the editor draws it (React Flow, the editor's node faces and
 * wires, its layout), read-only: composite blocks stay closed, the view is fitted once. Each block
 * carries its status; pointing at a block, focusing it or choosing it (click, Enter) lights it
 * and its counterpart on the other canvas (link.ts).
 */
import {
  Background, BackgroundVariant, ReactFlow, ReactFlowProvider, useReactFlow,
  type EdgeTypes, type NodeMouseHandler, type NodeTypes,
} from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, type FocusEvent, type KeyboardEvent } from 'react';
import { ShapeEdge } from '@/components/canvas/ShapeEdge';
import { useTheme } from '@/components/editor/theme';
import { deriveEdges, deriveNodes, type BlockNode, type FlowEdge } from '@/components/editor/view';
import type { NodeDiff } from '@/lib/compare/nodes';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { useChangeText } from './change-words';
import { DiffNode, type DiffNodeType } from './DiffNode';
import { useLaidOut } from './laid-out';
import { setLink, toggleChosen, type LinkTarget, type Side } from './link';
import styles from './Compare.module.css';

const nodeTypes: NodeTypes = { block: DiffNode };
const edgeTypes: EdgeTypes = { shape: ShapeEdge };
const FIT = { padding: 0.08, minZoom: 0.05, maxZoom: 1 };
const NO_SELECTION: ReadonlySet<string> = new Set();

/** The node a DOM event happened in, if any (React Flow's wrapper carries the node's id). */
function nodeIdOf(target: EventTarget | null): string | undefined {
  const el = (target as HTMLElement | null)?.closest?.('.react-flow__node');
  return el?.getAttribute('data-id') ?? undefined;
}

export interface DiffCanvasProps {
  readonly side: Side;
  /** The network's name ("LeNet-5"), and the other network's, for the words. */
  readonly name: string;
  readonly otherName: string;
  readonly graph: Graph;
  readonly diffs: ReadonlyMap<string, NodeDiff>;
}

const graphIds = new WeakMap<Graph, number>();
let lastGraphId = 0;
/** A number per graph object, to start a fresh canvas (fitted anew) for another graph. */
function graphId(graph: Graph): number {
  const known = graphIds.get(graph);
  if (known !== undefined) return known;
  graphIds.set(graph, ++lastGraphId);
  return lastGraphId;
}

/**
 * One canvas, with its own React Flow store (its zoom buttons sit outside the drawing). Another
 * graph gets a fresh one, so its view is fitted to it, even when its layout was ready at once.
 */
export function DiffCanvas(props: DiffCanvasProps) {
  return <ReactFlowProvider key={graphId(props.graph)}><DiffCanvasView {...props} /></ReactFlowProvider>;
}

function DiffCanvasView({ side, name, otherName, graph, diffs }: DiffCanvasProps) {
  const t = useTranslations('compare');
  const rf = useReactFlow<DiffNodeType, FlowEdge>();
  const box = useRef<HTMLDivElement>(null);
  const changeText = useChangeText();
  const theme = useTheme((s) => s.theme);
  const placed = useLaidOut(graph);
  const other: Side = side === 'a' ? 'b' : 'a';
  const sideName = side.toUpperCase();
  const otherSide = other.toUpperCase();

  // Derived once per laid-out graph and pair (and language): never on a hover.
  const flow = useMemo(() => {
    if (!placed) return undefined;
    const analysis = analyse(placed);
    const doc = { graph: placed, groups: {} };
    const nodes = (deriveNodes(doc, analysis, [], NO_SELECTION) as BlockNode[]).map((n): DiffNodeType => {
      const diff = diffs.get(n.id);
      const changes = diff?.status === 'changed' ? diff.changes.map(changeText).join(' · ') : undefined;
      const where = { other: diff?.counterpart ?? '', side: otherSide, name: otherName, changes: changes ?? '' };
      const status = diff ? t(`canvas.status.${diff.status}`, where) : '';
      return {
        ...n,
        data: { ...n.data, readOnly: true, side, linkKey: diff?.key ?? `${side}:${n.id}`, ...(diff ? { status: diff.status } : {}), ...(changes ? { changeText: changes } : {}) },
        draggable: false, selectable: false, connectable: false,
        ariaLabel: [t('canvas.node', { name: n.data.name, title: n.data.title, shape: n.data.shape }), status].filter(Boolean).join('. '),
      };
    });
    const edges = deriveEdges(doc, analysis, [], NO_SELECTION).map((e): FlowEdge => ({ ...e, focusable: false, selectable: false }));
    return { nodes, edges };
  }, [placed, diffs, changeText, t, side, otherSide, otherName]);

  const targetOf = useCallback((id: string): LinkTarget => ({ side, id, key: diffs.get(id)?.key ?? `${side}:${id}` }), [side, diffs]);
  const onEnter: NodeMouseHandler<DiffNodeType> = useCallback((_, n) => setLink('hover', targetOf(n.id)), [targetOf]);
  const onLeave: NodeMouseHandler<DiffNodeType> = useCallback(() => setLink('hover', undefined), []);
  const onClick: NodeMouseHandler<DiffNodeType> = useCallback((_, n) => toggleChosen(targetOf(n.id)), [targetOf]);
  const onFocus = useCallback((e: FocusEvent) => {
    const id = nodeIdOf(e.target);
    if (id) setLink('focus', targetOf(id));
  }, [targetOf]);
  const onBlur = useCallback((e: FocusEvent) => { if (nodeIdOf(e.target)) setLink('focus', undefined); }, []);
  const onKeyDown = useCallback((e: KeyboardEvent) => {
    const id = nodeIdOf(e.target);
    if (!id) return;
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggleChosen(targetOf(id)); }
    if (e.key === 'Escape') setLink('chosen', undefined);
  }, [targetOf]);
  const aria = useMemo(() => ({
    'node.a11yDescription.default': t('canvas.keys'),
    'node.a11yDescription.keyboardDisabled': t('canvas.keys'),
  }), [t]);

  // A canvas that changes size (presentation mode, a narrower window) shows the whole network again.
  const ready = flow !== undefined;
  useEffect(() => {
    const el = box.current;
    if (!el || !ready) return;
    let frame = 0;
    let first = true;
    const observer = new ResizeObserver(() => {
      if (first) { first = false; return; } // the first report is the size it was fitted to
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void rf.fitView(FIT));
    });
    observer.observe(el);
    return () => { observer.disconnect(); cancelAnimationFrame(frame); };
  }, [ready, rf]);

  return (
    <section className={styles.canvasBox} aria-label={t('canvas.name', { name, side: sideName })} data-canvas={side}>
      <div className={styles.canvasHead}>
        <h3 className={styles.canvasTitle}>{sideName} · {name}</h3>
        <div className={styles.zoom} role="group" aria-label={t('canvas.zoom')}>
          <button type="button" className={styles.btn} onClick={() => void rf.zoomIn({ duration: 150 })} aria-label={t('canvas.zoomIn')} title={t('canvas.zoomIn')} disabled={!ready}>+</button>
          <button type="button" className={styles.btn} onClick={() => void rf.zoomOut({ duration: 150 })} aria-label={t('canvas.zoomOut')} title={t('canvas.zoomOut')} disabled={!ready}>−</button>
          <button type="button" className={styles.btn} onClick={() => void rf.fitView({ ...FIT, duration: 200 })} title={t('canvas.fit')} disabled={!ready}>{t('canvas.fitShort')}</button>
        </div>
      </div>
      <div className={styles.flow} ref={box}>
        {flow ? (
          <ReactFlow<DiffNodeType, FlowEdge>
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodeMouseEnter={onEnter}
            onNodeMouseLeave={onLeave}
            onNodeClick={onClick}
            onPaneClick={() => setLink('chosen', undefined)}
            onFocus={onFocus}
            onBlur={onBlur}
            onKeyDown={onKeyDown}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            edgesFocusable={false}
            deleteKeyCode={null}
            // The page scrolls under the wheel; zoom with the buttons or a pinch.
            zoomOnScroll={false}
            preventScrolling={false}
            zoomOnDoubleClick={false}
            fitView
            fitViewOptions={FIT}
            minZoom={0.05}
            maxZoom={2}
            colorMode={theme}
            ariaLabelConfig={aria}
            aria-label={t('canvas.flow', { name })}
          >
            <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          </ReactFlow>
        ) : (
          <p className={styles.laying} role="status">{t('canvas.laying', { name })}</p>
        )}
      </div>
    </section>
  );
}
