'use client';
/**
 * The /train page's content: the graph to train (a preset from `?preset=`, else the graph the
 * editor autosaved, else LeNet-5) and the training panel for it.
 */
import { useTranslations } from 'next-intl';
import { useMemo, useSyncExternalStore } from 'react';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import { SiteNav } from '@/components/site/SiteNav';
import { PRESETS, getPreset } from '@/presets';
import { loadAutosave } from '@/components/editor/persist';
import type { Graph } from '@/lib/graph/types';
import type { DatasetId } from '@/lib/train/datasets/catalogue';
import type { WorkersRequest } from '@/lib/train/parallel/shards';
import { TrainPanel } from './TrainPanel';
import styles from './TrainRoute.module.css';

/** Where the graph shown comes from; `note` is a message key of `train.route` saying why it is not the one asked for. */
type Source = { graph: Graph; from: 'preset' | 'autosave' | 'default'; note?: 'noPreset' | 'noPresetNoGraph' | 'noGraph' };

const DEFAULT_PRESET = 'lenet5';

function presetSource(id: string, note?: Source['note']): Source | undefined {
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

export function TrainRoute({ presetId, datasetId, workers }: { presetId?: string; datasetId?: DatasetId; workers?: WorkersRequest }) {
  const router = useRouter();
  const t = useTranslations('train');
  // A preset is built the same way on the server and in the browser; the autosave lives in the
  // browser's storage, so it is read after mounting.
  const fromPreset = useMemo(() => (presetId ? presetSource(presetId) : undefined), [presetId]);
  // Null on the server and in the first render (no storage there): "Loading the graph…".
  const stored = useSyncExternalStore(subscribeStorage, readAutosave, () => null);
  const saved = useMemo<Source | undefined>(() => {
    if (fromPreset || !stored) return undefined;
    return stored.graph && stored.graph.nodes.length > 0
      ? { graph: stored.graph, from: 'autosave', ...(presetId ? { note: 'noPreset' as const } : {}) }
      : presetSource(DEFAULT_PRESET, presetId ? 'noPresetNoGraph' : 'noGraph');
  }, [fromPreset, stored, presetId]);
  const source = fromPreset ?? saved;

  return (
    <main className={styles.page}>
      <nav className={styles.bar}>
        <Link href="/" className={styles.brand}>Layerwise</Link>
        <span className={styles.crumb}>{t('route.crumb')}</span>
        <label className={styles.pick}>
          {t('route.model')}
          <select
            value={source?.from === 'autosave' ? '' : (source?.graph.meta?.preset ?? '')}
            onChange={(e) => router.push(e.target.value ? `/train?preset=${encodeURIComponent(e.target.value)}` : '/train')}
            data-testid="model-pick"
          >
            <option value="">{t('route.fromEditor')}</option>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>{p.size === 'full' && p.id !== 'lenet5' ? t('route.fullSlow', { name: p.name }) : p.name}</option>
            ))}
          </select>
        </label>
        <Link href="/" className={styles.back}>{t('route.back')}</Link>
        <SiteNav />
      </nav>
      {source?.note && <p className={styles.note}>{t(`route.${source.note}`, { id: presetId ?? '' })}</p>}
      {source ? <TrainPanel graph={source.graph} {...(datasetId ? { initialDataset: datasetId } : {})} {...(workers !== undefined ? { initialWorkers: workers } : {})} /> : <p className={styles.loading}>{t('route.loading')}</p>}
    </main>
  );
}
