/**
 * Which Chromium `npm test` uses, installs or asks for, on made-up machines: the decision is a
 * function of what exists, so no real browser is touched here.
 */
import { describe, expect, it } from 'vitest';
import { ChromiumMissing, DEBIAN_CHROMIUM, decideChromium, ensureChromium, type ChromiumEnv } from '../../../scripts/chromium';

/** A machine with these executable files, these directories on PATH, and root or not. */
function machine({ files = [], pathDirs = ['/usr/local/bin', '/usr/bin', '/bin'], root = false, chromiumPath }: {
  files?: string[]; pathDirs?: string[]; root?: boolean; chromiumPath?: string;
}): ChromiumEnv & { files: Set<string> } {
  const set = new Set(files);
  return {
    files: set,
    chromiumPath,
    isExecutable: (f) => set.has(f),
    which: (c) => pathDirs.map((d) => `${d}/${c}`).find((f) => set.has(f)),
    isRoot: root,
  };
}

describe('decideChromium', () => {
  it('uses CHROMIUM_PATH when it points at a browser, before Debian\'s', () => {
    expect(decideChromium(machine({ chromiumPath: '/opt/chrome/chrome', files: ['/opt/chrome/chrome', DEBIAN_CHROMIUM] })))
      .toEqual({ kind: 'use', path: '/opt/chrome/chrome' });
  });

  it('stops when CHROMIUM_PATH points at nothing, even with Debian\'s there and root with apt-get', () => {
    const d = decideChromium(machine({ chromiumPath: '/nope/chromium', files: [DEBIAN_CHROMIUM, '/usr/bin/apt-get'], root: true }));
    expect(d).toEqual({
      kind: 'stop',
      message: 'CHROMIUM_PATH is /nope/chromium, which is not an executable file. Point it at a Chromium binary, or unset it to use Debian\'s: unset CHROMIUM_PATH',
    });
  });

  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(decideChromium(machine({ chromiumPath: '', files: [DEBIAN_CHROMIUM] }))).toEqual({ kind: 'use', path: DEBIAN_CHROMIUM });
  });

  it('uses /usr/bin/chromium even when it is not on PATH', () => {
    expect(decideChromium(machine({ files: [DEBIAN_CHROMIUM], pathDirs: ['/opt/bin'] }))).toEqual({ kind: 'use', path: DEBIAN_CHROMIUM });
  });

  it('finds chromium elsewhere on PATH', () => {
    expect(decideChromium(machine({ files: ['/usr/local/bin/chromium'] }))).toEqual({ kind: 'use', path: '/usr/local/bin/chromium' });
  });

  it('installs Debian\'s when none is found and root has apt-get', () => {
    expect(decideChromium(machine({ files: ['/usr/bin/apt-get'], root: true }))).toEqual({ kind: 'install' });
  });

  it('asks for sudo when apt-get is there but we are not root', () => {
    expect(decideChromium(machine({ files: ['/usr/bin/apt-get'] }))).toEqual({
      kind: 'stop',
      message: 'No Chromium for the end-to-end tests (none at CHROMIUM_PATH, /usr/bin/chromium or as chromium on PATH). '
        + 'Install Debian\'s, then run the tests again: sudo sh -c \'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium\'',
    });
  });

  it('asks for CHROMIUM_PATH without apt-get, root or not', () => {
    for (const root of [true, false]) {
      expect(decideChromium(machine({ root }))).toEqual({
        kind: 'stop',
        message: 'No Chromium for the end-to-end tests (none at CHROMIUM_PATH, /usr/bin/chromium or as chromium on PATH). '
          + 'Install Chromium with this system\'s package manager, or point the tests at one: export CHROMIUM_PATH=/path/to/chromium',
      });
    }
  });
});

describe('ensureChromium', () => {
  it('returns the browser found without installing or printing anything', () => {
    const lines: string[] = [];
    let installs = 0;
    expect(ensureChromium(machine({ files: [DEBIAN_CHROMIUM] }), () => { installs++; return true; }, (l) => lines.push(l))).toBe(DEBIAN_CHROMIUM);
    expect(installs).toBe(0);
    expect(lines).toEqual([]);
  });

  it('installs once, says so in one line, and returns Debian\'s path', () => {
    const m = machine({ files: ['/usr/bin/apt-get'], root: true });
    const lines: string[] = [];
    let installs = 0;
    const install = () => { installs++; m.files.add(DEBIAN_CHROMIUM); return true; };
    expect(ensureChromium(m, install, (l) => lines.push(l))).toBe(DEBIAN_CHROMIUM);
    expect(installs).toBe(1);
    expect(lines).toEqual(['Installing Debian\'s Chromium for the end-to-end tests: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium']);
  });

  it('throws with the command to run when apt-get fails, and when it cannot install', () => {
    const m = machine({ files: ['/usr/bin/apt-get'], root: true });
    expect(() => ensureChromium(m, () => false, () => {})).toThrow(/Installing Debian's Chromium failed .* apt-get install -y chromium$/);
    expect(() => ensureChromium(machine({}), () => { throw new Error('must not install'); }, () => {})).toThrow(ChromiumMissing);
  });
});
