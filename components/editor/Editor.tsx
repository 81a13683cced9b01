'use client';
/**
 * The editor page: toolbar, palette, canvas, inspector and summary. On first load it opens the
 * graph of a share link, else the preset of `?preset=`, else the autosaved session, else LeNet-5.
 */
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Canvas } from '@/components/canvas/Canvas';
import { Inspector } from '@/components/inspector/Inspector';
import { Palette } from '@/components/palette/Palette';
import { PresetMenu } from '@/components/presets/PresetMenu';
import { Summary } from '@/components/summary/Summary';
import { TrainedLine } from '@/components/train/TrainedLine';
import type { Graph } from '@/lib/graph/types';
import { ActionButton, ActionUiContext } from './ActionButton';
import { handleKey, type EditorUi } from './actions';
import { readAutosave, readGraphFile, readShareHash, shareLink, SHARE_PREFIX } from './persist';
import { adoptOldBlocks, documentForExport, loadDoc, loadLayout, loadPreset, notify, replaceDoc, useEditor } from './store';
import { initTheme, setTheme, useTheme } from './theme';
import { SiteNav } from '@/components/site/SiteNav';
import { useWords } from './words';
import { useGraphErrorWords } from './graph-error-words';

/** A graph whose nodes all sit on one spot (a hand-written file) needs a layout. */
function needsLayout(graph: Graph): boolean {
  const spots = new Set(graph.nodes.map((n) => `${n.position.x},${n.position.y}`));
  return graph.nodes.length > 1 && spots.size < graph.nodes.length;
}

/** Keys typed into a field, or pressed inside a dialog, are not the editor's shortcuts. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable
    || !!el.closest?.('[role="dialog"], [role="alertdialog"]'));
}

function Notice() {
  const notice = useEditor((s) => s.notice);
  const t = useTranslations('editor');
  const words = useWords();
  const errorWords = useGraphErrorWords();
  if (!notice) return null;
  return (
    <div className={`lw-notice tone-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <div className="lw-notice-body">
        <strong>{words(notice.title)}</strong>
        {notice.lines && notice.lines.length > 0 && (
          <ul>{notice.lines.slice(0, 30).map((l, i) => <li key={i}><code>{typeof l === 'string' ? l : `${l.path}: ${errorWords(l.error)}`}</code></li>)}</ul>
        )}
        {notice.lines && notice.lines.length > 30 && <p>{t('notice.more', { count: notice.lines.length - 30 })}</p>}
      </div>
      <button type="button" className="lw-btn lw-btn-quiet" aria-label={t('notice.dismiss')} onClick={() => notify(undefined)}>✕</button>
    </div>
  );
}

/** Closes a dialog on Escape wherever the focus is. */
function useEscape(onEscape: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.stopPropagation(); onEscape(); } };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onEscape]);
}

/** A small modal asking for one line of text (a block's name); `check` keeps it open with the reason. */
function NameDialog({ title, initial, check, onDone }: {
  title: string; initial: string; check?: (value: string) => string | undefined; onDone: (name: string | undefined) => void;
}) {
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string>();
  const t = useTranslations('editor');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { input.current?.select(); }, []);
  useEscape(useCallback(() => onDone(undefined), [onDone]));
  const submit = () => {
    const v = value.trim();
    const why = v && check ? check(v) : undefined;
    if (why) { setProblem(why); return; }
    onDone(v || undefined);
  };
  return (
    <div className="lw-modal-backdrop" onMouseDown={() => onDone(undefined)}>
      <form
        className="lw-modal"
        role="dialog"
        aria-label={title}
        onMouseDown={(e) => e.stopPropagation()}
        onSubmit={(e) => { e.preventDefault(); submit(); }}
      >
        <label htmlFor="lw-name-input">{title}</label>
        <input
          id="lw-name-input"
          ref={input}
          value={value}
          onChange={(e) => { setValue(e.target.value); setProblem(undefined); }}
          maxLength={60}
          aria-invalid={!!problem}
        />
        {problem && <p className="lw-field-error" role="alert">{problem}</p>}
        <div className="lw-modal-actions">
          <button type="button" className="lw-btn lw-btn-quiet" onClick={() => onDone(undefined)}>{t('dialog.cancel')}</button>
          <button type="submit" className="lw-btn lw-btn-primary">{t('dialog.ok')}</button>
        </div>
      </form>
    </div>
  );
}

/** A yes/no question (deleting a block type that nodes use). */
function ConfirmDialog({ title, lines, ok, onDone }: { title: string; lines?: readonly string[]; ok: string; onDone: (yes: boolean) => void }) {
  useEscape(useCallback(() => onDone(false), [onDone]));
  const t = useTranslations('editor');
  return (
    <div className="lw-modal-backdrop" onMouseDown={() => onDone(false)}>
      <div className="lw-modal lw-modal-wide" role="alertdialog" aria-label={title} onMouseDown={(e) => e.stopPropagation()}>
        <strong>{title}</strong>
        {lines?.map((l, i) => <p key={i}>{l}</p>)}
        <div className="lw-modal-actions">
          <button type="button" className="lw-btn lw-btn-quiet" onClick={() => onDone(false)} autoFocus>{t('dialog.cancel')}</button>
          <button type="button" className="lw-btn lw-btn-primary" onClick={() => onDone(true)}>{ok}</button>
        </div>
      </div>
    </div>
  );
}

function ShareDialog({ link, onClose }: { link: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const t = useTranslations('editor');
  useEscape(onClose);
  return (
    <div className="lw-modal-backdrop" onMouseDown={onClose}>
      <div className="lw-modal lw-modal-wide" role="dialog" aria-label={t('share.title')} onMouseDown={(e) => e.stopPropagation()}>
        <label htmlFor="lw-share-link">{t('share.explain')}</label>
        <input id="lw-share-link" readOnly value={link} autoFocus onFocus={(e) => e.target.select()} />
        <p className="lw-muted">{t('share.characters', { count: link.length })}</p>
        <div className="lw-modal-actions">
          <button type="button" className="lw-btn lw-btn-quiet" onClick={onClose}>{t('dialog.close')}</button>
          <button
            type="button"
            className="lw-btn lw-btn-primary"
            onClick={() => { void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false)); }}
          >
            {copied ? t('share.copied') : t('share.copy')}
          </button>
        </div>
      </div>
    </div>
  );
}

function Toolbar() {
  const { busy, name, graph } = useEditor(useShallow((s) => ({ busy: s.busy, name: s.doc.graph.meta?.name, graph: s.doc.graph })));
  const theme = useTheme((s) => s.theme);
  const t = useTranslations('editor');
  const words = useWords();
  return (
    <header className="lw-toolbar">
      <h1 className="lw-brand">Layerwise</h1>
      <PresetMenu />
      <div className="lw-tool-group" role="group" aria-label={t('toolbar.file')}>
        <ActionButton id="newGraph" />
        <ActionButton id="open" />
        <ActionButton id="save" />
        <ActionButton id="share" />
      </div>
      <div className="lw-tool-group" role="group" aria-label={t('toolbar.edit')}>
        <ActionButton id="undo" />
        <ActionButton id="redo" />
        <ActionButton id="delete" />
        <ActionButton id="group" />
      </div>
      <div className="lw-tool-group" role="group" aria-label={t('toolbar.view')}>
        <ActionButton id="autoLayout" />
        <ActionButton id="fitView" />
        <button
          type="button"
          className="lw-btn"
          aria-label={theme === 'dark' ? t('toolbar.lightTheme') : t('toolbar.darkTheme')}
          title={t('toolbar.themeHint')}
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </div>
      <Link href="/train" className="lw-btn lw-btn-primary lw-btn-link" title={t('toolbar.trainHint')}>{t('toolbar.train')}</Link>
      <LookInsideLink />
      <SiteNav />
      <div className="lw-toolbar-status" aria-live="polite">
        {busy ? <span className="lw-busy">{words(busy)}</span> : <span className="lw-model-name">{name ?? t('toolbar.untitled')}</span>}
        <TrainedLine graph={graph} />
      </div>
    </header>
  );
}

/**
 * Opens the Train page's "Look inside" panel on the selected node (one node selected), else on
 * the first convolution. The graph goes there as the autosave every edit writes.
 */
function LookInsideLink() {
  const node = useEditor((s) => (s.selected.size === 1 ? [...s.selected][0]! : null));
  const t = useTranslations('editor');
  return (
    <Link href={node ? `/train?node=${encodeURIComponent(node)}` : '/train?view=activations'} className="lw-btn lw-btn-link" data-testid="look-inside-link"
      title={node ? t('toolbar.lookInsideNodeHint', { node }) : t('toolbar.lookInsideHint')}>
      {node ? t('toolbar.lookInsideNode', { node }) : t('toolbar.lookInside')}
    </Link>
  );
}

type Asking =
  | { kind: 'name'; title: string; initial: string; check?: (value: string) => string | undefined; resolve: (v: string | undefined) => void }
  | { kind: 'confirm'; title: string; lines?: readonly string[]; ok: string; resolve: (yes: boolean) => void };

function EditorShell() {
  const fileInput = useRef<HTMLInputElement>(null);
  const [asking, setAsking] = useState<Asking>();
  const [link, setLink] = useState<string>();
  const rf = useReactFlow();
  const ready = useEditor((s) => s.loads > 0);
  const loads = useEditor((s) => s.loads);
  const busy = useEditor((s) => !!s.busy);
  const t = useTranslations('editor');
  const errorWords = useGraphErrorWords();

  // First load: share link, else the autosaved session, else LeNet-5. A share link pasted into
  // the address bar of an open tab arrives as a hash change.
  useEffect(() => {
    initTheme();
    let cancelled = false;
    const openHash = async (): Promise<boolean> => {
      const hash = window.location.hash;
      if (!hash.startsWith(SHARE_PREFIX)) return false;
      const shared = await readShareHash(hash);
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      if (cancelled || !shared) return false;
      if (shared.ok) {
        await loadDoc({ graph: shared.graph, groups: {} }, undefined, needsLayout(shared.graph));
        return true;
      }
      notify({ tone: 'error', title: { key: 'share.badLink' }, lines: shared.errors.map((e) => ({ path: e.path, error: e })) });
      return false;
    };
    // Blocks an older version kept (frames in the autosave, "My blocks") become blocks of the
    // graph shown, once: the next autosave has no frames, and the old list is removed.
    void (async () => {
      if (await openHash()) { useEditor.setState({ past: [], future: [] }); adoptOldBlocks([]); return; }
      if (cancelled) return;
      const saved = readAutosave();
      // `/?preset=resnet50` (the history page's points, the lessons' buttons) opens a preset, as one undoable step over
      // the saved session; the query is then dropped, so a reload keeps the user's edits.
      const asked = new URLSearchParams(window.location.search).get('preset');
      if (asked) window.history.replaceState(null, '', window.location.pathname);
      if (saved && saved.doc.graph.nodes.length) {
        replaceDoc(saved.doc);
        useEditor.setState((s) => ({ fitRequest: s.fitRequest + 1 }));
        adoptOldBlocks(saved.oldGroups);
        if (asked) await loadPreset(asked);
      } else if (asked) {
        await loadPreset(asked);
        useEditor.setState({ past: [], future: [] });
        adoptOldBlocks([]);
      } else {
        await loadPreset('lenet5');
        useEditor.setState({ past: [], future: [] });
        adoptOldBlocks([]);
      }
    })();
    const onHash = () => void openHash();
    window.addEventListener('hashchange', onHash);
    // Warm the layout engine while the user looks around, so the first preset lays out fast.
    const warm = () => void loadLayout().then((m) => m.layoutGraph({ nodes: [{ id: 'a', type: 'Input', params: {}, position: { x: 0, y: 0 } }, { id: 'b', type: 'Dense', params: {}, position: { x: 0, y: 0 } }], edges: [{ id: 'e', source: 'a', target: 'b', targetPort: 0 }] }));
    const timer = setTimeout(warm, 400);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  const openFile = useCallback(async (file: File) => {
    const text = await file.text();
    const r = readGraphFile(text);
    if (!r.ok) {
      notify({ tone: 'error', title: { key: 'file.rejected', values: { file: file.name, count: r.errors.length } }, lines: r.errors.map((e) => ({ path: e.path, error: e })) });
      return;
    }
    const graph = r.graph.meta?.name ? r.graph : { ...r.graph, meta: { ...r.graph.meta, name: file.name.replace(/\.layerwise\.json$|\.json$/i, '') } };
    await loadDoc({ graph, groups: {} }, undefined, needsLayout(graph));
  }, []);

  const share = useCallback(async () => {
    try {
      setLink(await shareLink(documentForExport(), window.location.origin + window.location.pathname));
    } catch {
      notify({ tone: 'error', title: { key: 'share.cannotCompress' } });
    }
  }, []);

  const closeShare = useCallback(() => setLink(undefined), []);

  // What actions may ask of the page: dialogs, the file picker, the share link, the view.
  const ui = useMemo<EditorUi>(() => ({
    askName: (title, initial, check) => new Promise((resolve) => setAsking({ kind: 'name', title, initial, check, resolve })),
    confirm: (q) => new Promise((resolve) => setAsking({ kind: 'confirm', ...q, resolve })),
    openFile: () => fileInput.current?.click(),
    share: () => void share(),
    fitView: () => void rf.fitView({ padding: 0.08, minZoom: 0.02, duration: 200 }),
    say: (key, values) => t(key, values),
    sayError: (e) => errorWords(e),
  }), [share, rf, t, errorWords]);

  // Every shortcut goes through the action table (actions.ts), as the toolbar's buttons do.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      if (handleKey(e, ui).preventDefault) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ui]);

  const answerName = useCallback((v: string | undefined) => { if (asking?.kind === 'name') asking.resolve(v); setAsking(undefined); }, [asking]);
  const answerConfirm = useCallback((yes: boolean) => { if (asking?.kind === 'confirm') asking.resolve(yes); setAsking(undefined); }, [asking]);

  return (
    <ActionUiContext.Provider value={ui}>
      <div className="lw-app" data-ready={ready && !busy ? 'true' : 'false'} data-loads={loads}>
        <Toolbar />
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          aria-label={t('toolbar.openFileInput')}
          className="lw-hidden"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void openFile(f); }}
        />
        <Palette />
        <main className="lw-main">
          <Notice />
          <Canvas />
        </main>
        <Inspector />
        <Summary />
        {asking?.kind === 'name' && <NameDialog title={asking.title} initial={asking.initial} check={asking.check} onDone={answerName} />}
        {asking?.kind === 'confirm' && <ConfirmDialog title={asking.title} lines={asking.lines} ok={asking.ok} onDone={answerConfirm} />}
        {link && <ShareDialog link={link} onClose={closeShare} />}
      </div>
    </ActionUiContext.Provider>
  );
}

/** The whole editor, with React Flow's provider around it (the toolbar fits the view too). */
export function Editor() {
  return (
    <ReactFlowProvider>
      <EditorShell />
    </ReactFlowProvider>
  );
}
