'use client';
/** The figures of the two graphs and their change: params, multiply-adds, depth, receptive field. */
import { useTranslations, type useFormatter } from 'next-intl';
import type { Comparison, Figures } from '@/lib/compare/compare';
import styles from './Compare.module.css';

type Format = ReturnType<typeof useFormatter>;

export function FiguresTable({ comparison, nameA, nameB, format }: { comparison: Comparison; nameA: string; nameB: string; format: Format }) {
  const t = useTranslations('compare');
  const { a, b } = comparison;
  const n = (v: number) => format.number(v);
  const delta = (x: number, y: number) => format.number(y - x, { signDisplay: 'exceptZero' });
  const ratio = (x: number, y: number) => (x > 0 && y !== x ? ` (${t('figures.times', { value: format.number(y / x, { maximumSignificantDigits: 3 }) })})` : '');
  const field = (f: Figures) => {
    if (f.receptiveField === undefined) return '—';
    const px = t('figures.pixels', { value: n(f.receptiveField) });
    return f.inputSide !== undefined && f.receptiveField >= f.inputSide ? `${px} · ${t('figures.wholeInput', { side: f.inputSide })}` : px;
  };
  const rows: { key: string; label: string; hint?: string; a: string; b: string; change: string }[] = [
    { key: 'params', label: t('figures.params'), a: n(a.trainable), b: n(b.trainable), change: delta(a.trainable, b.trainable) + ratio(a.trainable, b.trainable) },
    { key: 'macs', label: t('figures.macs'), a: n(a.macs), b: n(b.macs), change: delta(a.macs, b.macs) + ratio(a.macs, b.macs) },
    { key: 'depth', label: t('figures.depth'), hint: t('figures.depthHint'), a: n(a.depth), b: n(b.depth), change: delta(a.depth, b.depth) },
    {
      key: 'rf', label: t('figures.rf'), hint: t('figures.rfHint'), a: field(a), b: field(b),
      change: a.receptiveField !== undefined && b.receptiveField !== undefined ? t('figures.pixels', { value: delta(a.receptiveField, b.receptiveField) }) : '—',
    },
  ];
  return (
    <>
      <table className={styles.figures}>
        <caption>{t('figures.caption')}</caption>
        <thead>
          <tr><th scope="col">{t('figures.what')}</th><th scope="col">A · {nameA}</th><th scope="col">B · {nameB}</th><th scope="col">{t('figures.change')}</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-figure={r.key}>
              <th scope="row">{r.label}{r.hint && <span className={styles.hintCell}>{r.hint}</span>}</th>
              <td>{r.a}</td>
              <td>{r.b}</td>
              <td className={styles.change}>{r.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!a.valid && <p className={styles.notice}>{t('figures.invalid', { name: nameA })}</p>}
      {!b.valid && <p className={styles.notice}>{t('figures.invalid', { name: nameB })}</p>}
    </>
  );
}
