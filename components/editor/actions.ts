/**
 * Everything a user can do to the document from a key, a toolbar button or a menu, in one table:
 * id, label, shortcut, when it is enabled, and what it performs. The keyboard handler, the toolbar
 * and the palette's block menu all go through `runAction`, so a shortcut and its button can never
 * do different things (Excalidraw's ActionManager idea). Dialogs and the file picker belong to
 * the page: an action asks for them through `EditorUi`.
 */
import { blockNameProblem } from '@/lib/graph/block-types';
import type { WordableError } from '@/lib/graph/graph-errors';
import { fileNameFor, graphFileText } from './persist';
import {
  autoLayout, copiesOf, copySelection, cutSelection, deleteBlock, deleteSelection, documentForExport, duplicateSelection,
  groupSelection, newGraph, notify, paste, redo, renameBlock, setSelection, undo, useEditor, type EditorState,
} from './store';

/** A key with its modifiers; `shift` left out matches either way. `mod` is Ctrl, or ⌘ on a Mac. */
export interface Shortcut {
  readonly key: string;
  readonly mod: boolean;
  readonly shift?: boolean;
}

/** What an action may ask of the page around the editor. */
export interface EditorUi {
  /** Asks for one line of text; `check` says what is wrong with a value (the dialog stays open). */
  askName(title: string, initial: string, check?: (value: string) => string | undefined): Promise<string | undefined>;
  /** Asks a yes/no question; resolves true for `ok`. */
  confirm(question: { readonly title: string; readonly lines?: readonly string[]; readonly ok: string }): Promise<boolean>;
  /** Opens the file picker for a graph file. */
  openFile(): void;
  /** Shows the share link. */
  share(): void;
  /** Fits the canvas's view to the whole graph. */
  fitView(): void;
  /** Words a message of the `editor` namespace in the user's language (next-intl's translator). */
  say(key: string, values?: Readonly<Record<string, string | number>>): string;
  /** Words one of lib's errors (a code and values, or English) in the user's language. */
  sayError(error: WordableError): string;
}

/**
 * An action. Its English words here are the defaults the tests read; the page shows the words of
 * `editor.actions.<id>` in the user's language (messages/<locale>/editor.json, the same English).
 */
export interface Action {
  /** Accessible name of its button or menu item. */
  readonly label: string;
  /** Face of its button when it is not the label ("Save" for "Save graph file"). */
  readonly text?: string;
  /** What it does, for the tooltip (the shortcut is added). */
  readonly hint: string;
  readonly shortcuts?: readonly Shortcut[];
  /** Whether it can run now; `arg` is the block type, for the block menu's actions. Default: always. */
  readonly enabled?: (state: EditorState, arg?: string) => boolean;
  readonly perform: (ui: EditorUi, arg?: string) => void | Promise<void>;
  /**
   * The browser's own handling of its key: prevented, unless `keep` (Escape) or, while the
   * action is disabled, `keepWhenDisabled` (Ctrl+C with nothing selected still copies text).
   */
  readonly keyDefault?: 'keep' | 'keepWhenDisabled';
}

const hasSelection = (s: EditorState) => s.selected.size + s.selectedEdges.size > 0;
const hasBlock = (s: EditorState, name?: string) => name !== undefined && !!s.doc.graph.blocks && Object.prototype.hasOwnProperty.call(s.doc.graph.blocks, name);

/** Downloads the document as a graph file (opened blocks closed again where unchanged). */
function saveGraphFile(): void {
  const graph = documentForExport();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([graphFileText(graph)], { type: 'application/json' }));
  a.download = fileNameFor(graph);
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function renameBlockType(ui: EditorUi, name?: string): Promise<void> {
  if (name === undefined) return;
  const check = (value: string) => {
    const problem = value.trim() === name ? undefined : blockNameProblem(useEditor.getState().doc.graph, value.trim());
    return problem ? ui.sayError(problem) : undefined;
  };
  const next = await ui.askName(ui.say('dialog.renameTitle', { name }), name, check);
  if (next === undefined || next === name) return;
  const refused = renameBlock(name, next);
  if (refused) notify({ tone: 'error', title: { key: 'dialog.renameRefused', values: { name }, errors: { reason: refused } } });
}

/**
 * Deleting a block type that nodes still use puts its layers in their place, so the network
 * stays the same; that changes the graph's shape on screen, so it is asked first. An unused one
 * goes at once (undo brings it back).
 */
async function deleteBlockType(ui: EditorUi, name?: string): Promise<void> {
  if (name === undefined) return;
  const copies = copiesOf(name);
  if (copies.length) {
    const first = copies.slice(0, 6).map((id) => `'${id}'`).join(', ');
    const shown = copies.length > 6 ? ui.say('dialog.deleteMore', { shown: first, count: copies.length - 6 }) : first;
    const ok = await ui.confirm({
      title: ui.say('dialog.deleteTitle', { name }),
      lines: [
        ui.say('dialog.deleteUses', { count: copies.length, shown }),
        ui.say('dialog.deleteExplain', { count: copies.length }),
      ],
      ok: ui.say('dialog.deleteOk'),
    });
    if (!ok) return;
  }
  deleteBlock(name);
}

/** The actions, by id. */
export const ACTIONS = {
  newGraph: { label: 'New network', text: 'New', hint: 'Start an empty network with one Input (undo brings the old one back)', perform: () => newGraph() },
  open: { label: 'Open', hint: 'Open a graph file', shortcuts: [{ key: 'o', mod: true }], perform: (ui) => ui.openFile() },
  save: { label: 'Save graph file', text: 'Save', hint: 'Save as a graph file', shortcuts: [{ key: 's', mod: true }], perform: saveGraphFile },
  share: { label: 'Share link', text: 'Share', hint: 'A link that carries this network', perform: (ui) => ui.share() },
  undo: { label: 'Undo', text: '↶', hint: 'Undo', shortcuts: [{ key: 'z', mod: true, shift: false }], enabled: (s) => s.past.length > 0, perform: () => undo() },
  redo: {
    label: 'Redo', text: '↷', hint: 'Redo', shortcuts: [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }],
    enabled: (s) => s.future.length > 0, perform: () => redo(),
  },
  delete: {
    label: 'Delete selection', text: 'Delete', hint: 'Delete', shortcuts: [{ key: 'delete', mod: false }, { key: 'backspace', mod: false }],
    enabled: hasSelection, perform: () => deleteSelection(),
  },
  group: {
    label: 'Group selection', text: 'Group', hint: 'Group the selected layers into a block of this graph', shortcuts: [{ key: 'g', mod: true }],
    enabled: (s) => s.selected.size > 0,
    perform: async (ui) => { const name = await ui.askName(ui.say('dialog.groupName'), ui.say('dialog.groupDefault')); if (name) groupSelection(name); },
  },
  copy: { label: 'Copy', hint: 'Copy the selection', shortcuts: [{ key: 'c', mod: true }], enabled: (s) => s.selected.size > 0, perform: () => { copySelection(); }, keyDefault: 'keepWhenDisabled' },
  cut: { label: 'Cut', hint: 'Cut the selection', shortcuts: [{ key: 'x', mod: true }], perform: () => cutSelection() },
  paste: { label: 'Paste', hint: 'Paste what was copied (block types it uses come along)', shortcuts: [{ key: 'v', mod: true }], perform: () => paste() },
  duplicate: { label: 'Duplicate', hint: 'Paste a copy of the selection beside it', shortcuts: [{ key: 'd', mod: true }], perform: () => duplicateSelection() },
  selectAll: {
    label: 'Select all', hint: 'Select every node', shortcuts: [{ key: 'a', mod: true }],
    perform: () => setSelection(useEditor.getState().doc.graph.nodes.map((n) => n.id)),
  },
  clearSelection: { label: 'Select none', hint: 'Clear the selection', shortcuts: [{ key: 'escape', mod: false }], perform: () => setSelection([]), keyDefault: 'keep' },
  autoLayout: { label: 'Auto-layout', hint: 'Lay the graph out again, top to bottom', perform: () => autoLayout() },
  fitView: { label: 'Fit view', hint: 'Show the whole graph', perform: (ui) => ui.fitView() },
  renameBlockType: { label: 'Rename…', hint: 'Give this block type another name (its copies follow)', enabled: hasBlock, perform: renameBlockType },
  deleteBlockType: { label: 'Delete…', hint: 'Delete this block type; its copies become their layers', enabled: hasBlock, perform: deleteBlockType },
} satisfies Record<string, Action>;

export type ActionId = keyof typeof ACTIONS;

const TABLE: Readonly<Record<ActionId, Action>> = ACTIONS;

/** Whether action `id` can run in `state`. */
export function isEnabled(id: ActionId, state: EditorState, arg?: string): boolean {
  return TABLE[id].enabled?.(state, arg) ?? true;
}

/** Runs action `id` when it is enabled; returns whether it ran. */
export function runAction(id: ActionId, ui: EditorUi, arg?: string): boolean {
  if (!isEnabled(id, useEditor.getState(), arg)) return false;
  void TABLE[id].perform(ui, arg);
  return true;
}

/** "Ctrl+Shift+Z", "Del": how a shortcut is written in tooltips. */
export function shortcutText(s: Shortcut): string {
  const key = s.key === 'delete' ? 'Del' : s.key === 'escape' ? 'Esc' : s.key.length === 1 ? s.key.toUpperCase() : s.key[0]!.toUpperCase() + s.key.slice(1);
  return `${s.mod ? 'Ctrl+' : ''}${s.shift ? 'Shift+' : ''}${key}`;
}

/** The tooltip of an action: its hint and its first shortcut. */
export function actionTitle(id: ActionId): string {
  const a = TABLE[id];
  const first = a.shortcuts?.[0];
  return first ? `${a.hint} (${shortcutText(first)})` : a.hint;
}

/** The key fields of a keyboard event. */
export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** The action a key press is the shortcut of, if any (Alt chords are left to the browser). */
export function actionForKey(e: KeyPress): ActionId | undefined {
  if (e.altKey) return undefined;
  const key = e.key.toLowerCase();
  const mod = e.ctrlKey || e.metaKey;
  for (const id of Object.keys(TABLE) as ActionId[]) {
    const hit = TABLE[id].shortcuts?.some((s) => s.key === key && s.mod === mod && (s.shift === undefined || s.shift === e.shiftKey));
    if (hit) return id;
  }
  return undefined;
}

/**
 * Handles a key press through the table: runs its action and says whether the browser's own
 * handling must be prevented (see Action.keyDefault).
 */
export function handleKey(e: KeyPress, ui: EditorUi): { action?: ActionId; preventDefault: boolean } {
  const id = actionForKey(e);
  if (!id) return { preventDefault: false };
  const ran = runAction(id, ui);
  const keep = TABLE[id].keyDefault;
  return { action: id, preventDefault: !(keep === 'keep' || (keep === 'keepWhenDisabled' && !ran)) };
}
