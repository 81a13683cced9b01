/**
 * The action table (components/editor/actions.ts): which key runs which action, when the
 * browser's own handling of a key is left alone, tooltips, and that Ctrl+S saves the file by
 * itself (no button looked up in the page).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACTIONS, type Action, actionForKey, actionTitle, handleKey, isEnabled, runAction, shortcutText, type EditorUi } from '@/components/editor/actions';
import { replaceDoc, setSelection, useEditor } from '@/components/editor/store';
import type { Graph } from '@/lib/graph/types';
import { createTranslator } from 'next-intl';
import editorEn from '@/messages/en/editor.json';
import { edge, node } from '../../helpers';

const key = (k: string, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key: k, ctrlKey: !!mods.ctrl, metaKey: !!mods.meta, shiftKey: !!mods.shift, altKey: !!mods.alt,
});

/** A page that answers every question with `name` / `yes`. */
function fakeUi(name?: string, yes = true): EditorUi & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    askName: async (title) => { asked.push(title); return name; },
    confirm: async (q) => { asked.push(q.title); return yes; },
    openFile: () => asked.push('open file'),
    share: () => asked.push('share'),
    fitView: () => asked.push('fit view'),
    say: createTranslator({ locale: 'en', messages: { editor: editorEn }, namespace: 'editor' }),
    sayError: (e) => e.message,
  };
}

const g: Graph = {
  nodes: [node('in', 'Input', { height: 8, width: 8, channels: 3 }), node('a', 'Dense', { units: 4 }), node('b', 'Dense', { units: 2 })],
  edges: [edge('in', 'a'), edge('a', 'b')],
  meta: { name: 'Tiny net' },
};

afterEach(() => { vi.unstubAllGlobals(); });

describe('keys', () => {
  it('map to actions, with Ctrl or ⌘ alike', () => {
    expect(actionForKey(key('s', { ctrl: true }))).toBe('save');
    expect(actionForKey(key('S', { meta: true }))).toBe('save');
    expect(actionForKey(key('z', { ctrl: true }))).toBe('undo');
    expect(actionForKey(key('Z', { ctrl: true, shift: true }))).toBe('redo');
    expect(actionForKey(key('y', { ctrl: true }))).toBe('redo');
    expect(actionForKey(key('Delete'))).toBe('delete');
    expect(actionForKey(key('Backspace'))).toBe('delete');
    expect(actionForKey(key('Escape'))).toBe('clearSelection');
    expect(actionForKey(key('g', { ctrl: true }))).toBe('group');
    expect(actionForKey(key('g'))).toBeUndefined();
    expect(actionForKey(key('z', { ctrl: true, alt: true }))).toBeUndefined();
  });

  it('prevent the browser\'s own handling, except Escape, and Ctrl+C with nothing to copy', () => {
    replaceDoc({ graph: g, groups: {} });
    const ui = fakeUi();
    expect(handleKey(key('c', { ctrl: true }), ui)).toEqual({ action: 'copy', preventDefault: false });
    expect(handleKey(key('Escape'), ui)).toEqual({ action: 'clearSelection', preventDefault: false });
    // Ctrl+D with nothing selected does nothing, and must not open the browser's bookmark dialog.
    expect(handleKey(key('d', { ctrl: true }), ui)).toEqual({ action: 'duplicate', preventDefault: true });
    expect(handleKey(key('q'), ui)).toEqual({ preventDefault: false });
    setSelection(['a']);
    expect(handleKey(key('c', { ctrl: true }), ui)).toEqual({ action: 'copy', preventDefault: true });
    expect(useEditor.getState().clipboard!.nodes.map((n) => n.id)).toEqual(['a']);
  });

  it('Ctrl+O and the fit view ask the page', () => {
    const ui = fakeUi();
    handleKey(key('o', { ctrl: true }), ui);
    runAction('fitView', ui);
    expect(ui.asked).toEqual(['open file', 'fit view']);
  });
});

describe('Ctrl+S', () => {
  it('runs the save action: a download of the graph file, named after the graph', () => {
    replaceDoc({ graph: g, groups: {} });
    const anchor = { href: '', download: '', click: vi.fn() };
    vi.stubGlobal('document', { createElement: (tag: string) => (tag === 'a' ? anchor : undefined) });
    const blobs: Blob[] = [];
    vi.stubGlobal('URL', { createObjectURL: (b: Blob) => { blobs.push(b); return 'blob:1'; }, revokeObjectURL: () => undefined });
    expect(handleKey(key('s', { ctrl: true }), fakeUi())).toEqual({ action: 'save', preventDefault: true });
    expect(anchor.click).toHaveBeenCalledTimes(1);
    expect(anchor.download).toBe('tiny-net.layerwise.json');
    expect(blobs).toHaveLength(1);
    expect(blobs[0]!.type).toBe('application/json');
  });
});

describe('the table', () => {
  it('writes shortcuts into tooltips', () => {
    expect(shortcutText({ key: 'z', mod: true, shift: true })).toBe('Ctrl+Shift+Z');
    expect(shortcutText({ key: 'delete', mod: false })).toBe('Del');
    expect(actionTitle('save')).toBe('Save as a graph file (Ctrl+S)');
    expect(actionTitle('redo')).toBe('Redo (Ctrl+Shift+Z)');
    expect(actionTitle('share')).toBe('A link that carries this network');
  });

  it('is the one docs/editing.md lists: every shortcut in its table of keys', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../../docs/editing.md'), 'utf8');
    const keyColumn = doc.split('\n').filter((l) => l.startsWith('| ')).map((l) => l.split('|')[1]!.split(',').map((k) => k.trim()));
    const listed = new Set(keyColumn.flat());
    const shortcuts = (Object.values(ACTIONS) as Action[]).flatMap((a) => a.shortcuts ?? []).map(shortcutText);
    expect(shortcuts.filter((k) => !listed.has(k))).toEqual([]);
    expect([...listed].filter((k) => k !== 'key' && !shortcuts.includes(k))).toEqual([]);
  });

  it('enables actions by the state: undo with a past, delete and group with a selection, block actions for a block of the graph', () => {
    replaceDoc({ graph: { ...g, blocks: { Pair: { name: 'Pair', nodes: [node('x', 'Dense')], edges: [], inputs: [[{ node: 'x', port: 0 }]], output: 'x' } } }, groups: {} });
    const s = useEditor.getState();
    expect(isEnabled('undo', s)).toBe(false);
    expect(isEnabled('delete', s)).toBe(false);
    expect(isEnabled('group', s)).toBe(false);
    expect(isEnabled('save', s)).toBe(true);
    expect(isEnabled('renameBlockType', s, 'Pair')).toBe(true);
    expect(isEnabled('deleteBlockType', s, 'Nope')).toBe(false);
    setSelection(['a']);
    expect(isEnabled('group', useEditor.getState())).toBe(true);
    expect(Object.keys(ACTIONS)).toContain('save');
  });

  it('groups through the page\'s name dialog, and deletes a used block only after asking', async () => {
    replaceDoc({ graph: g, groups: {} });
    setSelection(['a']);
    const ui = fakeUi('Pair');
    runAction('group', ui);
    await vi.waitFor(() => expect(useEditor.getState().doc.graph.blocks?.Pair).toBeDefined());
    expect(ui.asked).toEqual(['Group name']);
    // Used by pair_1: asked first; "no" keeps it.
    const no = fakeUi(undefined, false);
    runAction('deleteBlockType', no, 'Pair');
    await vi.waitFor(() => expect(no.asked).toEqual(['Delete the block "Pair"?']));
    expect(useEditor.getState().doc.graph.blocks?.Pair).toBeDefined();
    runAction('deleteBlockType', fakeUi(undefined, true), 'Pair');
    await vi.waitFor(() => expect(useEditor.getState().doc.graph.blocks).toBeUndefined());
    expect(useEditor.getState().doc.graph.nodes.map((n) => n.id)).toEqual(['in', 'a', 'b']);
  });
});
