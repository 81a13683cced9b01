'use client';
/**
 * The /train page's content: the graph to train (a preset from `?preset=`, else the graph the
 * editor autosaved, else LeNet-5) and the training panel for it.
 */
import { useMemo, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import { SiteNav } from '@/components/site/SiteNav';
import { PRESETS, getPreset } from '@/presets';
import { loadAutosave } from '@/components/editor/persist';
import type { Graph } from '@/lib/graph/types';
import { TrainPanel } from './TrainPanel';
import styles from './TrainRoute.module.css';

type Source = { graph: Graph; from: 'preset' | 'autosave' | 'default'; note?: string };

const DEFAULT_PRESET = 'lenet5';

function presetSource(id: string, note?: string): Source | undefined {
  const preset = getPreset(id);
  return preset ? { graph: preset.build(), from: id === DEFAULT_PRESET && note ? 'default' : 'preset', ...(note ? { note } : {}) } : undefined;
}

/** The editor's autosave, read once and again whenever another tab changes the storage. */
let autosave: { graph: Graph | undefined } | undefined;
function readAutosave(): { graph: Graph | undefined } {
  autosave ??= { graph: loadAutosave()?.graph };
  return autosave;
}
function subscribeStorage(onChange: () => void): () => void {
  const listener = () => {
    autosave = undefined;
    onChange();
  };
  window.addEventListener('storage', listener);
  return () => window.removeEventListener('storage', listener);
}

export function TrainRoute({ presetId }: { presetId?: string }) {
  const router = useRouter();
  // A preset is built the same way on the server and in the browser; the autosave lives in the
  // browser's storage, so it is read after mounting.
  const fromPreset = useMemo(() => (presetId ? presetSource(presetId) : undefined), [presetId]);
  // Null on the server and in the first render (no storage there): "Loading the graph…".
  const stored = useSyncExternalStore(subscribeStorage, readAutosave, () => null);
  const saved = useMemo<Source | undefined>(() => {
    if (fromPreset || !stored) return undefined;
    const note = presetId ? `There is no preset called "${presetId}"; ` : '';
    return stored.graph && stored.graph.nodes.length > 0
      ? { graph: stored.graph, from: 'autosave', ...(note ? { note: `${note}showing the graph from the editor.` } : {}) }
      : presetSource(DEFAULT_PRESET, `${note}${note ? 'n' : 'N'}o graph saved by the editor yet; showing LeNet-5.`);
  }, [fromPreset, stored, presetId]);
  const source = fromPreset ?? saved;

  return (
    <main className={styles.page}>
      <nav className={styles.bar}>
        <Link href="/" className={styles.brand}>Layerwise</Link>
        <span className={styles.crumb}>Train</span>
        <label className={styles.pick}>
          Model
          <select
            value={source?.from === 'autosave' ? '' : (source?.graph.meta?.preset ?? '')}
            onChange={(e) => router.push(e.target.value ? `/train?preset=${encodeURIComponent(e.target.value)}` : '/train')}
            data-testid="model-pick"
          >
            <option value="">The graph from the editor</option>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>{p.name}{p.size === 'full' && p.id !== 'lenet5' ? ' (full size: slow here)' : ''}</option>
            ))}
          </select>
        </label>
        <Link href="/" className={styles.back}>Back to the editor</Link>
        <SiteNav />
      </nav>
      {source?.note && <p className={styles.note}>{source.note}</p>}
      {source ? <TrainPanel graph={source.graph} /> : <p className={styles.loading}>Loading the graph…</p>}
    </main>
  );
}
