/**
 * The Chromium that the end-to-end tests and the browser benchmarks drive, found or set up.
 *
 * In order: CHROMIUM_PATH when set; Debian's /usr/bin/chromium; `chromium` on PATH. When none is
 * there and this machine has apt-get and we run as root (a fresh container, CI), Debian's
 * `chromium` package is installed; otherwise we stop with the one command that fixes it.
 * Playwright never downloads a browser here (`npx playwright install` is not used).
 *
 * `decideChromium` holds the whole decision and takes its view of the machine as an argument, so
 * the tests can try every case without touching this machine's browser.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Where Debian's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The shell command that installs Debian's Chromium (run as root). */
const INSTALL_COMMAND = 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium';

/** What the decision needs to know about the machine. */
export interface ChromiumEnv {
  /** The value of CHROMIUM_PATH; undefined or '' when not set. */
  readonly chromiumPath?: string;
  /** Whether `file` exists and may be executed. */
  isExecutable(file: string): boolean;
  /** The full path of `command` found on PATH, or undefined. */
  which(command: string): string | undefined;
  /** Whether we run as root (uid 0), who may install packages. */
  readonly isRoot: boolean;
}

/** Use the browser at `path`; install Debian's; or stop and tell the user `message`. */
export type ChromiumDecision =
  | { readonly kind: 'use'; readonly path: string }
  | { readonly kind: 'install' }
  | { readonly kind: 'stop'; readonly message: string };

/** Decides which Chromium to use, whether to install one, or what to tell the user. Pure. */
export function decideChromium(env: ChromiumEnv): ChromiumDecision {
  if (env.chromiumPath) {
    if (env.isExecutable(env.chromiumPath)) return { kind: 'use', path: env.chromiumPath };
    // An explicit choice is never replaced by another browser behind the user's back.
    return {
      kind: 'stop',
      message: `CHROMIUM_PATH is ${env.chromiumPath}, which is not an executable file. Point it at a Chromium binary, or unset it to use Debian's: unset CHROMIUM_PATH`,
    };
  }
  if (env.isExecutable(DEBIAN_CHROMIUM)) return { kind: 'use', path: DEBIAN_CHROMIUM };
  const onPath = env.which('chromium');
  if (onPath) return { kind: 'use', path: onPath };

  const hasAptGet = env.which('apt-get') !== undefined;
  if (hasAptGet && env.isRoot) return { kind: 'install' };
  const lead = 'No Chromium for the end-to-end tests (none at CHROMIUM_PATH, /usr/bin/chromium or as chromium on PATH).';
  if (hasAptGet) return { kind: 'stop', message: `${lead} Install Debian's, then run the tests again: sudo sh -c '${INSTALL_COMMAND}'` };
  return {
    kind: 'stop',
    message: `${lead} Install Chromium with this system's package manager, or point the tests at one: export CHROMIUM_PATH=/path/to/chromium`,
  };
}

/** This machine as the decision sees it. */
function machineEnv(): ChromiumEnv {
  const isExecutable = (file: string): boolean => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  return {
    chromiumPath: process.env.CHROMIUM_PATH,
    isExecutable,
    which: (command) => (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)
      .map((dir) => path.join(dir, command)).find(isExecutable),
    isRoot: process.getuid?.() === 0,
  };
}

/** Raised when no Chromium can be found or set up; its message says what to run. */
export class ChromiumMissing extends Error {}

/** Runs Debian's install as root, its output hidden unless it fails. Returns whether it succeeded. */
function aptInstall(): boolean {
  const quiet = 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium';
  const run = spawnSync('sh', ['-c', quiet], { stdio: ['ignore', 'ignore', 'inherit'] });
  return run.status === 0;
}

/**
 * The path of the Chromium to launch: found, or installed (printing one line) when the decision
 * says so. Throws ChromiumMissing with the command to run when there is none.
 */
export function ensureChromium(env: ChromiumEnv = machineEnv(), install: () => boolean = aptInstall, log: (line: string) => void = console.log): string {
  const first = decideChromium(env);
  if (first.kind === 'use') return first.path;
  if (first.kind === 'stop') throw new ChromiumMissing(first.message);
  log(`Installing Debian's Chromium for the end-to-end tests: ${INSTALL_COMMAND}`);
  if (!install()) throw new ChromiumMissing(`Installing Debian's Chromium failed (see apt-get's message above). Install it by hand, then run the tests again: ${INSTALL_COMMAND}`);
  const second = decideChromium(env);
  if (second.kind === 'use') return second.path;
  throw new ChromiumMissing(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is still missing. Set CHROMIUM_PATH to the browser's path.`);
}
