import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, pickLocale } from '@/lib/i18n/locales';
import { loadMessages } from '@/lib/i18n/messages';

/**
 * next-intl's request configuration (this path is the library's convention). No locale in the
 * URL: the language is the remembered choice (cookie), else the browser's, else English.
 */
export default getRequestConfig(async () => {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const locale = pickLocale(jar.get(LOCALE_COOKIE)?.value, head.get('accept-language'));
  return { locale, messages: await loadMessages(locale) };
});
