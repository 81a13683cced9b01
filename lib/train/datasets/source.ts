/**
 * Where the bytes of user files come from: a folder on disk under Node, or the File objects a
 * user picked in the browser. Parsers see only names and bytes, so they run (and are tested)
 * the same way in both.
 */
import { english, type Said } from '../said';

/** One file the user gave us. `path` is relative to the folder picked, with `/` separators. */
export interface SourceFile {
  readonly path: string;
  /** Size in bytes, when known without reading. */
  readonly size?: number;
  read(): Promise<Uint8Array>;
}

/**
 * An error about one file: says which file, and where in it, so the user can find and fix it. Made
 * from a Said (lib/train/said.ts), it carries it, so the interface words it in the user's language;
 * its message is the English the command line prints.
 */
export class DataFileError extends Error {
  readonly said?: Said;

  constructor(
    readonly file: string,
    message: string | Said,
    readonly byteOffset?: number,
  ) {
    super(typeof message === 'string' ? message : english(message));
    this.name = 'DataFileError';
    if (typeof message !== 'string') this.said = message;
  }
}

/** 12345678 → "12,345,678" (byte offsets and sizes are read by people). */
export function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}
