'use client';
/**
 * "Look inside": what the page's model does to a picture, layer by layer, for a class to look at.
 * Pick a picture (a test image, a drawing, an upload, a sample) and click a node of the model; the
 * tabs show its feature maps, the deconvnet and guided backprop of a chosen channel, the class's
 * saliency, the filters, the top-9 test images, occlusion, Grad-CAM, and the feature evolution
 * kept from training. Each tab says what it shows and what to notice (lib/viz VIEWS).
 *
 * The training worker computes (lib/train/inside.ts through useTrainer's `ask`); the page only
 * draws. It works on trained weights, on the LeNet-5 that ships with the app, and on random
 * weights (for looking at an architecture: VGG-16 at 224×224 too).
 */
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useId, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { useSearchParams } from 'next/navigation';
import { analyse } from '@/lib/graph/analyse';
import { expandGraph } from '@/lib/graph/expand';
import type { Graph } from '@/lib/graph/types';
import { canDrawDigits } from '@/lib/results/model-input';
import { datasetEntry, type DatasetId } from '@/lib/train/datasets/catalogue';
import { imageInput as graphInput, modelName, outputUnits } from '@/lib/train/plan';
import type { SessionState } from '@/lib/train/session-types';
import { VIEWS, VIEW_IDS, type ViewId } from '@/lib/viz';
import { LayerArithmetic } from '@/components/ops/LayerArithmetic';
import { trainedLine } from '@/components/train/trained-text';
import type { useTrainer } from '@/components/train/useTrainer';
import { AnswerCache } from './answer-cache';
import { nodeEntries, startNode, viewDataset } from './draw';
import { InputPicker } from './InputPicker';
import { NodePicker } from './NodePicker';
import { AskerContext, type InsideAsker } from './useAnswer';
import { channelCount, type PanelImage, type ViewProps } from './views/common';
import { EvolutionView } from './views/Evolution';
import { FeatureMapsView } from './views/FeatureMaps';
import { FiltersView } from './views/Filters';
import { GradCamView, OcclusionView } from './views/Occlusion';
import { ProjectionView, SaliencyView } from './views/Projections';
import { TopNineView } from './views/TopNine';
import styles from './LookInside.module.css';
import { saidWords } from '@/components/train/said-words';

type Trainer = ReturnType<typeof useTrainer>;

/** Test images per dataset (the panel's number field). */
const TEST_SIZES: Partial<Record<DatasetId, number>> = { mnist: 10_000, synthetic: 1_000 };

/** Which graphs the weights key has seen, numbered: random weights belong to one graph. */
const graphNumbers = new WeakMap<Graph, number>();
let nextGraphNumber = 1;
function graphNumber(graph: Graph): number {
  let n = graphNumbers.get(graph);
  if (n === undefined) {
    n = nextGraphNumber++;
    graphNumbers.set(graph, n);
  }
  return n;
}

/** Channels chosen by the user per node, and the strongest per node and picture (suggested by the maps). */
interface Channels {
  readonly chosen: Readonly<Record<string, number>>;
  readonly suggested: Readonly<Record<string, number>>;
}

function channelsReducer(s: Channels, a: { kind: keyof Channels; key: string; channel: number }): Channels {
  if (s[a.kind][a.key] === a.channel) return s;
  return { ...s, [a.kind]: { ...s[a.kind], [a.key]: a.channel } };
}

/**
 * The node and view to open on, from the address (`?node=c3&view=top9`). Read through Next's
 * search params, not window.location: after a client-side navigation (the editor's links) the
 * page renders before the browser's address changes.
 */
function fromAddress(q: Pick<URLSearchParams, 'get'>): { node: string | null; view: ViewId | null } {
  const view = q.get('view');
  return { node: q.get('node'), view: view && (VIEW_IDS as string[]).includes(view) ? view as ViewId : null };
}

export function LookInside({ graph, trainer, running }: { graph: Graph; trainer: Trainer; running: boolean }) {
  const id = useId();
  const ti = useTranslations('inside');
  const all = useTranslations();
  const analysis = useMemo(() => analyse(graph), [graph]);
  const expanded = useMemo(() => (graph.nodes.some((n) => analysis.nodes[n.id]?.innerGraph) ? analyse(expandGraph(graph, { deep: true })) : null), [graph, analysis]);
  const entries = useMemo(() => nodeEntries(graph, analysis, expanded), [graph, analysis, expanded]);
  const inputShape = useMemo(() => graphInput(analysis), [analysis]);
  const state = trainer.session?.state;
  const trained = state?.kind === 'trained' ? state : null;
  const dataset = useMemo(() => viewDataset(graph, analysis, trained?.summary.datasetId), [graph, analysis, trained?.summary.datasetId]);
  const datasetName = dataset ? (datasetEntry(dataset) ? all(`datasets.dataset.${dataset}.called`) : dataset) : null;
  const classNames = useMemo(() => {
    const units = outputUnits(analysis) ?? 0;
    const names = trained?.summary.classNames;
    return names && names.length === units ? names : Array.from({ length: units }, (_, i) => String(i));
  }, [analysis, trained?.summary.classNames]);

  const params = useSearchParams();
  const address = useMemo(() => fromAddress(params), [params]);
  const [nodeId, setNodeId] = useState<string | null>(null);
  const node = useMemo(() => {
    const wanted = nodeId ?? startNode(entries, address.node);
    return entries.find((e) => e.id === wanted) ?? null;
  }, [entries, nodeId, address.node]);
  const [tab, setTab] = useState<ViewId>(address.view ?? 'activations');
  const [image, setImage] = useState<PanelImage | null>(null);
  // Channels chosen per node; otherwise the strongest for the picture, once its maps are known.
  const [channels, dispatch] = useReducer(channelsReducer, { chosen: {}, suggested: {} });
  const suggestKey = node && image ? `${node.id}|${image.key}` : '';
  const channel = node ? Math.min(channelCount(node) - 1, channels.chosen[node.id] ?? channels.suggested[suggestKey] ?? 0) : 0;
  const chosenNode = node?.id ?? '';
  const onChannel = useCallback((c: number) => dispatch({ kind: 'chosen', key: chosenNode, channel: c }), [chosenNode]);
  const onSuggest = useCallback((c: number) => dispatch({ kind: 'suggested', key: suggestKey, channel: c }), [suggestKey]);

  // The weights the answers are about: a new run, an import, a forget or another graph changes them.
  const weightsKey = `${graphNumber(graph)}|${state?.kind ?? 'none'}|${trained ? `${trained.summary.date}|${trained.edited}|${trained.shipped ?? ''}` : ''}`;
  const [cache] = useState(() => new AnswerCache());
  // The views ask nothing until the panel has been on screen (or the address named a node or a view).
  const section = useRef<HTMLElement>(null);
  const [active, setActive] = useState(false);
  useEffect(() => {
    const el = section.current;
    if (active || !el) return;
    const observer = new IntersectionObserver((seen) => {
      if (seen.some((e) => e.isIntersecting)) {
        setActive(true);
        observer.disconnect();
      }
    }, { rootMargin: '120px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [active]);
  const ready = !!state && state.kind !== 'none';
  useEffect(() => {
    if (ready && (address.node || address.view)) section.current?.scrollIntoView({ block: 'start' });
  }, [ready, address]);
  const asker = useMemo<InsideAsker>(() => ({ ask: trainer.ask, cache, active }), [trainer.ask, cache, active]);

  const digits = !!inputShape && canDrawDigits(dataset ?? '', inputShape);
  const title = ti('panel.model', { name: modelName(graph) });
  const body = !inputShape
    ? <p className={styles.muted}>{ti('panel.oneInput')}</p>
    : !state
      ? <p className={styles.muted}>{ti('panel.opening')}</p>
      : state.kind === 'none'
        ? <p className={styles.muted}>{ti('panel.noModel', { why: state.whySaid ? saidWords(state.whySaid, all) : state.why ?? ti('panel.openGraph') })}</p>
        : (
          <>
            <div className={styles.top}>
              <InputPicker inputShape={inputShape} dataset={dataset} datasetName={datasetName} testSize={dataset ? TEST_SIZES[dataset] ?? 0 : 0}
                digits={digits} classNames={classNames} image={image} onImage={setImage} />
              <div className={styles.nodesBox}>
                <h3>{ti('panel.pickNode')}</h3>
                <NodePicker entries={entries} selected={node?.id ?? null} onSelect={setNodeId} />
                {node && <p className={styles.tiny} data-testid="inside-chosen">{ti('panel.chosen', { node: node.id, type: node.type, shape: node.shape.join('×'), what: node.shape.length === 3 ? ti('map.name', { node: node.id, channel }) : ti('map.unit', { unit: channel }) })}</p>}
              </div>
            </div>
            {running
              ? <p className={styles.note} data-testid="inside-waiting">{ti('panel.training')}</p>
              : node && <ViewsAndArithmetic id={id} tab={tab} onTab={setTab} props={{
                weightsKey, node, channel, channelChosen: channels.chosen[node.id] !== undefined, onChannel, onSuggest, image, inputShape, classNames, dataset, datasetName,
              }} />}
          </>
        );
  return (
    <section ref={section} className={styles.panel} aria-labelledby={`${id}-title`} data-testid="look-inside" data-active={active}>
      <header className={styles.header}>
        <h2 id={`${id}-title`}>{ti('panel.title')}</h2>
        <span className={styles.muted}>{title}</span>
        <WeightsLine state={state} />
      </header>
      <AskerContext.Provider value={asker}>{body}</AskerContext.Provider>
    </section>
  );
}

/** What the weights are, in one line: the views look very different on trained and random weights. */
function WeightsLine({ state }: { state: SessionState | undefined }) {
  const tt = useTranslations('train');
  const ti = useTranslations('inside');
  const all = useTranslations();
  if (!state) return null;
  let text: string;
  if (state.kind === 'trained') {
    text = state.shippedSaid ? saidWords(state.shippedSaid, all) : state.shipped ?? `${trainedLine(state.summary, tt)}${state.edited ? ti('panel.edited') : ''}`;
  } else if (state.kind === 'untrained') {
    text = ti('panel.random');
  } else if (state.kind === 'stale') {
    text = ti('panel.stale');
  } else {
    return null;
  }
  return <p className={styles.weights} data-testid="inside-weights" data-kind={state.kind}>{text}</p>;
}

/** The tabs, then "How this layer computes" for the same node and picture (components/ops). */
function ViewsAndArithmetic(p: { id: string; tab: ViewId; onTab: (t: ViewId) => void; props: ViewProps }) {
  return <><Tabs {...p} /><LayerArithmetic {...p.props} /></>;
}

/** The views as tabs (WAI-ARIA tabs: arrow keys, Home and End move between them; the active one is the only stop). */
function Tabs({ id, tab, onTab, props }: { id: string; tab: ViewId; onTab: (t: ViewId) => void; props: ViewProps }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const focusNext = useRef(false);
  useEffect(() => {
    if (focusNext.current) {
      focusNext.current = false;
      refs.current[tab]?.focus();
    }
  }, [tab]);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = VIEW_IDS.indexOf(tab);
    const to = e.key === 'ArrowRight' ? (i + 1) % VIEW_IDS.length : e.key === 'ArrowLeft' ? (i - 1 + VIEW_IDS.length) % VIEW_IDS.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? VIEW_IDS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    focusNext.current = true;
    onTab(VIEW_IDS[to]!);
  };
  const tv = useTranslations('viz');
  const ti = useTranslations('inside');
  const text = VIEWS[tab];
  return (
    <div className={styles.tabs}>
      <div role="tablist" aria-label={ti('panel.views')} className={styles.tablist} onKeyDown={onKeyDown}>
        {VIEW_IDS.map((v) => (
          <button key={v} ref={(el) => { refs.current[v] = el; }} type="button" role="tab" id={`${id}-tab-${v}`} aria-selected={v === tab}
            aria-controls={`${id}-panel`} tabIndex={v === tab ? 0 : -1} className={styles.tab} onClick={() => onTab(v)}>
            {tv(`view.${v}.tab`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} className={styles.tabpanel} data-view={tab}>
        <div className={styles.viewBody}>
          <View tab={tab} props={props} />
        </div>
        <aside className={styles.teach} aria-label={ti('panel.teach')}>
          <h3>{tv(`view.${tab}.title`)}</h3>
          <p>{tv(`view.${tab}.idea`)}</p>
          <p><strong>{ti('panel.notice')}</strong> {tv(`view.${tab}.notice`)}</p>
          <p className={styles.tiny}>{text.paper}</p>
        </aside>
      </div>
    </div>
  );
}

function View({ tab, props }: { tab: ViewId; props: ViewProps }) {
  switch (tab) {
    case 'activations': return <FeatureMapsView {...props} />;
    case 'deconvnet': return <ProjectionView {...props} rule="deconvnet" />;
    case 'guided': return <ProjectionView {...props} rule="guided" />;
    case 'saliency': return <SaliencyView {...props} />;
    case 'filters': return <FiltersView {...props} />;
    case 'top9': return <TopNineView {...props} />;
    case 'occlusion': return <OcclusionView {...props} />;
    case 'gradcam': return <GradCamView {...props} />;
    case 'evolution': return <EvolutionView {...props} />;
  }
}
