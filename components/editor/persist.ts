/**
 * Where documents go and come from: the browser's storage (autosave on every edit), graph files
 * (the documented format, lib/graph/format/) and share links (the graph deflated and base64url
 * encoded in the URL's hash, so it never reaches a server).
 */
import { parseGraphFile, serializeGraph, type FormatIssue } from '@/lib/graph/format';
import { graphError } from '@/lib/graph/graph-errors';
import { readLegacyGroups, readLegacySnippets, type LegacyGroup, type LegacySnippet } from '@/lib/graph/legacy-blocks';
import type { Graph } from '@/lib/graph/types';
import type { Doc, Group } from './doc';

const AUTOSAVE_KEY = 'layerwise.autosave.v1';
/** Where older versions kept "My blocks" (see lib/graph/legacy-blocks.ts); read once, then removed. */
const LEGACY_LIBRARY_KEY = 'layerwise.library.v1';
/** Share links start with this in the hash: `#g=<base64url of deflate-raw of the file text>`. */
export const SHARE_PREFIX = '#g=';

/** Writes the document to localStorage; quietly skipped where storage is unavailable or full. */
export function saveAutosave(doc: Doc): void {
  if (typeof window === 'undefined') return;
  try {
    localStorage.setItem(AUTOSAVE_KEY, JSON.stringify({ v: 1, savedAt: Date.now(), graph: doc.graph, groups: doc.groups }));
  } catch {
    // Quota or privacy mode: autosave is a comfort, never a reason to break an edit.
  }
}

function isGroup(x: unknown): x is Group {
  if (typeof x !== 'object' || x === null) return false;
  const g = x as Record<string, unknown>;
  if (typeof g.id !== 'string') return false;
  return g.kind === 'composite' && typeof g.signature === 'string' && typeof g.output === 'string' && Array.isArray(g.inputs) && typeof g.node === 'object' && g.node !== null;
}

/**
 * Reads the autosaved document. The graph goes through the file validator, so a damaged or
 * outdated save is dropped instead of breaking the page.
 */
export function loadAutosave(): Doc | undefined {
  return readAutosave()?.doc;
}

/**
 * The autosaved document, and the named frames ("user groups") an older version kept in it,
 * which are no frames any more: the editor turns them into blocks of the graph
 * (lib/graph/legacy-blocks.ts) and the next autosave no longer has them.
 */
export function readAutosave(): { doc: Doc; oldGroups: LegacyGroup[] } | undefined {
  if (typeof window === 'undefined') return undefined;
  try {
    const raw = localStorage.getItem(AUTOSAVE_KEY);
    if (!raw) return undefined;
    const data = JSON.parse(raw) as { v?: number; graph?: Graph; groups?: Record<string, unknown> };
    if (data.v !== 1 || !data.graph) return undefined;
    const parsed = parseGraphFile({ format: 'layerwise-graph', version: 1, ...metaOf(data.graph), nodes: data.graph.nodes, edges: data.graph.edges, ...(data.graph.blocks ? { blocks: data.graph.blocks } : {}) });
    if (!parsed.ok) return undefined;
    // The validator is the gate; the saved data itself is kept as it was written (params as the
    // user left them), so that opened blocks still recognise their unchanged insides.
    const graph: Graph = {
      nodes: data.graph.nodes, edges: data.graph.edges,
      ...(data.graph.meta ? { meta: data.graph.meta } : {}),
      ...(data.graph.blocks ? { blocks: data.graph.blocks } : {}),
    };
    const groups: Record<string, Group> = {};
    for (const [k, g] of Object.entries(data.groups ?? {})) if (isGroup(g) && g.id === k) groups[k] = g;
    return { doc: { graph, groups }, oldGroups: readLegacyGroups(data.groups) };
  } catch {
    return undefined;
  }
}

/** The "My blocks" an older version kept in this browser (none when there are none, or they cannot be read). */
export function readLegacyLibrary(): LegacySnippet[] {
  if (typeof window === 'undefined') return [];
  try {
    const raw = localStorage.getItem(LEGACY_LIBRARY_KEY);
    return raw ? readLegacySnippets(JSON.parse(raw)) : [];
  } catch {
    return [];
  }
}

/** Removes the old "My blocks" once they are blocks of a graph, so they are converted only once. */
export function forgetLegacyLibrary(): void {
  try { localStorage.removeItem(LEGACY_LIBRARY_KEY); } catch { /* storage unavailable: nothing kept either */ }
}

function metaOf(graph: Graph): Record<string, string> {
  const out: Record<string, string> = {};
  if (graph.meta?.name) out.name = graph.meta.name;
  if (graph.meta?.description) out.description = graph.meta.description;
  if (graph.meta?.preset) out.preset = graph.meta.preset;
  return out;
}

export type Loaded = { ok: true; graph: Graph } | { ok: false; errors: readonly FormatIssue[] };

/** Reads a graph file's text; errors name the JSON path and say what to fix. */
export function readGraphFile(text: string): Loaded {
  const r = parseGraphFile(text);
  return r.ok ? { ok: true, graph: r.graph } : { ok: false, errors: r.errors };
}

/** The file text of a graph (the documented, versioned format). */
export function graphFileText(graph: Graph): string {
  return serializeGraph(graph);
}

/** A file name from the graph's name: "ResNet-50" → "resnet-50.layerwise.json". */
export function fileNameFor(graph: Graph): string {
  const base = (graph.meta?.name ?? 'network').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'network';
  return `${base}.layerwise.json`;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const body = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** The share link of a graph: this page's address with the graph, deflated, in the hash. */
export async function shareLink(graph: Graph, base: string): Promise<string> {
  const text = serializeGraph(graph);
  const packed = await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
  return `${base}${SHARE_PREFIX}${toBase64Url(packed)}`;
}

/** Reads the graph carried by a share link's hash (`#g=…`), or the errors that stop it. */
export async function readShareHash(hash: string): Promise<Loaded | undefined> {
  if (!hash.startsWith(SHARE_PREFIX)) return undefined;
  try {
    const bytes = fromBase64Url(hash.slice(SHARE_PREFIX.length));
    const text = new TextDecoder().decode(await pipe(bytes, new DecompressionStream('deflate-raw')));
    return readGraphFile(text);
  } catch {
    return { ok: false, errors: [{ path: '$', ...graphError('shareLinkDamaged') }] };
  }
}
