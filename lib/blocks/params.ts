/** Param validation: fills defaults, checks kinds and bounds, and says what is wrong in words. */
import type { ParamRecord, ParamValue } from '../graph/types';
import { blockValue, graphError, listValue, type ErrorValue, type GraphProblem } from '../graph/graph-errors';
import { describedValue } from '../text/describe';
import type { BlockContext, BlockSpec, ParamSpec } from './spec';

/** A param's error: which param (its key, e.g. "filters"; empty for a rule across params) and what. */
export interface ParamError extends GraphProblem {
  readonly key: string;
}

/**
 * Checks one value against its spec; returns the error or undefined. `param` names the param in
 * the message: `{ param: key, of: blockType, label }`, so the app can show its translated label.
 */
export function checkParam(spec: ParamSpec, value: unknown, param: ErrorValue): GraphProblem | undefined {
  const described = () => describedValue(value);
  switch (spec.kind) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return graphError('paramNotNumber', { param, value: described() });
      if (spec.kind === 'int' && !Number.isInteger(value)) return graphError('paramNotWhole', { param, value });
      if (value < spec.min || value > spec.max) return graphError('paramOutOfRange', { param, min: spec.min, max: spec.max, value });
      return undefined;
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.options.includes(value)) {
        return graphError('paramNotOption', { param, options: listValue(spec.options.map((o) => `"${o}"`), 'comma'), value: described() });
      }
      return undefined;
    case 'bool':
      return typeof value === 'boolean' ? undefined : graphError('paramNotBool', { param, value: described() });
    case 'block':
      return typeof value === 'string' ? undefined : graphError('paramNotBlockName', { param, value: described() });
    case 'params':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? undefined
        : graphError('paramNotParams', { param, value: described() });
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
    return { ok: false, errors: [{ key: '', ...graphError('paramsNotObject', { value: describedValue(raw) }) }] };
  }
  const given = raw as Record<string, unknown>;
  const out: Record<string, ParamValue> = {};
  for (const [key, ps] of Object.entries(spec.params)) {
    const v = Object.prototype.hasOwnProperty.call(given, key) ? given[key] : ps.default;
    const err = checkParam(ps, v, { param: key, of: spec.type, label: ps.label });
    if (err) errors.push({ key, ...err });
    else out[key] = v as ParamValue;
  }
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(spec.params, key)) {
      const known = Object.keys(spec.params);
      const block = blockValue(spec.type, spec.name);
      errors.push({
        key,
        ...(known.length ? graphError('paramUnknown', { block, key, known: listValue(known, 'comma') }) : graphError('paramUnknownNone', { block, key })),
      });
    }
  }
  if (errors.length === 0 && spec.validate) {
    const problem = spec.validate(out as never, ctx);
    if (problem) errors.push({ key: '', ...problem });
  }
  return errors.length ? { ok: false, errors } : { ok: true, params: out };
}

/** The default params of a block, e.g. for a block just dropped on the canvas. */
export function defaultParams(spec: BlockSpec<ParamRecord>): ParamRecord {
  const out: Record<string, ParamValue> = {};
  for (const [key, ps] of Object.entries(spec.params)) out[key] = ps.default;
  return out;
}
