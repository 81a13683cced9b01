/** Where the command line writes: the process's streams, or buffers in tests. */
export interface CliIO {
  /** Normal output (stdout). */
  out(text: string): void;
  /** Errors and warnings (stderr). */
  err(text: string): void;
}

/** Writes to this process's stdout and stderr. */
export const processIO: CliIO = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
};

/** Collects output in memory, for in-process tests of a command. */
export function bufferIO(): CliIO & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => { out += t; }, err: (t) => { err += t; }, stdout: () => out, stderr: () => err };
}
