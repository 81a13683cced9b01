import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getLesson, LESSONS } from '@/lib/lessons/lessons';
import { LessonView } from '@/components/lessons/LessonView';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export function generateStaticParams() {
  return LESSONS.map((l) => ({ id: l.id }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const t = await getTranslations('lessons');
  return { title: getLesson(id) ? `${t(`lesson.${id}.title`)} · Layerwise` : 'Layerwise' };
}

/** /lessons/<id>?step=<n>: a lesson, at step n (from 1). */
export default async function LessonPage({ params, searchParams }: Props) {
  const { id } = await params;
  if (!getLesson(id)) notFound();
  const { step } = await searchParams;
  const n = typeof step === 'string' ? Number.parseInt(step, 10) : NaN;
  return <LessonView id={id} initialStep={Number.isFinite(n) ? n - 1 : 0} />;
}
