/** Param validation: fills defaults, checks kinds and bounds, and says what is wrong in words. */
import type { ParamRecord, ParamValue } from '../graph/types';
import { describeValue } from '../text/describe';
import type { BlockContext, BlockSpec, ParamSpec } from './spec';

export interface ParamError {
  /** The param key, e.g. "filters". */
  readonly key: string;
  readonly message: string;
}

/** Checks one value against its spec; returns the error message or undefined. */
export function checkParam(spec: ParamSpec, value: unknown, label: string): string | undefined {
  switch (spec.kind) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return `${label} must be a number, not ${describeValue(value)}`;
      }
      if (spec.kind === 'int' && !Number.isInteger(value)) return `${label} must be a whole number, not ${value}`;
      if (value < spec.min || value > spec.max) return `${label} must be between ${spec.min} and ${spec.max}, not ${value}`;
      return undefined;
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.options.includes(value)) {
        return `${label} must be one of ${spec.options.map((o) => `"${o}"`).join(', ')}, not ${describeValue(value)}`;
      }
      return undefined;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `${label} must be true or false, not ${describeValue(value)}`;
    case 'block':
      return typeof value === 'string' ? undefined : `${label} must be a block type name, not ${describeValue(value)}`;
    case 'params':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? undefined
        : `${label} must be an object of params, not ${describeValue(value)}`;
    default:
      return exhaustive(spec);
  }
}

function exhaustive(x: never): never {
  throw new Error(`Unhandled param kind: ${JSON.stringify(x)}`);
}

/**
 * Resolves raw params against a block's schema: missing keys take their defaults, unknown keys
 * are errors, each value is checked. Returns the full params or every error found. `ctx` lets the
 * block's own check look other blocks up (Repeat's block); without it those checks wait for analyse.
 */
export function resolveParams(
  spec: BlockSpec<ParamRecord>, raw: unknown, ctx?: BlockContext,
): { ok: true; params: ParamRecord } | { ok: false; errors: ParamError[] } {
  const errors: ParamError[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ key: '', message: `params must be an object, not ${describeValue(raw)}` }] };
  }
  const given = raw as Record<string, unknown>;
  const out: Record<string, ParamValue> = {};
  for (const [key, ps] of Object.entries(spec.params)) {
    const v = Object.prototype.hasOwnProperty.call(given, key) ? given[key] : ps.default;
    const err = checkParam(ps, v, ps.label);
    if (err) errors.push({ key, message: err });
    else out[key] = v as ParamValue;
  }
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(spec.params, key)) {
      const known = Object.keys(spec.params);
      errors.push({
        key,
        message: `${spec.name} has no param "${key}"${known.length ? `; its params are ${known.join(', ')}` : ''}`,
      });
    }
  }
  if (errors.length === 0 && spec.validate) {
    const msg = spec.validate(out as never, ctx);
    if (msg) errors.push({ key: '', message: msg });
  }
  return errors.length ? { ok: false, errors } : { ok: true, params: out };
}

/** The default params of a block, e.g. for a block just dropped on the canvas. */
export function defaultParams(spec: BlockSpec<ParamRecord>): ParamRecord {
  const out: Record<string, ParamValue> = {};
  for (const [key, ps] of Object.entries(spec.params)) out[key] = ps.default;
  return out;
}
