/**
 * Turns a command-line argument into a graph: a preset id (`resnet50`), a graph file
 * (`model.json`), or `-` for standard input. Errors come back as lines to print, never thrown.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { GRAPH_LIMITS, parseGraphFile, type FormatIssue } from '../graph/format';
import { closeNames } from '../text/suggest';
import type { Graph } from '../graph/types';
import { getPreset, PRESETS } from '../../presets';

export type LoadResult =
  | { readonly ok: true; readonly graph: Graph; readonly name: string; readonly presetId?: string; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** "file.json: nodes[3].params.filters: message" — one problem a line, as compilers print them. */
export function issueLine(source: string, issue: FormatIssue): string {
  return `${source}: ${issue.path === '$' ? '' : `${issue.path}: `}${issue.message}`;
}

function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes('\\') || /\.json$/i.test(arg);
}

function readSource(arg: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  if (arg === '-') {
    try {
      return { ok: true, bytes: readFileSync(0) };
    } catch (e) {
      return { ok: false, error: `layerwise: could not read standard input (${(e as Error).message})` };
    }
  }
  let size: number;
  try {
    const st = statSync(arg);
    if (st.isDirectory()) return { ok: false, error: `layerwise: ${arg} is a folder; give a graph file (.json) or a preset id` };
    size = st.size;
  } catch {
    return { ok: false, error: `layerwise: no file ${arg}; check the path, or give a preset id ("layerwise presets" lists them)` };
  }
  // Refuse huge files before reading them: a million-node file must not stall the command.
  if (size > GRAPH_LIMITS.maxFileChars) {
    return { ok: false, error: `${arg}: the file is ${(size / 1e6).toFixed(1)} MB; Layerwise reads graph files up to ${GRAPH_LIMITS.maxFileChars / 1024 / 1024} MB (${GRAPH_LIMITS.maxNodes.toLocaleString('en-US')} nodes). Check that this is a Layerwise graph file` };
  }
  try {
    return { ok: true, bytes: readFileSync(arg) };
  } catch (e) {
    return { ok: false, error: `layerwise: could not read ${arg} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check its permissions` };
  }
}

/** Loads a preset or a graph file named on the command line. */
export function loadTarget(arg: string): LoadResult {
  if (!looksLikePath(arg) && arg !== '-') {
    const preset = getPreset(arg);
    if (preset) {
      try {
        return { ok: true, graph: preset.build(), name: preset.name, presetId: preset.id, warnings: [] };
      } catch (e) {
        return { ok: false, errors: [`layerwise: the preset ${arg} could not be built (${(e as Error).message}); this is a bug, please report it`] };
      }
    }
    let exists = false;
    try { exists = statSync(arg).isFile(); } catch { /* not a file either */ }
    if (!exists) {
      const near = closeNames(arg, PRESETS.map((p) => p.id));
      return {
        ok: false,
        errors: [`layerwise: no preset or file named '${arg}'${near.length ? `; did you mean ${near.join(', ')}?` : ''} Run "layerwise presets" to list the presets`],
      };
    }
  }
  const source = arg === '-' ? '<stdin>' : arg;
  const read = readSource(arg);
  if (!read.ok) return { ok: false, errors: [read.error] };
  const parsed = parseGraphFile(read.bytes);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => issueLine(source, e)) };
  const name = parsed.graph.meta?.name ?? (arg === '-' ? 'graph' : basename(arg).replace(/\.json$/i, ''));
  return { ok: true, graph: parsed.graph, name, warnings: parsed.warnings.map((w) => issueLine(source, { path: w.path, message: `warning: ${w.message}` })) };
}
