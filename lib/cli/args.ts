import { parseWorkers, type WorkersRequest } from '../train/parallel/shards';
import { closeNames } from '../text/suggest';

/** A mistake in what the user typed: the command prints it as one line and exits 2. */
export class UsageError extends Error {}

/** The options a command takes: those with a value (`--epochs 3`, `--epochs=3`) and flags (`--json`). */
export interface ArgSpec {
  /** The command's name, for "see layerwise <command> --help". */
  readonly command: string;
  readonly values: readonly string[];
  readonly flags: readonly string[];
}

/** A command line split into its option values, flags and positional words, nothing interpreted yet. */
export interface SplitArgs {
  readonly values: Readonly<Record<string, string>>;
  readonly flags: ReadonlySet<string>;
  readonly positional: readonly string[];
}

/**
 * Splits argv by the spec; `-h` is `--help`, a lone `-` is positional (standard input). Throws a
 * UsageError for a flag given a value, an option without one, or an unknown option (with the
 * closest known name). Hand-written rather than node:util's parseArgs, because that one exists
 * only under Node and words its errors its own way; these lines are what the user reads.
 */
export function splitArgs(argv: readonly string[], spec: ArgSpec): SplitArgs {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h') { flags.add('help'); continue; }
    if (!a.startsWith('--') || a === '-') { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq >= 0 ? eq : undefined);
    if (spec.flags.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
    } else if (spec.values.includes(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`--${name} needs a value`);
      values[name] = v;
    } else {
      const near = closeNames(name, [...spec.values, ...spec.flags], 1);
      const hint = near.length ? `; did you mean --${near[0]}? See` : '; see';
      throw new UsageError(`unknown option ${a}${hint} "layerwise ${spec.command} --help"`);
    }
  }
  return { values, flags, positional };
}

/**
 * The value of `--workers`: `auto` (one worker per core) or a whole number of at least 1, as the
 * app's `?workers=` (lib/train/parallel/shards.ts parseWorkers, which also takes `cores`). Throws a
 * UsageError for anything else.
 */
export function workersValue(raw: string): WorkersRequest {
  const request = parseWorkers(raw);
  if (request === undefined) throw new UsageError(`--workers must be a whole number of at least 1, or auto for one per core (got ${raw})`);
  return request;
}
