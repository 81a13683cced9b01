'use client';
/** The top bar of the teaching pages: "Layerwise" home, where the page sits, the site navigation. */
import Link from 'next/link';
import { SiteNav } from '@/components/site/SiteNav';
import styles from './Lessons.module.css';

export function TopBar({ crumbs }: { crumbs: readonly { label: string; href?: string }[] }) {
  return (
    <div className={styles.bar}>
      <Link href="/" className={styles.brand}>Layerwise</Link>
      {crumbs.map((c, i) => (
        <span key={i} className={styles.crumb}>
          {c.href ? <Link href={c.href}>{c.label}</Link> : c.label}
        </span>
      ))}
      <span className={styles.spacer} />
      <SiteNav />
    </div>
  );
}
