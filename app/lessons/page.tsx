import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LessonsIndex } from '@/components/lessons/LessonsIndex';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('lessons');
  return { title: `${t('title')} · Layerwise` };
}

/** /lessons: the history as a path of lessons. */
export default function LessonsPage() {
  return <LessonsIndex />;
}
