'use client';
/**
 * The training panel: pick a dataset and settings, train the graph in a worker, and watch it
 * learn (progress, speed, loss and accuracy curves), then read the test results (accuracy per
 * class, confusion matrix). Everything it says before a run (dataset does not fit, model too big)
 * comes from pure checks on the graph, so the user learns what to change before waiting.
 *
 * Mount it anywhere with `<TrainPanel graph={graph} />`.
 */
import { useCallback, useId, useMemo, useState, useSyncExternalStore } from 'react';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { browserMemoryBudget, checkMemoryBudget, DEFAULT_BROWSER_MEMORY_BUDGET } from '@/lib/compile/memory-guard';
import { formatBytes } from '@/lib/graph/memory';
import { backendLabel, speedRatios, type BackendFigure } from '@/lib/train/backends';
import { planFolder } from '@/lib/train/datasets/folder';
import { MNIST_NOTE } from '@/lib/train/datasets/mnist';
import { browserDatasets, type DatasetId } from '@/lib/train/datasets/catalogue';
import type { TrainErrorKind } from '@/lib/train/errors';
import { collapsedTo } from '@/lib/train/diagnose';
import { imageInput, modelName, outputUnits, planDataset } from '@/lib/train/plan';
import { DEFAULT_TRAIN_SETTINGS, SETTINGS_LIMITS, settingsProblem, usualLearningRate, type OptimizerKind, type ScheduleKind, type TrainSettings } from '@/lib/train/settings';
import { ALL_IMAGES, type GridFilter } from '@/lib/results/predictions';
import type { ConfusionCell } from '@/lib/results/confusion';
import { TrainedModel } from '@/components/results/TrainedModel';
import { LookInside } from '@/components/viz/LookInside';
import { ConfusionMatrix, LineChart, PerClassBars, smooth, type ChartLine } from './charts';
import type { BackendChoiceName, Phase, TrainConfig } from './protocol';
import { SessionBox } from './SessionBox';
import { useTrainer } from './useTrainer';
import styles from './TrainPanel.module.css';

/** The panel's dataset blurbs where they say more than the catalogue's help (the download size). */
const BLURBS: Partial<Record<DatasetId, string>> = {
  mnist: '70,000 handwritten digits, 28×28 grey, served by the app (11.5 MB, downloaded once): 60,000 to train, 10,000 to test.',
};

const BACKENDS: readonly { value: BackendChoiceName; label: string }[] = [
  { value: 'auto', label: 'Auto: measure on this machine' },
  { value: 'webgl', label: 'WebGL (GPU)' },
  { value: 'wasm', label: 'WASM (CPU, SIMD)' },
  { value: 'cpu', label: 'CPU (plain JavaScript)' },
];

const PHASE_TEXT: Record<Phase, string> = {
  idle: 'Ready',
  loading: 'Loading the data',
  measuring: 'Measuring the backends',
  compiling: 'Building the model',
  training: 'Training',
  paused: 'Paused',
  evaluating: 'Testing',
  done: 'Finished',
};

const pct = (v: number, digits = 1): string => `${(v * 100).toFixed(digits)}%`;
const int = (v: number): string => Math.round(v).toLocaleString('en-US');

/** "3 s", "2 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Reads the device memory hint (Chrome) for the memory guard's budget. */
function memoryBudget(): number {
  const nav = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { deviceMemory?: number });
  return browserMemoryBudget(nav?.deviceMemory);
}

const noSubscription = (): (() => void) => () => {};

export function TrainPanel({ graph }: { graph: Graph }) {
  const id = useId();
  const analysis = useMemo(() => analyse(graph), [graph]);
  const name = modelName(graph);
  const [dataset, setDataset] = useState<DatasetId>('mnist');
  const [files, setFiles] = useState<File[]>([]);
  const [epochs, setEpochs] = useState(DEFAULT_TRAIN_SETTINGS.epochs);
  const [batchSize, setBatchSize] = useState(DEFAULT_TRAIN_SETTINGS.batchSize);
  const [optimizer, setOptimizer] = useState<OptimizerKind>(DEFAULT_TRAIN_SETTINGS.optimizer);
  const [learningRate, setLearningRate] = useState(DEFAULT_TRAIN_SETTINGS.learningRate);
  const [schedule, setSchedule] = useState<ScheduleKind>(DEFAULT_TRAIN_SETTINGS.schedule);
  const [backend, setBackend] = useState<BackendChoiceName>('auto');
  const trainer = useTrainer(graph);
  const { view, series, seriesVersion, start, pause, resume, stop } = trainer;
  // Which test images the results grid shows; the confusion matrix's cells set it too.
  const [gridFilter, setGridFilter] = useState<GridFilter>(ALL_IMAGES);
  const onCell = useCallback((cell: ConfusionCell) => setGridFilter({ kind: 'cell', ...cell }), []);

  const folder = useMemo(() => {
    if (files.length === 0) return undefined;
    const paths = files.map((f) => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name);
    const p = planFolder(paths);
    return { classes: p.classes, images: p.images.length, root: p.root };
  }, [files]);

  const plan = useMemo(
    () => planDataset(graph, analysis, dataset, dataset === 'folder' ? folder?.classes.length : undefined),
    [graph, analysis, dataset, folder],
  );
  // The device hint exists only in the browser; the server renders with the default budget.
  const budget = useSyncExternalStore(noSubscription, memoryBudget, () => DEFAULT_BROWSER_MEMORY_BUDGET);
  const memory = useMemo(() => (analysis.valid ? checkMemoryBudget(analysis, {
    batchSize, optimizer, budgetBytes: budget,
    ...(graph.meta?.name ? { modelName: graph.meta.name } : {}),
    ...(graph.meta?.preset ? { presetId: graph.meta.preset } : {}),
  }) : undefined), [analysis, batchSize, optimizer, budget, graph.meta]);

  const running = view.phase !== 'idle' && view.phase !== 'done';
  const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, epochs, batchSize, optimizer, learningRate, schedule };
  const badSettings = settingsProblem(settings, SETTINGS_LIMITS) ?? undefined;
  // Everything that stops a run, most fundamental first: a model too big for the browser is
  // worth knowing before which dataset fits it.
  const blockers = [
    memory && !memory.ok ? memory.message : undefined,
    plan.problem,
    badSettings,
    dataset === 'folder' && files.length === 0 && !plan.problem ? 'Choose a folder of images to train on.' : undefined,
  ].filter((b): b is string => !!b);
  const blocker = blockers.length > 0;

  const onStart = useCallback(() => {
    const config: TrainConfig = {
      dataset: { id: dataset, ...(dataset === 'folder' ? { files } : {}) },
      settings: { ...DEFAULT_TRAIN_SETTINGS, epochs, batchSize, optimizer, learningRate, schedule },
      backend, memoryBudget: budget,
    };
    setGridFilter(ALL_IMAGES);
    start(graph, config);
  }, [epochs, batchSize, learningRate, optimizer, schedule, backend, budget, dataset, files, start, graph]);

  /** Goes on with an interrupted run: its settings and dataset, from its last finished epoch. */
  const onResumeRun = useCallback(() => {
    const offer = trainer.session?.resume;
    if (!offer) return;
    const s = offer.settings;
    setEpochs(s.epochs); setBatchSize(s.batchSize); setOptimizer(s.optimizer); setLearningRate(s.learningRate); setSchedule(s.schedule);
    if (offer.datasetId !== dataset) setDataset(offer.datasetId);
    setGridFilter(ALL_IMAGES);
    start(graph, { dataset: { id: offer.datasetId }, settings: s, backend, memoryBudget: budget, resume: true }, offer.history);
  }, [trainer.session, dataset, start, graph, backend, budget]);

  const onOptimizer = (kind: OptimizerKind) => {
    setOptimizer(kind);
    // The default rate for the default optimizer; each other optimizer's usual rate.
    setLearningRate(kind === DEFAULT_TRAIN_SETTINGS.optimizer ? DEFAULT_TRAIN_SETTINGS.learningRate : usualLearningRate(kind));
  };

  const last = view.last;
  const progress = last ? (last.epoch * last.batchesPerEpoch + last.batch + 1) / (last.epochs * last.batchesPerEpoch) : 0;
  const input = imageInput(analysis);
  const units = outputUnits(analysis);

  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`} data-testid="train-panel">
      <header className={styles.header}>
        <h2 id={`${id}-title`}>Train {name}</h2>
        <p className={styles.muted}>
          {int(analysis.totals.trainable + analysis.totals.nonTrainable)} parameters
          {input ? ` · takes ${input.join('×')}` : ''}{units !== null ? ` · ${units} outputs` : ''}
          {memory ? ` · about ${formatBytes(memory.bytes)} to train at batch ${batchSize}` : ''}
        </p>
      </header>

      <div className={styles.layout}>
        <form className={styles.settings} onSubmit={(e) => { e.preventDefault(); if (!blocker && !running) onStart(); }}>
          <fieldset disabled={running}>
            <legend>Dataset</legend>
            {browserDatasets().map((d) => (
              <label key={d.id} className={styles.radio}>
                <input type="radio" name={`${id}-dataset`} value={d.id} checked={dataset === d.id} onChange={() => setDataset(d.id as DatasetId)} />
                <span>
                  <strong>{d.label}</strong>
                  <small>{BLURBS[d.id as DatasetId] ?? d.help}</small>
                </span>
              </label>
            ))}
            {dataset === 'mnist' && <p className={styles.note} data-testid="mnist-note">{MNIST_NOTE}</p>}
            {dataset === 'folder' && (
              <div className={styles.folder}>
                <input
                  type="file"
                  aria-label="Folder of images, one sub-folder per class"
                  data-testid="folder-input"
                  // The folder picker is not in React's types; the attributes pass through.
                  {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
                  multiple
                  onChange={(e) => setFiles(e.target.files ? [...e.target.files] : [])}
                />
                {folder && (
                  <p className={styles.note}>
                    {int(folder.images)} images in {folder.classes.length} classes
                    {folder.classes.length > 0 ? `: ${folder.classes.slice(0, 8).join(', ')}${folder.classes.length > 8 ? ', …' : '.'}` : '.'}
                  </p>
                )}
              </div>
            )}
            {plan.note && <p className={styles.note} data-testid="plan-note">{plan.note}</p>}
          </fieldset>

          <fieldset disabled={running} className={styles.grid2}>
            <legend>Settings</legend>
            <label>
              Epochs
              <input type="number" min={1} max={200} step={1} value={epochs} data-testid="epochs"
                onChange={(e) => setEpochs(Number(e.target.value))} />
            </label>
            <label>
              Batch size
              <input type="number" min={1} max={1024} step={1} value={batchSize} data-testid="batch-size"
                onChange={(e) => setBatchSize(Number(e.target.value))} />
            </label>
            <label>
              Optimizer
              <select value={optimizer} onChange={(e) => onOptimizer(e.target.value as OptimizerKind)} data-testid="optimizer">
                <option value="adam">Adam</option>
                <option value="sgd">SGD, momentum 0.9</option>
              </select>
            </label>
            <label>
              Learning rate
              <input type="number" min={0} max={1} step="any" value={learningRate} data-testid="learning-rate"
                onChange={(e) => setLearningRate(Number(e.target.value))} />
            </label>
            <label>
              Schedule
              <select value={schedule} onChange={(e) => setSchedule(e.target.value as ScheduleKind)} data-testid="schedule">
                <option value="cosine">Cosine decay</option>
                <option value="constant">Constant</option>
                <option value="step">Step (÷10 every third)</option>
              </select>
            </label>
            <label>
              Backend
              <select value={backend} onChange={(e) => setBackend(e.target.value as BackendChoiceName)} data-testid="backend-choice">
                {BACKENDS.map((b) => <option key={b.value} value={b.value}>{b.label}</option>)}
              </select>
            </label>
          </fieldset>

          {blocker && !running && (
            <div className={styles.problem} role="alert" data-testid="blocker">
              {blockers.map((b) => <p key={b}>{b}</p>)}
            </div>
          )}

          <div className={styles.buttons}>
            <button type="submit" className={styles.primary} disabled={blocker || running} data-testid="start">
              {view.phase === 'done' ? 'Train again' : 'Start'}
            </button>
            {view.phase === 'paused'
              ? <button type="button" onClick={resume} data-testid="resume">Resume</button>
              : <button type="button" onClick={pause} disabled={view.phase !== 'training'} data-testid="pause">Pause</button>}
            <button type="button" onClick={() => stop(view.phase)} disabled={!running} data-testid="stop">Stop</button>
          </div>
        </form>

        <div className={styles.live}>
          <SessionBox trainer={trainer} running={running} onResumeRun={onResumeRun} />
          <Status view={view} progress={progress} />
          <BackendTable figures={view.figures} report={view.backend} phase={view.phase} />
          <Charts series={series} version={seriesVersion} epochs={view.epochs} xMax={last?.epochs ?? epochs} />
          <Results view={view} cell={gridFilter.kind === 'cell' ? gridFilter : null} onCell={onCell} />
          <TrainedModel session={trainer.session} ask={trainer.ask} running={running} inputShape={input}
            filter={gridFilter} onFilterChange={setGridFilter} showConfusion={view.done?.test?.metrics.kind !== 'single'} />
        </div>
      </div>
      <LookInside graph={graph} trainer={trainer} running={running} />
    </section>
  );
}

function Status({ view, progress }: { view: ReturnType<typeof useTrainer>['view']; progress: number }) {
  const last = view.last;
  const training = view.phase === 'training' || view.phase === 'paused' || (view.phase === 'done' && !!last);
  return (
    <div className={styles.status} aria-live="polite">
      <div className={styles.statusLine}>
        <strong data-testid="phase" data-phase={view.phase}>{PHASE_TEXT[view.phase]}</strong>
        {view.detail && <span className={styles.muted}>{view.detail}</span>}
        {view.dataset && <span className={styles.muted} data-testid="status-dataset">{view.dataset.name}: {int(view.dataset.trainSize)} train / {int(view.dataset.testSize)} test</span>}
        {view.skipped > 0 && <span className={styles.warn}>{view.skipped} unreadable file{view.skipped === 1 ? '' : 's'} left out</span>}
      </div>
      {view.phase === 'loading' && view.loadProgress && view.loadProgress.total > 0 && (
        <div className={styles.progress} role="progressbar" aria-label="Loading the data" aria-valuemin={0} aria-valuemax={view.loadProgress.total}
          aria-valuenow={view.loadProgress.received} data-testid="load-progress">
          <i style={{ width: `${((100 * view.loadProgress.received) / view.loadProgress.total).toFixed(2)}%` }} />
        </div>
      )}
      {training && last && (
        <>
          <div className={styles.progress} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)} data-testid="progress">
            <i style={{ width: `${(progress * 100).toFixed(2)}%` }} />
          </div>
          <p className={styles.figures}>
            <span>epoch {last.epoch + 1}/{last.epochs}</span>
            <span>batch {last.batch + 1}/{last.batchesPerEpoch}</span>
            <span data-testid="samples-per-second">{int(last.samplesPerSecond)} samples/s</span>
            <span>loss {last.loss.toFixed(3)}</span>
            {view.phase !== 'done' && <span data-testid="eta">ETA {formatDuration(last.etaSeconds)}</span>}
            <span>{formatDuration(last.elapsedSeconds)} elapsed</span>
          </p>
        </>
      )}
    </div>
  );
}

function BackendTable({ figures, report, phase }: {
  figures: readonly BackendFigure[]; report: ReturnType<typeof useTrainer>['view']['backend']; phase: Phase;
}) {
  if (figures.length === 0 && !report) return null;
  const used = report?.used;
  const ratios = report?.best ? speedRatios({ best: report.best, ranking: figures }) : [];
  const best = figures.find((f) => f.backend === report?.best);
  return (
    <div className={styles.backends} data-testid="backend-table">
      <h3>
        Backend
        {used && <>: <strong data-testid="backend-used" data-backend={used}>{backendLabel(used)}</strong></>}
        {report && (
          <span className={styles.muted}>
            {report.overridden ? ' (your choice)' : ' (fastest measured here)'}
            {report.cached ? ' · figures from the previous run' : ''}
          </span>
        )}
      </h3>
      {figures.length > 0 && (
        <table>
          <thead>
            <tr><th>Backend</th><th>samples/s</th><th>ms/step</th><th>first step</th><th /></tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.backend} data-backend={f.backend} data-status={f.status} data-sps={f.samplesPerSecond ?? ''}
                className={f.backend === used ? styles.chosen : undefined}>
                <th scope="row">{backendLabel(f.backend)}</th>
                <td>{f.samplesPerSecond !== undefined ? int(f.samplesPerSecond) : '—'}</td>
                <td>{f.stepMs !== undefined ? f.stepMs.toFixed(1) : '—'}</td>
                <td>{f.firstStepMs !== undefined ? `${int(f.firstStepMs)} ms` : '—'}</td>
                <td className={styles.muted}>{f.status === 'ok' ? (f.backend === used ? '✓ used' : '') : f.status === 'unavailable' ? 'not available' : 'failed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {figures.filter((f) => f.status !== 'ok' && !(f.backend === 'webgl' && report?.webglMissing)).map((f) => (
        <p key={f.backend} className={styles.muted}>{f.message}</p>
      ))}
      {phase === 'measuring' && <p className={styles.muted}>Auto: a few real training steps of this model on each backend; the fastest trains.</p>}
      {best && ratios.length > 0 && (
        <p className={styles.muted} data-testid="backend-ratios">
          {backendLabel(best.backend)} trains this model {ratios.map((r) => `${r.ratio.toFixed(1)}× as fast as ${backendLabel(r.backend)}`).join(', ')}.
        </p>
      )}
      {report?.webglMissing && (
        <p className={styles.note} data-testid="no-webgl">
          WebGL is not available in this browser (no GPU, or it is switched off), so training runs on {backendLabel(used ?? 'wasm')}.
          On a machine with a GPU, WebGL is usually the fastest.
        </p>
      )}
    </div>
  );
}

function Charts({ series, version, epochs, xMax }: {
  series: ReturnType<typeof useTrainer>['series']; version: number; epochs: ReturnType<typeof useTrainer>['view']['epochs']; xMax: number;
}) {
  // Read the mutable series when the version changes (new batches), not on every render.
  const lossLines = useMemo<ChartLine[]>(() => {
    const s = series.current;
    return [
      { label: 'loss per batch', color: 'var(--muted)', xs: [...s.x], ys: [...s.loss], faint: true },
      { label: 'training loss (smoothed)', color: 'var(--accent)', xs: [...s.x], ys: smooth(s.loss) },
      { label: 'test loss', color: '#d97706', xs: epochs.filter((e) => e.testLoss !== undefined).map((e) => e.epoch + 1), ys: epochs.flatMap((e) => (e.testLoss !== undefined ? [e.testLoss] : [])), dots: true },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, version, epochs]);
  const accLines = useMemo<ChartLine[]>(() => {
    const s = series.current;
    return [
      { label: 'training (smoothed)', color: 'var(--accent)', xs: [...s.x], ys: smooth(s.accuracy) },
      { label: 'test, after each epoch', color: '#059669', xs: epochs.filter((e) => e.testAccuracy !== undefined).map((e) => e.epoch + 1), ys: epochs.flatMap((e) => (e.testAccuracy !== undefined ? [e.testAccuracy] : [])), dots: true },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, version, epochs]);
  return (
    <div className={styles.charts}>
      <LineChart title="Loss" lines={lossLines} xMax={xMax} version={version} testId="loss-chart" empty="The loss appears here batch by batch." />
      <LineChart title="Accuracy" lines={accLines} xMax={xMax} yDomain={ACC_DOMAIN} yFormat={formatPct} version={version} testId="accuracy-chart" empty="Accuracy appears here as the model learns." />
    </div>
  );
}

const ACC_DOMAIN = [0, 1] as const;

/** The heading of a run's error, by its kind (lib/train/errors.ts). */
const ERROR_TITLES: Record<TrainErrorKind, string> = {
  'too-big': 'Too big for this browser',
  'data-does-not-fit': 'The dataset does not fit the model',
  'loss-does-not-fit': 'The loss does not fit the model',
  'bad-settings': 'The settings need a change',
  graph: 'The graph cannot be built',
  data: 'The images could not be read',
  backend: 'No backend to train on',
  'weights-do-not-fit': 'The saved weights do not fit',
  unavailable: 'Nothing to resume',
  internal: 'Training stopped',
};

const formatPct = (v: number): string => `${Math.round(v * 100)}%`;

function Results({ view, cell, onCell }: {
  view: ReturnType<typeof useTrainer>['view'];
  /** The confusion cell whose test images the grid shows; clicking a cell shows its images. */
  cell: ConfusionCell | null;
  onCell: (cell: ConfusionCell) => void;
}) {
  const done = view.done;
  const error = view.error;
  if (error) {
    const title = ERROR_TITLES[error.kind];
    return (
      <div className={styles.problem} role="alert" data-testid="run-error" data-kind={error.kind}>
        <strong>{title}</strong>
        <p>{error.message}</p>
      </div>
    );
  }
  if (view.cancelled) return <p className={styles.note}>Stopped before training began.</p>;
  if (!done) return null;
  const test = done.test;
  const metrics = test?.metrics;
  const classNames = view.dataset?.classNames ?? [];
  return (
    <div className={styles.results} data-testid="results" data-status={done.status}>
      {done.status === 'diverged' && (
        <div className={styles.problem} role="alert" data-testid="diverged">
          <strong>The loss diverged</strong>
          <p>{done.message}</p>
        </div>
      )}
      {done.status === 'stopped' && <p className={styles.note}>Stopped after {done.epochsCompleted} full epoch{done.epochsCompleted === 1 ? '' : 's'}{done.partial ? ' and part of the next; the test below uses the weights reached so far' : ''}.</p>}
      {test && metrics && (
        <>
          <div className={styles.headline}>
            <span>Test accuracy</span>
            <strong data-testid="test-accuracy" data-value={test.accuracy}>{pct(test.accuracy)}</strong>
            <span className={styles.muted}>
              on {int(metrics.samples)} test images · loss {test.loss.toFixed(3)} · {int(done.samplesPerSecond)} samples/s over {formatDuration(done.trainSeconds)} of training
              {metrics.kind === 'single' ? ` · balanced accuracy ${pct(metrics.balancedAccuracy)}` : ''}
            </span>
          </div>
          {metrics.kind === 'single' && collapsedTo(metrics.confusion) !== null && (
            <div className={styles.problem} role="alert" data-testid="collapsed">
              <strong>The model answers &ldquo;{classNames[collapsedTo(metrics.confusion)!]}&rdquo; for almost every image</strong>
              <p>
                It has stopped learning: its loss sits near ln {metrics.confusion.length} = {Math.log(metrics.confusion.length).toFixed(2)}, what guessing costs.
                A learning rate too high for this model usually does this (its ReLUs output zero for every image and no gradient flows back).
                Try a learning rate ten times lower, or Adam at 0.001.
              </p>
            </div>
          )}
          {metrics.kind === 'single' && (
            <div className={styles.resultGrid}>
              <div>
                <h3>Accuracy per class</h3>
                <PerClassBars perClass={metrics.perClassAccuracy} classNames={classNames} />
              </div>
              <div>
                <h3>Confusion matrix</h3>
                <ConfusionMatrix confusion={metrics.confusion} classNames={classNames} selected={cell} onCellClick={onCell} />
              </div>
            </div>
          )}
        </>
      )}
      <p className={styles.tiny} data-testid="tensors" data-before={done.tensorsBefore} data-after={done.tensorsAfter}>
        Memory: {done.tensorsAfter - done.tensorsBefore === 0 ? 'every tensor of the run was freed' : `${done.tensorsAfter - done.tensorsBefore} tensors were not freed`}.
      </p>
    </div>
  );
}
