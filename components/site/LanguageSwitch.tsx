'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { useHydrated } from './use-hydrated';
import { isLocale, LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';

/**
 * The language menu. The choice goes into next-intl's cookie (remembered for a year) and the
 * page re-renders on the server in that language; the editor's graph and a running session are
 * kept, since only the server components refresh.
 *
 * Disabled until the page has hydrated: a choice made on the server-rendered menu before React
 * attached its handler would be lost (the menu would snap back), so it cannot be made yet.
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const t = useTranslations('common');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  return (
    <select
      className={className ?? 'lw-lang'}
      aria-label={t('language')}
      title={t('languageHint')}
      value={locale}
      disabled={pending || !hydrated}
      data-testid="language"
      onChange={(e) => {
        const next = e.target.value;
        if (!isLocale(next)) return;
        document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE_S}; samesite=lax`;
        document.documentElement.lang = next;
        startTransition(() => router.refresh());
      }}
    >
      {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
    </select>
  );
}
