/**
 * The graph file format: versioned JSON (`"format": "layerwise-graph", "version": 1`), read through
 * one validating function, `parseGraphFile`, that returns either a graph or a list of errors, each
 * naming the JSON path and saying what is wrong and what to do. It never throws, whatever it is
 * given: truncated JSON, random bytes, a million nodes, a hostile object.
 *
 * Structural checks live here (types, ids, known blocks and params, edges that point somewhere,
 * ports in range). Semantic checks (shapes, cycles, unconnected nodes) stay in `analyse`;
 * `analysisIssues` maps its errors onto the same JSON paths for tools that report both.
 *
 * The spec is docs/graph-format.md.
 */
import { BLOCK_TYPES, getBlock } from '../blocks';
import { resolveParams } from '../blocks/params';
import type { BlockSpec } from '../blocks/spec';
import type { Analysis } from './analyse';
import { BLOCK_NAME, customBlockSpec } from './custom';
import type { CustomBlockDef, Graph, GraphEdge, GraphMeta, GraphNode, ParamRecord, ParamValue } from './types';

export const GRAPH_FORMAT = 'layerwise-graph';
/** The version this build writes, and the newest it reads. */
export const GRAPH_FORMAT_VERSION = 1;

/**
 * Limits that keep loading fast and bounded. ResNet-152 fully expanded has about 520 nodes, so
 * 20,000 is far above any real network, and a file with a million nodes is refused at once
 * instead of freezing the editor.
 */
export const GRAPH_LIMITS = {
  /** Characters of JSON text (about bytes for ASCII files). A 20,000-node file is about 4 MB. */
  maxFileChars: 16 * 1024 * 1024,
  maxNodes: 20_000,
  maxEdges: 100_000,
  maxIdLength: 200,
  maxLabelLength: 200,
  maxNameLength: 200,
  maxDescriptionLength: 20_000,
  /** Nesting of object-valued params (Repeat holds a block's params: depth 2 is plenty). */
  maxParamDepth: 8,
  /** Errors reported before the rest are summarised in one line. */
  maxErrors: 100,
} as const;

/** One problem in a graph file: where (a JSON path such as `nodes[3].params.filters`) and what. */
export interface FormatIssue {
  /** JSON path from the root; `$` is the whole document. */
  readonly path: string;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly graph: Graph; readonly warnings: readonly FormatIssue[] }
  | { readonly ok: false; readonly errors: readonly FormatIssue[] };

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

const ROOT = '$';
/** Node ids become tfjs layer and tensor names, so they follow tfjs' rule (`isValidTensorName`). */
const NODE_ID_PATTERN = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;
const ROOT_KEYS: readonly string[] = ['format', 'version', 'name', 'description', 'preset', 'nodes', 'edges', 'blocks'];
const BLOCK_KEYS: readonly string[] = ['name', 'description', 'inputs', 'output', 'nodes', 'edges'];
const NODE_KEYS: readonly string[] = ['id', 'type', 'label', 'params', 'position'];
const EDGE_KEYS: readonly string[] = ['id', 'source', 'target', 'targetPort'];

// ---- paths and wording -------------------------------------------------------------------------

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends a key to a JSON path: `nodes[3].params` + `filters`, or `["odd key"]`. */
function keyPath(base: string, key: string): string {
  const prefix = base === ROOT ? '' : base;
  if (IDENT.test(key)) return prefix ? `${prefix}.${key}` : key;
  return `${prefix}[${JSON.stringify(key)}]`;
}

/** A short description of a JSON value for messages: `"abc"`, `12`, `null`, `a list`. */
function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' && !Number.isFinite(v)) return 'a number too large to use';
  return String(v);
}

function quoteList(xs: readonly string[]): string {
  const q = xs.map((x) => `"${x}"`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Edit distance, case-insensitive, for "did you mean" (short strings only). */
function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Up to `max` names close to `word`: same letters in another case, a prefix either way
 * ("conv" → Conv2D, "BatchNormalization" → BatchNorm), or a small edit distance.
 */
export function closeNames(word: string, names: readonly string[], max = 3): string[] {
  if (word.length === 0 || word.length > 100) return [];
  const w = word.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const n = name.toLowerCase();
    let score: number;
    if (n === w) score = 0;
    else if (w.length >= 3 && (n.startsWith(w) || w.startsWith(n))) score = 1;
    else {
      const d = editDistance(w, n);
      if (d > Math.max(1, Math.floor(Math.max(w.length, n.length) / 3))) continue;
      score = 1 + d;
    }
    scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
}

// ---- reading text and bytes --------------------------------------------------------------------

/** Line and column (1-based) of a character offset, for syntax errors people can find. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) { line++; start = i + 1; }
  }
  return { line, column: end - start + 1 };
}

/** Parses JSON text, turning V8's message into one that says where and what to do. */
function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; issue: FormatIssue } {
  if (text.length > GRAPH_LIMITS.maxFileChars) {
    return { ok: false, issue: { path: ROOT, message: `The file is ${(text.length / 1e6).toFixed(1)} MB; Layerwise reads graph files up to ${GRAPH_LIMITS.maxFileChars / 1024 / 1024} MB (${GRAPH_LIMITS.maxNodes.toLocaleString('en-US')} nodes). Split the model or check that this is a Layerwise graph file` } };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    return { ok: false, issue: { path: ROOT, message: 'The file is empty; a graph file is a JSON object starting with {"format": "layerwise-graph", "version": 1, ...}' } };
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    // V8's message differs between Node versions and may not give a position, so find the
    // error ourselves (only on this failure path, so speed does not matter).
    const found = locateJsonError(body);
    const raw = e instanceof Error ? e.message : String(e);
    const what = found ? found.message : raw.replace(/^JSON\.parse: /, '');
    const offset = found ? found.offset : -1;
    const lc = offset >= 0 ? lineColumn(body, offset) : undefined;
    const truncated = found ? found.offset >= body.trimEnd().length : /end of (JSON|data)/i.test(raw);
    const where = lc ? ` at line ${lc.line}, column ${lc.column}` : '';
    const hint = truncated ? '; the file looks cut short (truncated): save or download it again' : '';
    return { ok: false, issue: { path: ROOT, message: `The file is not valid JSON${where}: ${what}${hint}` } };
  }
}

function showChar(c: string): string {
  if (c === '\n') return 'a line break';
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${c}'`;
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const JSON_LITERAL = /true|false|null/y;

/**
 * Finds the first syntax error in JSON text and says what it is in plain words. Iterative (an
 * explicit stack), so deeply nested input cannot overflow the call stack. Returns undefined when
 * it finds no error (then the caller falls back to the engine's message).
 */
export function locateJsonError(s: string): { offset: number; message: string } | undefined {
  const stack: ('{' | '[')[] = [];
  type Expect = 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'colon' | 'after' | 'done';
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (stack.length ? 'after' : 'done');
  const endOfFile = (): { offset: number; message: string } => ({
    offset: s.length,
    message: `the file ends too early${stack.length ? ` (${stack.length} bracket${stack.length > 1 ? 's' : ''} not closed)` : ''}`,
  });
  const lastNonSpace = (before: number): number => {
    let j = before - 1;
    while (j >= 0 && ' \t\n\r'.includes(s[j]!)) j--;
    return j;
  };
  const scanString = (): { offset: number; message: string } | undefined => {
    const start = i;
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) { i++; return undefined; }
      if (c < 0x20) return { offset: i, message: `${showChar(s[i]!)} inside a text value that starts at ${describeOffset(s, start)}; close the quote, or write a line break as \\n` };
      if (c === 92) {
        const n = s[i + 1];
        if (n === undefined) break;
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return { offset: i, message: 'a \\u escape needs four hex digits' };
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(n)) return { offset: i, message: `the escape \\${n} is not allowed in JSON text; write \\\\ for a backslash` };
        i += 2;
        continue;
      }
      i++;
    }
    return { offset: s.length, message: `the file ends inside a text value that starts at ${describeOffset(s, start)}` };
  };
  for (;;) {
    while (i < s.length && ' \t\n\r'.includes(s[i]!)) i++;
    if (i >= s.length) return expect === 'done' ? undefined : endOfFile();
    const c = s[i]!;
    if (c === '/' && (s[i + 1] === '/' || s[i + 1] === '*')) return { offset: i, message: 'comments are not allowed in JSON; remove them' };
    switch (expect) {
      case 'done':
        return { offset: i, message: `unexpected ${showChar(c)} after the end of the JSON data` };
      case 'colon':
        if (c !== ':') return { offset: i, message: `expected ':' after the property name, found ${showChar(c)}` };
        i++;
        expect = 'value';
        break;
      case 'after': {
        const top = stack[stack.length - 1]!;
        const close = top === '{' ? '}' : ']';
        if (c === ',') { i++; expect = top === '{' ? 'key' : 'value'; break; }
        if (c === close) { stack.pop(); i++; expect = afterValue(); break; }
        return { offset: i, message: `expected ',' or '${close}' after a value, found ${showChar(c)} (a missing comma?)` };
      }
      case 'key':
      case 'keyOrEnd': {
        if (c === '}' && expect === 'keyOrEnd') { stack.pop(); i++; expect = afterValue(); break; }
        if (c === '"') {
          const err = scanString();
          if (err) return err;
          expect = 'colon';
          break;
        }
        if (c === '}') {
          const comma = lastNonSpace(i);
          return { offset: comma, message: "a trailing comma before '}'; remove the comma" };
        }
        return { offset: i, message: `expected a property name in double quotes, found ${showChar(c)}` };
      }
      case 'value':
      case 'valueOrEnd': {
        if (c === ']' && expect === 'valueOrEnd') { stack.pop(); i++; expect = afterValue(); break; }
        if (c === '{') { stack.push('{'); i++; expect = 'keyOrEnd'; break; }
        if (c === '[') { stack.push('['); i++; expect = 'valueOrEnd'; break; }
        if (c === '"') {
          const err = scanString();
          if (err) return err;
          expect = afterValue();
          break;
        }
        JSON_NUMBER.lastIndex = i;
        JSON_LITERAL.lastIndex = i;
        if (JSON_NUMBER.test(s)) {
          const end = JSON_NUMBER.lastIndex;
          if (/^-?0$/.test(s.slice(i, end)) && /[0-9]/.test(s[end] ?? '')) {
            return { offset: i, message: 'a number cannot start with 0 in JSON (write 7, not 07)' };
          }
          i = end;
          expect = afterValue();
          break;
        }
        if (JSON_LITERAL.test(s)) { i = JSON_LITERAL.lastIndex; expect = afterValue(); break; }
        if ((c === ']' || c === '}') && s[lastNonSpace(i)] === ',') {
          return { offset: lastNonSpace(i), message: `a trailing comma before '${c}'; remove the comma` };
        }
        if (c === "'") return { offset: i, message: "text in single quotes; JSON needs double quotes (\")" };
        return { offset: i, message: `unexpected ${showChar(c)} where a value should be (text needs double quotes)` };
      }
    }
  }
}

function describeOffset(text: string, offset: number): string {
  const lc = lineColumn(text, offset);
  return `line ${lc.line}, column ${lc.column}`;
}

function decodeBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; issue: FormatIssue } {
  if (bytes.length > GRAPH_LIMITS.maxFileChars) {
    return { ok: false, issue: { path: ROOT, message: `The file is ${(bytes.length / 1e6).toFixed(1)} MB; Layerwise reads graph files up to ${GRAPH_LIMITS.maxFileChars / 1024 / 1024} MB (${GRAPH_LIMITS.maxNodes.toLocaleString('en-US')} nodes). Split the model or check that this is a Layerwise graph file` } };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, issue: { path: ROOT, message: 'The file is not UTF-8 text (it looks binary); a graph file is JSON text: check that you picked the right file' } };
  }
}

// ---- migrations --------------------------------------------------------------------------------

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
      return { ok: false, issue: { path: 'version', message: `Version ${v} files cannot be upgraded by this build (no migration from version ${v}); open the file in the Layerwise version that made it and save it again` } };
    }
    try {
      const next = step(current);
      if (!isRecord(next)) throw new Error('the migration returned no object');
      current = { ...next, version: v + 1 };
    } catch (e) {
      return { ok: false, issue: { path: ROOT, message: `Upgrading this file from version ${v} to ${v + 1} failed (${e instanceof Error ? e.message : String(e)}); please report it with the file attached` } };
    }
  }
  return { ok: true, doc: current };
}

// ---- validation --------------------------------------------------------------------------------

class Issues {
  readonly errors: FormatIssue[] = [];
  readonly warnings: FormatIssue[] = [];
  private dropped = 0;
  error(path: string, message: string): void {
    if (this.errors.length < GRAPH_LIMITS.maxErrors) this.errors.push({ path, message });
    else this.dropped++;
  }
  warn(path: string, message: string): void {
    if (this.warnings.length < GRAPH_LIMITS.maxErrors) this.warnings.push({ path, message });
  }
  finish(): FormatIssue[] {
    if (this.dropped > 0) {
      return [...this.errors, { path: ROOT, message: `…and ${this.dropped.toLocaleString('en-US')} more errors; fix these first` }];
    }
    return this.errors;
  }
}

function unknownKeys(issues: Issues, obj: Record<string, unknown>, known: readonly string[], base: string, what: string): void {
  for (const key in obj) {
    if (!has(obj, key) || known.includes(key)) continue;
    const near = closeNames(key, known, 1);
    issues.warn(keyPath(base, key), `${what} has no field "${key}"; it was ignored${near.length ? ` (did you mean "${near[0]}"?)` : ''}`);
  }
}

function optionalString(issues: Issues, obj: Record<string, unknown>, key: string, base: string, max: number): string | undefined {
  if (!has(obj, key) || obj[key] === undefined) return undefined;
  const v = obj[key];
  const path = keyPath(base, key);
  if (typeof v !== 'string') { issues.error(path, `"${key}" must be text, not ${describe(v)}`); return undefined; }
  if (v.length > max) { issues.error(path, `"${key}" is ${v.length.toLocaleString('en-US')} characters long; shorten it to at most ${max.toLocaleString('en-US')}`); return undefined; }
  return v;
}

/**
 * Copies an object-valued param (Repeat's inner params) into fresh plain data, checking it is the
 * kind of value a graph holds: numbers, text, true/false or nested objects; no lists, no null.
 * The copy also cuts any link to a caller's (possibly cyclic or exotic) object.
 */
function copyParamValue(issues: Issues, v: unknown, path: string, depth: number): ParamValue | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    issues.error(path, `must be a usable number, not ${describe(v)}`);
    return undefined;
  }
  if (!isRecord(v)) {
    issues.error(path, `must be a number, text, true/false or an object of params, not ${describe(v)}`);
    return undefined;
  }
  if (depth >= GRAPH_LIMITS.maxParamDepth) {
    issues.error(path, `params are nested more than ${GRAPH_LIMITS.maxParamDepth} levels deep; flatten them`);
    return undefined;
  }
  const out: Record<string, ParamValue> = {};
  let ok = true;
  for (const key of Object.keys(v)) {
    if (key === '__proto__') { issues.error(keyPath(path, key), 'the param name "__proto__" is not allowed; remove it'); ok = false; continue; }
    const c = copyParamValue(issues, v[key], keyPath(path, key), depth + 1);
    if (c === undefined) ok = false;
    else out[key] = c;
  }
  return ok ? out : undefined;
}

/** Facts about a block's param schema, worked out once per block type (files repeat types a lot). */
interface SchemaFacts {
  readonly keys: readonly string[];
  /** Keys of object-valued params (Repeat's inner params), which are copied deeply. */
  readonly nested: readonly string[];
}
const schemaFacts = new WeakMap<BlockSpec<ParamRecord>, SchemaFacts>();

function factsOf(spec: BlockSpec<ParamRecord>): SchemaFacts {
  let f = schemaFacts.get(spec);
  if (!f) {
    const keys = Object.keys(spec.params);
    f = { keys, nested: keys.filter((k) => spec.params[k]!.kind === 'params') };
    schemaFacts.set(spec, f);
  }
  return f;
}

function checkParams(issues: Issues, spec: BlockSpec<ParamRecord>, raw: unknown, base: string, nodeId: string): ParamRecord | undefined {
  // Paths are built only when there is something to report: this runs for every node of a file.
  const path = `${base}.params`;
  if (raw === undefined) {
    issues.error(path, `Node '${nodeId}' has no "params"; add "params": {...} with its ${spec.name} settings (${Object.keys(spec.params).join(', ') || 'none'})`);
    return undefined;
  }
  if (!isRecord(raw)) {
    issues.error(path, `"params" must be an object such as {"filters": 32}, not ${describe(raw)}`);
    return undefined;
  }
  let ok = true;
  const facts = factsOf(spec);
  // Files are explicit: every param is written out, so a file keeps its meaning if a default changes.
  for (const key of facts.keys) {
    if (!has(raw, key)) {
      ok = false;
      const ps = spec.params[key]!;
      issues.error(keyPath(path, key), `${spec.name} '${nodeId}' is missing the param "${key}" (${ps.label}); add "${key}": ${JSON.stringify(ps.default)} (the default)`);
    }
  }
  // Object-valued params are copied (and checked to be plain data) so the graph owns them.
  const copied: Record<string, ParamValue | undefined> = {};
  for (const key of facts.nested) {
    if (!has(raw, key)) continue;
    const c = copyParamValue(issues, raw[key], keyPath(path, key), 0);
    if (c === undefined) ok = false;
    copied[key] = c;
  }
  const resolved = resolveParams(spec, raw);
  if (!resolved.ok) {
    for (const e of resolved.errors) {
      if (!e.key) { issues.error(path, `${spec.name} '${nodeId}': ${e.message}`); continue; }
      const ps = has(spec.params as Record<string, unknown>, e.key) ? spec.params[e.key] : undefined;
      if (!ps) {
        const near = closeNames(e.key, Object.keys(spec.params), 1);
        issues.error(keyPath(path, e.key), `${e.message}${near.length ? ` (did you mean "${near[0]}"?)` : ''}; remove it or rename it`);
      } else if (has(raw, e.key)) {
        const v = raw[e.key];
        // A number written in quotes is the most common slip in hand-written files.
        const unquote = (ps.kind === 'int' || ps.kind === 'float') && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
          ? `; write it without quotes: "${e.key}": ${Number(v)}` : '';
        issues.error(keyPath(path, e.key), `${spec.name} '${nodeId}': ${e.message}${unquote}`);
      }
    }
    return undefined;
  }
  if (!ok) return undefined;
  // resolveParams returns a fresh object in schema order; put the copied nested params in it.
  if (facts.nested.length === 0) return resolved.params;
  const out: Record<string, ParamValue> = { ...resolved.params };
  for (const key of facts.nested) if (copied[key] !== undefined) out[key] = copied[key]!;
  return out;
}

function checkPosition(issues: Issues, raw: unknown, base: string): { x: number; y: number } | undefined {
  const path = `${base}.position`;
  if (raw === undefined) {
    issues.error(path, 'The node has no "position"; add "position": {"x": 0, "y": 0} (the editor can lay the graph out again)');
    return undefined;
  }
  if (!isRecord(raw)) {
    issues.error(path, `"position" must be an object {"x": number, "y": number}, not ${describe(raw)}`);
    return undefined;
  }
  const { x, y } = raw;
  const xOk = typeof x === 'number' && Number.isFinite(x);
  const yOk = typeof y === 'number' && Number.isFinite(y);
  if (!xOk) issues.error(`${path}.x`, `"x" must be a number (canvas pixels), not ${describe(x)}`);
  if (!yOk) issues.error(`${path}.y`, `"y" must be a number (canvas pixels), not ${describe(y)}`);
  return xOk && yOk ? { x: x as number, y: y as number } : undefined;
}

function checkNodeId(issues: Issues, raw: unknown, path: string): string | undefined {
  if (raw === undefined) {
    issues.error(path, 'The node has no "id"; give it a unique id such as "conv1"');
    return undefined;
  }
  if (typeof raw !== 'string') {
    issues.error(path, `"id" must be text such as "conv1", not ${describe(raw)}`);
    return undefined;
  }
  if (raw.length === 0) { issues.error(path, 'The node id is empty; give it a unique id such as "conv1"'); return undefined; }
  if (raw.length > GRAPH_LIMITS.maxIdLength) {
    issues.error(path, `The node id is ${raw.length} characters long; shorten it to at most ${GRAPH_LIMITS.maxIdLength}`);
    return raw;
  }
  if (!NODE_ID_PATTERN.test(raw)) {
    const bad = [...new Set([...raw].filter((c) => !/[-A-Za-z0-9._/]/.test(c)))];
    const what = bad.length
      ? `contains ${bad.slice(0, 5).map((c) => (c === ' ' ? 'a space' : JSON.stringify(c))).join(', ')}`
      : 'does not start with a letter or digit';
    issues.error(path, `The node id ${describe(raw)} ${what}; ids become TensorFlow.js layer names, so use letters, digits, "_", "-", "." (and "/" only in ids of opened blocks), starting with a letter or digit`);
  }
  return raw; // still registered, so edges to it are not reported twice
}

interface NodeEntry {
  readonly index: number;
  readonly spec: BlockSpec<ParamRecord> | undefined;
}

/**
 * The graph's own block types while reading: `custom` maps the names of the top level's blocks to
 * their specs; `at` is where the node list sits (`$` for the graph, `blocks.Name` for a block),
 * and `inside` lists the block names when reading a block's inner nodes (which may not use them).
 */
interface NodeContext {
  readonly at: string;
  readonly custom?: ReadonlyMap<string, BlockSpec<ParamRecord>>;
  readonly inside?: readonly string[];
}

function checkNodes(issues: Issues, raw: unknown, ctx: NodeContext = { at: ROOT }): { nodes: GraphNode[]; byId: Map<string, NodeEntry> } | undefined {
  const listPath = keyPath(ctx.at, 'nodes');
  const owner = ctx.at === ROOT ? 'The file' : 'The block';
  if (raw === undefined) {
    issues.error(listPath, `${owner} has no "nodes"; add "nodes": [ ... ] listing the blocks of the graph`);
    return undefined;
  }
  if (!Array.isArray(raw)) {
    issues.error(listPath, `"nodes" must be a list [ ... ] of nodes, not ${describe(raw)}`);
    return undefined;
  }
  if (raw.length > GRAPH_LIMITS.maxNodes) {
    issues.error(listPath, `The graph has ${raw.length.toLocaleString('en-US')} nodes; Layerwise handles at most ${GRAPH_LIMITS.maxNodes.toLocaleString('en-US')} (ResNet-152 fully expanded has about 520). Use composite blocks (Repeat, Residual, Dense block) to keep it small`);
    return undefined;
  }
  const nodes: GraphNode[] = [];
  const byId = new Map<string, NodeEntry>();
  let allOk = true;
  for (let i = 0; i < raw.length; i++) {
    const base = `${listPath}[${i}]`;
    const n: unknown = raw[i];
    if (!isRecord(n)) {
      issues.error(base, `Each node must be an object {"id", "type", "params", "position"}, not ${describe(n)}`);
      allOk = false;
      continue;
    }
    unknownKeys(issues, n, NODE_KEYS, base, 'A node');
    const id = checkNodeId(issues, n.id, `${base}.id`);
    const shownId = id ?? `#${i}`;
    if (id !== undefined) {
      const prev = byId.get(id);
      if (prev) {
        issues.error(`${base}.id`, `The id '${id}' is already used by nodes[${prev.index}]; every node needs its own id, so rename one of them`);
        allOk = false;
      }
    }
    let spec: BlockSpec<ParamRecord> | undefined;
    const typePath = `${base}.type`;
    if (n.type === undefined) {
      issues.error(typePath, `Node '${shownId}' has no "type"; set it to a block type such as "Conv2D"`);
    } else if (typeof n.type !== 'string') {
      issues.error(typePath, `"type" must be the name of a block type such as "Conv2D", not ${describe(n.type)}`);
    } else {
      spec = getBlock(n.type) ?? ctx.custom?.get(n.type);
      if (!spec && ctx.inside?.includes(n.type)) {
        issues.error(typePath, `Node '${shownId}' is a "${n.type}" block inside a block; blocks inside your own blocks are not supported yet, so use layers only`);
      } else if (!spec) {
        const near = closeNames(n.type, BLOCK_TYPES);
        issues.error(typePath, near.length
          ? `Unknown block type ${describe(n.type)}; did you mean ${quoteList(near)}? (names are case-sensitive)`
          : `Unknown block type ${describe(n.type)}; the block types are ${BLOCK_TYPES.join(', ')}`);
      }
    }
    const params = spec ? checkParams(issues, spec, n.params, base, shownId) : undefined;
    const position = checkPosition(issues, n.position, base);
    const label = optionalString(issues, n, 'label', base, GRAPH_LIMITS.maxLabelLength);
    if (id !== undefined && !byId.has(id)) byId.set(id, { index: i, spec });
    if (id === undefined || !spec || !params || !position || (has(n, 'label') && n.label !== undefined && label === undefined)) {
      allOk = false;
      continue;
    }
    nodes.push(label !== undefined ? { id, type: spec.type, label, params, position } : { id, type: spec.type, params, position });
  }
  return allOk ? { nodes, byId } : { nodes: [], byId };
}

/** The source or target of an edge: an existing node's id, or undefined after reporting why not. */
function edgeEnd(issues: Issues, e: Record<string, unknown>, key: 'source' | 'target', base: string, byId: Map<string, NodeEntry>): string | undefined {
  const v = e[key];
  if (typeof v === 'string' && byId.has(v)) return v;
  const path = `${base}.${key}`;
  if (typeof v !== 'string') {
    issues.error(path, v === undefined
      ? `The edge has no "${key}"; set it to the id of the node it ${key === 'source' ? 'comes from' : 'goes to'}`
      : `"${key}" must be a node id (text), not ${describe(v)}`);
    return undefined;
  }
  const near = closeNames(v, [...byId.keys()], 2);
  issues.error(path, `No node has the id ${describe(v)}${near.length ? ` (did you mean ${quoteList(near)}?)` : ''}; point the edge at an existing node or delete it`);
  return undefined;
}

function checkEdges(issues: Issues, raw: unknown, byId: Map<string, NodeEntry>, at: string = ROOT): GraphEdge[] | undefined {
  const listPath = keyPath(at, 'edges');
  if (raw === undefined) {
    issues.error(listPath, `${at === ROOT ? 'The file' : 'The block'} has no "edges"; add "edges": [ ... ] (an empty list [] if nothing is connected yet)`);
    return undefined;
  }
  if (!Array.isArray(raw)) {
    issues.error(listPath, `"edges" must be a list [ ... ] of connections, not ${describe(raw)}`);
    return undefined;
  }
  if (raw.length > GRAPH_LIMITS.maxEdges) {
    issues.error(listPath, `The graph has ${raw.length.toLocaleString('en-US')} edges; Layerwise handles at most ${GRAPH_LIMITS.maxEdges.toLocaleString('en-US')}`);
    return undefined;
  }
  const edges: GraphEdge[] = [];
  const edgeIds = new Map<string, number>();
  // "target\0port" -> where the edge feeding it sits in `edges` and in the file.
  const fed = new Map<string, { at: number; index: number }>();
  let allOk = true;
  for (let j = 0; j < raw.length; j++) {
    const base = `${listPath}[${j}]`;
    const e: unknown = raw[j];
    if (!isRecord(e)) {
      issues.error(base, `Each edge must be an object {"source", "target", "targetPort"}, not ${describe(e)}`);
      allOk = false;
      continue;
    }
    unknownKeys(issues, e, EDGE_KEYS, base, 'An edge');
    const source = edgeEnd(issues, e, 'source', base, byId);
    const target = edgeEnd(issues, e, 'target', base, byId);
    let ok = source !== undefined && target !== undefined;
    let port: number | undefined;
    const portPath = `${base}.targetPort`;
    const rawPort = e.targetPort;
    if (rawPort === undefined) {
      issues.error(portPath, 'The edge has no "targetPort"; set it to the input it feeds: 0 for the first (Concat keeps inputs in port order)');
      ok = false;
    } else if (typeof rawPort !== 'number' || !Number.isInteger(rawPort) || rawPort < 0) {
      issues.error(portPath, `"targetPort" must be a whole number 0 or more (0 is the first input), not ${describe(rawPort)}`);
      ok = false;
    } else {
      port = rawPort;
      const spec = target !== undefined ? byId.get(target)!.spec : undefined;
      if (spec && port >= spec.ports.max) {
        issues.error(portPath, spec.ports.max === 0
          ? `${spec.name} '${target}' takes no input, so no edge can end there; delete this edge or point it at another node`
          : `${spec.name} '${target}' has ${spec.ports.max === 1 ? 'one input, port 0' : `inputs 0 to ${spec.ports.max - 1}`}; this edge goes to port ${port}: use a free port in that range`);
        ok = false;
      }
    }
    let id: string | undefined;
    if (has(e, 'id') && e.id !== undefined) {
      if (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > GRAPH_LIMITS.maxIdLength * 3) {
        issues.error(`${base}.id`, `"id" of an edge must be non-empty text of at most ${GRAPH_LIMITS.maxIdLength * 3} characters, not ${describe(e.id)}; or leave it out and one is made`);
        ok = false;
      } else {
        id = e.id;
      }
    } else if (source !== undefined && target !== undefined && port !== undefined) {
      id = `${source}->${target}:${port}`;
    }
    if (!ok || source === undefined || target === undefined || port === undefined || id === undefined) { allOk = false; continue; }
    const slot = `${target}\u0000${port}`;
    const prevFeed = fed.get(slot);
    if (prevFeed !== undefined) {
      const prev = edges[prevFeed.at]!;
      issues.error(base, prev.source === source
        ? `This edge repeats edges[${prevFeed.index}] (${source} → ${target}, port ${port}); delete one of them`
        : `Input ${port} of '${target}' is already fed by edges[${prevFeed.index}] from '${prev.source}'; an input takes one edge, so use another port, or merge the branches with Add or Concat`);
      allOk = false;
      continue;
    }
    const prevId = edgeIds.get(id);
    if (prevId !== undefined) {
      issues.error(`${base}.id`, `The edge id '${id}' is already used by edges[${prevId}]; give each edge its own id, or leave ids out`);
      allOk = false;
      continue;
    }
    edgeIds.set(id, j);
    fed.set(slot, { at: edges.length, index: j });
    edges.push({ id, source, target, targetPort: port });
  }
  return allOk ? edges : undefined;
}

/**
 * The graph's own block types (`"blocks": {"Name": {...}}`): names that are not built-in block
 * types, inner nodes of built-in types only, edges between them, and inputs and output that name
 * inner nodes and ports. Undefined when absent (or, after reporting, when wrong).
 */
function checkBlocks(issues: Issues, raw: unknown): Record<string, CustomBlockDef> | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    issues.error('blocks', `"blocks" must be an object {"BlockName": {...}} of this graph's own blocks, not ${describe(raw)}`);
    return undefined;
  }
  const names = Object.keys(raw).filter((k) => has(raw, k));
  const out: Record<string, CustomBlockDef> = {};
  let allOk = true;
  for (const key of names) {
    const at = keyPath('blocks', key);
    const b = raw[key];
    if (getBlock(key)) {
      issues.error(at, `"${key}" is a built-in block type, so a block of the graph cannot use that name; rename it (and the nodes that use it)`);
      allOk = false; continue;
    }
    if (!BLOCK_NAME.test(key)) {
      issues.error(at, `"${key}" cannot name a block: start with a letter and use letters, digits, spaces, _ or - (at most 40 characters)`);
      allOk = false; continue;
    }
    if (!isRecord(b)) {
      issues.error(at, `A block must be an object {"name", "inputs", "output", "nodes", "edges"}, not ${describe(b)}`);
      allOk = false; continue;
    }
    unknownKeys(issues, b, BLOCK_KEYS, at, 'A block');
    if (b.name !== key) {
      issues.error(keyPath(at, 'name'), `"name" must repeat the block's key "${key}", not ${describe(b.name)}`);
      allOk = false;
    }
    const description = optionalString(issues, b, 'description', at, GRAPH_LIMITS.maxDescriptionLength);
    const nodes = checkNodes(issues, b.nodes, { at, inside: names });
    const edges = nodes ? checkEdges(issues, b.edges, nodes.byId, at) : undefined;
    if (!nodes || !edges || nodes.nodes.length === 0) {
      if (nodes && nodes.nodes.length === 0 && Array.isArray(b.nodes) && b.nodes.length === 0) issues.error(keyPath(at, 'nodes'), 'A block needs at least one layer inside; add nodes or delete the block');
      allOk = false; continue;
    }
    const outPath = keyPath(at, 'output');
    if (typeof b.output !== 'string' || !nodes.byId.has(b.output)) {
      issues.error(outPath, `"output" must be the id of one of the block's nodes (${quoteList(nodes.nodes.slice(0, 5).map((n) => n.id))}), not ${describe(b.output)}`);
      allOk = false;
    }
    const inPath = keyPath(at, 'inputs');
    const inputs: { node: string; port: number }[][] = [];
    if (!Array.isArray(b.inputs) || b.inputs.length === 0) {
      issues.error(inPath, `"inputs" must be a list with one entry per input of the block, each a list of {"node", "port"} that consume it; not ${describe(b.inputs)}`);
      allOk = false; continue;
    }
    b.inputs.forEach((list: unknown, i: number) => {
      const lp = `${inPath}[${i}]`;
      if (!Array.isArray(list) || list.length === 0) {
        issues.error(lp, `Each input must be a non-empty list of {"node", "port"} that consume it, not ${describe(list)}`);
        allOk = false; return;
      }
      const consumers: { node: string; port: number }[] = [];
      list.forEach((c: unknown, j: number) => {
        const cp = `${lp}[${j}]`;
        const entry = isRecord(c) && typeof c.node === 'string' ? nodes.byId.get(c.node) : undefined;
        if (!isRecord(c) || !entry) {
          issues.error(cp, `Each consumer must be {"node": <id of a node in the block>, "port": <its input>}, not ${describe(c)}`);
          allOk = false; return;
        }
        const port = c.port;
        const max = entry.spec?.ports.max ?? 0;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port >= max) {
          issues.error(keyPath(cp, 'port'), `"port" must be an input of '${String(c.node)}' (0 to ${max - 1}), not ${describe(port)}`);
          allOk = false; return;
        }
        consumers.push({ node: c.node as string, port });
      });
      inputs.push(consumers);
    });
    if (!allOk) continue;
    const def: CustomBlockDef = { name: key, nodes: nodes.nodes, edges, inputs, output: b.output as string };
    out[key] = description !== undefined ? { ...def, description } : def;
  }
  return allOk ? out : undefined;
}

function validateDocument(doc: unknown): ParseResult {
  const issues = new Issues();
  if (!isRecord(doc)) {
    const what = Array.isArray(doc) ? 'a list' : describe(doc);
    return { ok: false, errors: [{ path: ROOT, message: `A graph file must be a JSON object {"format": "layerwise-graph", "version": 1, "nodes": [...], "edges": [...]}, but this one is ${what}` }] };
  }
  // Format and version decide how to read everything else, so they are checked first and alone.
  if (!has(doc, 'format')) {
    return { ok: false, errors: [{ path: 'format', message: 'The file has no "format" field, so it is not a Layerwise graph file; if it is one, add "format": "layerwise-graph" and "version": 1' }] };
  }
  if (doc.format !== GRAPH_FORMAT) {
    return { ok: false, errors: [{ path: 'format', message: `"format" is ${describe(doc.format)}, so this is not a Layerwise graph file (expected "${GRAPH_FORMAT}"); open a file saved by Layerwise` }] };
  }
  const version = doc.version;
  if (version === undefined) {
    return { ok: false, errors: [{ path: 'version', message: `The file has no "version"; add "version": ${GRAPH_FORMAT_VERSION}` }] };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, errors: [{ path: 'version', message: `"version" must be a whole number from 1 up, not ${describe(version)}; files made by this build say "version": ${GRAPH_FORMAT_VERSION}` }] };
  }
  if (version > GRAPH_FORMAT_VERSION) {
    return { ok: false, errors: [{ path: 'version', message: `This file is version ${version}, made by a newer Layerwise; this build reads up to version ${GRAPH_FORMAT_VERSION}. Update Layerwise to open it` }] };
  }
  let current: Record<string, unknown> = doc;
  if (version < GRAPH_FORMAT_VERSION) {
    const migrated = applyMigrations(doc, version);
    if (!migrated.ok) return { ok: false, errors: [migrated.issue] };
    current = migrated.doc;
  }

  unknownKeys(issues, current, ROOT_KEYS, ROOT, 'A graph file');
  const name = optionalString(issues, current, 'name', ROOT, GRAPH_LIMITS.maxNameLength);
  const description = optionalString(issues, current, 'description', ROOT, GRAPH_LIMITS.maxDescriptionLength);
  const preset = optionalString(issues, current, 'preset', ROOT, GRAPH_LIMITS.maxNameLength);
  const blocks = checkBlocks(issues, current.blocks);
  const custom = new Map(Object.values(blocks ?? {}).map((d) => [d.name, customBlockSpec(d)]));
  const checked = checkNodes(issues, current.nodes, { at: ROOT, custom });
  // With no usable node list, every edge would be reported as pointing nowhere: skip them.
  const edges = checked ? checkEdges(issues, current.edges, checked.byId) : undefined;
  if (issues.errors.length > 0 || !checked || !edges) {
    return { ok: false, errors: issues.finish() };
  }
  const meta: { name?: string; description?: string; preset?: string } = {};
  if (name !== undefined) meta.name = name;
  if (description !== undefined) meta.description = description;
  if (preset !== undefined) meta.preset = preset;
  const graph: Graph = { nodes: checked.nodes, edges, meta: meta as GraphMeta };
  return { ok: true, graph: blocks ? { ...graph, blocks } : graph, warnings: issues.warnings };
}

/**
 * Reads a graph file. `input` is the file's JSON text, its raw bytes (`Uint8Array`, `ArrayBuffer`),
 * or an already parsed JSON value. Returns the graph, or every error found (up to a cap), each with
 * the JSON path it concerns and what to do. Never throws, whatever it is given.
 *
 * The graph is structurally sound (known blocks, complete in-bounds params, edges between
 * existing nodes on existing ports, unique ids); run `analyse` for shapes and cycles.
 */
export function parseGraphFile(input: string | unknown): ParseResult {
  try {
    let value: unknown = input;
    if (typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer) {
      let text: string;
      if (typeof input === 'string') {
        text = input;
      } else {
        const decoded = decodeBytes(input instanceof ArrayBuffer ? new Uint8Array(input) : input);
        if (!decoded.ok) return { ok: false, errors: [decoded.issue] };
        text = decoded.text;
      }
      const parsed = parseJsonText(text);
      if (!parsed.ok) return { ok: false, errors: [parsed.issue] };
      value = parsed.value;
    }
    return validateDocument(value);
  } catch (e) {
    // Only reachable with exotic objects (throwing getters, proxies), never with JSON text.
    return { ok: false, errors: [{ path: ROOT, message: `The graph could not be read (${e instanceof Error ? e.message : String(e)}); pass JSON text or plain JSON data` }] };
  }
}

// ---- writing -----------------------------------------------------------------------------------

/** JSON on one line with a space after `:` and `,`, keys in the given order. */
function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')}}`;
}

/** Params in the block's schema order with defaults filled in, so saved files are complete. */
function orderedParams(node: GraphNode): Record<string, unknown> {
  const spec = getBlock(node.type);
  const out: Record<string, unknown> = {};
  if (spec) {
    for (const [key, ps] of Object.entries(spec.params)) out[key] = has(node.params, key) ? node.params[key] : ps.default;
  }
  for (const key of Object.keys(node.params).sort()) {
    if (!has(out, key)) out[key] = node.params[key];
  }
  return out;
}

/**
 * Writes a graph as a version-1 file: stable (same graph, same bytes: keys in a fixed order,
 * params in schema order) and readable (one node or edge a line, so diffs show what changed).
 * Missing params are written with their defaults, so the file is complete.
 */
export function serializeGraph(graph: Graph): string {
  const lines: string[] = ['{', `  "format": ${JSON.stringify(GRAPH_FORMAT)},`, `  "version": ${GRAPH_FORMAT_VERSION},`];
  const meta = graph.meta ?? {};
  for (const key of ['name', 'description', 'preset'] as const) {
    if (meta[key] !== undefined) lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(meta[key])},`);
  }
  const list = (key: string, items: string[], last: boolean) => {
    const tail = last ? '' : ',';
    if (items.length === 0) { lines.push(`  "${key}": []${tail}`); return; }
    lines.push(`  "${key}": [`);
    items.forEach((item, i) => lines.push(`    ${item}${i < items.length - 1 ? ',' : ''}`));
    lines.push(`  ]${tail}`);
  };
  list('nodes', graph.nodes.map((n) => inline({
    id: n.id, type: n.type, label: n.label, params: orderedParams(n), position: { x: n.position.x, y: n.position.y },
  })), false);
  const blocks = Object.values(graph.blocks ?? {});
  list('edges', graph.edges.map((e) => inline({ id: e.id, source: e.source, target: e.target, targetPort: e.targetPort })), blocks.length === 0);
  if (blocks.length) {
    lines.push('  "blocks": {');
    blocks.forEach((b, bi) => {
      lines.push(`    ${JSON.stringify(b.name)}: {`);
      lines.push(`      "name": ${JSON.stringify(b.name)},`);
      if (b.description !== undefined) lines.push(`      "description": ${JSON.stringify(b.description)},`);
      lines.push(`      "inputs": ${inline(b.inputs)},`);
      lines.push(`      "output": ${JSON.stringify(b.output)},`);
      const sub = (key: string, items: string[], last: boolean) => {
        lines.push(`      "${key}": [`);
        items.forEach((item, i) => lines.push(`        ${item}${i < items.length - 1 ? ',' : ''}`));
        lines.push(`      ]${last ? '' : ','}`);
      };
      sub('nodes', b.nodes.map((n) => inline({
        id: n.id, type: n.type, label: n.label, params: orderedParams(n), position: { x: n.position.x, y: n.position.y },
      })), false);
      sub('edges', b.edges.map((e) => inline({ id: e.id, source: e.source, target: e.target, targetPort: e.targetPort })), true);
      lines.push(`    }${bi < blocks.length - 1 ? ',' : ''}`);
    });
    lines.push('  }');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

// ---- analyse's errors on file paths -----------------------------------------------------------

/**
 * Places analyse's errors (cycles, shapes, missing inputs) on JSON paths of the file, so a tool can
 * print structural and semantic problems the same way: `nodes[4]: Add needs equal shapes ...`.
 */
export function analysisIssues(graph: Graph, analysis: Analysis): FormatIssue[] {
  const nodeIndex = new Map<string, number>();
  graph.nodes.forEach((n, i) => { if (!nodeIndex.has(n.id)) nodeIndex.set(n.id, i); });
  const edgeIndex = new Map<string, number>();
  graph.edges.forEach((e, i) => { if (!edgeIndex.has(e.id)) edgeIndex.set(e.id, i); });
  return analysis.errors.map((err) => {
    const ei = err.edgeId !== undefined ? edgeIndex.get(err.edgeId) : undefined;
    const ni = err.nodeId !== undefined ? nodeIndex.get(err.nodeId) : undefined;
    const path = ei !== undefined ? `edges[${ei}]` : ni !== undefined ? `nodes[${ni}]` : ROOT;
    return { path, message: err.message };
  });
}
