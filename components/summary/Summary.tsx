'use client';
/**
 * The summary panel: a Keras-style table of the whole model (node, type, output shape, params,
 * FLOPs, receptive field) in topological order, its totals and a memory estimate. Clicking a
 * row selects that node on the canvas and brings it into view.
 */
import { useTranslations } from 'next-intl';
import { memo, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getBlock } from '@/lib/blocks';
import { formatShape } from '@/lib/blocks/util';
import type { Analysis } from '@/lib/graph/analyse';
import { formatBytes, trainingMemoryBreakdown } from '@/lib/graph/memory';
import { setSelection, useEditor } from '@/components/editor/store';
import { useFormatCount } from './format';

/** Batch size of the training-memory estimate; Adam keeps two moments per weight. */
const TRAIN_BATCH = 32;

interface Row {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly shape: string;
  readonly params: number;
  readonly flops: number;
  readonly rf: string;
  readonly error: boolean;
}

function rowsOf(analysis: Analysis, labels: ReadonlyMap<string, string>): Row[] {
  const inOrder = new Set(analysis.order);
  const ids = [...analysis.order, ...Object.keys(analysis.nodes).filter((id) => !inOrder.has(id))];
  return ids.map((id) => {
    const na = analysis.nodes[id]!;
    return {
      id,
      name: labels.get(id) ?? id,
      type: getBlock(na.type)?.name ?? na.type,
      shape: na.outputShape ? formatShape(na.outputShape) : '?',
      params: na.paramCount.trainable + na.paramCount.nonTrainable,
      flops: na.flops,
      rf: na.receptiveField ? String(na.receptiveField.size) : '?',
      error: na.errors.length > 0,
    };
  });
}

const SummaryRow = memo(function SummaryRow({ row, selected }: { row: Row; selected: boolean }) {
  const formatCount = useFormatCount();
  return (
    <tr
      className={`${selected ? 'is-selected' : ''}${row.error ? ' has-error' : ''}`}
      onClick={() => setSelection([row.id], true)}
      aria-selected={selected}
      data-node-id={row.id}
    >
      <th scope="row">
        <button type="button" className="lw-linkish" onClick={(e) => { e.stopPropagation(); setSelection([row.id], true); }}>
          {row.name}
        </button>
      </th>
      <td>{row.type}</td>
      <td className="num">{row.shape}</td>
      <td className="num">{formatCount(row.params)}</td>
      <td className="num">{formatCount(row.flops)}</td>
      <td className="num">{row.rf}</td>
    </tr>
  );
});

function Total({ id, label, value, title }: { id: string; label: string; value: string; title?: string }) {
  return (
    <div className="lw-total" title={title}>
      <span id={id}>{label}</span>
      <output aria-labelledby={id} data-testid={id}>{value}</output>
    </div>
  );
}

export function Summary() {
  const [open, setOpen] = useState(true);
  const tr = useTranslations('editor');
  const formatCount = useFormatCount();
  const { analysis, selected, count } = useEditor(useShallow((s) => ({ analysis: s.analysis, selected: s.selected, count: s.doc.graph.nodes.length })));
  // Labels change only through an edit, which also renews the analysis: read them with it.
  const rows = useMemo(() => {
    const labels = new Map<string, string>();
    for (const n of useEditor.getState().doc.graph.nodes) if (n.label) labels.set(n.id, n.label);
    return rowsOf(analysis, labels);
  }, [analysis]);
  const t = analysis.totals;
  const total = t.trainable + t.nonTrainable;
  // The memory guard's estimate (lib/graph/memory.ts): weights are its `weights` part.
  const training = trainingMemoryBreakdown(analysis, { batchSize: TRAIN_BATCH, optimizer: 'adam' });
  const weightsBytes = training.weights;
  const trainBytes = training.total;
  return (
    <section className={`lw-summary${open ? '' : ' is-closed'}`} aria-label={tr('summary.label')}>
      <div className="lw-summary-bar">
        <button type="button" className="lw-btn lw-btn-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {tr('summary.toggle')}
        </button>
        <Total id="total-nodes" label={tr('summary.nodes')} value={formatCount(count)} />
        <Total id="total-params" label={tr('summary.totalParams')} value={formatCount(total)} title={tr('summary.weightsHint', { bytes: formatBytes(weightsBytes, 'both') })} />
        <Total id="trainable-params" label={tr('summary.trainable')} value={formatCount(t.trainable)} />
        <Total id="non-trainable-params" label={tr('summary.nonTrainable')} value={formatCount(t.nonTrainable)} />
        <Total id="total-flops" label={tr('summary.flops')} value={formatCount(t.flops)} />
        <Total
          id="memory-estimate"
          label={tr('summary.memory')}
          value={tr('summary.memoryValue', { weights: formatBytes(weightsBytes), activations: formatBytes(t.activationBytes) })}
          title={tr('summary.memoryHint', { inference: formatBytes(weightsBytes + t.activationBytes, 'both'), batch: TRAIN_BATCH, training: formatBytes(trainBytes, 'both') })}
        />
      </div>
      {open && (
        <div className="lw-summary-table" role="region" aria-label={tr('summary.layers')} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{tr('summary.colNode')}</th>
                <th scope="col">{tr('summary.colType')}</th>
                <th scope="col" className="num">{tr('summary.colShape')}</th>
                <th scope="col" className="num">{tr('summary.colParams')}</th>
                <th scope="col" className="num">{tr('summary.colFlops')}</th>
                <th scope="col" className="num">{tr('summary.colRf')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => <SummaryRow key={r.id} row={r} selected={selected.has(r.id)} />)}
            </tbody>
            <tfoot>
              <tr><th scope="row" colSpan={3}>{tr('summary.totalParams')}</th><td className="num">{formatCount(total)}</td><td className="num">{formatCount(t.flops)}</td><td /></tr>
              <tr><th scope="row" colSpan={3}>{tr('summary.trainable')}</th><td className="num">{formatCount(t.trainable)}</td><td colSpan={2} /></tr>
              <tr><th scope="row" colSpan={3}>{tr('summary.nonTrainable')}</th><td className="num">{formatCount(t.nonTrainable)}</td><td colSpan={2} /></tr>
              <tr>
                <th scope="row" colSpan={3}>{tr('summary.memoryEstimate')}</th>
                <td colSpan={3}>
                  {tr('summary.memoryLine', { weights: formatBytes(weightsBytes, 'both'), activations: formatBytes(t.activationBytes, 'both'), batch: TRAIN_BATCH, training: formatBytes(trainBytes, 'both') })}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
