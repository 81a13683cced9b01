'use client';
/**
 * Words of the editor in the user's language: `useWords()` turns a store's `Words` (a message key
 * with arguments, or text already in words) into a string of the `editor` namespace.
 */
import { useTranslations } from 'next-intl';
import { useCallback } from 'react';
import type { Words } from './store';

/** A function that words a `Words` value in the user's language. */
export function useWords(): (words: Words) => string {
  const t = useTranslations('editor');
  return useCallback((w: Words) => (typeof w === 'string' ? w : t(w.key, w.values)), [t]);
}
