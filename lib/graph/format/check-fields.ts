/** Checks shared by every part of the reader: plain objects, own keys, unknown fields, text fields. */
import { closeNames } from '../../text/suggest';
import { describedValue } from '../../text/describe';
import { countValue, graphError, type ErrorWord } from '../graph-errors';
import { keyPath, type Issues } from './issues';

/** A plain JSON object (not null, not a list). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own key, so that `"constructor"` or `"__proto__"` in a file is never read from the prototype. */
export function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Warns about each field of `obj` not in `known`, suggesting the closest known one. */
export function unknownKeys(issues: Issues, obj: Record<string, unknown>, known: readonly string[], base: string, owner: ErrorWord): void {
  const what = { word: owner };
  for (const key in obj) {
    if (!has(obj, key) || known.includes(key)) continue;
    const near = closeNames(key, known, 1);
    issues.warn(keyPath(base, key), near.length ? graphError('fieldUnknownNear', { what, key, near: near[0]! }) : graphError('fieldUnknown', { what, key }));
  }
}

/** An optional text field of at most `max` characters; undefined when absent or (after reporting) wrong. */
export function optionalString(issues: Issues, obj: Record<string, unknown>, key: string, base: string, max: number): string | undefined {
  if (!has(obj, key) || obj[key] === undefined) return undefined;
  const v = obj[key];
  const path = keyPath(base, key);
  if (typeof v !== 'string') { issues.error(path, graphError('fieldNotText', { key, value: describedValue(v) })); return undefined; }
  if (v.length > max) { issues.error(path, graphError('fieldTooLong', { key, length: countValue(v.length), max: countValue(max) })); return undefined; }
  return v;
}
