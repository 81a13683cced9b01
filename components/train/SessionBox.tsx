'use client';
/**
 * The kept model, in the training panel: what its weights are (random, trained, restored after a
 * reload, stale after an edit), and what to do with them: evaluate again, download them as
 * model.json + weights.bin + graph.json, upload such files, forget them, or resume a run that a
 * reload cut short.
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { parseGraphFile } from '@/lib/graph/format';
import type { EvaluationDetail, ModelFiles, SessionState } from '@/lib/train/session-types';
import { saveAutosave } from '@/components/editor/persist';
import { AskError, type useTrainer } from './useTrainer';
import { trainedDate, trainedFigures, trainedLine, trainedSettings, type TrainWords } from './trained-text';
import styles from './TrainPanel.module.css';
import { errorWords, saidWords } from './said-words';

type Trainer = ReturnType<typeof useTrainer>;

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

/** Which picked file is which: weights.bin by its bytes, model.json by its weights manifest, graph.json by its format. */
async function sortModelFiles(files: readonly File[], t: TrainWords): Promise<ModelFiles> {
  let modelJson: string | undefined;
  let graphJson: string | undefined;
  let weightsBin: Uint8Array | undefined;
  for (const f of files) {
    if (f.name.endsWith('.bin')) {
      weightsBin = new Uint8Array(await f.arrayBuffer());
      continue;
    }
    const text = await f.text();
    let json: { weightsManifest?: unknown; format?: unknown };
    try {
      json = JSON.parse(text);
    } catch {
      throw new AskError('weights-do-not-fit', t('session.notJson', { file: f.name }));
    }
    if (json.weightsManifest) modelJson = text;
    else if (json.format === 'layerwise-graph') graphJson = text;
  }
  const missing = [!modelJson && 'model.json', !weightsBin && 'weights.bin', !graphJson && 'graph.json'].filter(Boolean);
  if (missing.length) throw new AskError('weights-do-not-fit', t('session.missing', { files: missing.join(', ') }));
  return { modelJson: modelJson!, weightsBin: weightsBin!, graphJson: graphJson! };
}

export function SessionBox({ trainer, running, onResumeRun }: { trainer: Trainer; running: boolean; onResumeRun: () => void }) {
  const router = useRouter();
  const t = useTranslations('train');
  const d = useTranslations('datasets');
  const all = useTranslations();
  const locale = useLocale();
  const format = useFormatter();
  const { session, ask, showHistory, view } = trainer;
  const [busy, setBusy] = useState<string | null>(null);
  // An evaluation and download links hold for the weights they were made from (`of`).
  const [evaluated, setEvaluated] = useState<{ of: SessionState | undefined; detail: EvaluationDetail } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [made, setMade] = useState<{ of: SessionState | undefined; links: { name: string; url: string }[] } | null>(null);
  const [otherGraph, setOtherGraph] = useState<{ name: string; text: string } | null>(null);
  const upload = useRef<HTMLInputElement>(null);
  const state = session?.state;

  // Weights restored after a reload: draw their run's curves again, until a new run starts.
  const restoredHistory = state?.kind === 'trained' && state.restored ? state.summary.history : undefined;
  useEffect(() => {
    if (restoredHistory && view.phase === 'idle' && view.epochs.length === 0) showHistory(restoredHistory);
  }, [restoredHistory, view.phase, view.epochs.length, showHistory]);
  const evaluation = evaluated && evaluated.of === state ? evaluated.detail : null;
  const links = made && made.of === state ? made.links : [];

  const act = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    setProblem(null);
    try {
      await fn();
    } catch (e) {
      setProblem(e instanceof AskError ? errorWords(e, all) : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const onEvaluate = () => act(t('session.testing'), async () => setEvaluated({ of: state, detail: await ask({ kind: 'evaluate' }) }));

  const onDownload = () => act(t('session.preparing'), async () => {
    const files = await ask({ kind: 'export' });
    const files3 = [
      { name: 'model.json', url: URL.createObjectURL(new Blob([files.modelJson], { type: 'application/json' })) },
      { name: 'weights.bin', url: URL.createObjectURL(new Blob([files.weightsBin as BlobPart], { type: 'application/octet-stream' })) },
      { name: 'graph.json', url: URL.createObjectURL(new Blob([files.graphJson], { type: 'application/json' })) },
    ];
    setMade((old) => {
      old?.links.forEach((l) => URL.revokeObjectURL(l.url));
      return { of: state, links: files3 };
    });
    for (const f of files3) {
      const a = document.createElement('a');
      a.href = f.url;
      a.download = f.name;
      a.click();
    }
  });

  const onUpload = (picked: FileList | null) => {
    if (!picked || picked.length === 0) return;
    const list = [...picked];
    void act(t('session.reading'), async () => {
      setOtherGraph(null);
      const files = await sortModelFiles(list, t);
      const result = await ask({ kind: 'import', files });
      if (!result.fitsOpenGraph) setOtherGraph({ name: result.graph.meta?.name ?? t('session.anotherGraph'), text: files.graphJson });
    });
    if (upload.current) upload.current.value = '';
  };

  const onOpenOther = () => {
    if (!otherGraph) return;
    const parsed = parseGraphFile(otherGraph.text);
    if (!parsed.ok) return;
    saveAutosave({ graph: parsed.graph, groups: {} });
    router.push('/train');
  };

  const onForget = () => act(t('session.forgetting'), async () => { await ask({ kind: 'forget' }); });

  const resume = session?.resume;
  return (
    <div className={styles.session} data-testid="session" data-state={state?.kind ?? 'none'}>
      <div role="status" className={styles.sessionLine} data-testid="session-status">
        {!state && <span className={styles.muted}>{t('session.opening')}</span>}
        {state?.kind === 'none' && <span className={styles.muted}>{t('session.noModel', { why: state.whySaid ? saidWords(state.whySaid, all) : state.why ?? t('session.openGraph') })}</span>}
        {state?.kind === 'untrained' && <span className={styles.muted}>{t('session.untrained')}</span>}
        {state?.kind === 'trained' && (
          <>
            {state.restored && <strong data-testid="restored">{t('session.restored')}</strong>}
            {state.shipped
              ? <span data-testid="shipped-line" data-accuracy={state.summary.accuracy}>{state.shippedSaid ? saidWords(state.shippedSaid, all) : state.shipped}<span className={styles.muted}>{t('session.shippedHint')}</span></span>
              : (
                <>
                  <span data-testid="trained-line" data-accuracy={state.summary.accuracy}>
                    {state.restored ? trainedFigures(state.summary, t) : trainedLine(state.summary, t)}
                    <span className={styles.muted}>{t('session.kept', { date: trainedDate(state.summary, locale) })}</span>
                  </span>
                  <span className={styles.muted} data-testid="trained-with">
                    {t('session.trainedWith', {
                      settings: trainedSettings(state.summary, t, d), optimizer: state.summary.settings.optimizer === 'sgd' ? 'SGD' : 'Adam',
                      rate: String(state.summary.settings.learningRate), batch: state.summary.settings.batchSize,
                    })}
                  </span>
                </>
              )}
            {state.edited && <span className={styles.warn}>{t('session.edited')}</span>}
          </>
        )}
        {state?.kind === 'stale' && (
          <span className={styles.warn} data-testid="stale">
            {t('session.stale', { figures: trainedFigures(state.was, t), why: saidWords(state.whySaid, all) })}
          </span>
        )}
      </div>
      <div className={styles.buttons}>
        {resume && !running && (
          <button type="button" className={styles.primary} onClick={onResumeRun} data-testid="resume-run">
            {t('session.resumeRun', { done: resume.epochsDone, of: resume.epochs })}
          </button>
        )}
        {state?.kind === 'trained' && (
          <>
            <button type="button" onClick={onEvaluate} disabled={running || !!busy} data-testid="evaluate">{t('session.evaluate')}</button>
            <button type="button" onClick={onDownload} disabled={running || !!busy} data-testid="download">{t('session.download')}</button>
          </>
        )}
        <button type="button" onClick={() => upload.current?.click()} disabled={running || !!busy} data-testid="upload">{t('session.upload')}</button>
        <input ref={upload} type="file" multiple accept=".json,.bin" hidden aria-label={t('session.uploadInput')}
          data-testid="upload-input" onChange={(e) => onUpload(e.target.files)} />
        {state?.kind === 'trained' && (
          <button type="button" onClick={onForget} disabled={running || !!busy} data-testid="forget">{t('session.forget')}</button>
        )}
      </div>
      {busy && <p className={styles.muted}>{busy}</p>}
      {evaluation && (
        <p data-testid="evaluated" data-value={evaluation.accuracy}>
          {t.rich('session.evaluated', {
            b: (chunks) => <strong>{chunks}</strong>,
            percent: pct(evaluation.accuracy), exact: evaluation.metrics.kind === 'multi' ? t('session.exact') : '',
            count: format.number(evaluation.labels.length), dataset: evaluation.datasetName,
            crops: evaluation.crops ? t('session.crops', { count: evaluation.crops.count }) : '',
            loss: evaluation.loss.toFixed(3), seconds: evaluation.seconds.toFixed(1),
          })}
        </p>
      )}
      {links.length > 0 && (
        <p className={styles.tiny} data-testid="download-links">
          {t('session.linksHeldBack')} {links.map((l, i) => <span key={l.name}>{i > 0 ? ' · ' : ''}<a href={l.url} download={l.name}>{l.name}</a></span>)}.
          {t.rich('session.linksLoad', { code: (chunks) => <code>{chunks}</code> })}
        </p>
      )}
      {otherGraph && (
        <p className={styles.note} data-testid="other-graph">
          {t('session.otherGraph', { name: otherGraph.name })}{' '}
          <button type="button" onClick={onOpenOther}>{t('session.openOther', { name: otherGraph.name })}</button>
        </p>
      )}
      {problem && <p className={styles.problem} role="alert" data-testid="session-problem">{problem}</p>}
    </div>
  );
}
