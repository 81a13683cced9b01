/**
 * Versions and migrations: a file of an older version is upgraded one version at a time before it
 * is checked, so old files keep loading when the format changes.
 *
 * To change the format (rename a param, split a block): bump GRAPH_FORMAT_VERSION in constants.ts,
 * add the step `v: (doc) => ...` to MIGRATIONS below, and add an old file to the tests.
 */
import { GRAPH_FORMAT_VERSION } from './constants';
import { graphError } from '../graph-errors';
import { ROOT, type FormatIssue } from './issues';

/**
 * Migrates a document of version `v` to version `v + 1`. Receives the parsed JSON object (already
 * known to carry `"format": "layerwise-graph"`) and returns a new one; it need not set `version`.
 */
export type Migration = (doc: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/**
 * The migration table: key `v` upgrades version `v` to `v + 1`. Empty while version 1 is the only
 * version; when a change to blocks or to the file needs version 2, add `1: (doc) => ...` here and
 * bump GRAPH_FORMAT_VERSION, and old files keep loading.
 */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/**
 * Upgrades a document from version `from` to version `to` through `table` (one step per version).
 * Returns the new document or an error; never throws (a failing migration is reported).
 */
export function applyMigrations(
  doc: Record<string, unknown>, from: number, to: number = GRAPH_FORMAT_VERSION, table: Readonly<Record<number, Migration>> = MIGRATIONS,
): { ok: true; doc: Record<string, unknown> } | { ok: false; issue: FormatIssue } {
  let current = doc;
  for (let v = from; v < to; v++) {
    const step = table[v];
    if (!step) {
      return { ok: false, issue: { path: 'version', ...graphError('noMigration', { version: v }) } };
    }
    try {
      const next = step(current);
      if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new Error('the migration returned no object');
      current = { ...next, version: v + 1 };
    } catch (e) {
      return { ok: false, issue: { path: ROOT, ...graphError('migrationFailed', { from: v, to: v + 1, reason: e instanceof Error ? e.message : String(e) }) } };
    }
  }
  return { ok: true, doc: current };
}
