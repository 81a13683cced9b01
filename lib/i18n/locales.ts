/**
 * The interface's languages. Layerwise grew from a course written in Chinese, so 简体中文 stands
 * beside English everywhere: the interface, the teaching texts and the errors.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';
/** next-intl's own cookie name, so its tools and ours agree on where the choice is remembered. */
export const LOCALE_COOKIE = 'NEXT_LOCALE';
/** A year: the choice is remembered until the user changes it. */
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

/** Each language named in itself, as a language menu shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

/** True for one of the interface's languages. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The interface language for a request: the remembered choice if it is one of ours, else the
 * first of the browser's languages (Accept-Language, by quality) that we speak, else English.
 * Any Chinese except the traditional scripts' regions (zh-TW, zh-HK, zh-MO, zh-Hant) reads 简体中文.
 */
export function pickLocale(remembered: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (isLocale(remembered)) return remembered;
  for (const tag of acceptedLanguages(acceptLanguage ?? '')) {
    const lower = tag.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower === 'zh' || lower.startsWith('zh-')) {
      if (/^zh-(hant|tw|hk|mo)\b/.test(lower)) continue;
      return 'zh-CN';
    }
  }
  return DEFAULT_LOCALE;
}

/** The language tags of an Accept-Language header, best first (quality, then order); q=0 left out. */
export function acceptedLanguages(header: string): string[] {
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((x) => x.tag !== '' && x.tag !== '*' && x.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((x) => x.tag);
}
