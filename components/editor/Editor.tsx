'use client';
/**
 * The editor page: toolbar, palette, canvas, inspector and summary. On first load it opens the
 * graph of a share link, else the autosaved session, else LeNet-5.
 */
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Canvas } from '@/components/canvas/Canvas';
import { Inspector } from '@/components/inspector/Inspector';
import { Palette } from '@/components/palette/Palette';
import { PresetMenu } from '@/components/presets/PresetMenu';
import { Summary } from '@/components/summary/Summary';
import type { Graph } from '@/lib/graph/types';
import { loadLibrary } from './library';
import { fileNameFor, graphFileText, loadAutosave, readGraphFile, readShareHash, shareLink, SHARE_PREFIX } from './persist';
import {
  autoLayout, copySelection, cutSelection, deleteSelection, documentForExport, duplicateSelection, groupSelection,
  loadDoc, loadLayout, loadPreset, newGraph, notify, paste, redo, replaceDoc, setSelection, undo, useEditor,
} from './store';
import { initTheme, setTheme, useTheme } from './theme';

/** A graph whose nodes all sit on one spot (a hand-written file) needs a layout. */
function needsLayout(graph: Graph): boolean {
  const spots = new Set(graph.nodes.map((n) => `${n.position.x},${n.position.y}`));
  return graph.nodes.length > 1 && spots.size < graph.nodes.length;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function Notice() {
  const notice = useEditor((s) => s.notice);
  if (!notice) return null;
  return (
    <div className={`lw-notice tone-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <div className="lw-notice-body">
        <strong>{notice.title}</strong>
        {notice.lines && notice.lines.length > 0 && (
          <ul>{notice.lines.slice(0, 30).map((l, i) => <li key={i}><code>{l}</code></li>)}</ul>
        )}
        {notice.lines && notice.lines.length > 30 && <p>…and {notice.lines.length - 30} more.</p>}
      </div>
      <button type="button" className="lw-btn lw-btn-quiet" aria-label="Dismiss message" onClick={() => notify(undefined)}>✕</button>
    </div>
  );
}

/** A small modal asking for one line of text (the name of a group). */
/** Closes a dialog on Escape wherever the focus is. */
function useEscape(onEscape: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') { e.stopPropagation(); onEscape(); } };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onEscape]);
}

function NameDialog({ title, initial, onDone }: { title: string; initial: string; onDone: (name: string | undefined) => void }) {
  const [value, setValue] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { input.current?.select(); }, []);
  useEscape(useCallback(() => onDone(undefined), [onDone]));
  return (
    <div className="lw-modal-backdrop" onMouseDown={() => onDone(undefined)}>
      <form
        className="lw-modal"
        role="dialog"
        aria-label={title}
        onMouseDown={(e) => e.stopPropagation()}
        onSubmit={(e) => { e.preventDefault(); onDone(value.trim() || undefined); }}
      >
        <label htmlFor="lw-name-input">{title}</label>
        <input id="lw-name-input" ref={input} value={value} onChange={(e) => setValue(e.target.value)} maxLength={60} />
        <div className="lw-modal-actions">
          <button type="button" className="lw-btn lw-btn-quiet" onClick={() => onDone(undefined)}>Cancel</button>
          <button type="submit" className="lw-btn lw-btn-primary">OK</button>
        </div>
      </form>
    </div>
  );
}

function ShareDialog({ link, onClose }: { link: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  useEscape(onClose);
  return (
    <div className="lw-modal-backdrop" onMouseDown={onClose}>
      <div className="lw-modal lw-modal-wide" role="dialog" aria-label="Share link" onMouseDown={(e) => e.stopPropagation()}>
        <label htmlFor="lw-share-link">Anyone with this link opens this network (it is inside the link; nothing is uploaded).</label>
        <input id="lw-share-link" readOnly value={link} autoFocus onFocus={(e) => e.target.select()} />
        <p className="lw-muted">{link.length.toLocaleString('en-US')} characters.</p>
        <div className="lw-modal-actions">
          <button type="button" className="lw-btn lw-btn-quiet" onClick={onClose}>Close</button>
          <button
            type="button"
            className="lw-btn lw-btn-primary"
            onClick={() => { void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false)); }}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
      </div>
    </div>
  );
}

function Toolbar({ onOpenFile, onGroup, onShare }: { onOpenFile: () => void; onGroup: () => void; onShare: () => void }) {
  const { canUndo, canRedo, busy, name, selectedCount } = useEditor(useShallow((s) => ({
    canUndo: s.past.length > 0, canRedo: s.future.length > 0, busy: s.busy, name: s.doc.graph.meta?.name, selectedCount: s.selected.size + s.selectedEdges.size,
  })));
  const theme = useTheme((s) => s.theme);
  const rf = useReactFlow();
  const save = () => {
    const graph = documentForExport();
    const blob = new Blob([graphFileText(graph)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = fileNameFor(graph);
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <header className="lw-toolbar">
      <h1 className="lw-brand">Layerwise</h1>
      <PresetMenu />
      <div className="lw-tool-group" role="group" aria-label="File">
        <button type="button" className="lw-btn" onClick={newGraph} aria-label="New network" title="Start an empty network with one Input (undo brings the old one back)">New</button>
        <button type="button" className="lw-btn" onClick={onOpenFile} title="Open a graph file (Ctrl+O)">Open</button>
        <button type="button" className="lw-btn" onClick={save} aria-label="Save graph file" title="Save as a graph file (Ctrl+S)">Save</button>
        <button type="button" className="lw-btn" onClick={onShare} aria-label="Share link" title="A link that carries this network">Share</button>
      </div>
      <div className="lw-tool-group" role="group" aria-label="Edit">
        <button type="button" className="lw-btn" onClick={undo} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">↶</button>
        <button type="button" className="lw-btn" onClick={redo} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">↷</button>
        <button type="button" className="lw-btn" onClick={deleteSelection} disabled={!selectedCount} aria-label="Delete selection" title="Delete (Del)">Delete</button>
        <button type="button" className="lw-btn" onClick={onGroup} disabled={!selectedCount} aria-label="Group selection" title="Group the selected nodes into a named frame (Ctrl+G)">Group</button>
      </div>
      <div className="lw-tool-group" role="group" aria-label="View">
        <button type="button" className="lw-btn" onClick={() => void autoLayout()} title="Lay the graph out again, top to bottom">Auto-layout</button>
        <button type="button" className="lw-btn" onClick={() => void rf.fitView({ padding: 0.08, minZoom: 0.02, duration: 200 })} title="Show the whole graph">Fit view</button>
        <button
          type="button"
          className="lw-btn"
          aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'}
          title="Switch between light and dark"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          {theme === 'dark' ? '☀' : '☾'}
        </button>
      </div>
      <Link href="/train" className="lw-btn lw-btn-primary lw-btn-link" title="Train this network in the browser: MNIST, synthetic shapes or your own images">Train ▸</Link>
      <div className="lw-toolbar-status" aria-live="polite">
        {busy ? <span className="lw-busy">{busy}</span> : <span className="lw-model-name">{name ?? 'Untitled network'}</span>}
      </div>
    </header>
  );
}

function EditorShell() {
  const fileInput = useRef<HTMLInputElement>(null);
  const [naming, setNaming] = useState(false);
  const [link, setLink] = useState<string>();
  const ready = useEditor((s) => s.loads > 0);
  const loads = useEditor((s) => s.loads);
  const busy = useEditor((s) => !!s.busy);

  // First load: share link, else the autosaved session, else LeNet-5. A share link pasted into
  // the address bar of an open tab arrives as a hash change.
  useEffect(() => {
    initTheme();
    loadLibrary();
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
      notify({ tone: 'error', title: 'The shared link could not be opened; your graph is unchanged', lines: shared.errors.map((e) => `${e.path}: ${e.message}`) });
      return false;
    };
    void (async () => {
      if (await openHash()) { useEditor.setState({ past: [], future: [] }); return; }
      if (cancelled) return;
      const saved = loadAutosave();
      if (saved && saved.graph.nodes.length) {
        replaceDoc(saved);
        useEditor.setState((s) => ({ fitRequest: s.fitRequest + 1 }));
      } else {
        await loadPreset('lenet5');
        useEditor.setState({ past: [], future: [] });
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
      notify({ tone: 'error', title: `“${file.name}” was not opened; your graph is unchanged. The file has ${r.errors.length === 1 ? 'this problem' : 'these problems'}:`, lines: r.errors.map((e) => `${e.path}: ${e.message}`) });
      return;
    }
    const graph = r.graph.meta?.name ? r.graph : { ...r.graph, meta: { ...r.graph.meta, name: file.name.replace(/\.layerwise\.json$|\.json$/i, '') } };
    await loadDoc({ graph, groups: {} }, undefined, needsLayout(graph));
  }, []);

  const share = useCallback(async () => {
    try {
      setLink(await shareLink(documentForExport(), window.location.origin + window.location.pathname));
    } catch {
      notify({ tone: 'error', title: 'This browser cannot compress the link (CompressionStream is missing); save a graph file instead' });
    }
  }, []);

  const closeShare = useCallback(() => setLink(undefined), []);
  const group = useCallback(() => { if (useEditor.getState().selected.size) setNaming(true); }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey) return;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 'z' && !e.shiftKey) { e.preventDefault(); undo(); }
      else if (mod && ((k === 'z' && e.shiftKey) || k === 'y')) { e.preventDefault(); redo(); }
      else if (mod && k === 'c') { if (copySelection()) e.preventDefault(); }
      else if (mod && k === 'x') { e.preventDefault(); cutSelection(); }
      else if (mod && k === 'v') { e.preventDefault(); paste(); }
      else if (mod && k === 'd') { e.preventDefault(); duplicateSelection(); }
      else if (mod && k === 'g') { e.preventDefault(); group(); }
      else if (mod && k === 'a') { e.preventDefault(); setSelection(useEditor.getState().doc.graph.nodes.map((n) => n.id)); }
      else if (mod && k === 's') { e.preventDefault(); (document.querySelector('[aria-label="Save graph file"]') as HTMLButtonElement | null)?.click(); }
      else if (mod && k === 'o') { e.preventDefault(); fileInput.current?.click(); }
      else if (k === 'escape') setSelection([]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [group]);

  return (
    <div className="lw-app" data-ready={ready && !busy ? 'true' : 'false'} data-loads={loads}>
      <Toolbar onOpenFile={() => fileInput.current?.click()} onGroup={group} onShare={() => void share()} />
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        aria-label="Open graph file"
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
      {naming && (
        <NameDialog
          title="Group name"
          initial="My block"
          onDone={(name) => { setNaming(false); if (name) groupSelection(name); }}
        />
      )}
      {link && <ShareDialog link={link} onClose={closeShare} />}
    </div>
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
