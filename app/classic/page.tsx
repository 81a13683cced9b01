import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ClassicPage } from '@/components/classic/ClassicPage';
import { runSizeFromQuery } from '@/lib/classic/run-size';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('classic');
  return { title: t('metaTitle') };
}

/** /classic: HOG + linear SVM and k-NN on MNIST, beside LeNet-5. `?train=N&test=M` runs on fewer digits. */
export default async function ClassicRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <ClassicPage size={runSizeFromQuery(await searchParams)} />;
}
