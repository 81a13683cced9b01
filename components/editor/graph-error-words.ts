'use client';
/**
 * Graph errors in the user's language. lib returns each error as a code with its values
 * (lib/graph/graph-errors.ts) beside its English `message`; the `graphErrors` messages word it
 * here, numbers by the locale (grouped where lib's English groups them, so the English matches the
 * command line's to the character), blocks and params by the names the editor shows
 * (the `blocks` messages). An error without a code, or with a code this page has no message
 * for, shows its English.
 */
import { useLocale, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { getBlock } from '@/lib/blocks';
import { wordErrorValue, wordGraphError, type ErrorWording, type WordableError } from '@/lib/graph/graph-errors';

export type { WordableError };

/** A function that words a graph error (or several, joined as a list) in the user's language. */
export type GraphErrorWords = (e: WordableError | readonly WordableError[]) => string;

/** Words graph errors in the user's language (the `graphErrors` and `blocks` namespaces). */
export function useGraphErrorWords(): GraphErrorWords {
  const t = useTranslations('graphErrors');
  const blocks = useTranslations('blocks');
  const locale = useLocale();
  return useMemo(() => {
    const grouped = new Intl.NumberFormat(locale);
    const plain = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 });
    // The keys are codes known only at run time, so the translators are called untyped.
    const tr = t as unknown as { (key: string, values?: Record<string, string>): string; has(key: string): boolean };
    const br = blocks as unknown as { (key: string): string; has(key: string): boolean };
    const wording: ErrorWording = {
      message: (key, args) => (tr.has(key) ? tr(key, { ...args }) : undefined),
      number: (n, group) => (group ? grouped : plain).format(n),
      // Registry blocks only: a graph's own block keeps the name its maker gave it.
      block: (type, name) => (getBlock(type) && br.has(`${type}.name`) ? br(`${type}.name`) : name),
      param: (type, key, label) => (getBlock(type) && br.has(`${type}.params.${key}.label`) ? br(`${type}.params.${key}.label`) : label),
    };
    const one = (e: WordableError) => (e.code ? wordGraphError({ code: e.code, values: e.values ?? {}, message: e.message }, wording) : e.message);
    return (e: WordableError | readonly WordableError[]) => ('message' in e ? one(e as WordableError)
      : wordErrorValue({ list: (e as readonly WordableError[]).map(one), join: 'semicolon' }, wording));
  }, [t, blocks, locale]);
}
