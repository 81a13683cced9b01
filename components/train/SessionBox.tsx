'use client';
/**
 * The kept model, in the training panel: what its weights are (random, trained, restored after a
 * reload, stale after an edit), and what to do with them: evaluate again, download them as
 * model.json + weights.bin + graph.json, upload such files, forget them, or resume a run that a
 * reload cut short.
 */
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { parseGraphFile } from '@/lib/graph/format';
import type { EvaluationDetail, ModelFiles, SessionState } from '@/lib/train/session-types';
import { saveAutosave } from '@/components/editor/persist';
import { AskError, type useTrainer } from './useTrainer';
import { trainedDate, trainedFigures, trainedSettings } from './trained-text';
import styles from './TrainPanel.module.css';

type Trainer = ReturnType<typeof useTrainer>;

const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;

/** Which picked file is which: weights.bin by its bytes, model.json by its weights manifest, graph.json by its format. */
async function sortModelFiles(files: readonly File[]): Promise<ModelFiles> {
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
      throw new AskError('weights-do-not-fit', `${f.name} is not JSON: pick model.json, weights.bin and graph.json.`);
    }
    if (json.weightsManifest) modelJson = text;
    else if (json.format === 'layerwise-graph') graphJson = text;
  }
  const missing = [!modelJson && 'model.json', !weightsBin && 'weights.bin', !graphJson && 'graph.json'].filter(Boolean);
  if (missing.length) throw new AskError('weights-do-not-fit', `Pick the three files together; missing: ${missing.join(', ')}.`);
  return { modelJson: modelJson!, weightsBin: weightsBin!, graphJson: graphJson! };
}

export function SessionBox({ trainer, running, onResumeRun }: { trainer: Trainer; running: boolean; onResumeRun: () => void }) {
  const router = useRouter();
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
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const onEvaluate = () => act('Testing the kept weights…', async () => setEvaluated({ of: state, detail: await ask({ kind: 'evaluate' }) }));

  const onDownload = () => act('Preparing the files…', async () => {
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
    void act('Reading the model files…', async () => {
      setOtherGraph(null);
      const files = await sortModelFiles(list);
      const result = await ask({ kind: 'import', files });
      if (!result.fitsOpenGraph) setOtherGraph({ name: result.graph.meta?.name ?? 'another graph', text: files.graphJson });
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

  const onForget = () => act('Forgetting the weights…', async () => { await ask({ kind: 'forget' }); });

  const resume = session?.resume;
  return (
    <div className={styles.session} data-testid="session" data-state={state?.kind ?? 'none'}>
      <div role="status" className={styles.sessionLine} data-testid="session-status">
        {!state && <span className={styles.muted}>Opening the model…</span>}
        {state?.kind === 'none' && <span className={styles.muted}>No model: {state.why ?? 'open a graph'}</span>}
        {state?.kind === 'untrained' && <span className={styles.muted}>Not trained yet: the model&rsquo;s weights are random (useful to look at, not to ask).</span>}
        {state?.kind === 'trained' && (
          <>
            {state.restored && <strong data-testid="restored">Trained weights restored</strong>}
            {state.shipped
              ? <span data-testid="shipped-line" data-accuracy={state.summary.accuracy}>{state.shipped}<span className={styles.muted}> · train it here to replace them with your own run</span></span>
              : (
                <>
                  <span data-testid="trained-line" data-accuracy={state.summary.accuracy}>
                    {state.restored ? '' : 'Trained: '}{trainedFigures(state.summary)}
                    <span className={styles.muted}> · {trainedDate(state.summary)} · kept in this browser with the graph</span>
                  </span>
                  <span className={styles.muted} data-testid="trained-with">
                    Trained with {trainedSettings(state.summary)}; {state.summary.settings.optimizer === 'sgd' ? 'SGD' : 'Adam'} at {state.summary.settings.learningRate}, batch {state.summary.settings.batchSize}.
                  </span>
                </>
              )}
            {state.edited && <span className={styles.warn}>The graph changed since (the weights still fit): evaluate again for its accuracy now.</span>}
          </>
        )}
        {state?.kind === 'stale' && (
          <span className={styles.warn} data-testid="stale">
            The trained weights ({trainedFigures(state.was)}) no longer fit this graph: {state.why}. Train again, or undo the edit to get them back.
          </span>
        )}
      </div>
      <div className={styles.buttons}>
        {resume && !running && (
          <button type="button" className={styles.primary} onClick={onResumeRun} data-testid="resume-run">
            Resume from epoch {resume.epochsDone} of {resume.epochs}
          </button>
        )}
        {state?.kind === 'trained' && (
          <>
            <button type="button" onClick={onEvaluate} disabled={running || !!busy} data-testid="evaluate">Evaluate again</button>
            <button type="button" onClick={onDownload} disabled={running || !!busy} data-testid="download">Download trained model</button>
          </>
        )}
        <button type="button" onClick={() => upload.current?.click()} disabled={running || !!busy} data-testid="upload">Upload a trained model</button>
        <input ref={upload} type="file" multiple accept=".json,.bin" hidden aria-label="Trained model files: model.json, weights.bin and graph.json"
          data-testid="upload-input" onChange={(e) => onUpload(e.target.files)} />
        {state?.kind === 'trained' && (
          <button type="button" onClick={onForget} disabled={running || !!busy} data-testid="forget">Forget these weights</button>
        )}
      </div>
      {busy && <p className={styles.muted}>{busy}</p>}
      {evaluation && (
        <p data-testid="evaluated" data-value={evaluation.accuracy}>
          Evaluated again: <strong>{pct(evaluation.accuracy)}</strong>{evaluation.metrics.kind === 'multi' ? ' exact match' : ''} on {evaluation.labels.length.toLocaleString('en-US')} test images of {evaluation.datasetName}
          {evaluation.crops ? `, ${evaluation.crops.count} test-time crops averaged as in training` : ''}
          {' '}(loss {evaluation.loss.toFixed(3)}, {evaluation.seconds.toFixed(1)} s).
        </p>
      )}
      {links.length > 0 && (
        <p className={styles.tiny} data-testid="download-links">
          If your browser held some back: {links.map((l, i) => <span key={l.name}>{i > 0 ? ' · ' : ''}<a href={l.url} download={l.name}>{l.name}</a></span>)}.
          They load back here, with <code>layerwise train --load</code>, and with <code>tf.loadLayersModel</code>.
        </p>
      )}
      {otherGraph && (
        <p className={styles.note} data-testid="other-graph">
          These weights belong to another graph ({otherGraph.name}); they are kept with it.{' '}
          <button type="button" onClick={onOpenOther}>Open {otherGraph.name} with its weights</button>
        </p>
      )}
      {problem && <p className={styles.problem} role="alert" data-testid="session-problem">{problem}</p>}
    </div>
  );
}
