/**
 * The repository's own pages stand alone: every link in a Markdown file (README, docs/, each
 * CONTEXT.md) resolves to a file or heading inside the repository, every repository path the
 * pages name (`lib/graph/edits.ts`, tests/unit/graph/) exists, and nothing in the repository
 * points at the planning notes kept outside it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
/** Not the repository's own text: installed packages, build output, local scratch. */
const SKIP = new Set(['node_modules', '.git', '.next', 'out', 'public', 'test-results', 'playwright-report', 'tmp']);
const TEXT = /\.(md|ts|tsx|mjs|js|json|css|sh|py|html|yml|yaml)$/;
/** The top-level folders a page may name by path. */
const TOP = '(?:app|components|lib|presets|scripts|bench|bin|tests|docs)';

/** Every text file of the repository, relative to its root with '/' separators. */
function repoFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(rel);
      } else if (TEXT.test(entry.name) && entry.name !== 'package-lock.json') {
        out.push(rel);
      }
    }
  };
  walk('');
  return out.sort();
}

const exists = (rel: string): boolean => {
  try { statSync(path.join(ROOT, rel)); return true; } catch { return false; }
};

/** The Markdown text outside fenced code blocks, line by line (numbers kept for messages). */
function proseLines(text: string): { n: number; line: string }[] {
  let fenced = false;
  const out: { n: number; line: string }[] = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*```/.test(line)) { fenced = !fenced; return; }
    if (!fenced) out.push({ n: i + 1, line });
  });
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (a repeated heading gets -1, -2, … as on GitHub). */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { line } of proseLines(text)) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const slug = headingSlug(m[1]!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return out;
}

/** What is wrong with the links and paths of Markdown `text` found at `file`, one line per problem. */
function checkText(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const { n, line } of proseLines(text)) {
    const at = `${file}:${n}`;
    // Links: [text](target). Web addresses are not checked; everything else must be in the repo.
    for (const m of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (/^(https?:|mailto:)/.test(target)) continue;
      const [where, anchor] = target.split('#') as [string, string | undefined];
      const rel = where ? path.posix.normalize(path.posix.join(path.posix.dirname(file), where)) : file;
      const page = (): string => (rel === file ? text : readFileSync(path.join(ROOT, rel), 'utf8'));
      if (path.isAbsolute(where) || rel.startsWith('../') || rel === '..') {
        problems.push(`${at}: "${target}" points outside the repository`);
      } else if (rel !== file && !exists(rel)) {
        problems.push(`${at}: "${target}" does not exist (${rel})`);
      } else if (anchor !== undefined && rel.endsWith('.md') && !anchors(page()).has(anchor)) {
        problems.push(`${at}: "${target}": ${rel} has no heading with the anchor #${anchor}`);
      }
    }
    // Repository paths named in the text, with or without backticks: `lib/graph/edits.ts`.
    for (const m of line.matchAll(new RegExp(`(?<![\\w./@-])(${TOP}/[A-Za-z0-9_./-]*[A-Za-z0-9_/])`, 'g'))) {
      const named = m[1]!;
      if (!exists(named)) problems.push(`${at}: names ${named}, which does not exist`);
    }
  }
  return problems;
}

/** The problems of one Markdown file of the repository. */
const pageProblems = (file: string): string[] => checkText(file, readFileSync(path.join(ROOT, file), 'utf8'));

/** A reference to the planning notes that live beside the repository, not in it. */
const OUTSIDE_NOTES = /\.\.\/shared\b|\bshared\/(?:DESIGN|STYLE|notes|reference|tools|hooks)\b|\b(?:DESIGN|STYLE|models)\.md\b|\bnotes\/browser\.md\b/;

/**
 * Files that still cite the notes, being rewritten elsewhere as this test was written; each
 * entry goes when its file cites docs/ instead (the test below says when).
 */
const STILL_CITING_NOTES = new Set(['components/train/train.worker.ts', 'lib/train/backends.ts']);

const FILES = repoFiles();
const PAGES = FILES.filter((f) => f.endsWith('.md'));

describe('headingSlug', () => {
  it('makes the anchors GitHub makes', () => {
    expect(headingSlug('Editing files by hand: the JSON Schema')).toBe('editing-files-by-hand-the-json-schema');
    expect(headingSlug("Blocks: the graph's own block types")).toBe('blocks-the-graphs-own-block-types');
    expect(headingSlug('The `layerwise` command line')).toBe('the-layerwise-command-line');
    expect(headingSlug('Where does X live')).toBe('where-does-x-live');
  });
});

describe('the pages', () => {
  it('are found: the README, docs/ and a CONTEXT.md in each lib folder', () => {
    expect(PAGES).toContain('README.md');
    expect(PAGES).toContain('docs/architecture.md');
    expect(PAGES).toContain('lib/graph/CONTEXT.md');
  });

  it.each(PAGES)('%s: links and paths resolve inside the repository', (page) => {
    expect(pageProblems(page)).toEqual([]);
  });

  it('catch a dead link, a link out of the repository, a wrong anchor and a missing path', () => {
    // The checker run on a page written for the purpose, so that it is known to see each fault.
    const fake = 'docs/__fake__.md';
    const lines = [
      '[ok](architecture.md) [ok](../README.md) [ok](#the-pages) [web](https://example.org/x)',
      '[dead](no-such-page.md)', '[out](../../shared/DESIGN.md)', '[anchor](architecture.md#no-such-heading)',
      'see `lib/graph/no-such-file.ts`', '## The pages',
    ];
    const problems = checkText(fake, lines.join('\n'));
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/no-such-page\.md" does not exist/);
    expect(problems[1]).toMatch(/points outside the repository/);
    expect(problems[2]).toMatch(/no heading with the anchor #no-such-heading/);
    expect(problems[3]).toMatch(/names lib\/graph\/no-such-file\.ts/);
  });
});

describe('nothing points at notes outside the repository', () => {
  const self = path.relative(ROOT, __filename).split(path.sep).join('/');
  const citing = FILES.filter((f) => f !== self && OUTSIDE_NOTES.test(readFileSync(path.join(ROOT, f), 'utf8')));

  it('in any file (the presets cite docs/presets.md, backends docs/backends.md)', () => {
    expect(citing.filter((f) => !STILL_CITING_NOTES.has(f))).toEqual([]);
  });

  it('and the list of files still citing them is not stale', () => {
    const fixed = [...STILL_CITING_NOTES].filter((f) => !citing.includes(f));
    expect(fixed, 'these no longer cite the notes: remove them from STILL_CITING_NOTES').toEqual([]);
  });
});
