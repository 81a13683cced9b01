/**
 * "My blocks": the user's named groups saved for reuse, kept in the browser's storage and shown
 * in the palette. Inserting one pastes a fresh copy of its nodes inside a frame of that name.
 * (They are snippets of primitives, not new block types: a graph file stays readable anywhere.)
 */
import { create } from 'zustand';
import type { Snippet } from './store';

const KEY = 'layerwise.library.v1';

interface LibraryState {
  readonly snippets: readonly Snippet[];
}

function read(): Snippet[] {
  if (typeof window === 'undefined') return [];
  try {
    const raw = localStorage.getItem(KEY);
    const list = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(list)
      ? list.filter((s): s is Snippet => typeof s === 'object' && s !== null && typeof s.name === 'string' && Array.isArray(s.nodes) && Array.isArray(s.edges))
      : [];
  } catch {
    return [];
  }
}

export const useLibrary = create<LibraryState>()(() => ({ snippets: [] }));

/** Loads the saved snippets (on mount: storage is not there during server rendering). */
export function loadLibrary(): void {
  useLibrary.setState({ snippets: read() });
}

function write(snippets: readonly Snippet[]): void {
  useLibrary.setState({ snippets });
  try { localStorage.setItem(KEY, JSON.stringify(snippets)); } catch { /* kept for this visit only */ }
}

/** Saves (or replaces, by name) a snippet. */
export function saveSnippet(snippet: Snippet): void {
  const rest = useLibrary.getState().snippets.filter((s) => s.name !== snippet.name);
  write([...rest, snippet]);
}

export function removeSnippet(name: string): void {
  write(useLibrary.getState().snippets.filter((s) => s.name !== name));
}
