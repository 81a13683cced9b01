import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Challenges } from '@/components/lessons/Challenges';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('lessons');
  return { title: `${t('challenges.title')} · Layerwise` };
}

/** /lessons/challenges: goals with a score, checked on the runs of this browser. */
export default function ChallengesPage() {
  return <Challenges />;
}
