import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { HistoryPage } from '@/components/history/HistoryPage';
import { presetFigures } from '@/lib/history/figures';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('history');
  return { title: t('pageTitle') };
}

/** /history: the ILSVRC years and every preset's size, cost and accuracy (computed here, once). */
export default function History() {
  return <HistoryPage rows={presetFigures()} />;
}
