'use client';
/**
 * The summary panel: a Keras-style table of the whole model (node, type, output shape, params,
 * FLOPs, receptive field) in topological order, its totals and a memory estimate. Clicking a
 * row selects that node on the canvas and brings it into view.
 */
import { memo, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getBlock } from '@/lib/blocks';
import { formatShape } from '@/lib/blocks/util';
import type { Analysis } from '@/lib/graph/analyse';
import { formatBytes, trainingMemoryBreakdown } from '@/lib/graph/memory';
import { setSelection, useEditor } from '@/components/editor/store';
import { formatCount } from './format';

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
    <section className={`lw-summary${open ? '' : ' is-closed'}`} aria-label="Summary">
      <div className="lw-summary-bar">
        <button type="button" className="lw-btn lw-btn-quiet" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} Summary
        </button>
        <Total id="total-nodes" label="Nodes" value={String(count)} />
        <Total id="total-params" label="Total params" value={formatCount(total)} title={`${formatBytes(weightsBytes, 'both')} of float32 weights`} />
        <Total id="trainable-params" label="Trainable params" value={formatCount(t.trainable)} />
        <Total id="non-trainable-params" label="Non-trainable params" value={formatCount(t.nonTrainable)} />
        <Total id="total-flops" label="FLOPs (multiply-adds)" value={formatCount(t.flops)} />
        <Total
          id="memory-estimate"
          label="Memory"
          value={`${formatBytes(weightsBytes)} weights · ${formatBytes(t.activationBytes)} activations/image`}
          title={`Estimate, float32. Inference: weights + one image's activations = ${formatBytes(weightsBytes + t.activationBytes, 'both')}. ` +
            `Training with Adam at batch ${TRAIN_BATCH}: weights, gradients and two moments (4× trainable) + activations kept for the backward pass and their gradients (2× per image) ≈ ${formatBytes(trainBytes, 'both')}.`}
        />
      </div>
      {open && (
        <div className="lw-summary-table" role="region" aria-label="Layers" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Type</th>
                <th scope="col" className="num">Output shape</th>
                <th scope="col" className="num">Param #</th>
                <th scope="col" className="num">FLOPs</th>
                <th scope="col" className="num">RF</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => <SummaryRow key={r.id} row={r} selected={selected.has(r.id)} />)}
            </tbody>
            <tfoot>
              <tr><th scope="row" colSpan={3}>Total params</th><td className="num">{formatCount(total)}</td><td className="num">{formatCount(t.flops)}</td><td /></tr>
              <tr><th scope="row" colSpan={3}>Trainable params</th><td className="num">{formatCount(t.trainable)}</td><td colSpan={2} /></tr>
              <tr><th scope="row" colSpan={3}>Non-trainable params</th><td className="num">{formatCount(t.nonTrainable)}</td><td colSpan={2} /></tr>
              <tr>
                <th scope="row" colSpan={3}>Memory estimate (float32)</th>
                <td colSpan={3}>
                  weights {formatBytes(weightsBytes, 'both')}; activations {formatBytes(t.activationBytes, 'both')} per image;
                  training at batch {TRAIN_BATCH} with Adam ≈ {formatBytes(trainBytes, 'both')}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
