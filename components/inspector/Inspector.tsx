'use client';
/**
 * The inspector: the selected node's params as a form built from its block's schema, and what
 * analyse says about it — output shape, parameters with their formula in live numbers, FLOPs,
 * receptive field, memory — with the block's teaching text. With nothing selected it shows the
 * model: its name, its totals and, for a preset, its history card.
 */
import { useTranslations } from 'next-intl';
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
import { useFormatCount } from '@/components/summary/format';
import { useBlockWords } from '@/components/editor/block-words';
import { useGraphErrorWords } from '@/components/editor/graph-error-words';
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
  const t = useTranslations('editor');
  const words = useBlockWords();
  const formatCount = useFormatCount();
  const total = na.paramCount.trainable + na.paramCount.nonTrainable;
  return (
    <dl className="lw-facts">
      <Fact label={t('inspector.input')}>{na.inputShapes.length ? na.inputShapes.map((s) => formatShape(s)).join(', ') : '—'}</Fact>
      <Fact label={t('inspector.output')} testId="inspector-output">{na.outputShape ? formatShape(na.outputShape) : '?'}</Fact>
      <Fact label={t('inspector.params')} testId="inspector-params">
        {formatCount(total)}
        {na.paramCount.nonTrainable > 0 && <span className="lw-muted"> {t('inspector.paramsSplit', { trainable: formatCount(na.paramCount.trainable), frozen: formatCount(na.paramCount.nonTrainable) })}</span>}
      </Fact>
      <Fact label={t('inspector.formula')} testId="inspector-formula">
        {na.formula ?? (spec.kind === 'composite' && na.outputShape ? t('inspector.compositeFormula', { total: formatCount(total) }) : words.formula(spec))}
      </Fact>
      <Fact label={t('inspector.flops')}>{t('inspector.macs', { count: formatCount(na.flops) })}</Fact>
      <Fact label={t('inspector.receptiveField')}>{na.receptiveField ? t('inspector.rf', { size: na.receptiveField.size, jump: na.receptiveField.jump }) : '?'}</Fact>
      <Fact label={t('inspector.activations')}>{t('inspector.perImage', { bytes: formatBytes(na.activationBytes) })}</Fact>
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
  const t = useTranslations('editor');
  const words = useBlockWords();
  const errorWords = useGraphErrorWords();
  if (!node) return null;
  const spec = specIn({ blocks }, node.type);
  if (!spec) {
    return <section className="lw-inspector-body"><h2>{node.type}</h2><p className="lw-error" role="alert">{t('inspector.unknownType', { type: node.type })}</p></section>;
  }
  const name = words.name(spec);
  const params = na?.params ?? node.params;
  const blockKey = Object.keys(spec.params).find((k) => spec.params[k]!.kind === 'block');
  return (
    <section className="lw-inspector-body" aria-label={t('inspector.nodeLabel', { type: name, id: node.id })}>
      <header className="lw-insp-head">
        <h2>{name}</h2>
        <code className="lw-insp-id">{node.id}</code>
      </header>
      {parentGroup && <p className="lw-muted">{t('inspector.inside', { group: groupTitle(parentGroup) })}</p>}
      {na?.description && <p className="lw-insp-desc">{na.description}</p>}
      {na && na.errors.length > 0 && (
        <div className="lw-error" role="alert" data-testid="inspector-errors">
          {na.problems.map((e, i) => <p key={i}>{errorWords(e)}</p>)}
        </div>
      )}
      <InspectorOps id={node.id} type={node.type} params={params} na={na} />
      {spec.kind === 'composite' && (
        <p>
          <button type="button" className="lw-btn" onClick={() => void openBlock(node.id)} disabled={!na?.innerGraph}>{t('inspector.openBlock')}</button>{' '}
          <span className="lw-muted">{t('inspector.openBlockHint')}</span>
        </p>
      )}
      {parentGroup?.kind === 'composite' && (
        <p><button type="button" className="lw-btn" onClick={() => void closeBlock(parentGroup.id)}>{t('inspector.closeBlock', { id: parentGroup.id })}</button></p>
      )}
      <div className="lw-field">
        <label htmlFor="lw-node-label">{t('inspector.name')}</label>
        <input id="lw-node-label" key={node.id} defaultValue={node.label ?? ''} placeholder={node.id} onChange={(e) => renameLabel(node.id, e.target.value)} />
      </div>
      {Object.keys(spec.params).length > 0 && (
        <form className="lw-form" aria-label={t('inspector.params')} onSubmit={(e) => e.preventDefault()}>
          {Object.entries(spec.params).map(([key, ps]) => (
            <ParamField
              key={`${node.id}:${key}`}
              name={key}
              type={node.type}
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
      <section className="lw-teach" aria-label={t('inspector.about')}>
        <h3>{t('inspector.aboutTitle', { name })}</h3>
        <p>{words.summary(spec)}</p>
        <p className="lw-muted"><strong>{t('inspector.origin')}</strong> {words.origin(spec)}</p>
        <p className="lw-muted"><strong>{t('inspector.formulaLabel')}</strong> {words.formula(spec)}</p>
      </section>
    </section>
  );
}

function ModelInspector() {
  const { meta, totals, count, errors, outputShape } = useEditor(useShallow((s) => ({
    meta: s.doc.graph.meta, totals: s.analysis.totals, count: s.doc.graph.nodes.length, errors: s.analysis.errors, outputShape: s.analysis.outputShape,
  })));
  const t = useTranslations('editor');
  const formatCount = useFormatCount();
  const errorWords = useGraphErrorWords();
  const preset = meta?.preset ? getPreset(meta.preset) : undefined;
  return (
    <section className="lw-inspector-body" aria-label={t('inspector.model')}>
      <h2>{meta?.name ?? t('toolbar.untitled')}</h2>
      <dl className="lw-facts">
        <Fact label={t('inspector.nodes')}>{formatCount(count)}</Fact>
        <Fact label={t('inspector.params')}>{formatCount(totals.trainable + totals.nonTrainable)}</Fact>
        <Fact label={t('inspector.flops')}>{t('inspector.macs', { count: formatCount(totals.flops) })}</Fact>
        <Fact label={t('inspector.output')}>{outputShape ? formatShape(outputShape) : '?'}</Fact>
      </dl>
      {errors.length > 0 && (
        <div className="lw-error" role="alert">
          <p><strong>{t('inspector.problems', { count: errors.length })}</strong></p>
          {errors.slice(0, 8).map((e, i) => <p key={i}>{e.nodeId ? <code>{e.nodeId}</code> : null} {errorWords(e)}</p>)}
        </div>
      )}
      {preset && <HistoryCard preset={preset} />}
      <p className="lw-muted">{t('inspector.modelHelp')}</p>
    </section>
  );
}

export function Inspector() {
  const selectedId = useEditor((s) => (s.selected.size === 1 ? [...s.selected][0] : undefined));
  const many = useEditor((s) => s.selected.size);
  const t = useTranslations('editor');
  return (
    <aside className="lw-inspector" aria-label={t('inspector.label')}>
      {selectedId ? <NodeInspector id={selectedId} /> : many > 1 ? (
        <section className="lw-inspector-body">
          <h2>{t('inspector.manySelected', { count: many })}</h2>
          <p className="lw-muted">{t('inspector.manyHelp')}</p>
        </section>
      ) : <ModelInspector />}
    </aside>
  );
}
