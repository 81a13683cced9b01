/** Number formatting for the summary and the inspector (bytes: formatBytes in lib/graph/memory.ts). */
import { useFormatter } from 'next-intl';
import { useCallback } from 'react';

const nf = new Intl.NumberFormat('en-US');

/** 6998552 → "6,998,552". */
export function formatCount(n: number): string {
  return nf.format(Math.round(n));
}


/** formatCount in the user's language: next-intl's number format for the page's locale. */
export function useFormatCount(): (n: number) => string {
  const format = useFormatter();
  return useCallback((n: number) => format.number(Math.round(n)), [format]);
}
