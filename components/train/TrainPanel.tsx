'use client';
/**
 * The training panel: pick a dataset (every one the command line has: MNIST, imbalanced and
 * multi-label synthetic sets, CIFAR from the user's binary files, a folder of images), the loss,
 * augmentation and test-time augmentation that go with it, train the graph in a worker, and
 * watch it learn (progress, speed, loss and accuracy curves), then read the test results: accuracy
 * beside balanced accuracy, per class with the training counts, confusion matrix; for multi-label
 * data exact match and per-label precision, recall and F1; with TTA, the accuracy without it.
 * Everything it says before a run (dataset does not fit, softmax on multi-label data, a truncated
 * CIFAR file, model too big) comes from pure checks, so the user learns what to change before waiting.
 *
 * Mount it anywhere with `<TrainPanel graph={graph} />`.
 */
import { useCallback, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { browserMemoryBudget, checkMemoryBudget, DEFAULT_BROWSER_MEMORY_BUDGET } from '@/lib/compile/memory-guard';
import { formatBytes } from '@/lib/graph/memory';
import { backendLabel, speedRatios, type BackendFigure } from '@/lib/train/backends';
import { planFolder } from '@/lib/train/datasets/folder';
import { MNIST_NOTE } from '@/lib/train/datasets/mnist';
import { browserDatasets, datasetEntry, declaredAugmentation, type DatasetEntry, type DatasetId } from '@/lib/train/datasets/catalogue';
import { describeAugmentation, describeTestCrops, testCrops } from '@/lib/train/datasets/augmentation';
import { checkCifarFiles } from '@/lib/train/datasets/cifar';
import type { TrainErrorKind } from '@/lib/train/errors';
import { collapsedTo } from '@/lib/train/diagnose';
import type { LossKind } from '@/lib/train/losses';
import { imbalanceRatio } from '@/lib/train/metrics';
import { imageInput, modelName, outputUnits, planDataset } from '@/lib/train/plan';
import { weightSignature } from '@/lib/train/signature';
import { getPreset } from '@/presets';
import {
  commandLine, defaultLossKind, DEFAULT_TRAIN_SETTINGS, LOSSES, lossesFor, SETTINGS_LIMITS, settingsProblem, usualLearningRate,
  type OptimizerKind, type ScheduleKind, type TrainSettings,
} from '@/lib/train/settings';
import { ALL_IMAGES, type GridFilter } from '@/lib/results/predictions';
import type { ConfusionCell } from '@/lib/results/confusion';
import { TrainedModel } from '@/components/results/TrainedModel';
import { LookInside } from '@/components/viz/LookInside';
import { ConfusionMatrix, LineChart, PerClassBars, PerLabelTable, smooth, type ChartLine } from './charts';
import type { BackendChoiceName, Phase, TrainConfig } from './protocol';
import { SessionBox } from './SessionBox';
import { TimeEstimate } from './TimeEstimate';
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

/** The datasets that read the user's files, by which files: CIFAR-100's two labellings share theirs. */
type FileGroup = 'folder' | 'cifar10' | 'cifar100';
function fileGroup(id: DatasetId): FileGroup | null {
  switch (id) {
    case 'folder': return 'folder';
    case 'cifar10': return 'cifar10';
    case 'cifar100': case 'cifar100-coarse': return 'cifar100';
    default: return null;
  }
}
const NO_FILES: Readonly<Record<FileGroup, readonly File[]>> = { folder: [], cifar10: [], cifar100: [] };

/** A picked file's path in its folder (the folder picker), else its name. */
const filePath = (f: File): string => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;

/** Classes this many times as frequent as the rarest one make balanced accuracy worth a headline of its own. */
const IMBALANCED = 2;

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

/**
 * How the command line names the graph: its preset's id while it computes what the preset does
 * (same weights, same function), else a graph file the user saves from the editor.
 */
function commandLineModel(graph: Graph): string {
  const preset = graph.meta?.preset ? getPreset(graph.meta.preset) : undefined;
  const mine = weightSignature(graph);
  const theirs = preset ? weightSignature(preset.build()) : null;
  return preset && mine && theirs && mine.key === theirs.key && mine.functionKey === theirs.functionKey ? preset.id : 'graph.json';
}

export function TrainPanel({ graph }: { graph: Graph }) {
  const id = useId();
  const analysis = useMemo(() => analyse(graph), [graph]);
  const name = modelName(graph);
  const modelArgument = useMemo(() => commandLineModel(graph), [graph]);
  const [dataset, setDataset] = useState<DatasetId>('mnist');
  const [epochs, setEpochs] = useState(DEFAULT_TRAIN_SETTINGS.epochs);
  const [batchSize, setBatchSize] = useState(DEFAULT_TRAIN_SETTINGS.batchSize);
  const [optimizer, setOptimizer] = useState<OptimizerKind>(DEFAULT_TRAIN_SETTINGS.optimizer);
  const [learningRate, setLearningRate] = useState(DEFAULT_TRAIN_SETTINGS.learningRate);
  const [schedule, setSchedule] = useState<ScheduleKind>(DEFAULT_TRAIN_SETTINGS.schedule);
  const [loss, setLoss] = useState<LossKind>(DEFAULT_TRAIN_SETTINGS.loss);
  const [augment, setAugment] = useState(DEFAULT_TRAIN_SETTINGS.augment);
  const [tta, setTta] = useState(DEFAULT_TRAIN_SETTINGS.tta);
  // What the run shown below was started with (the form may have changed since).
  const [ranWith, setRanWith] = useState<{ settings: TrainSettings; datasetId: DatasetId } | null>(null);
  const [backend, setBackend] = useState<BackendChoiceName>('auto');
  const trainer = useTrainer(graph);
  const { view, series, seriesVersion, start, pause, resume, stop } = trainer;
  // Which test images the results grid shows; the confusion matrix's cells set it too.
  const [gridFilter, setGridFilter] = useState<GridFilter>(ALL_IMAGES);
  const onCell = useCallback((cell: ConfusionCell) => setGridFilter({ kind: 'cell', ...cell }), []);
  const entry = datasetEntry(dataset)!;
  // The user's files, kept per kind, so going from CIFAR to a folder and back keeps both.
  const [picked, setPicked] = useState(NO_FILES);
  const group = fileGroup(dataset);
  const files = group ? picked[group] : NO_FILES.folder;
  const cifarFilesInput = useRef<HTMLInputElement>(null);
  const cifarFolderInput = useRef<HTMLInputElement>(null);
  const pickFiles = (list: readonly File[]) => { if (group) setPicked((p) => ({ ...p, [group]: list })); };

  const folder = useMemo(() => {
    if (dataset !== 'folder' || files.length === 0) return undefined;
    const p = planFolder(files.map(filePath));
    return { classes: p.classes, images: p.images.length, root: p.root };
  }, [dataset, files]);
  // CIFAR's files checked by name and size as soon as they are picked (a truncated file shows here).
  const cifar = useMemo(() => (
    (dataset === 'cifar10' || dataset === 'cifar100' || dataset === 'cifar100-coarse') && files.length > 0
      ? checkCifarFiles(files.map((f) => ({ path: filePath(f), size: f.size })), dataset) : undefined
  ), [dataset, files]);

  /** Picks a dataset; a loss that does not fit it (cross-entropy on multi-label data) becomes its default. */
  const chooseDataset = (id: DatasetId) => {
    setDataset(id);
    const multiLabel = datasetEntry(id)!.multiLabel;
    setLoss((l) => (lossesFor(multiLabel).includes(l) ? l : defaultLossKind(multiLabel)));
  };

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
  const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, epochs, batchSize, optimizer, learningRate, schedule, loss, augment, tta };
  const badSettings = settingsProblem(settings, SETTINGS_LIMITS) ?? undefined;
  const noFiles = group && files.length === 0 && !plan.problem
    ? group === 'folder' ? 'Choose a folder of images to train on.'
      : `Choose ${group === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100'}'s binary files (${group === 'cifar10' ? 'data_batch_1.bin to data_batch_5.bin and test_batch.bin' : 'train.bin and test.bin'}), or the folder that holds them.`
    : undefined;
  // Everything that stops a run, most fundamental first: a model too big for the browser is
  // worth knowing before which dataset fits it.
  const blockers = [
    memory && !memory.ok ? memory.message : undefined,
    plan.problem,
    badSettings,
    noFiles,
    cifar?.problem ?? undefined,
  ].filter((b): b is string => !!b);
  const blocker = blockers.length > 0;

  const onStart = useCallback(() => {
    const config: TrainConfig = {
      dataset: { id: dataset, ...(group ? { files: [...files] } : {}) },
      settings: { ...DEFAULT_TRAIN_SETTINGS, epochs, batchSize, optimizer, learningRate, schedule, loss, augment, tta },
      backend, memoryBudget: budget,
    };
    setGridFilter(ALL_IMAGES);
    setRanWith({ settings: config.settings, datasetId: dataset });
    start(graph, config);
  }, [epochs, batchSize, learningRate, optimizer, schedule, loss, augment, tta, backend, budget, dataset, group, files, start, graph]);

  /** Goes on with an interrupted run: its settings and dataset, from its last finished epoch. */
  const onResumeRun = useCallback(() => {
    const offer = trainer.session?.resume;
    if (!offer) return;
    const s = offer.settings;
    setEpochs(s.epochs); setBatchSize(s.batchSize); setOptimizer(s.optimizer); setLearningRate(s.learningRate); setSchedule(s.schedule);
    setLoss(s.loss); setAugment(s.augment); setTta(s.tta);
    if (offer.datasetId !== dataset) setDataset(offer.datasetId);
    setGridFilter(ALL_IMAGES);
    setRanWith({ settings: s, datasetId: offer.datasetId });
    const offerGroup = fileGroup(offer.datasetId);
    start(graph, {
      dataset: { id: offer.datasetId, ...(offerGroup ? { files: [...picked[offerGroup]] } : {}) }, settings: s, backend, memoryBudget: budget, resume: true,
    }, offer.history);
  }, [trainer.session, dataset, picked, start, graph, backend, budget]);

  const onOptimizer = (kind: OptimizerKind) => {
    setOptimizer(kind);
    // The default rate for the default optimizer; each other optimizer's usual rate.
    setLearningRate(kind === DEFAULT_TRAIN_SETTINGS.optimizer ? DEFAULT_TRAIN_SETTINGS.learningRate : usualLearningRate(kind));
  };

  const last = view.last;
  const progress = last ? (last.epoch * last.batchesPerEpoch + last.batch + 1) / (last.epochs * last.batchesPerEpoch) : 0;
  const input = imageInput(analysis);
  const units = outputUnits(analysis);
  const declared = declaredAugmentation(entry, input ?? [32, 32, 3]);
  const crops = testCrops(declared, entry.input.kind === 'exact' ? entry.input.shape : input ?? [32, 32, 3]);
  const command = commandLine(modelArgument, `${dataset}${entry.source === 'files' ? ':<folder>' : ''}`, settings, entry.multiLabel);

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
            <p className={styles.group}>Built in</p>
            {browserDatasets().filter((d) => d.source === 'built-in').map((d) => (
              <DatasetRadio key={d.id} entry={d} name={`${id}-dataset`} checked={dataset === d.id} onChoose={chooseDataset} />
            ))}
            <p className={styles.group}>Your files</p>
            {browserDatasets().filter((d) => d.source === 'files').map((d) => (
              <DatasetRadio key={d.id} entry={d} name={`${id}-dataset`} checked={dataset === d.id} onChoose={chooseDataset} />
            ))}
            {entry.input.kind === 'mnist' && <p className={styles.note} data-testid="mnist-note">{MNIST_NOTE}</p>}
            {dataset === 'folder' && (
              <div className={styles.folder}>
                <input
                  type="file"
                  aria-label="Folder of images, one sub-folder per class"
                  data-testid="folder-input"
                  // The folder picker is not in React's types; the attributes pass through.
                  {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
                  multiple
                  onChange={(e) => pickFiles(e.target.files ? [...e.target.files] : [])}
                />
                {folder && (
                  <p className={styles.note}>
                    {int(folder.images)} images in {folder.classes.length} classes
                    {folder.classes.length > 0 ? `: ${folder.classes.slice(0, 8).join(', ')}${folder.classes.length > 8 ? ', …' : '.'}` : '.'}
                  </p>
                )}
              </div>
            )}
            {group && group !== 'folder' && (
              <div className={styles.folder}>
                <label>
                  The binary files ({group === 'cifar10' ? 'data_batch_1.bin … test_batch.bin' : 'train.bin, test.bin'}; the names .txt file too, if you have it)
                  <input ref={cifarFilesInput} type="file" multiple accept=".bin,.txt" data-testid="cifar-files" onChange={(e) => {
                    // One choice at a time: the folder picker no longer shows what it held.
                    if (cifarFolderInput.current) cifarFolderInput.current.value = '';
                    pickFiles(e.target.files ? [...e.target.files] : []);
                  }} />
                </label>
                <label>
                  or the folder that holds them ({group === 'cifar10' ? 'cifar-10-batches-bin' : 'cifar-100-binary'})
                  <input ref={cifarFolderInput} type="file" multiple data-testid="cifar-folder"
                    {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
                    onChange={(e) => {
                      if (cifarFilesInput.current) cifarFilesInput.current.value = '';
                      pickFiles(e.target.files ? [...e.target.files] : []);
                    }} />
                </label>
                {cifar && !cifar.problem && (
                  <p className={styles.note} data-testid="cifar-found">
                    {entry.called}: {int(cifar.trainImages)} training and {int(cifar.testImages)} test images in your files (counted from their sizes).
                  </p>
                )}
              </div>
            )}
            {entry.imbalanced && (
              <p className={styles.note} data-testid="imbalance-note">
                Imbalanced on purpose: with plain cross-entropy the common classes dominate and the rare ones are sacrificed, which the
                plain accuracy hides. Try class-weighted cross-entropy or focal loss below and compare the balanced accuracy.
              </p>
            )}
            {entry.multiLabel && (
              <p className={styles.note} data-testid="multilabel-note">
                Multi-label: each image holds one to three shapes, so the model answers {entry.classes} yes/no questions, one sigmoid output per
                label, trained with binary cross-entropy. Results: exact match (every label right) and precision, recall and F1 per label.
              </p>
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
            <label className={styles.span2}>
              Loss
              <select value={loss} onChange={(e) => setLoss(e.target.value as LossKind)} data-testid="loss" disabled={lossesFor(entry.multiLabel).length < 2}>
                {lossesFor(entry.multiLabel).map((l) => <option key={l} value={l}>{LOSSES[l].label}</option>)}
              </select>
              <span className={styles.help} data-testid="loss-help">{LOSSES[loss].help}</span>
            </label>
          </fieldset>

          <fieldset disabled={running}>
            <legend>Augmentation</legend>
            <label className={styles.checkbox}>
              <input type="checkbox" checked={augment} onChange={(e) => setAugment(e.target.checked)} data-testid="augment" />
              <span>
                <strong>Augment the training images</strong>
                <small data-testid="augment-help">
                  {entry.augments === 'digits'
                    ? `Digits: ${describeAugmentation(declared)}; never mirrored, since a mirrored 2 or 7 is not a digit.`
                    : `Photos and shapes: ${describeAugmentation(declared)}, as AlexNet trained. A new variant of each image every epoch.`}
                </small>
              </span>
            </label>
            <label className={styles.checkbox}>
              <input type="checkbox" checked={tta} onChange={(e) => setTta(e.target.checked)} data-testid="tta" />
              <span>
                <strong>Test-time augmentation</strong>
                <small data-testid="tta-help">
                  For {entry.called}: {describeTestCrops(crops)} The results show the accuracy with and without it; crops the
                  model never trained on (augmentation off) may cost more than they bring.
                </small>
              </span>
            </label>
          </fieldset>

          <TimeEstimate graph={graph} macs={analysis.totals.flops} epochs={epochs} batchSize={batchSize} optimizer={optimizer} dataset={dataset}
            folderImages={folder?.images} ttaViews={tta ? crops.count : 0} backend={backend} figures={view.figures} running={running} blocked={blocker} />
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
          <p className={styles.command} data-testid="command-line">
            The same run from a terminal: <code>{command}</code>
          </p>
        </form>

        <div className={styles.live}>
          <SessionBox trainer={trainer} running={running} onResumeRun={onResumeRun} />
          <Status view={view} progress={progress} />
          <BackendTable figures={view.figures} report={view.backend} phase={view.phase} />
          <Charts series={series} version={seriesVersion} epochs={view.epochs} xMax={last?.epochs ?? epochs} />
          <Results view={view} ranWith={ranWith} cell={gridFilter.kind === 'cell' ? gridFilter : null} onCell={onCell} />
          <TrainedModel session={trainer.session} ask={trainer.ask} running={running} inputShape={input}
            filter={gridFilter} onFilterChange={setGridFilter} showMetrics={!view.done?.test} />
        </div>
      </div>
      <LookInside graph={graph} trainer={trainer} running={running} />
    </section>
  );
}

/** One dataset of the list; its description shows when it is picked. */
function DatasetRadio({ entry, name, checked, onChoose }: { entry: DatasetEntry; name: string; checked: boolean; onChoose: (id: DatasetId) => void }) {
  return (
    <label className={styles.radio}>
      <input type="radio" name={name} value={entry.id} checked={checked} onChange={() => onChoose(entry.id as DatasetId)} />
      <span>
        <strong>{entry.label}</strong>
        {checked && <small>{BLURBS[entry.id as DatasetId] ?? entry.help}</small>}
      </span>
    </label>
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

/** One headline figure: a label, a percentage, a line of explanation. */
function Figure({ label, value, testId, note, second }: { label: string; value: number; testId: string; note?: string; second?: boolean }) {
  return (
    <div className={`${styles.figure}${second ? ` ${styles.second}` : ''}`}>
      <span>{label}</span>
      <strong data-testid={testId} data-value={value}>{pct(value)}</strong>
      {note && <small>{note}</small>}
    </div>
  );
}

function Results({ view, ranWith, cell, onCell }: {
  view: ReturnType<typeof useTrainer>['view'];
  /** The settings and dataset of the run shown. */
  ranWith: { settings: TrainSettings; datasetId: DatasetId } | null;
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
  const counts = view.dataset?.trainClassCounts;
  const ratio = counts ? imbalanceRatio(counts) : 1;
  const without = done.testWithoutTta;
  // Balanced accuracy gets a figure of its own when the classes are unequal, or when it tells another story.
  const showBalanced = metrics?.kind === 'single' && (ratio >= IMBALANCED || Math.abs(metrics.balancedAccuracy - metrics.accuracy) > 0.02);
  const loss = ranWith?.settings.loss;
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
          <div className={styles.figuresRow}>
            <Figure label={metrics.kind === 'multi' ? 'Exact match: every label right' : 'Test accuracy'} value={test.accuracy} testId="test-accuracy"
              {...(test.crops ? { note: `With test-time augmentation: ${test.crops.count} crops${test.crops.mirrored ? ' (five and their mirrors)' : ', unmirrored'}, averaged.` }
                : showBalanced ? { note: 'The share of test images right: every image counts the same, so the common classes weigh most.' } : {})} />
            {without && (
              <Figure second label="Without test-time augmentation" value={without.accuracy} testId="accuracy-without-tta"
                note={`The same weights on the plain test images: ${test.accuracy >= without.accuracy ? '+' : '−'}${(Math.abs(test.accuracy - without.accuracy) * 100).toFixed(1)} points from the crops.`} />
            )}
            {metrics.kind === 'single' && showBalanced && (
              <Figure second label="Balanced accuracy" value={metrics.balancedAccuracy} testId="balanced-accuracy"
                note="The mean of the per-class accuracies: every class counts the same, however rare it was in training." />
            )}
            {metrics.kind === 'multi' && (
              <>
                <Figure second label="Label decisions right" value={metrics.labelAccuracy} testId="label-accuracy"
                  note={`Each image answers ${metrics.perLabel.length} yes/no questions; the share answered right.`} />
                <Figure second label="Mean F1 over labels" value={metrics.meanF1} testId="mean-f1" note="The per-label F1 below, averaged (macro F1)." />
              </>
            )}
          </div>
          <p className={styles.muted} data-testid="results-line">
            on {int(metrics.samples)} test images · loss {test.loss.toFixed(3)}{loss ? ` (${LOSSES[loss].label.toLowerCase()})` : ''} · {int(done.samplesPerSecond)} samples/s over {formatDuration(done.trainSeconds)} of training
            {metrics.kind === 'single' && !showBalanced ? ` · balanced accuracy ${pct(metrics.balancedAccuracy)}` : ''}
            {ranWith?.settings.augment ? ' · trained with augmentation' : ''}
          </p>
          {metrics.kind === 'single' && ratio >= IMBALANCED && loss === 'cross-entropy' && (
            <p className={styles.note} data-testid="imbalance-advice">
              The training classes run from {int(Math.max(...counts!))} images down to {int(Math.min(...counts!.filter((n) => n > 0)))} (1:{Math.round(ratio)}),
              and plain cross-entropy weighs every image the same, so the rare classes count little. Train again with class-weighted
              cross-entropy or focal loss and compare the balanced accuracy.
            </p>
          )}
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
                <PerClassBars perClass={metrics.perClassAccuracy} classNames={classNames} {...(counts ? { counts } : {})} />
              </div>
              <div>
                <h3>Confusion matrix</h3>
                <ConfusionMatrix confusion={metrics.confusion} classNames={classNames} selected={cell} onCellClick={onCell} />
              </div>
            </div>
          )}
          {metrics.kind === 'multi' && (
            <div>
              <h3>Per label (a label counts as present at a probability of {metrics.threshold} or more)</h3>
              <PerLabelTable perLabel={metrics.perLabel} classNames={classNames} {...(counts ? { counts } : {})} />
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
