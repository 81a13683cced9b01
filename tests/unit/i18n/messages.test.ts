import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@/lib/i18n/locales';
import { messageArguments, messageKeys, type MessageTree } from '@/lib/i18n/messages';
import { NAMESPACES } from '@/lib/i18n/namespaces';

const DIR = join(__dirname, '../../../messages');
const read = (locale: string, ns: string): MessageTree => JSON.parse(readFileSync(join(DIR, locale, `${ns}.json`), 'utf8')) as MessageTree;

/** The leaf message at a dotted path. */
function leaf(tree: MessageTree, path: string): string {
  return path.split('.').reduce<string | MessageTree>((t, k) => (t as MessageTree)[k]!, tree) as string;
}

describe('messages', () => {
  it('has a file for every namespace in every language, and no file outside the list', () => {
    for (const locale of LOCALES) {
      const files = readdirSync(join(DIR, locale)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
      expect(files, `messages/${locale}`).toEqual([...NAMESPACES].sort());
    }
  });

  for (const ns of NAMESPACES) {
    it(`${ns}: the same keys in English and 简体中文, none empty`, () => {
      const [en, zh] = LOCALES.map((l) => messageKeys(read(l, ns)));
      const missingInZh = en!.filter((k) => !zh!.includes(k));
      const missingInEn = zh!.filter((k) => !en!.includes(k));
      expect({ missingInZh, missingInEn }).toEqual({ missingInZh: [], missingInEn: [] });
      for (const locale of LOCALES) {
        const tree = read(locale, ns);
        for (const key of messageKeys(tree)) expect(leaf(tree, key).trim(), `${locale} ${ns}.${key}`).not.toBe('');
      }
    });

    it(`${ns}: each translation uses the same arguments as the English`, () => {
      const en = read('en', ns);
      const zh = read('zh-CN', ns);
      for (const key of messageKeys(en)) {
        expect(messageArguments(leaf(zh, key)), `${ns}.${key}`).toEqual(messageArguments(leaf(en, key)));
      }
    });
  }
});

describe('messageKeys and messageArguments', () => {
  it('flattens nested keys', () => {
    expect(messageKeys({ b: 'x', a: { d: 'y', c: { e: 'z' } } })).toEqual(['a.c.e', 'a.d', 'b']);
  });

  it('finds plain, plural and nested arguments, not plural selectors', () => {
    expect(messageArguments('{count, plural, one {# layer in {name}} other {# layers}} at {rate}')).toEqual(['count', 'name', 'rate']);
    expect(messageArguments('no arguments here; {0bad} is not a name')).toEqual([]);
  });
});
