'use client';
/**
 * What the editor's inspector shows of a node's arithmetic: the output-size formula filled in
 * with the node's own numbers (for a convolution or pooling layer; when the window does not fit,
 * the same lines show why the shape is an error) and a link to "How this layer computes" on the
 * Train page, where the trained model's numbers are worked out step by step.
 */
import { useTranslations } from 'next-intl';
import type { NodeAnalysis } from '@/lib/graph/analyse';
import type { ParamRecord } from '@/lib/graph/types';
import { geometryOf } from '@/lib/ops/layer';
import { OutputSizeFormula } from './OutputSizeFormula';
import styles from './Ops.module.css';

export function InspectorOps({ id, type, params, na }: { id: string; type: string; params: ParamRecord; na: NodeAnalysis | undefined }) {
  const t = useTranslations('ops');
  const input = na?.inputShapes[0];
  const geometry = input ? geometryOf(type, na?.params ?? params, input) : null;
  return (
    <div className={styles.inspectorOps} data-testid="inspector-ops">
      {geometry && <OutputSizeFormula geometry={geometry} />}
      <p style={{ margin: 0 }}>
        {/* A full page load: the Train page reads the node from its address when it mounts, which a client-side navigation runs before the address changes. */}
        <a href={`/train?node=${encodeURIComponent(id)}&ops=1`} className="lw-btn lw-btn-link" data-testid="how-it-computes-link"
          title={t('inspector.linkTitle', { node: id })}>
          {t('inspector.link')}
        </a>
      </p>
    </div>
  );
}
