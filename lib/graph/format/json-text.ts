/**
 * From bytes or text to a JSON value, or one issue that says where the text is wrong and what to
 * do. JSON.parse's own message differs between engines and may give no position, so on failure
 * `locateJsonError` scans the text again and names the first error in plain words with its line
 * and column.
 */
import { GRAPH_LIMITS } from './constants';
import { ROOT, type FormatIssue } from './issues';

function tooLarge(size: number): FormatIssue {
  return { path: ROOT, message: `The file is ${(size / 1e6).toFixed(1)} MB; Layerwise reads graph files up to ${GRAPH_LIMITS.maxFileChars / 1024 / 1024} MB (${GRAPH_LIMITS.maxNodes.toLocaleString('en-US')} nodes). Split the model or check that this is a Layerwise graph file` };
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
    return { ok: false, issue: { path: ROOT, message: 'The file is not UTF-8 text (it looks binary); a graph file is JSON text: check that you picked the right file' } };
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

/** A character as a message names it: 'x', a line break, or a control character by its code. */
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
