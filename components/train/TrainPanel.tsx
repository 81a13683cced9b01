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
import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { browserMemoryBudget, checkMemoryBudget, DEFAULT_BROWSER_MEMORY_BUDGET } from '@/lib/compile/memory-guard';
import { formatBytes } from '@/lib/graph/memory';
import { backendLabel, speedRatios, type BackendFigure } from '@/lib/train/backends';
import { planFolder } from '@/lib/train/datasets/folder';
import { browserDatasets, datasetEntry, declaredAugmentation, type DatasetEntry, type DatasetId } from '@/lib/train/datasets/catalogue';
import { testCrops, type TestCrops } from '@/lib/train/datasets/augmentation';
import type { Augmentation } from '@/lib/train/datasets/types';
import { checkCifarFiles } from '@/lib/train/datasets/cifar';
import type { TrainErrorKind } from '@/lib/train/errors';
import { collapsedTo } from '@/lib/train/diagnose';
import type { LossKind } from '@/lib/train/losses';
import { imbalanceRatio } from '@/lib/train/metrics';
import { imageInput, modelName, outputUnits, planDataset } from '@/lib/train/plan';
import { weightSignature } from '@/lib/train/signature';
import { getPreset } from '@/presets';
import {
  commandLine, defaultLossKind, DEFAULT_TRAIN_SETTINGS, lossesFor, SETTINGS_LIMITS, settingsProblemSaid, usualLearningRate,
  type OptimizerKind, type ScheduleKind, type TrainSettings,
} from '@/lib/train/settings';
import { ALL_IMAGES, type GridFilter } from '@/lib/results/predictions';
import type { ConfusionCell } from '@/lib/results/confusion';
import { TrainedModel } from '@/components/results/TrainedModel';
import { LookInside } from '@/components/viz/LookInside';
import { errorWords, saidWords } from './said-words';
import { ConfusionMatrix, LineChart, PerClassBars, PerLabelTable, smooth, type ChartLine } from './charts';
import type { BackendChoiceName, Phase, TrainConfig } from './protocol';
import { memoryRefusalWords } from './memory-words';
import { SessionBox } from './SessionBox';
import { TimeEstimate, type EstimatedWorkers } from './TimeEstimate';
import { useTrainer } from './useTrainer';
import { useRecordTrainRuns } from '@/components/experiments/record';
import { MAX_WORKERS, measuredSpeedUp, PARALLEL_MARGIN, type WorkersRequest } from '@/lib/train/parallel/shards';
import styles from './TrainPanel.module.css';

/** The backend choices, in the menu's order; their words are `train.backends.<name>`. */
const BACKENDS: readonly BackendChoiceName[] = ['auto', 'webgl', 'wasm', 'cpu'];

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

/** Whole numbers in the user's language ("60,000"). */
function useInt(): (v: number) => string {
  const format = useFormatter();
  return useCallback((v: number) => format.number(Math.round(v)), [format]);
}

/** "3 s", "2 min 05 s", "1 h 02 min", in the words of `train.duration`. */
export function formatDuration(seconds: number, t: (key: string, values: Record<string, string | number>) => string): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return t('duration.seconds', { s });
  if (s < 3600) return t('duration.minutes', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') });
  return t('duration.hours', { h: Math.floor(s / 3600), m: String(Math.floor((s % 3600) / 60)).padStart(2, '0') });
}

type Words = (key: string, values?: Record<string, string | number>) => string;

/** What augmentation does, in the user's words (lib's describeAugmentation says it in English for the command line). */
function augmentationWords(aug: Augmentation, t: Words): string {
  const parts: string[] = [];
  if (aug.cropPadding) parts.push(t('augmentation.shift', { n: aug.cropPadding }));
  if (aug.rotate) parts.push(t('augmentation.rotate', { deg: aug.rotate }));
  if (aug.flip) parts.push(t('augmentation.flip'));
  return parts.length ? parts.join(', ') : t('augmentation.none');
}

/** What test-time augmentation does, in the user's words (lib's describeTestCrops for the command line). */
function testCropsWords(crops: TestCrops, t: Words): string {
  return t(crops.mirrored ? 'augmentation.cropsMirrored' : 'augmentation.cropsUnmirrored', { count: crops.count, padding: crops.padding });
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

/** The cores the browser reports (1 on the server). */
const reportedCores = (): number => Math.max(1, navigator.hardwareConcurrency || 1);

/** The workers choice: 'auto' (measured before Start), 'cores' (one per core) or a count. */
type WorkersChoice = 'auto' | WorkersRequest;

export function TrainPanel({ graph, initialDataset, initialWorkers }: { graph: Graph; initialDataset?: DatasetId; initialWorkers?: WorkersRequest }) {
  const id = useId();
  const t = useTranslations('train');
  const d = useTranslations('datasets');
  const e = useTranslations('errors');
  const all = useTranslations();
  const int = useInt();
  const analysis = useMemo(() => analyse(graph), [graph]);
  const name = modelName(graph);
  const title = t('panel.title', { name });
  const modelArgument = useMemo(() => commandLineModel(graph), [graph]);
  const [dataset, setDataset] = useState<DatasetId>(initialDataset ?? 'mnist');
  const [epochs, setEpochs] = useState(DEFAULT_TRAIN_SETTINGS.epochs);
  const [batchSize, setBatchSize] = useState(DEFAULT_TRAIN_SETTINGS.batchSize);
  /** The workers the time estimate measured for the current settings (TimeEstimate's onWorkers): the run trains with them. */
  const [estimated, setEstimated] = useState<EstimatedWorkers | undefined>();
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
  useRecordTrainRuns(graph, analysis.totals.trainable, view, series, ranWith);
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
  const cores = useSyncExternalStore(noSubscription, reportedCores, () => 1);
  /** CPU workers for WASM: 'auto' (the estimate's or the run's measurement decides) or a count; the URL's `?workers=` sets it. */
  const [workersChoice, setWorkersChoice] = useState<WorkersChoice>(initialWorkers ?? 'auto');
  /** The count chosen ('cores': one per core, at most MAX_WORKERS), or 'auto'. */
  const workersAsked: 'auto' | number = workersChoice === 'cores' ? Math.min(cores, MAX_WORKERS) : workersChoice;
  const memory = useMemo(() => (analysis.valid ? checkMemoryBudget(analysis, {
    batchSize, optimizer, budgetBytes: budget,
    ...(graph.meta?.name ? { modelName: graph.meta.name } : {}),
    ...(graph.meta?.preset ? { presetId: graph.meta.preset } : {}),
  }) : undefined), [analysis, batchSize, optimizer, budget, graph.meta]);

  const running = view.phase !== 'idle' && view.phase !== 'done';
  const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, epochs, batchSize, optimizer, learningRate, schedule, loss, augment, tta };
  const badSettingsSaid = settingsProblemSaid(settings, SETTINGS_LIMITS);
  const badSettings = badSettingsSaid ? saidWords(badSettingsSaid, all) : undefined;
  const noFiles = group && files.length === 0 && !plan.problem
    ? group === 'folder' ? t('panel.chooseFolder')
      : t('panel.chooseCifar', {
        dataset: group === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100',
        files: t(group === 'cifar10' ? 'panel.cifar10Files' : 'panel.cifar100Files'),
      })
    : undefined;
  // Everything that stops a run, most fundamental first: a model too big for the browser is
  // worth knowing before which dataset fits it.
  const blockers = [
    memory && !memory.ok ? memoryRefusalWords(memory.refusal, e) : undefined,
    plan.problems?.map((p) => saidWords(p, all)).join(' '),
    badSettings,
    noFiles,
    cifar?.problem ? cifar.problems.map((p) => saidWords(p, all)).join(' ') : undefined,
  ].filter((b): b is string => !!b);
  const blocker = blockers.length > 0;

  const onStart = useCallback(() => {
    const config: TrainConfig = {
      dataset: { id: dataset, ...(group ? { files: [...files] } : {}) },
      settings: { ...DEFAULT_TRAIN_SETTINGS, epochs, batchSize, optimizer, learningRate, schedule, loss, augment, tta },
      backend, memoryBudget: budget,
      // The count chosen, else what the estimate measured for these settings, else nothing (the run measures).
      ...(workersAsked !== 'auto' ? { workers: workersAsked } : estimated ? { workers: estimated.workers, workersMeasured: estimated.measured } : {}),
    };
    setGridFilter(ALL_IMAGES);
    setRanWith({ settings: config.settings, datasetId: dataset });
    start(graph, config);
  }, [epochs, batchSize, learningRate, optimizer, schedule, loss, augment, tta, backend, budget, dataset, group, files, start, graph, workersAsked, estimated]);

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
      dataset: { id: offer.datasetId, ...(offerGroup ? { files: [...picked[offerGroup]] } : {}) }, settings: s, backend, memoryBudget: budget, resume: true, ...(workersAsked !== 'auto' ? { workers: workersAsked } : {}),
    }, offer.history);
  }, [trainer.session, dataset, picked, start, graph, backend, budget, workersAsked]);

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
        <h2 id={`${id}-title`}>{title}</h2>
        <p className={styles.muted}>
          {t('panel.parameters', { count: int(analysis.totals.trainable + analysis.totals.nonTrainable) })}
          {input ? t('panel.takes', { shape: input.join('×') }) : ''}{units !== null ? t('panel.outputs', { count: units }) : ''}
          {memory ? t('panel.memory', { bytes: formatBytes(memory.bytes), batch: batchSize }) : ''}
        </p>
      </header>

      <div className={styles.layout}>
        <form className={styles.settings} onSubmit={(e) => { e.preventDefault(); if (!blocker && !running) onStart(); }}>
          <fieldset disabled={running}>
            <legend>{t('panel.dataset')}</legend>
            <p className={styles.group}>{t('panel.builtIn')}</p>
            {browserDatasets().filter((d) => d.source === 'built-in').map((d) => (
              <DatasetRadio key={d.id} entry={d} name={`${id}-dataset`} checked={dataset === d.id} onChoose={chooseDataset} />
            ))}
            <p className={styles.group}>{t('panel.yourFiles')}</p>
            {browserDatasets().filter((d) => d.source === 'files').map((d) => (
              <DatasetRadio key={d.id} entry={d} name={`${id}-dataset`} checked={dataset === d.id} onChoose={chooseDataset} />
            ))}
            {entry.input.kind === 'mnist' && <p className={styles.note} data-testid="mnist-note">{d('mnistNote')}</p>}
            {dataset === 'folder' && (
              <div className={styles.folder}>
                <input
                  type="file"
                  aria-label={t('panel.folderInput')}
                  data-testid="folder-input"
                  // The folder picker is not in React's types; the attributes pass through.
                  {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
                  multiple
                  onChange={(e) => pickFiles(e.target.files ? [...e.target.files] : [])}
                />
                {folder && (
                  <p className={styles.note}>
                    {folder.classes.length > 0
                      ? t('panel.folderClasses', { images: int(folder.images), count: folder.classes.length, names: `${folder.classes.slice(0, 8).join(', ')}${folder.classes.length > 8 ? ', …' : '.'}` })
                      : `${t('panel.folderFound', { images: int(folder.images), count: 0 })}.`}
                  </p>
                )}
              </div>
            )}
            {group && group !== 'folder' && (
              <div className={styles.folder}>
                <label>
                  {t('panel.cifarFiles', { files: group === 'cifar10' ? 'data_batch_1.bin … test_batch.bin' : 'train.bin, test.bin' })}
                  <input ref={cifarFilesInput} type="file" multiple accept=".bin,.txt" data-testid="cifar-files" onChange={(e) => {
                    // One choice at a time: the folder picker no longer shows what it held.
                    if (cifarFolderInput.current) cifarFolderInput.current.value = '';
                    pickFiles(e.target.files ? [...e.target.files] : []);
                  }} />
                </label>
                <label>
                  {t('panel.cifarFolder', { folder: group === 'cifar10' ? 'cifar-10-batches-bin' : 'cifar-100-binary' })}
                  <input ref={cifarFolderInput} type="file" multiple data-testid="cifar-folder"
                    {...({ webkitdirectory: '', directory: '' } as Record<string, string>)}
                    onChange={(e) => {
                      if (cifarFilesInput.current) cifarFilesInput.current.value = '';
                      pickFiles(e.target.files ? [...e.target.files] : []);
                    }} />
                </label>
                {cifar && !cifar.problem && (
                  <p className={styles.note} data-testid="cifar-found">
                    {t('panel.cifarFound', { dataset: d(`dataset.${entry.id}.called`), train: int(cifar.trainImages), test: int(cifar.testImages) })}
                  </p>
                )}
              </div>
            )}
            {entry.imbalanced && (
              <p className={styles.note} data-testid="imbalance-note">
                {t('panel.imbalanced')}
              </p>
            )}
            {entry.multiLabel && (
              <p className={styles.note} data-testid="multilabel-note">
                {t('panel.multiLabel', { count: entry.classes ?? 0 })}
              </p>
            )}
            {plan.noteSaid && <p className={styles.note} data-testid="plan-note">{saidWords(plan.noteSaid, all)}</p>}
          </fieldset>

          <fieldset disabled={running} className={styles.grid2}>
            <legend>{t('panel.settings')}</legend>
            <label>
              {t('panel.epochs')}
              <input type="number" min={1} max={200} step={1} value={epochs} data-testid="epochs"
                onChange={(e) => setEpochs(Number(e.target.value))} />
            </label>
            <label>
              {t('panel.batchSize')}
              <input type="number" min={1} max={1024} step={1} value={batchSize} data-testid="batch-size"
                onChange={(e) => setBatchSize(Number(e.target.value))} />
            </label>
            <label>
              {t('panel.optimizer')}
              <select value={optimizer} onChange={(e) => onOptimizer(e.target.value as OptimizerKind)} data-testid="optimizer">
                <option value="adam">Adam</option>
                <option value="sgd">{t('panel.sgd')}</option>
              </select>
            </label>
            <label>
              {t('panel.learningRate')}
              <input type="number" min={0} max={1} step="any" value={learningRate} data-testid="learning-rate"
                onChange={(e) => setLearningRate(Number(e.target.value))} />
            </label>
            <label>
              {t('panel.schedule')}
              <select value={schedule} onChange={(e) => setSchedule(e.target.value as ScheduleKind)} data-testid="schedule">
                <option value="cosine">{t('panel.cosine')}</option>
                <option value="constant">{t('panel.constant')}</option>
                <option value="step">{t('panel.step')}</option>
              </select>
            </label>
            <label>
              {t('panel.backend')}
              <select value={backend} onChange={(e) => setBackend(e.target.value as BackendChoiceName)} data-testid="backend-choice">
                {BACKENDS.map((b) => <option key={b} value={b}>{t(`backends.${b}`)}</option>)}
              </select>
            </label>
            <label className={styles.span2}>
              {t('panel.workers')}
              <select value={String(workersAsked)} onChange={(e) => setWorkersChoice(e.target.value === 'auto' ? 'auto' : Number(e.target.value))}
                data-testid="workers-choice" disabled={backend === 'webgl' || backend === 'cpu'}>
                <option value="auto">{t('workersChoice.auto')}</option>
                {Array.from({ length: Math.min(Math.max(cores, workersAsked === 'auto' ? 1 : workersAsked), MAX_WORKERS) }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={String(n)}>{t('workersChoice.count', { count: n })}</option>
                ))}
              </select>
              <span className={styles.help} data-testid="workers-help">{backend === 'webgl' || backend === 'cpu' ? t('workersChoice.onlyWasm', { backend: t(`backends.${backend}`) }) : t('workersChoice.help', { margin: PARALLEL_MARGIN })}</span>
            </label>
            <label className={styles.span2}>
              {t('panel.loss')}
              <select value={loss} onChange={(e) => setLoss(e.target.value as LossKind)} data-testid="loss" disabled={lossesFor(entry.multiLabel).length < 2}>
                {lossesFor(entry.multiLabel).map((l) => <option key={l} value={l}>{d(`loss.${l}.label`)}</option>)}
              </select>
              <span className={styles.help} data-testid="loss-help">{d(`loss.${loss}.help`)}</span>
            </label>
          </fieldset>

          <fieldset disabled={running}>
            <legend>{t('panel.augmentation')}</legend>
            <label className={styles.checkbox}>
              <input type="checkbox" checked={augment} onChange={(e) => setAugment(e.target.checked)} data-testid="augment" />
              <span>
                <strong>{t('panel.augment')}</strong>
                <small data-testid="augment-help">
                  {t(entry.augments === 'digits' ? 'panel.augmentDigits' : 'panel.augmentPhotos', { how: augmentationWords(declared, t) })}
                </small>
              </span>
            </label>
            <label className={styles.checkbox}>
              <input type="checkbox" checked={tta} onChange={(e) => setTta(e.target.checked)} data-testid="tta" />
              <span>
                <strong>{t('panel.tta')}</strong>
                <small data-testid="tta-help">
                  {t('panel.ttaHelp', { dataset: d(`dataset.${entry.id}.called`), crops: testCropsWords(crops, t) })}
                </small>
              </span>
            </label>
          </fieldset>

          <TimeEstimate graph={graph} macs={analysis.totals.flops} epochs={epochs} batchSize={batchSize} optimizer={optimizer} dataset={dataset}
            folderImages={folder?.images} ttaViews={tta ? crops.count : 0} backend={backend} figures={view.figures} running={running} blocked={blocker}
            workers={workersAsked} onWorkers={setEstimated} />
          {blocker && !running && (
            <div className={styles.problem} role="alert" data-testid="blocker">
              {blockers.map((b) => <p key={b}>{b}</p>)}
            </div>
          )}

          <div className={styles.buttons}>
            <button type="submit" className={styles.primary} disabled={blocker || running} data-testid="start">
              {view.phase === 'done' ? t('panel.again') : t('panel.start')}
            </button>
            {view.phase === 'paused'
              ? <button type="button" onClick={resume} data-testid="resume">{t('panel.resume')}</button>
              : <button type="button" onClick={pause} disabled={view.phase !== 'training'} data-testid="pause">{t('panel.pause')}</button>}
            <button type="button" onClick={() => stop(view.phase)} disabled={!running} data-testid="stop">{t('panel.stop')}</button>
          </div>
          <p className={styles.command} data-testid="command-line">
            {t('panel.command')} <code>{command}</code>
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
  const t = useTranslations('train');
  const d = useTranslations('datasets');
  return (
    <label className={styles.radio}>
      <input type="radio" name={name} value={entry.id} checked={checked} onChange={() => onChoose(entry.id as DatasetId)} />
      <span>
        <strong>{d(`dataset.${entry.id}.label`)}</strong>
        {/* MNIST's blurb says more than the catalogue's help: the download size. */}
        {checked && <small>{entry.id === 'mnist' ? t('panel.mnistBlurb') : d(`dataset.${entry.id}.help`)}</small>}
      </span>
    </label>
  );
}

function Status({ view, progress }: { view: ReturnType<typeof useTrainer>['view']; progress: number }) {
  const t = useTranslations('train');
  const all = useTranslations();
  const int = useInt();
  const last = view.last;
  const training = view.phase === 'training' || view.phase === 'paused' || (view.phase === 'done' && !!last);
  return (
    <div className={styles.status} aria-live="polite">
      <div className={styles.statusLine}>
        <strong data-testid="phase" data-phase={view.phase}>{t(`phase.${view.phase}`)}</strong>
        {view.detail && <span className={styles.muted} data-testid="phase-detail">{saidWords(view.detail, all)}</span>}
        {view.dataset && <span className={styles.muted} data-testid="status-dataset">{t('status.dataset', { name: view.dataset.name, train: int(view.dataset.trainSize), test: int(view.dataset.testSize) })}</span>}
        {view.skipped > 0 && <span className={styles.warn}>{t('status.skipped', { count: view.skipped })}</span>}
      </div>
      {view.phase === 'loading' && view.loadProgress && view.loadProgress.total > 0 && (
        <div className={styles.progress} role="progressbar" aria-label={t('status.loading')} aria-valuemin={0} aria-valuemax={view.loadProgress.total}
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
            <span>{t('status.epoch', { n: last.epoch + 1, of: last.epochs })}</span>
            <span>{t('status.batch', { n: last.batch + 1, of: last.batchesPerEpoch })}</span>
            <span data-testid="samples-per-second">{t('status.speed', { count: int(last.samplesPerSecond) })}</span>
            <span>{t('status.loss', { value: last.loss.toFixed(3) })}</span>
            {view.phase !== 'done' && <span data-testid="eta">{t('status.eta', { time: formatDuration(last.etaSeconds, t) })}</span>}
            <span>{t('status.elapsed', { time: formatDuration(last.elapsedSeconds, t) })}</span>
          </p>
        </>
      )}
    </div>
  );
}

/** How many workers train the run, and the measurement that decided it (lib/train/parallel/shards.ts pickWorkers). */
function WorkersLine({ report }: { report: ReturnType<typeof useTrainer>['view']['backend'] }) {
  const t = useTranslations('train');
  const int = useInt();
  const workers = report?.workers ?? 1;
  const m = report?.workersMeasured;
  const data = { 'data-testid': 'train-workers', 'data-workers': workers, ...(m ? { 'data-candidate': m.candidate, 'data-one-worker': m.oneWorker, 'data-many-workers': m.manyWorkers } : {}) };
  if (workers > 1) {
    return <span {...data}>{t('backendTable.workers', { count: workers })}{m && m.oneWorker > 0 ? t('backendTable.workersMeasured', { many: int(m.manyWorkers), one: int(m.oneWorker) }) : ''}</span>;
  }
  if (!m) return null;
  return <span {...data}>{t('backendTable.oneWorker', { count: m.candidate, ratio: measuredSpeedUp(m).toFixed(2), margin: PARALLEL_MARGIN })}</span>;
}

function BackendTable({ figures, report, phase }: {
  figures: readonly BackendFigure[]; report: ReturnType<typeof useTrainer>['view']['backend']; phase: Phase;
}) {
  const t = useTranslations('train');
  const all = useTranslations();
  const int = useInt();
  if (figures.length === 0 && !report) return null;
  const used = report?.used;
  const ratios = report?.best ? speedRatios({ best: report.best, ranking: figures }) : [];
  const best = figures.find((f) => f.backend === report?.best);
  return (
    <div className={styles.backends} data-testid="backend-table">
      <h3>
        {t('backendTable.title')}
        {used && <>: <strong data-testid="backend-used" data-backend={used}>{backendLabel(used)}</strong></>}
        {report && (
          <span className={styles.muted}>
            {report.overridden ? t('backendTable.yourChoice') : t('backendTable.fastest')}
            {report.cached ? t('backendTable.cached') : ''}
          </span>
        )}
        <WorkersLine report={report} />
      </h3>
      {figures.length > 0 && (
        <table>
          <thead>
            <tr><th>{t('backendTable.colBackend')}</th><th>{t('backendTable.colSpeed')}</th><th>{t('backendTable.colStep')}</th><th>{t('backendTable.colFirst')}</th><th /></tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.backend} data-backend={f.backend} data-status={f.status} data-sps={f.samplesPerSecond ?? ''}
                className={f.backend === used ? styles.chosen : undefined}>
                <th scope="row">{backendLabel(f.backend)}</th>
                <td>{f.samplesPerSecond !== undefined ? int(f.samplesPerSecond) : '—'}</td>
                <td>{f.stepMs !== undefined ? f.stepMs.toFixed(1) : '—'}</td>
                <td>{f.firstStepMs !== undefined ? t('backendTable.ms', { ms: int(f.firstStepMs) }) : '—'}</td>
                <td className={styles.muted}>{f.status === 'ok' ? (f.backend === used ? t('backendTable.used') : '') : f.status === 'unavailable' ? t('backendTable.unavailable') : t('backendTable.failed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {figures.filter((f) => f.status !== 'ok' && !(f.backend === 'webgl' && report?.webglMissing)).map((f) => (
        <p key={f.backend} className={styles.muted}>{f.said ? saidWords(f.said, all) : f.message}</p>
      ))}
      {phase === 'measuring' && <p className={styles.muted}>{t('backendTable.measuring')}</p>}
      {best && ratios.length > 0 && (
        <p className={styles.muted} data-testid="backend-ratios">
          {t('backendTable.ratios', { best: backendLabel(best.backend), ratios: ratios.map((r) => t('backendTable.ratio', { ratio: r.ratio.toFixed(1), backend: backendLabel(r.backend) })).join(', ') })}
        </p>
      )}
      {report?.webglMissing && (
        <p className={styles.note} data-testid="no-webgl">
          {t('backendTable.noWebgl', { backend: backendLabel(used ?? 'wasm') })}
        </p>
      )}
    </div>
  );
}

function Charts({ series, version, epochs, xMax }: {
  series: ReturnType<typeof useTrainer>['series']; version: number; epochs: ReturnType<typeof useTrainer>['view']['epochs']; xMax: number;
}) {
  const t = useTranslations('train');
  // Read the mutable series when the version changes (new batches), not on every render.
  const lossLines = useMemo<ChartLine[]>(() => {
    const s = series.current;
    return [
      { label: t('charts.lossPerBatch'), color: 'var(--muted)', xs: [...s.x], ys: [...s.loss], faint: true },
      { label: t('charts.trainingLoss'), color: 'var(--accent)', xs: [...s.x], ys: smooth(s.loss) },
      { label: t('charts.testLoss'), color: '#d97706', xs: epochs.filter((e) => e.testLoss !== undefined).map((e) => e.epoch + 1), ys: epochs.flatMap((e) => (e.testLoss !== undefined ? [e.testLoss] : [])), dots: true },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, version, epochs, t]);
  const accLines = useMemo<ChartLine[]>(() => {
    const s = series.current;
    return [
      { label: t('charts.training'), color: 'var(--accent)', xs: [...s.x], ys: smooth(s.accuracy) },
      { label: t('charts.testAfterEpoch'), color: '#059669', xs: epochs.filter((e) => e.testAccuracy !== undefined).map((e) => e.epoch + 1), ys: epochs.flatMap((e) => (e.testAccuracy !== undefined ? [e.testAccuracy] : [])), dots: true },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, version, epochs, t]);
  return (
    <div className={styles.charts}>
      <LineChart title={t('charts.loss')} lines={lossLines} xMax={xMax} version={version} testId="loss-chart" empty={t('charts.lossEmpty')} />
      <LineChart title={t('charts.accuracy')} lines={accLines} xMax={xMax} yDomain={ACC_DOMAIN} yFormat={formatPct} version={version} testId="accuracy-chart" empty={t('charts.accuracyEmpty')} />
    </div>
  );
}

const ACC_DOMAIN = [0, 1] as const;

/** The heading of a run's error, by its kind (lib/train/errors.ts): `train.errorTitle.<kind>`. */
const errorTitleKey = (kind: TrainErrorKind): string => `errorTitle.${kind}`;

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
  const t = useTranslations('train');
  const d = useTranslations('datasets');
  const all = useTranslations();
  const int = useInt();
  const done = view.done;
  const error = view.error;
  if (error) {
    const title = t(errorTitleKey(error.kind));
    return (
      <div className={styles.problem} role="alert" data-testid="run-error" data-kind={error.kind}>
        <strong>{title}</strong>
        <p>{errorWords(error, all)}</p>
      </div>
    );
  }
  if (view.cancelled) return <p className={styles.note}>{t('results.cancelled')}</p>;
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
          <strong>{t('results.diverged')}</strong>
          <p>{done.said ? saidWords(done.said, all) : done.message}</p>
        </div>
      )}
      {done.status === 'stopped' && <p className={styles.note}>{t(done.partial ? 'results.stoppedPartial' : 'results.stopped', { count: done.epochsCompleted })}</p>}
      {test && metrics && (
        <>
          <div className={styles.figuresRow}>
            <Figure label={metrics.kind === 'multi' ? t('results.exactMatch') : t('results.testAccuracy')} value={test.accuracy} testId="test-accuracy"
              {...(test.crops ? { note: t(test.crops.mirrored ? 'results.ttaNote' : 'results.ttaNoteUnmirrored', { count: test.crops.count }) }
                : showBalanced ? { note: t('results.shareNote') } : {})} />
            {without && (
              <Figure second label={t('results.withoutTta')} value={without.accuracy} testId="accuracy-without-tta"
                note={t('results.withoutTtaNote', { sign: test.accuracy >= without.accuracy ? '+' : '−', points: (Math.abs(test.accuracy - without.accuracy) * 100).toFixed(1) })} />
            )}
            {metrics.kind === 'single' && showBalanced && (
              <Figure second label={t('results.balanced')} value={metrics.balancedAccuracy} testId="balanced-accuracy"
                note={t('results.balancedNote')} />
            )}
            {metrics.kind === 'multi' && (
              <>
                <Figure second label={t('results.labelDecisions')} value={metrics.labelAccuracy} testId="label-accuracy"
                  note={t('results.labelDecisionsNote', { count: metrics.perLabel.length })} />
                <Figure second label={t('results.meanF1')} value={metrics.meanF1} testId="mean-f1" note={t('results.meanF1Note')} />
              </>
            )}
          </div>
          <p className={styles.muted} data-testid="results-line">
            {t('results.line', {
              count: int(metrics.samples), loss: test.loss.toFixed(3), lossKind: loss ? ` (${d(`loss.${loss}.label`).toLocaleLowerCase()})` : '',
              speed: int(done.samplesPerSecond), time: formatDuration(done.trainSeconds, t),
            })}
            {metrics.kind === 'single' && !showBalanced ? t('results.lineBalanced', { percent: pct(metrics.balancedAccuracy) }) : ''}
            {ranWith?.settings.augment ? t('results.lineAugmented') : ''}
          </p>
          {metrics.kind === 'single' && ratio >= IMBALANCED && loss === 'cross-entropy' && (
            <p className={styles.note} data-testid="imbalance-advice">
              {t('results.imbalanceAdvice', { most: int(Math.max(...counts!)), least: int(Math.min(...counts!.filter((n) => n > 0))), ratio: Math.round(ratio) })}
            </p>
          )}
          {metrics.kind === 'single' && collapsedTo(metrics.confusion) !== null && (
            <div className={styles.problem} role="alert" data-testid="collapsed">
              <strong>{t('results.collapsed', { name: classNames[collapsedTo(metrics.confusion)!] ?? '' })}</strong>
              <p>{t('results.collapsedWhy', { count: metrics.confusion.length, value: Math.log(metrics.confusion.length).toFixed(2) })}</p>
            </div>
          )}
          {metrics.kind === 'single' && (
            <div className={styles.resultGrid}>
              <div>
                <h3>{t('results.perClass')}</h3>
                <PerClassBars perClass={metrics.perClassAccuracy} classNames={classNames} {...(counts ? { counts } : {})} />
              </div>
              <div>
                <h3>{t('results.confusion')}</h3>
                <ConfusionMatrix confusion={metrics.confusion} classNames={classNames} selected={cell} onCellClick={onCell} />
              </div>
            </div>
          )}
          {metrics.kind === 'multi' && (
            <div>
              <h3>{t('results.perLabel', { threshold: metrics.threshold })}</h3>
              <PerLabelTable perLabel={metrics.perLabel} classNames={classNames} {...(counts ? { counts } : {})} />
            </div>
          )}
        </>
      )}
      <p className={styles.tiny} data-testid="tensors" data-before={done.tensorsBefore} data-after={done.tensorsAfter}>
        {done.tensorsAfter - done.tensorsBefore === 0 ? t('results.memoryFreed') : t('results.memoryLeak', { count: done.tensorsAfter - done.tensorsBefore })}
      </p>
    </div>
  );
}
