'use client';
/**
 * One form field built from a param's schema. A value that breaks the schema's bounds (or a
 * rule across params) is refused with the reason, and the graph keeps its last good value.
 */
import { useId, useState } from 'react';
import { BLOCK_TYPES, getBlock } from '@/lib/blocks';
import { defaultParams } from '@/lib/blocks/params';
import type { ParamSpec } from '@/lib/blocks/spec';
import type { ParamRecord, ParamValue } from '@/lib/graph/types';

export interface FieldProps {
  readonly name: string;
  readonly spec: ParamSpec;
  readonly value: ParamValue | undefined;
  /** Tries a value: returns the reason it is refused, or undefined when it was applied. */
  readonly attempt: (value: ParamValue) => string | undefined;
  /** For a `params` field: the block whose params these are. */
  readonly blockType?: string;
}

function NumberField({ name, spec, value, attempt }: FieldProps & { spec: Extract<ParamSpec, { kind: 'int' | 'float' }> }) {
  const id = useId();
  const shown = typeof value === 'number' ? String(value) : String(spec.default);
  // While the user types, the field shows their draft; otherwise it follows the graph (undo, other edits).
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const text = draft ?? shown;
  const reset = () => { setDraft(undefined); setError(undefined); };
  const onChange = (t: string) => {
    setDraft(t);
    if (t.trim() === '') { setError(`${spec.label} needs a number (${spec.min} to ${spec.max})`); return; }
    const v = Number(t);
    setError(attempt(v));
  };
  return (
    <div className={`lw-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{spec.label}</label>
      <input
        id={id}
        name={name}
        type="number"
        inputMode={spec.kind === 'int' ? 'numeric' : 'decimal'}
        min={spec.min}
        max={spec.max}
        step={spec.kind === 'int' ? 1 : 'any'}
        value={text}
        aria-invalid={!!error}
        aria-describedby={`${id}-help`}
        onBlur={reset}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape') { reset(); (e.target as HTMLInputElement).blur(); } }}
      />
      {error ? (
        <p className="lw-field-error" role="alert">{error}. Kept {shown}.</p>
      ) : (
        <p className="lw-field-help" id={`${id}-help`}>{spec.help} <span className="lw-muted">({spec.min}–{spec.max})</span></p>
      )}
    </div>
  );
}

function SelectField({ name, spec, value, attempt, options }: FieldProps & { options: readonly string[] }) {
  const id = useId();
  const [error, setError] = useState<string>();
  const current = typeof value === 'string' ? value : String(spec.default);
  return (
    <div className={`lw-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{spec.label}</label>
      <select id={id} name={name} value={current} onChange={(e) => setError(attempt(e.target.value))}>
        {!options.includes(current) && <option value={current}>{current}</option>}
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
      {error ? <p className="lw-field-error" role="alert">{error}</p> : <p className="lw-field-help">{spec.help}</p>}
    </div>
  );
}

function BoolField({ name, spec, value, attempt }: FieldProps) {
  const id = useId();
  const [error, setError] = useState<string>();
  return (
    <div className={`lw-field lw-field-bool${error ? ' has-error' : ''}`}>
      <input id={id} name={name} type="checkbox" checked={value === true} onChange={(e) => setError(attempt(e.target.checked))} />
      <label htmlFor={id}>{spec.label}</label>
      {error ? <p className="lw-field-error" role="alert">{error}</p> : <p className="lw-field-help">{spec.help}</p>}
    </div>
  );
}

/** The params of an inner block (Repeat's "Block params"), as a nested form of that block's schema. */
function ParamsField({ spec, value, attempt, blockType }: FieldProps) {
  const inner = blockType ? getBlock(blockType) : undefined;
  const obj: ParamRecord = typeof value === 'object' && value !== null ? value : {};
  if (!inner) return <p className="lw-field-help">{spec.label}: pick a block first.</p>;
  return (
    <fieldset className="lw-fieldset">
      <legend>{spec.label} ({inner.name})</legend>
      {Object.entries(inner.params).map(([k, ps]) => (
        <ParamField
          key={k}
          name={k}
          spec={ps}
          value={k in obj ? obj[k] : ps.default}
          attempt={(v) => attempt({ ...obj, [k]: v })}
          blockType={ps.kind === 'params' ? String(obj[Object.keys(inner.params).find((x) => inner.params[x]!.kind === 'block') ?? ''] ?? '') : undefined}
        />
      ))}
    </fieldset>
  );
}

/** A field for any param kind. */
export function ParamField(props: FieldProps) {
  const { spec } = props;
  switch (spec.kind) {
    case 'int':
    case 'float':
      return <NumberField {...props} spec={spec} />;
    case 'enum':
      return <SelectField {...props} options={spec.options} />;
    case 'bool':
      return <BoolField {...props} />;
    case 'block':
      return <SelectField {...props} options={BLOCK_TYPES.filter((t) => getBlock(t)?.ports.max === 1 && getBlock(t)?.ports.min === 1 && t !== 'Repeat')} />;
    case 'params':
      return <ParamsField {...props} />;
    default:
      return exhaustive(spec);
  }
}

function exhaustive(x: never): never {
  throw new Error(`Unhandled param kind ${JSON.stringify(x)}`);
}

/** Default params for the block a `block` param now names (Repeat switching Residual → MBConv). */
export function paramsForBlock(type: string): ParamRecord {
  const spec = getBlock(type);
  return spec ? defaultParams(spec) : {};
}
