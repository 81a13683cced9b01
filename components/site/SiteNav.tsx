'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { LanguageSwitch } from './LanguageSwitch';
import { SITE_SECTIONS } from './links';

/** The site's teaching sections and the language menu, for the top bar of every page. */
export function SiteNav({ className }: { className?: string }) {
  const t = useTranslations('common');
  const path = usePathname();
  return (
    <nav className={className ?? 'lw-site-nav'} aria-label={t('nav.site')}>
      {SITE_SECTIONS.map((s) => (
        <Link key={s.key} href={s.href} className="lw-site-link" aria-current={path === s.href ? 'page' : undefined}>
          {t(`nav.${s.key}`)}
        </Link>
      ))}
      <LanguageSwitch />
    </nav>
  );
}
