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
import { useCallback, useEffect, useId, useMemo, useReducer, useRef, useState, type KeyboardEvent } from 'react';
import { analyse } from '@/lib/graph/analyse';
import { expandGraph } from '@/lib/graph/expand';
import type { Graph } from '@/lib/graph/types';
import { canDrawDigits } from '@/lib/results/model-input';
import { datasetEntry, type DatasetId } from '@/lib/train/datasets/catalogue';
import { imageInput as graphInput, modelName, outputUnits } from '@/lib/train/plan';
import type { SessionState } from '@/lib/train/session-types';
import { VIEWS, VIEW_IDS, type ViewId } from '@/lib/viz';
import { trainedFigures } from '@/components/train/trained-text';
import type { useTrainer } from '@/components/train/useTrainer';
import { AnswerCache } from './answer-cache';
import { mapName, nodeEntries, startNode, viewDataset } from './draw';
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

/** The node and view to open on, from the address (`?node=c3&view=top9`), read once in the browser. */
function fromAddress(): { node: string | null; view: ViewId | null } {
  if (typeof window === 'undefined') return { node: null, view: null };
  const q = new URLSearchParams(window.location.search);
  const view = q.get('view');
  return { node: q.get('node'), view: view && (VIEW_IDS as string[]).includes(view) ? view as ViewId : null };
}

export function LookInside({ graph, trainer, running }: { graph: Graph; trainer: Trainer; running: boolean }) {
  const id = useId();
  const analysis = useMemo(() => analyse(graph), [graph]);
  const expanded = useMemo(() => (graph.nodes.some((n) => analysis.nodes[n.id]?.innerGraph) ? analyse(expandGraph(graph, { deep: true })) : null), [graph, analysis]);
  const entries = useMemo(() => nodeEntries(graph, analysis, expanded), [graph, analysis, expanded]);
  const inputShape = useMemo(() => graphInput(analysis), [analysis]);
  const state = trainer.session?.state;
  const trained = state?.kind === 'trained' ? state : null;
  const dataset = useMemo(() => viewDataset(graph, analysis, trained?.summary.datasetId), [graph, analysis, trained?.summary.datasetId]);
  const datasetName = dataset ? datasetEntry(dataset)?.called ?? dataset : null;
  const classNames = useMemo(() => {
    const units = outputUnits(analysis) ?? 0;
    const names = trained?.summary.classNames;
    return names && names.length === units ? names : Array.from({ length: units }, (_, i) => String(i));
  }, [analysis, trained?.summary.classNames]);

  // Nothing shows a node or a tab before the worker's first status, so reading the address here cannot mismatch the server's render.
  const [address] = useState(fromAddress);
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
  const title = `Look inside ${modelName(graph)}`;
  const body = !inputShape
    ? <p className={styles.muted}>The views feed one image: give the graph a single Input block of height × width × channels.</p>
    : !state
      ? <p className={styles.muted}>Opening the model…</p>
      : state.kind === 'none'
        ? <p className={styles.muted}>No model to look inside: {state.why ?? 'open a graph'}</p>
        : (
          <>
            <div className={styles.top}>
              <InputPicker inputShape={inputShape} dataset={dataset} datasetName={datasetName} testSize={dataset ? TEST_SIZES[dataset] ?? 0 : 0}
                digits={digits} classNames={classNames} image={image} onImage={setImage} />
              <div className={styles.nodesBox}>
                <h3>Click a node of the model</h3>
                <NodePicker entries={entries} selected={node?.id ?? null} onSelect={setNodeId} />
                {node && <p className={styles.tiny} data-testid="inside-chosen">Chosen: {node.id} ({node.type}, {node.shape.join('×')}) · {node.shape.length === 3 ? mapName(node.id, channel) : `unit ${channel}`}</p>}
              </div>
            </div>
            {running
              ? <p className={styles.note} data-testid="inside-waiting">The model is training: the views come back when the run ends (the worker answers one thing at a time).</p>
              : node && <Tabs id={id} tab={tab} onTab={setTab} props={{
                weightsKey, node, channel, channelChosen: channels.chosen[node.id] !== undefined, onChannel, onSuggest, image, inputShape, classNames, dataset, datasetName,
              }} />}
          </>
        );
  return (
    <section ref={section} className={styles.panel} aria-labelledby={`${id}-title`} data-testid="look-inside" data-active={active}>
      <header className={styles.header}>
        <h2 id={`${id}-title`}>Look inside</h2>
        <span className={styles.muted}>{title}</span>
        <WeightsLine state={state} />
      </header>
      <AskerContext.Provider value={asker}>{body}</AskerContext.Provider>
    </section>
  );
}

/** What the weights are, in one line: the views look very different on trained and random weights. */
function WeightsLine({ state }: { state: SessionState | undefined }) {
  if (!state) return null;
  let text: string;
  if (state.kind === 'trained') {
    text = state.shipped ?? `Trained: ${trainedFigures(state.summary)}${state.edited ? ' (the graph changed since; the weights still fit)' : ''}`;
  } else if (state.kind === 'untrained') {
    text = 'Random weights (not trained): the views show what this architecture does to a picture before it has learned anything.';
  } else if (state.kind === 'stale') {
    text = 'The trained weights no longer fit this graph: these are random weights for it.';
  } else {
    return null;
  }
  return <p className={styles.weights} data-testid="inside-weights" data-kind={state.kind}>{text}</p>;
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
  const text = VIEWS[tab];
  return (
    <div className={styles.tabs}>
      <div role="tablist" aria-label="Views" className={styles.tablist} onKeyDown={onKeyDown}>
        {VIEW_IDS.map((v) => (
          <button key={v} ref={(el) => { refs.current[v] = el; }} type="button" role="tab" id={`${id}-tab-${v}`} aria-selected={v === tab}
            aria-controls={`${id}-panel`} tabIndex={v === tab ? 0 : -1} className={styles.tab} onClick={() => onTab(v)}>
            {VIEWS[v].tab}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} className={styles.tabpanel} data-view={tab}>
        <div className={styles.viewBody}>
          <View tab={tab} props={props} />
        </div>
        <aside className={styles.teach} aria-label="What am I looking at?">
          <h3>{text.title}</h3>
          <p>{text.idea}</p>
          <p><strong>What to notice.</strong> {text.notice}</p>
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
