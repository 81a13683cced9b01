/**
 * From bytes or text to a JSON value, or one issue that says where the text is wrong and what to
 * do. JSON.parse's own message differs between engines and may give no position, so on failure
 * `locateJsonError` scans the text again and names the first error in plain words with its line
 * and column.
 */
import { countValue, graphError, nestedValue, type ErrorValue, type GraphProblem } from '../graph-errors';
import { GRAPH_LIMITS } from './constants';
import { ROOT, type FormatIssue } from './issues';

function tooLarge(size: number): FormatIssue {
  return {
    path: ROOT,
    ...graphError('fileTooLarge', { megabytes: (size / 1e6).toFixed(1), maxMegabytes: GRAPH_LIMITS.maxFileChars / 1024 / 1024, maxNodes: countValue(GRAPH_LIMITS.maxNodes) }),
  };
}

/** A syntax error found in JSON text: where (a character offset) and what. */
export interface JsonSyntaxError extends GraphProblem {
  readonly offset: number;
}

/**
 * UTF-8 bytes to text. Files over the size limit are refused before decoding, and bytes that are
 * not UTF-8 (a binary file picked by mistake) are named as such.
 */
export function decodeBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; issue: FormatIssue } {
  if (bytes.length > GRAPH_LIMITS.maxFileChars) return { ok: false, issue: tooLarge(bytes.length) };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, issue: { path: ROOT, ...graphError('fileNotUtf8') } };
  }
}

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

/**
 * Parses JSON text (a byte-order mark allowed), turning the engine's message into one that says
 * where and what to do. Text over the size limit is refused before parsing.
 */
export function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; issue: FormatIssue } {
  if (text.length > GRAPH_LIMITS.maxFileChars) return { ok: false, issue: tooLarge(text.length) };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    return { ok: false, issue: { path: ROOT, ...graphError('fileEmpty') } };
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    // V8's message differs between Node versions and may not give a position, so find the
    // error ourselves (only on this failure path, so speed does not matter).
    const found = locateJsonError(body);
    const raw = e instanceof Error ? e.message : String(e);
    // The engine's own message is English whatever the user's language; it is shown only when
    // the scan finds nothing (it always should).
    const detail: ErrorValue = found ? nestedValue(found) : raw.replace(/^JSON\.parse: /, '');
    const offset = found ? found.offset : -1;
    const lc = offset >= 0 ? lineColumn(body, offset) : undefined;
    const truncated = found ? found.offset >= body.trimEnd().length : /end of (JSON|data)/i.test(raw);
    const where: ErrorValue = lc ? nestedValue(graphError('jsonAt', { line: lc.line, column: lc.column })) : '';
    const hint: ErrorValue = truncated ? nestedValue(graphError('jsonCutShort')) : '';
    return { ok: false, issue: { path: ROOT, ...graphError('fileNotJson', { where, detail, hint }) } };
  }
}

/** A character as a message names it: 'x', a line break, or a control character by its code. */
function showChar(c: string): ErrorValue {
  if (c === '\n') return { word: 'aLineBreak' };
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return nestedValue(graphError('jsonControlChar', { code: code.toString(16).padStart(4, '0').toUpperCase() }));
  return `'${c}'`;
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const JSON_LITERAL = /true|false|null/y;

/**
 * Finds the first syntax error in JSON text and says what it is in plain words. Iterative (an
 * explicit stack), so deeply nested input cannot overflow the call stack. Returns undefined when
 * it finds no error (then the caller falls back to the engine's message).
 */
export function locateJsonError(s: string): JsonSyntaxError | undefined {
  const stack: ('{' | '[')[] = [];
  type Expect = 'value' | 'valueOrEnd' | 'key' | 'keyOrEnd' | 'colon' | 'after' | 'done';
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (stack.length ? 'after' : 'done');
  const at = (offset: number, p: GraphProblem): JsonSyntaxError => ({ offset, ...p });
  const endOfFile = (): JsonSyntaxError =>
    at(s.length, stack.length ? graphError('jsonEndsEarlyOpen', { brackets: stack.length }) : graphError('jsonEndsEarly'));
  const lastNonSpace = (before: number): number => {
    let j = before - 1;
    while (j >= 0 && ' \t\n\r'.includes(s[j]!)) j--;
    return j;
  };
  const scanString = (): JsonSyntaxError | undefined => {
    const start = i;
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) { i++; return undefined; }
      if (c < 0x20) return at(i, graphError('jsonControlInText', { char: showChar(s[i]!), ...lineColumn(s, start) }));
      if (c === 92) {
        const n = s[i + 1];
        if (n === undefined) break;
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return at(i, graphError('jsonBadUnicode'));
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(n)) return at(i, graphError('jsonBadEscape', { char: n }));
        i += 2;
        continue;
      }
      i++;
    }
    return at(s.length, graphError('jsonEndsInText', lineColumn(s, start)));
  };
  for (;;) {
    while (i < s.length && ' \t\n\r'.includes(s[i]!)) i++;
    if (i >= s.length) return expect === 'done' ? undefined : endOfFile();
    const c = s[i]!;
    if (c === '/' && (s[i + 1] === '/' || s[i + 1] === '*')) return at(i, graphError('jsonComment'));
    switch (expect) {
      case 'done':
        return at(i, graphError('jsonAfterEnd', { char: showChar(c) }));
      case 'colon':
        if (c !== ':') return at(i, graphError('jsonExpectedColon', { char: showChar(c) }));
        i++;
        expect = 'value';
        break;
      case 'after': {
        const top = stack[stack.length - 1]!;
        const close = top === '{' ? '}' : ']';
        if (c === ',') { i++; expect = top === '{' ? 'key' : 'value'; break; }
        if (c === close) { stack.pop(); i++; expect = afterValue(); break; }
        return at(i, graphError('jsonExpectedComma', { close, char: showChar(c) }));
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
          return at(comma, graphError('jsonTrailingComma', { close: '}' }));
        }
        return at(i, graphError('jsonExpectedName', { char: showChar(c) }));
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
            return at(i, graphError('jsonLeadingZero'));
          }
          i = end;
          expect = afterValue();
          break;
        }
        if (JSON_LITERAL.test(s)) { i = JSON_LITERAL.lastIndex; expect = afterValue(); break; }
        if ((c === ']' || c === '}') && s[lastNonSpace(i)] === ',') {
          return at(lastNonSpace(i), graphError('jsonTrailingComma', { close: c }));
        }
        if (c === "'") return at(i, graphError('jsonSingleQuotes'));
        return at(i, graphError('jsonUnexpected', { char: showChar(c) }));
      }
    }
  }
}
