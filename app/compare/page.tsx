import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ComparePage } from '@/components/compare/ComparePage';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('compare');
  return { title: t('pageTitle') };
}

/** /compare?a=lenet5&b=alexnet compares two presets; `mine` stands for the editor's graph. */
export default async function Compare({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { a, b } = await searchParams;
  return <ComparePage {...(typeof a === 'string' ? { a } : {})} {...(typeof b === 'string' ? { b } : {})} />;
}
