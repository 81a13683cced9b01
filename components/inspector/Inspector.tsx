'use client';
/**
 * The inspector: the selected node's params as a form built from its block's schema, and what
 * analyse says about it — output shape, parameters with their formula in live numbers, FLOPs,
 * receptive field, memory — with the block's teaching text. With nothing selected it shows the
 * model: its name, its totals and, for a preset, its history card.
 */
import { useShallow } from 'zustand/react/shallow';
import type { BlockSpec } from '@/lib/blocks/spec';
import { formatShape } from '@/lib/blocks/util';
import type { NodeAnalysis } from '@/lib/graph/analyse';
import { specIn } from '@/lib/graph/custom';
import { INNER_SEPARATOR } from '@/lib/graph/expand';
import type { ParamRecord } from '@/lib/graph/types';
import { getPreset } from '@/presets';
import { groupTitle } from '@/components/editor/doc';
import { attemptParam, openBlock, closeBlock, renameLabel, useEditor } from '@/components/editor/store';
import { formatCount } from '@/components/summary/format';
import { formatBytes } from '@/lib/graph/memory';
import { ParamField } from './ParamField';
import { HistoryCard } from '@/components/presets/HistoryCard';
import { InspectorOps } from '@/components/ops/InspectorOps';

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  );
}

function NodeFacts({ na, spec }: { na: NodeAnalysis; spec: BlockSpec<ParamRecord> }) {
  const total = na.paramCount.trainable + na.paramCount.nonTrainable;
  return (
    <dl className="lw-facts">
      <Fact label="Input">{na.inputShapes.length ? na.inputShapes.map((s) => formatShape(s)).join(', ') : '—'}</Fact>
      <Fact label="Output" testId="inspector-output">{na.outputShape ? formatShape(na.outputShape) : '?'}</Fact>
      <Fact label="Params" testId="inspector-params">
        {formatCount(total)}
        {na.paramCount.nonTrainable > 0 && <span className="lw-muted"> ({formatCount(na.paramCount.trainable)} trainable, {formatCount(na.paramCount.nonTrainable)} not)</span>}
      </Fact>
      <Fact label="Formula" testId="inspector-formula">
        {na.formula ?? (spec.kind === 'composite' && na.outputShape ? `sum of its inner layers = ${formatCount(total)}` : spec.teach.formula)}
      </Fact>
      <Fact label="FLOPs">{formatCount(na.flops)} multiply-adds</Fact>
      <Fact label="Receptive field">{na.receptiveField ? `${na.receptiveField.size}×${na.receptiveField.size} px, jump ${na.receptiveField.jump}` : '?'}</Fact>
      <Fact label="Activations">{formatBytes(na.activationBytes)} per image</Fact>
    </dl>
  );
}

function NodeInspector({ id }: { id: string }) {
  const { node, na, parentGroup, blocks } = useEditor(useShallow((s) => {
    const n = s.doc.graph.nodes.find((x) => x.id === id);
    const cut = id.lastIndexOf(INNER_SEPARATOR);
    const g = cut > 0 ? s.doc.groups[id.slice(0, cut)] : undefined;
    return { node: n, na: s.analysis.nodes[id], parentGroup: g, blocks: s.doc.graph.blocks };
  }));
  if (!node) return null;
  const spec = specIn({ blocks }, node.type);
  if (!spec) {
    return <section className="lw-inspector-body"><h2>{node.type}</h2><p className="lw-error" role="alert">Unknown block type “{node.type}”; delete this node.</p></section>;
  }
  const params = na?.params ?? node.params;
  const blockKey = Object.keys(spec.params).find((k) => spec.params[k]!.kind === 'block');
  return (
    <section className="lw-inspector-body" aria-label={`Inspector: ${spec.name} ${node.id}`}>
      <header className="lw-insp-head">
        <h2>{spec.name}</h2>
        <code className="lw-insp-id">{node.id}</code>
      </header>
      {parentGroup && <p className="lw-muted">Inside {groupTitle(parentGroup)}.</p>}
      {na?.description && <p className="lw-insp-desc">{na.description}</p>}
      {na && na.errors.length > 0 && (
        <div className="lw-error" role="alert" data-testid="inspector-errors">
          {na.errors.map((e, i) => <p key={i}>{e}</p>)}
        </div>
      )}
      <InspectorOps id={node.id} type={node.type} params={params} na={na} />
      {spec.kind === 'composite' && (
        <p>
          <button type="button" className="lw-btn" onClick={() => void openBlock(node.id)} disabled={!na?.innerGraph}>Open block</button>{' '}
          <span className="lw-muted">or double-click it to see its inner layers.</span>
        </p>
      )}
      {parentGroup?.kind === 'composite' && (
        <p><button type="button" className="lw-btn" onClick={() => void closeBlock(parentGroup.id)}>Close block {parentGroup.id}</button></p>
      )}
      <div className="lw-field">
        <label htmlFor="lw-node-label">Name</label>
        <input id="lw-node-label" key={node.id} defaultValue={node.label ?? ''} placeholder={node.id} onChange={(e) => renameLabel(node.id, e.target.value)} />
      </div>
      {Object.keys(spec.params).length > 0 && (
        <form className="lw-form" aria-label="Params" onSubmit={(e) => e.preventDefault()}>
          {Object.entries(spec.params).map(([key, ps]) => (
            <ParamField
              key={`${node.id}:${key}`}
              name={key}
              spec={ps}
              value={params[key] ?? node.params[key]}
              attempt={(v) => attemptParam(node.id, key, v)}
              blockType={ps.kind === 'params' && blockKey ? String(params[blockKey] ?? node.params[blockKey]) : undefined}
              blocks={blocks}
            />
          ))}
        </form>
      )}
      {na && <NodeFacts na={na} spec={spec} />}
      <section className="lw-teach" aria-label="About this block">
        <h3>About {spec.name}</h3>
        <p>{spec.teach.summary}</p>
        <p className="lw-muted"><strong>Origin:</strong> {spec.teach.origin}</p>
        <p className="lw-muted"><strong>Parameters:</strong> {spec.teach.formula}</p>
      </section>
    </section>
  );
}

function ModelInspector() {
  const { meta, totals, count, errors, outputShape } = useEditor(useShallow((s) => ({
    meta: s.doc.graph.meta, totals: s.analysis.totals, count: s.doc.graph.nodes.length, errors: s.analysis.errors, outputShape: s.analysis.outputShape,
  })));
  const preset = meta?.preset ? getPreset(meta.preset) : undefined;
  return (
    <section className="lw-inspector-body" aria-label="Model">
      <h2>{meta?.name ?? 'Untitled network'}</h2>
      <dl className="lw-facts">
        <Fact label="Nodes">{count}</Fact>
        <Fact label="Params">{formatCount(totals.trainable + totals.nonTrainable)}</Fact>
        <Fact label="FLOPs">{formatCount(totals.flops)} multiply-adds</Fact>
        <Fact label="Output">{outputShape ? formatShape(outputShape) : '?'}</Fact>
      </dl>
      {errors.length > 0 && (
        <div className="lw-error" role="alert">
          <p><strong>{errors.length === 1 ? '1 problem' : `${errors.length} problems`}</strong></p>
          {errors.slice(0, 8).map((e, i) => <p key={i}>{e.nodeId ? <code>{e.nodeId}</code> : null} {e.message}</p>)}
        </div>
      )}
      {preset && <HistoryCard preset={preset} />}
      <p className="lw-muted">Select a node to edit its params. Double-click a block to open it. Drag blocks in from the palette.</p>
    </section>
  );
}

export function Inspector() {
  const selectedId = useEditor((s) => (s.selected.size === 1 ? [...s.selected][0] : undefined));
  const many = useEditor((s) => s.selected.size);
  return (
    <aside className="lw-inspector" aria-label="Inspector">
      {selectedId ? <NodeInspector id={selectedId} /> : many > 1 ? (
        <section className="lw-inspector-body">
          <h2>{many} nodes selected</h2>
          <p className="lw-muted">Ctrl+G groups them into a block of this graph; Ctrl+C / Ctrl+V copies them; Delete removes them.</p>
        </section>
      ) : <ModelInspector />}
    </aside>
  );
}
