'use client';
/**
 * The output-size formula ⌊(W − K + P₁ + P₂) / S⌋ + 1 filled in with a node's own numbers, for its
 * height and its width (one line when they agree), with the dilated kernel's reach and the
 * padding 'same' adds. The Look inside panel and the editor's inspector (where it explains a
 * shape error) show the same lines.
 */
import { useTranslations } from 'next-intl';
import { formulaText, type OutputSizeWorked, type WindowGeometry } from '@/lib/ops/geometry';
import styles from './Ops.module.css';

function Axis({ name, w }: { name: string; w: OutputSizeWorked }) {
  const t = useTranslations('ops');
  return (
    <div className={styles.formulaAxis}>
      <span className={styles.formulaName}>{name}</span>
      <code className={styles.formula} data-testid="output-size-formula">{formulaText(w)}</code>
      {w.dilation > 1 && <span className={styles.formulaNote}>{t('formula.dilated', { k: w.kernel, d: w.dilation, reach: w.effectiveKernel })}</span>}
      {w.padding === 'same' && <span className={styles.formulaNote}>{t('formula.same', { before: w.padBefore, after: w.padAfter, input: w.input, stride: w.stride, output: w.output })}</span>}
      {w.output < 1 && <span className={styles.formulaBad} role="note">{t('formula.tooSmall', { reach: w.effectiveKernel, padded: w.input + w.padBefore + w.padAfter })}</span>}
    </div>
  );
}

/** Both axes of a window op's output size, worked out. */
export function OutputSizeFormula({ geometry }: { geometry: WindowGeometry }) {
  const t = useTranslations('ops');
  const { rows, cols } = geometry;
  const same = rows.input === cols.input;
  return (
    <div className={styles.formulaBox} aria-label={t('formula.title')} role="group">
      <p className={styles.formulaLegend}>{t('formula.legend')}</p>
      {same ? <Axis name={t('formula.side')} w={rows} /> : <><Axis name={t('formula.height')} w={rows} /><Axis name={t('formula.width')} w={cols} /></>}
    </div>
  );
}
