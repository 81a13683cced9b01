'use client';
/**
 * The editor's line about the graph's trained weights, read from this browser's store (IndexedDB)
 * by the graph's weight signature: "Trained: 98.4% on MNIST, 1 epoch". Nothing when the graph's
 * weights were never trained; moving nodes or renaming labels keeps the line, changing a weight's
 * shape drops it (the training panel says why).
 */
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { Graph } from '@/lib/graph/types';
import type { TrainedSummary } from '@/lib/train/session-types';
import { weightSignature } from '@/lib/train/signature';
import { openModelStore } from '@/lib/train/store.browser';
import type { ModelStore } from '@/lib/train/store';
import { trainedDate, trainedLine } from './trained-text';

let store: Promise<ModelStore> | undefined;

export function TrainedLine({ graph }: { graph: Graph }) {
  const [found, setFound] = useState<{ graph: Graph; summary: TrainedSummary; edited: boolean } | null>(null);
  const t = useTranslations('train');
  const locale = useLocale();
  useEffect(() => {
    let live = true;
    // After the edits settle: the signature expands the whole graph.
    const timer = setTimeout(async () => {
      const signature = weightSignature(graph);
      store ??= openModelStore();
      const record = signature ? await (await store).getModel(signature.key) : undefined;
      if (live) setFound(record && signature ? { graph, summary: record.summary, edited: record.functionKey !== signature.functionKey } : null);
    }, 250);
    return () => { live = false; clearTimeout(timer); };
  }, [graph]);
  if (!found) return null;
  const { summary, edited } = found;
  return (
    <span className="lw-trained" data-testid="trained-line" title={t('trained.editorHint', { date: trainedDate(summary, locale) })}>
      {trainedLine(summary, t)}{edited ? t('trained.beforeEdits') : ''}
    </span>
  );
}
