/**
 * Where the bytes of user files come from: a folder on disk under Node, or the File objects a
 * user picked in the browser. Parsers see only names and bytes, so they run (and are tested)
 * the same way in both.
 */

/** One file the user gave us. `path` is relative to the folder picked, with `/` separators. */
export interface SourceFile {
  readonly path: string;
  /** Size in bytes, when known without reading. */
  readonly size?: number;
  read(): Promise<Uint8Array>;
}

/** An error about one file: says which file, and where in it, so the user can find and fix it. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly byteOffset?: number,
  ) {
    super(message);
    this.name = 'DataFileError';
  }
}

/** 12345678 → "12,345,678" (byte offsets and sizes are read by people). */
export function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}
