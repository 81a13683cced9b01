'use client';
/**
 * The layout of a graph for the comparison's canvases: the editor's own (ELK, top to bottom,
 * wrapped into columns when one column would be too tall to read), computed once per graph and
 * kept, so stepping back and forth or re-rendering never lays a graph out again.
 */
import { useEffect, useState } from 'react';
import { layoutOptionsFor } from '@/components/editor/doc';
import type { Graph } from '@/lib/graph/types';

/** The box a canvas has on a wide screen: the layout is shaped for it once, not for each size. */
const VIEW = { width: 560, height: 440 };

const laid = new WeakMap<Graph, Graph>();
const running = new WeakMap<Graph, Promise<Graph>>();

/** `graph` with its nodes placed (the layout module, with elkjs, loads on first use). */
export function layOut(graph: Graph): Promise<Graph> {
  const known = laid.get(graph);
  if (known) return Promise.resolve(known);
  let p = running.get(graph);
  if (!p) {
    p = import('@/lib/graph/layout').then(async (mod) => {
      const options = layoutOptionsFor({ graph, groups: {} }, mod.layerCount(graph), VIEW);
      const { graph: placed } = await mod.layoutGraph(graph, options);
      laid.set(graph, placed);
      return placed;
    });
    running.set(graph, p);
  }
  return p;
}

/** The laid-out graph, or undefined while the layout runs (it never runs twice for one graph). */
export function useLaidOut(graph: Graph | undefined): Graph | undefined {
  const [state, setState] = useState<{ from: Graph; placed: Graph }>();
  useEffect(() => {
    if (!graph || laid.has(graph)) return;
    let live = true;
    void layOut(graph).then((placed) => { if (live) setState({ from: graph, placed }); });
    return () => { live = false; };
  }, [graph]);
  if (!graph) return undefined;
  return laid.get(graph) ?? (state?.from === graph ? state.placed : undefined);
}
