/**
 * The store as the thin line between the page and the pure edits (components/editor/store.ts):
 * undo over edits, a paste into a new graph carrying the block it uses, renaming and deleting a
 * block type with undo, and — from a real autosave and "My blocks" of the previous version — old
 * blocks becoming blocks of the graph once, on load. The browser's storage is a Map here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAutosave } from '@/components/editor/persist';
import {
  adoptOldBlocks, connectNodes, copySelection, deleteBlock, groupSelection, newGraph, paste, redo, renameBlock, replaceDoc,
  setSelection, undo, useEditor,
} from '@/components/editor/store';
import { branchyChain, node, wireList } from '../../helpers';

/** Just enough of the Web Storage API for the editor's autosave, clipboard and old library. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(k: string): string | null { return this.items.get(k) ?? null; }
  setItem(k: string, v: string): void { this.items.set(k, v); }
  removeItem(k: string): void { this.items.delete(k); }
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('localStorage', storage);
  useEditor.setState({ clipboard: undefined, notice: undefined });
});
afterEach(() => { vi.unstubAllGlobals(); });

const graph = () => useEditor.getState().doc.graph;
const wires = () => wireList(graph());


describe('edits through the store', () => {
  it('wires on the port wirePort chooses, and undo and redo step over it', () => {
    replaceDoc({ graph: { ...branchyChain(), edges: branchyChain().edges.filter((e) => e.target !== 'sum') }, groups: {} });
    connectNodes('c1', 'sum');
    connectNodes('c2', 'sum');
    expect(wires().slice(-2)).toEqual(['c1>sum:0', 'c2>sum:1']);
    undo();
    expect(wires().slice(-1)).toEqual(['c1>sum:0']);
    redo();
    expect(wires().slice(-1)).toEqual(['c2>sum:1']);
    // The autosave follows every edit.
    expect(JSON.parse(storage.getItem('layerwise.autosave.v1')!).graph.edges).toHaveLength(6);
  });

  it('pastes a copied block into a new graph with its definition', () => {
    replaceDoc({ graph: branchyChain(), groups: {} });
    setSelection(['c2', 'sum']);
    expect(groupSelection('Res')).toBe('res_1');
    setSelection(['res_1']);
    expect(copySelection()).toBe(true);
    newGraph();
    expect(graph().blocks).toBeUndefined();
    setSelection([]);
    paste();
    expect(graph().nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['input:Input', 'res_1:Res']);
    expect(Object.keys(graph().blocks!)).toEqual(['Res']);
    expect(useEditor.getState().selected).toEqual(new Set(['res_1']));
    // Another tab reads the clip from storage, definitions included.
    expect(Object.keys(JSON.parse(storage.getItem('layerwise.clipboard')!).blocks)).toEqual(['Res']);
  });

  it('says so when a pasted block takes another name', () => {
    replaceDoc({ graph: branchyChain(), groups: {} });
    setSelection(['c2', 'sum']);
    groupSelection('Res');
    setSelection(['res_1']);
    copySelection();
    // A new graph whose own "Res" is a single Dropout: the pasted one becomes "Res 2".
    replaceDoc({ graph: { nodes: [node('in', 'Input')], edges: [], blocks: { Res: { name: 'Res', nodes: [node('x', 'Dropout')], edges: [], inputs: [[{ node: 'x', port: 0 }]], output: 'x' } } }, groups: {} });
    paste();
    expect(Object.keys(graph().blocks!)).toEqual(['Res', 'Res 2']);
    expect(useEditor.getState().notice).toEqual({ tone: 'info', title: { key: 'notices.pastedRenamedOne', values: { from: 'Res', to: 'Res 2' } } });
  });

  it('renames and deletes a block type, each one undo step', () => {
    replaceDoc({ graph: branchyChain(), groups: {} });
    setSelection(['c2', 'sum']);
    groupSelection('Res');
    expect(renameBlock('Res', 'Conv2D')).toMatchObject({ code: 'blockNameBuiltIn', message: '"Conv2D" is a built-in block; choose another name for yours' });
    expect(renameBlock('Res', 'Skip')).toBeUndefined();
    expect(graph().nodes.find((n) => n.id === 'res_1')!.type).toBe('Skip');
    deleteBlock('Skip');
    expect(graph().blocks).toBeUndefined();
    expect(graph().nodes.map((n) => n.id)).toEqual(['in', 'c1', 'c2', 'sum', 'f', 'd']);
    undo();
    expect(Object.keys(graph().blocks!)).toEqual(['Skip']);
    undo();
    expect(Object.keys(graph().blocks!)).toEqual(['Res']);
  });
});

describe('old blocks, on load', () => {
  const FIXTURES = path.resolve(__dirname, '../../../fixtures/legacy');

  it('turns the autosave\'s groups and My blocks into blocks of the graph, once', () => {
    storage.setItem('layerwise.autosave.v1', readFileSync(path.join(FIXTURES, 'autosave-with-user-groups.json'), 'utf8'));
    storage.setItem('layerwise.library.v1', readFileSync(path.join(FIXTURES, 'my-blocks-library.json'), 'utf8'));
    // What the page does on load: restore the autosave, then bring in the old blocks.
    const saved = readAutosave()!;
    expect(saved.doc.groups).toEqual({}); // user groups are no frames any more
    expect(saved.oldGroups.map((g) => g.name)).toEqual(['Conv pool', 'Stem (v2)']);
    replaceDoc(saved.doc);
    expect(adoptOldBlocks(saved.oldGroups)).toBe(true);
    expect(graph().nodes).toHaveLength(13);
    expect(graph().edges).toHaveLength(11);
    expect(Object.keys(graph().blocks!)).toEqual(['Conv pool', 'Stem v2']);
    expect(useEditor.getState().notice!.lines).toEqual(['Conv pool', 'Stem v2 (was "Stem (v2)")']);
    expect(useEditor.getState().past).toEqual([]);
    // Stored back without the old frames, and My blocks gone: the next load has nothing to convert.
    expect(storage.getItem('layerwise.library.v1')).toBeNull();
    const next = readAutosave()!;
    expect(next.oldGroups).toEqual([]);
    expect(Object.keys(next.doc.graph.blocks!)).toEqual(['Conv pool', 'Stem v2']);
    expect(adoptOldBlocks(next.oldGroups)).toBe(false);
  });
});
