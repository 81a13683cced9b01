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

/** A translator of one namespace, called with keys known only at run time (error codes). */
export interface Translator {
  (key: string, values?: Record<string, string>): string;
  has(key: string): boolean;
}

/**
 * How the page words graph errors: messages of the `graphErrors` namespace (`t`), block names and
 * param labels of the `blocks` namespace (`blocks`), numbers by `locale` — grouped only where
 * lib's English groups them, so the English equals the command line's.
 */
export function graphErrorWording(t: Translator, blocks: Translator, locale: string): ErrorWording {
  const grouped = new Intl.NumberFormat(locale);
  const plain = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 });
  return {
    message: (key, args) => (t.has(key) ? t(key, { ...args }) : undefined),
    number: (n, group) => (group ? grouped : plain).format(n),
    // Registry blocks only: a graph's own block keeps the name its maker gave it.
    block: (type, name) => (getBlock(type) && blocks.has(`${type}.name`) ? blocks(`${type}.name`) : name),
    param: (type, key, label) => (getBlock(type) && blocks.has(`${type}.params.${key}.label`) ? blocks(`${type}.params.${key}.label`) : label),
  };
}

/** Words an error (or several, as one list) with a wording; an error without a code keeps its English. */
export function wordErrors(e: WordableError | readonly WordableError[], wording: ErrorWording): string {
  const one = (x: WordableError) => (x.code ? wordGraphError({ code: x.code, values: x.values ?? {}, message: x.message }, wording) : x.message);
  return 'message' in e ? one(e as WordableError) : wordErrorValue({ list: (e as readonly WordableError[]).map(one), join: 'semicolon' }, wording);
}

/** Words graph errors in the user's language (the `graphErrors` and `blocks` namespaces). */
export function useGraphErrorWords(): GraphErrorWords {
  const t = useTranslations('graphErrors');
  const blocks = useTranslations('blocks');
  const locale = useLocale();
  return useMemo(() => {
    // The keys are codes known only at run time, so the translators are called untyped.
    const wording = graphErrorWording(t as unknown as Translator, blocks as unknown as Translator, locale);
    return (e: WordableError | readonly WordableError[]) => wordErrors(e, wording);
  }, [t, blocks, locale]);
}
