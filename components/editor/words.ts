'use client';
/**
 * Words of the editor in the user's language: `useWords()` turns a store's `Words` (a message key
 * with arguments, or text already in words) into a string of the `editor` namespace.
 */
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import { useGraphErrorWords } from './graph-error-words';
import type { Words } from './store';

/** A function that words a `Words` value in the user's language. */
export function useWords(): (words: Words) => string {
  const t = useTranslations('editor');
  const errorWords = useGraphErrorWords();
  return useCallback((w: Words) => {
    if (typeof w === 'string') return w;
    if ('error' in w) return errorWords(w.error);
    const errors = Object.fromEntries(Object.entries(w.errors ?? {}).map(([k, e]) => [k, errorWords(e)]));
    return t(w.key, { ...w.values, ...errors });
  }, [t, errorWords]);
}
