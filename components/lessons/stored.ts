'use client';
/**
 * What the lessons check, read from this browser's storage and followed as it changes: the run
 * log (lib/runs/log.browser.ts) and the graph the editor autosaved. Both are read again when
 * another tab writes them (the `storage` event), when this tab writes the log, and when the page
 * comes back into view (the student returns from the editor).
 */
import { useSyncExternalStore } from 'react';
import { loadAutosave } from '@/components/editor/persist';
import { loadRuns, subscribeRuns } from '@/lib/runs/log.browser';
import type { RunRecord } from '@/lib/runs/runs';
import type { Graph } from '@/lib/graph/types';

let runs: RunRecord[] | undefined;
let graph: { value: Graph | undefined } | undefined;

function subscribe(onChange: () => void): () => void {
  const changed = () => {
    runs = undefined;
    graph = undefined;
    onChange();
  };
  const unsubscribe = subscribeRuns(changed);
  const onVisible = () => { if (document.visibilityState === 'visible') changed(); };
  window.addEventListener('focus', changed);
  window.addEventListener('pageshow', changed);
  document.addEventListener('visibilitychange', onVisible);
  // A page reached by a client-side link (back from the editor) reads the storage afresh.
  changed();
  return () => {
    unsubscribe();
    window.removeEventListener('focus', changed);
    window.removeEventListener('pageshow', changed);
    document.removeEventListener('visibilitychange', onVisible);
  };
}

const NO_RUNS: RunRecord[] = [];
const NO_GRAPH = { value: undefined };

/** The recorded runs, oldest first (none on the server). */
export function useRunLog(): readonly RunRecord[] {
  return useSyncExternalStore(subscribe, () => (runs ??= loadRuns()), () => NO_RUNS);
}

/** The graph the editor autosaved (undefined on the server and when none was saved). */
export function useEditorGraph(): Graph | undefined {
  return useSyncExternalStore(subscribe, () => (graph ??= { value: loadAutosave()?.graph }), () => NO_GRAPH).value;
}
