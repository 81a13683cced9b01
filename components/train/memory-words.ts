/**
 * The memory guard's refusal in the user's language. lib/compile/memory-guard.ts returns it as
 * numbers and choices (`MemoryRefusal`) beside its English message for the command line; the
 * `errors.memory` messages word it here.
 */
import { formatBytes } from '@/lib/graph/memory';
import type { MemoryRefusal, MemoryTry } from '@/lib/compile/memory-guard';

/** A translator of the `errors` namespace (next-intl's `useTranslations('errors')`). */
export type ErrorWords = (key: string, values?: Record<string, string | number>) => string;

function tryWords(x: MemoryTry, t: ErrorWords): string {
  switch (x.kind) {
    case 'preset': return t('memory.preset', { preset: x.preset });
    case 'smaller-input': return t('memory.smallerInput');
    case 'batch': return x.batch === 1 ? t('memory.batchOne') : t('memory.batch', { batch: x.batch });
    case 'sgd': return t('memory.sgd');
    case 'narrower': return t('memory.narrower');
  }
}

/** "VGG-16 at 224×224 needs about 6.1 GB for batch 32; this browser can give about 2 GB. Try …", in the user's words. */
export function memoryRefusalWords(r: MemoryRefusal, t: ErrorWords): string {
  const tries = r.tries.map((x) => tryWords(x, t));
  const advice = tries.length <= 1 ? (tries[0] ?? '')
    : t('memory.or', { list: tries.slice(1, -1).reduce((list, item) => t('memory.list', { list, item }), tries[0]!), last: tries[tries.length - 1]! });
  return t('memory.refusal', {
    model: r.modelName ?? t('memory.thisModel'),
    at: r.input ? t('memory.at', { h: r.input[0], w: r.input[1] }) : '',
    need: formatBytes(r.needBytes), batch: r.batch,
    holder: r.budgetHolder ?? t('memory.thisBrowser'), budget: formatBytes(r.budgetBytes), advice,
  });
}
