'use client';
/**
 * One form field built from a param's schema. A value that breaks the schema's bounds (or a
 * rule across params) is refused with the reason, and the graph keeps its last good value.
 */
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { useBlockWords } from '@/components/editor/block-words';
import { useGraphErrorWords, type WordableError } from '@/components/editor/graph-error-words';
import { BLOCK_TYPES, getBlock } from '@/lib/blocks';
import type { ParamSpec } from '@/lib/blocks/spec';
import { specIn } from '@/lib/graph/custom';
import type { CustomBlockDef, ParamRecord, ParamValue } from '@/lib/graph/types';

/** The graph's own blocks (`graph.blocks`), which a `block` field offers beside the registry's. */
type OwnBlocks = Readonly<Record<string, CustomBlockDef>> | undefined;

export interface FieldProps {
  readonly name: string;
  /** The block type whose param this is (its label and help come from the `blocks` messages). */
  readonly type?: string;
  readonly spec: ParamSpec;
  readonly value: ParamValue | undefined;
  /** Tries a value: returns why it is refused (lib's errors), or undefined when it was applied. */
  readonly attempt: (value: ParamValue) => readonly WordableError[] | undefined;
  /** For a `params` field: the block whose params these are. */
  readonly blockType?: string;
  /** The graph's own blocks: a `block` field lists them, a `params` field finds their schema. */
  readonly blocks?: OwnBlocks;
}

/** Words a refused value's reasons in the user's language (undefined when the value was applied). */
function useRefusal(): (reasons: readonly WordableError[] | undefined) => string | undefined {
  const errorWords = useGraphErrorWords();
  return (reasons) => (reasons ? errorWords(reasons) : undefined);
}

/** A field's label and help in the user's language. */
function useFieldWords(type: string | undefined, name: string, spec: ParamSpec): { label: string; help: string } {
  const words = useBlockWords();
  return { label: words.paramLabel(type, name, spec), help: words.paramHelp(type, name, spec) };
}

function NumberField({ name, type, spec, value, attempt }: FieldProps & { spec: Extract<ParamSpec, { kind: 'int' | 'float' }> }) {
  const id = useId();
  const t = useTranslations('editor');
  const { label, help } = useFieldWords(type, name, spec);
  const shown = typeof value === 'number' ? String(value) : String(spec.default);
  // While the user types, the field shows their draft; otherwise it follows the graph (undo, other edits).
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const refusal = useRefusal();
  const text = draft ?? shown;
  const reset = () => { setDraft(undefined); setError(undefined); };
  const onChange = (typed: string) => {
    setDraft(typed);
    if (typed.trim() === '') { setError(t('inspector.needsNumber', { label, min: spec.min, max: spec.max })); return; }
    const v = Number(typed);
    setError(refusal(attempt(v)));
  };
  return (
    <div className={`lw-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
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
        <p className="lw-field-error" role="alert">{t('inspector.kept', { error, value: shown })}</p>
      ) : (
        <p className="lw-field-help" id={`${id}-help`}>{help} <span className="lw-muted">({spec.min}–{spec.max})</span></p>
      )}
    </div>
  );
}

function SelectField({ name, type, spec, value, attempt, options }: FieldProps & { options: readonly string[] }) {
  const id = useId();
  const { label, help } = useFieldWords(type, name, spec);
  const [error, setError] = useState<string>();
  const refusal = useRefusal();
  const current = typeof value === 'string' ? value : String(spec.default);
  return (
    <div className={`lw-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={current} onChange={(e) => setError(refusal(attempt(e.target.value)))}>
        {!options.includes(current) && <option value={current}>{current}</option>}
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
      {error ? <p className="lw-field-error" role="alert">{error}</p> : <p className="lw-field-help">{help}</p>}
    </div>
  );
}

function BoolField({ name, type, spec, value, attempt }: FieldProps) {
  const id = useId();
  const { label, help } = useFieldWords(type, name, spec);
  const [error, setError] = useState<string>();
  const refusal = useRefusal();
  return (
    <div className={`lw-field lw-field-bool${error ? ' has-error' : ''}`}>
      <input id={id} name={name} type="checkbox" checked={value === true} onChange={(e) => setError(refusal(attempt(e.target.checked)))} />
      <label htmlFor={id}>{label}</label>
      {error ? <p className="lw-field-error" role="alert">{error}</p> : <p className="lw-field-help">{help}</p>}
    </div>
  );
}

/** The params of an inner block (Repeat's "Block params"), as a nested form of that block's schema. */
function ParamsField({ name, type, spec, value, attempt, blockType, blocks }: FieldProps) {
  const t = useTranslations('editor');
  const words = useBlockWords();
  const { label } = useFieldWords(type, name, spec);
  const inner = blockType ? specIn({ blocks }, blockType) : undefined;
  const obj: ParamRecord = typeof value === 'object' && value !== null ? value : {};
  if (!inner) return <p className="lw-field-help">{t('inspector.pickBlock', { label })}</p>;
  if (Object.keys(inner.params).length === 0) return <p className="lw-field-help">{t('inspector.noParams', { label, name: words.name(inner) })}</p>;
  return (
    <fieldset className="lw-fieldset">
      <legend>{t('inspector.innerParams', { label, name: words.name(inner) })}</legend>
      {Object.entries(inner.params).map(([k, ps]) => (
        <ParamField
          key={k}
          name={k}
          type={inner.type}
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
      return <SelectField {...props} options={chainableBlocks(props.blocks)} />;
    case 'params':
      return <ParamsField {...props} />;
    default:
      return exhaustive(spec);
  }
}

function exhaustive(x: never): never {
  throw new Error(`Unhandled param kind ${JSON.stringify(x)}`);
}

/**
 * The blocks a Repeat can hold: one input and not Repeat itself, from the registry and then the
 * graph's own blocks (the rule is repeatedBlock's in lib/blocks/repeat.ts).
 */
export function chainableBlocks(blocks: OwnBlocks): string[] {
  const own = Object.keys(blocks ?? {}).filter((name) => !getBlock(name));
  return [...BLOCK_TYPES, ...own].filter((t) => {
    const s = specIn({ blocks }, t);
    return s !== undefined && s.ports.min === 1 && s.ports.max === 1 && t !== 'Repeat';
  });
}
