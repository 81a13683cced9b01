'use client';
/**
 * The canvas: React Flow drawing the store's nodes and edges. Node and edge types are defined
 * once at module scope; the store is read through narrow selectors; only the visible elements
 * are rendered, so graphs of hundreds of nodes stay smooth to drag.
 */
import {
  Background, BackgroundVariant, Controls, MiniMap, ReactFlow, useReactFlow,
  type EdgeTypes, type IsValidConnection, type NodeTypes, type OnConnect,
} from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  addBlock, canConnect, connectNodes, markLoaded, onEdgesChange, onNodesChange, openBlock, closeBlock, useEditor,
} from '@/components/editor/store';
import { frameBoxes, NODE_H, NODE_W } from '@/components/editor/doc';
import { useTheme } from '@/components/editor/theme';
import type { FlowEdge, FlowNode } from '@/components/editor/view';
import { BlockNode } from './BlockNode';
import { FrameNode } from './FrameNode';
import { ShapeEdge } from './ShapeEdge';
import { FAMILY_COLOURS } from './families';

const nodeTypes: NodeTypes = { block: BlockNode, frame: FrameNode };
const edgeTypes: EdgeTypes = { shape: ShapeEdge };
const SNAP: [number, number] = [10, 10];
/** Below this fitted zoom a graph is shown from its top at READABLE_ZOOM instead. */
const TALL_ZOOM = 0.12;
const READABLE_ZOOM = 0.6;
const MINIMAP_SIZE = { width: 168, height: 112 };
const FIT = { padding: 0.08, minZoom: 0.02, maxZoom: 1.1 };

/** The mime type the palette puts on a drag: the block type. */
export const DRAG_MIME = 'application/x-layerwise-block';

const minimapColour = (n: FlowNode) => (n.type === 'block' ? FAMILY_COLOURS[n.data.family] : 'transparent');

/** The wire under a screen point, if any (for dropping a block into it). */
function edgeAt(x: number, y: number): string | undefined {
  for (const el of document.elementsFromPoint(x, y)) {
    const g = el.closest('.react-flow__edge');
    if (g) return g.getAttribute('data-id') ?? undefined;
  }
  return undefined;
}

export function Canvas() {
  const { nodes, edges, fitRequest, focusRequest } = useEditor(useShallow((s) => ({
    nodes: s.nodes, edges: s.edges, fitRequest: s.fitRequest, focusRequest: s.focusRequest,
  })));
  const theme = useTheme((s) => s.theme);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const [dropEdge, setDropEdge] = useState<string>();
  const lastOver = useRef(0);

  useEffect(() => {
    if (fitRequest === 0) return;
    let live = true;
    const graph = useEditor.getState().doc.graph;
    if (graph.nodes.length === 1) {
      // One node is not "fitted" by filling the screen with it: put it near the top, at 100%,
      // with room below for the layers to come.
      const n = graph.nodes[0]!;
      const el = document.querySelector('.lw-canvas');
      const w = el?.clientWidth ?? 800;
      void rf.setViewport({ x: w / 2 - n.position.x - NODE_W / 2, y: 40 - n.position.y, zoom: 1 }).then(() => {
        requestAnimationFrame(() => { if (live) markLoaded(); });
      });
      return () => { live = false; };
    }
    // A network too tall to read when fitted (hundreds of layers, every block open) starts at
    // its top, at a readable scale, the width fitted; the minimap shows the rest.
    const el = document.querySelector('.lw-canvas');
    const w = el?.clientWidth ?? 800;
    const h = el?.clientHeight ?? 600;
    let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
    for (const n of graph.nodes) {
      x0 = Math.min(x0, n.position.x); y0 = Math.min(y0, n.position.y);
      x1 = Math.max(x1, n.position.x + NODE_W); y1 = Math.max(y1, n.position.y + NODE_H);
    }
    const byId = new Map(graph.nodes.map((n) => [n.id, n.position]));
    for (const b of frameBoxes(graph, useEditor.getState().doc.groups, (id) => byId.get(id)).values()) {
      x0 = Math.min(x0, b.x); y0 = Math.min(y0, b.y); x1 = Math.max(x1, b.x + b.w); y1 = Math.max(y1, b.y + b.h);
    }
    const fitZoom = Math.min(w / ((x1 - x0) * 1.16), h / ((y1 - y0) * 1.16));
    if (graph.nodes.length > 1 && fitZoom < TALL_ZOOM) {
      // Centred when the width fits, else from the left edge (where a wrapped network begins).
      const zoom = READABLE_ZOOM;
      const x = (x1 - x0) * zoom + 80 <= w ? w / 2 - ((x0 + x1) / 2) * zoom : 40 - x0 * zoom;
      void rf.setViewport({ x, y: 24 - y0 * zoom, zoom }).then(() => {
        requestAnimationFrame(() => { if (live) markLoaded(); });
      });
      return () => { live = false; };
    }
    void rf.fitView(FIT).then(() => {
      // One frame later the fitted view is on screen: the load is done.
      requestAnimationFrame(() => { if (live) markLoaded(); });
    });
    return () => { live = false; };
  }, [fitRequest, rf]);

  useEffect(() => {
    if (!focusRequest) return;
    if (focusRequest.mode === 'fit') {
      void rf.fitView({ nodes: focusRequest.ids.map((id) => ({ id })), padding: 0.15, minZoom: 0.05, maxZoom: 1, duration: 250 });
      return;
    }
    const n = useEditor.getState().doc.graph.nodes.find((x) => x.id === focusRequest.ids[0]);
    if (n) void rf.setCenter(n.position.x + NODE_W / 2, n.position.y + NODE_H / 2, { zoom: Math.max(rf.getZoom(), 0.8), duration: 250 });
  }, [focusRequest, rf]);

  const onConnect: OnConnect = useCallback((c) => { if (c.source && c.target) connectNodes(c.source, c.target); }, []);
  const isValidConnection: IsValidConnection<FlowEdge> = useCallback((c) => canConnect(c.source, c.target), []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    const now = performance.now();
    if (now - lastOver.current < 60) return; // hit-testing every dragover event is wasteful
    lastOver.current = now;
    setDropEdge(edgeAt(e.clientX, e.clientY));
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    const what = e.dataTransfer.getData(DRAG_MIME);
    setDropEdge(undefined);
    if (!what) return;
    e.preventDefault();
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addBlock(what, { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2 }, { onEdge: edgeAt(e.clientX, e.clientY) });
  }, [rf]);

  const onDragLeave = useCallback(() => setDropEdge(undefined), []);

  return (
    <div className="lw-canvas" onDragOver={onDragOver} onDrop={onDrop} onDragLeave={onDragLeave} data-drop-edge={dropEdge}>
      {dropEdge && <style>{`.react-flow__edge[data-id="${CSS.escape(dropEdge)}"] .react-flow__edge-path { stroke: var(--accent); stroke-width: 4; }`}</style>}
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={(_, n) => {
          if (n.type === 'block' && n.data.composite) void openBlock(n.id);
          else if (n.type === 'frame') void closeBlock(n.data.groupId);
        }}
        // Delete and Backspace are actions of the editor (actions.ts), like every other key.
        deleteKeyCode={null}
        snapToGrid
        snapGrid={SNAP}
        onlyRenderVisibleElements
        minZoom={0.02}
        maxZoom={2.5}
        colorMode={theme}
        zoomOnDoubleClick={false}
        elevateNodesOnSelect={false}
        connectionRadius={30}
        aria-label="Network canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap<FlowNode> pannable zoomable nodeColor={minimapColour} nodeStrokeWidth={0} ariaLabel="Minimap" style={MINIMAP_SIZE} />
        <Controls showInteractive={false} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}
