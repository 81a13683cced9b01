/**
 * How messages name the value a person wrote: `Filters must be a number, not "10"`. One wording
 * for the file reader and the param checks, so the same mistake reads the same everywhere.
 */
import { ENGLISH, wordErrorValue, type ErrorValue } from '../graph/graph-errors';

/** Text longer than this is cut in messages (a pasted paragraph must not flood the error list). */
const MAX_SHOWN_CHARS = 40;

/**
 * A short description of a value for messages: text in double quotes (cut after 40 characters),
 * numbers and true/false as written, `null`, and words for the rest: `nothing` (undefined),
 * `a list`, `an object`, `a function`, `a number too large to use` (±Infinity, which JSON text
 * such as 1e999 can produce).
 */
export function describeValue(v: unknown): string {
  return wordErrorValue(describedValue(v), ENGLISH);
}

/** describeValue as data for an error's values: the text as written, or a word each language says its own way. */
export function describedValue(v: unknown): ErrorValue {
  if (typeof v === 'string') return JSON.stringify(v.length > MAX_SHOWN_CHARS ? `${v.slice(0, MAX_SHOWN_CHARS)}…` : v);
  if (v === null) return 'null';
  if (v === undefined) return { word: 'nothing' };
  if (Array.isArray(v)) return { word: 'aList' };
  if (typeof v === 'function') return { word: 'aFunction' };
  if (typeof v === 'object') return { word: 'anObject' };
  if (typeof v === 'number' && (v === Infinity || v === -Infinity)) return { word: 'tooLarge' };
  return String(v);
}

/** Names in double quotes joined for a sentence: `"a"`, `"a" or "b"`, `"a", "b" or "c"`. */
export function quoteList(names: readonly string[]): string {
  return wordErrorValue(quotedList(names), ENGLISH);
}

/** quoteList as data for an error's values (each language joins the names its own way). */
export function quotedList(names: readonly string[]): ErrorValue {
  return { list: names.map((x) => `"${x}"`), join: 'or' };
}
