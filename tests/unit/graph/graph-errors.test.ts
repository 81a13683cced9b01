import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { applyMigrations, locateJsonError, parseGraphFile } from '@/lib/graph/format';
import {
  ENGLISH, GRAPH_ERROR_CODES, GRAPH_ERROR_TEXT, graphError, wordErrorValue, wordGraphError,
  type ErrorValue, type ErrorWording, type GraphProblem,
} from '@/lib/graph/graph-errors';
import { messageArguments, type MessageTree } from '@/lib/i18n/messages';
import { graphErrorWording, wordErrors, type Translator } from '@/components/editor/graph-error-words';
import { BAD_FILES, BAD_GRAPHS, NOT_DRIVEN, ownBlockRefusals } from './graph-error-cases';

const DIR = join(__dirname, '../../../messages');
const read = (locale: string, ns: string) => JSON.parse(readFileSync(join(DIR, locale, `${ns}.json`), 'utf8')) as MessageTree;

/** The page's wording (components/editor/graph-error-words.ts) with next-intl's translators of the messages files. */
function wordingFor(locale: 'en' | 'zh-CN'): ErrorWording {
  const translator = (ns: string) => createTranslator({ locale, messages: { [ns]: read(locale, ns) }, namespace: ns }) as unknown as Translator;
  return graphErrorWording(translator('graphErrors'), translator('blocks'), locale);
}

/** Every error the crafted graphs and files make, nested ones included (they are worded too). */
function collect(): GraphProblem[] {
  const out: GraphProblem[] = [];
  const add = (p: { code?: GraphProblem['code']; values?: GraphProblem['values']; message: string }) => {
    if (!p.code) throw new Error(`an error without a code: ${p.message}`);
    const problem = { code: p.code, values: p.values ?? {}, message: p.message };
    out.push(problem);
    const walk = (v: ErrorValue) => {
      if (typeof v !== 'object') return;
      if ('problem' in v) add(v.problem);
      if ('list' in v) v.list.forEach(walk);
    };
    Object.values(problem.values).forEach(walk);
  };
  for (const g of Object.values(BAD_GRAPHS)) {
    const a = analyse(g);
    a.errors.forEach(add);
    for (const na of Object.values(a.nodes)) na.problems.forEach(add);
  }
  for (const f of Object.values(BAD_FILES)) {
    const r = parseGraphFile(f);
    if (r.ok) r.warnings.forEach(add);
    else r.errors.forEach(add);
  }
  // At the top level only nothing at all ends early without an open bracket (the reader refuses
  // empty files before it scans), so the scan is asked directly.
  for (const text of ['[1, 2', '  ']) {
    const located = locateJsonError(text);
    if (located) add(located);
  }
  for (const r of ownBlockRefusals()) {
    const refusal = r as { error?: string; code?: GraphProblem['code']; values?: GraphProblem['values'] };
    if (refusal.error === undefined) throw new Error('a crafted refusal was accepted');
    add({ code: refusal.code, values: refusal.values, message: refusal.error });
  }
  const missingStep = applyMigrations({ version: 1 }, 1, 3, { 1: (d) => ({ ...d }) });
  if (!missingStep.ok) add(missingStep.issue);
  const failingStep = applyMigrations({ version: 1 }, 1, 2, { 1: () => { throw new Error('bad node 3'); } });
  if (!failingStep.ok) add(failingStep.issue);
  return out;
}

const problems = collect();
const codes = new Set(problems.map((p) => p.code));

describe('graph errors: codes and values', () => {
  it('the crafted graphs and files reach every code lib can produce (but the listed ones)', () => {
    const missed = GRAPH_ERROR_CODES.filter((c) => !codes.has(c) && !(c in NOT_DRIVEN));
    expect(missed).toEqual([]);
    for (const c of Object.keys(NOT_DRIVEN)) expect(GRAPH_ERROR_CODES).toContain(c);
  });

  it('every code has a message in English and 简体中文 with the same ICU arguments', () => {
    const en = read('en', 'graphErrors');
    const zh = read('zh-CN', 'graphErrors');
    for (const code of GRAPH_ERROR_CODES) {
      expect(typeof en[code], code).toBe('string');
      expect(typeof zh[code], code).toBe('string');
      expect(messageArguments(zh[code] as string), code).toEqual(messageArguments(en[code] as string));
    }
  });

  it('each error\'s values fill exactly the arguments its message names', () => {
    for (const p of problems) {
      expect(Object.keys(p.values).sort(), p.code).toEqual(messageArguments(GRAPH_ERROR_TEXT[p.code]));
    }
  });

  it('the English message is what the app words from messages/en, the code and the values (the command line and the page agree)', () => {
    const english = wordingFor('en');
    for (const p of problems) expect(wordGraphError(p, english), p.code).toBe(p.message);
  });

  it('in 简体中文 every error is worded whole: no argument left, no English sentence', () => {
    const zh = wordingFor('zh-CN');
    for (const p of problems) {
      const text = wordGraphError(p, zh);
      expect(text, p.code).not.toMatch(/\{[A-Za-z_]\w*[,}]/);
      expect(text, p.code).toMatch(/[\u4e00-\u9fff]/);
      expect(text, p.code).not.toBe(p.message);
    }
  });

  it('a window bigger than its input, in both languages, with the block\'s own name', () => {
    const err = analyse(BAD_GRAPHS.poolBiggerThanInput!).errors[0]!;
    expect(err).toMatchObject({ nodeId: 'pool', code: 'windowTooBig', values: { block: { block: 'MaxPool', name: 'MaxPool' }, window: 8, h: 4, w: 4 } });
    expect(err.message).toBe('MaxPool window 8×8 is bigger than its 4×4 input; use a smaller kernel, padding "same", or remove a pooling layer before it');
    expect(wordGraphError(err as GraphProblem, wordingFor('zh-CN'))).toBe('MaxPool 的窗口 8×8 比它的 4×4 输入还大；请用更小的卷积核、填充 "same"，或去掉它前面的一个池化层');
  });

  it('names blocks and params as the editor shows them, and nests inner errors in the same language', () => {
    const zh = wordingFor('zh-CN');
    const [transition] = analyse(BAD_GRAPHS.transitionToNothing!).errors;
    expect(wordGraphError(transition as GraphProblem, zh)).toBe('过渡层只保留 ⌊0.5 × 1⌋ = 0 个通道；把压缩系数提高到至少 1.0');
    const repeat = analyse(BAD_GRAPHS.repeatBadParams!).errors[0] as GraphProblem;
    expect(repeat.message).toBe('Repeat \'r\': Repeat of Conv2D: Filters must be between 1 and 8192, not 0; Padding must be one of "same", "valid", not "full"');
    expect(wordGraphError(repeat, zh)).toBe('Repeat \'r\'：Conv2D 的 Repeat：滤波器数必须在 1 到 8192 之间，而不是 0；填充必须是 "same"、"valid" 之一，而不是 "full"');
  });

  it('keeps English plurals and thousands the way the command line always wrote them', () => {
    const one = analyse(BAD_GRAPHS.addOneFilter!).errors[0]!;
    expect(one.message).toBe('Add needs equal shapes: 4×4×1 and 8×8×1; give the shortcut a 1×1 conv with 1 filter and stride 2');
    const many = analyse(BAD_GRAPHS.addStride!).errors[0]!;
    expect(many.message).toBe('Add needs equal shapes: 4×4×32 and 8×8×16; give the shortcut a 1×1 conv with 32 filters and stride 2');
    expect(graphError('paramOutOfRange', { param: 'Units', min: 1, max: 65536, value: 70000 }).message).toBe('Units must be between 1 and 65536, not 70000');
    expect(graphError('tooManyEdges', { count: { count: 100001 }, max: { count: 100000 } }).message).toBe('The graph has 100,001 edges; Layerwise handles at most 100,000');
  });

  it('joins lists in each language, and falls back to English for a code the page does not know', () => {
    const list: ErrorValue = { list: ['"a"', '"b"', '"c"'], join: 'or' };
    expect(wordErrorValue(list, ENGLISH)).toBe('"a", "b" or "c"');
    expect(wordErrorValue(list, wordingFor('zh-CN'))).toBe('"a"、"b" 或 "c"');
    const unknown = { code: 'fromTheFuture' as never, values: {}, message: 'An error a newer lib made' };
    expect(wordGraphError(unknown, wordingFor('zh-CN'))).toBe('An error a newer lib made');
    // A refused value with two reasons (a param field), and an error from outside lib (no code).
    const two = [graphError('paramOutOfRange', { param: { param: 'filters', of: 'Conv2D', label: 'Filters' }, min: 1, max: 8192, value: 0 }), graphError('convStrideDilation')];
    expect(wordErrors(two, wordingFor('zh-CN'))).toBe('滤波器数必须在 1 到 8192 之间，而不是 0；步长和膨胀率不能同时大于 1（tfjs 不支持）；把其中一个设为 1');
    expect(wordErrors(two, wordingFor('en'))).toBe(two.map((p) => p.message).join('; '));
    expect(wordErrors({ message: 'compile refused a layer' }, wordingFor('zh-CN'))).toBe('compile refused a layer');
  });
});
