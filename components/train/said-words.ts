/**
 * lib/train's sentences (a `Said`: a message key and its values, lib/train/said.ts) in the user's
 * language. lib keeps the English for the command line; the interface words the same key from
 * messages/<locale>, a clause inside a sentence in the same language as the sentence.
 */
import type { Said } from '@/lib/train/said';

/** A translator of all namespaces (next-intl's `useTranslations()` with no namespace). */
export type AllWords = (key: string, values?: Record<string, string | number>) => string;

/** The sentence in the translator's language. */
export function saidWords(said: Said, t: AllWords): string {
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(said.values ?? {})) values[name] = typeof v === 'object' ? saidWords(v, t) : v;
  return t(said.key, values);
}

/** An error's message for people: its Said worded in the user's language, else its English message. */
export function errorWords(error: { readonly message: string; readonly said?: Said }, t: AllWords): string {
  return error.said ? saidWords(error.said, t) : error.message;
}
