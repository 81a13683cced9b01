'use client';
/** The words of a param change ("kernel 5 → 11"), shared by the stage rows and the canvases. */
import { useFormatter, useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { ParamChange } from '@/lib/compare/compare';
import type { ParamValue } from '@/lib/graph/types';

/**
 * A function wording one change: the param's name (a technical name, as in the code; the block's
 * type and its weight count in words), the old value and the new.
 */
export function useChangeText(): (c: ParamChange) => string {
  const t = useTranslations('compare');
  const format = useFormatter();
  return useCallback((c: ParamChange) => {
    const value = (v: ParamValue | undefined) => (v === undefined ? '—' : typeof v === 'number' ? format.number(v) : typeof v === 'object' ? '…' : String(v));
    return `${c.key === 'type' || c.key === 'trainable' ? t(`change.${c.key}`) : c.key.replace(/^params\./, '')} ${value(c.a)} → ${value(c.b)}`;
  }, [t, format]);
}
