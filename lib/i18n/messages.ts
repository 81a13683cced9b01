import type { Locale } from './locales';
import { NAMESPACES } from './namespaces';

/** A namespace's messages: nested objects whose leaves are ICU message strings. */
export interface MessageTree { readonly [key: string]: string | MessageTree }

/**
 * All messages of a language, one key per namespace. The imports are relative template literals,
 * so the bundler packs every messages/<locale>/<namespace>.json and loads only the language asked for.
 */
export async function loadMessages(locale: Locale): Promise<Record<string, MessageTree>> {
  const entries = await Promise.all(NAMESPACES.map(async (ns) => {
    const mod = (await import(`../../messages/${locale}/${ns}.json`)) as { default: MessageTree };
    return [ns, mod.default] as const;
  }));
  return Object.fromEntries(entries);
}

/** Every leaf key of a message tree as a dotted path ("toolbar.save"), sorted. */
export function messageKeys(tree: MessageTree, prefix = ''): string[] {
  return Object.entries(tree)
    .flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : messageKeys(value, `${prefix}${key}.`)))
    .sort();
}

/**
 * The ICU argument names a message uses ("{count, plural, …}" → count), so a translation that
 * drops or renames an argument is caught. Nested plural branches are searched too.
 */
export function messageArguments(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*(?:[,}])/g)) names.add(m[1]!);
  return [...names].sort();
}
