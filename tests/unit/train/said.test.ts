/**
 * lib/train's sentences as data (lib/train/said.ts): the English the command line prints is the
 * English the interface shows — each key's text is the same string in messages/en — and a Said's
 * English is built as worked out by hand here, clauses and numbers included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGLISH, datasetSaid, english, say } from '@/lib/train/said';
import { TrainError } from '@/lib/train/errors';

const DIR = join(__dirname, '../../../messages/en');

/** The message at a dotted key ("train.plan.padded") of messages/en. */
function messageAt(key: string): unknown {
  const [ns, ...path] = key.split('.');
  let node: unknown = JSON.parse(readFileSync(join(DIR, `${ns}.json`), 'utf8'));
  for (const p of path) node = (node as Record<string, unknown> | undefined)?.[p];
  return node;
}

describe('the English of lib/train', () => {
  it('is the same string at the same key in messages/en, for every key', () => {
    const keys = Object.keys(ENGLISH) as (keyof typeof ENGLISH)[];
    expect(keys.length).toBeGreaterThan(80);
    // The data files' errors (DataFileError) and the Look inside views' (VizError) are among them.
    expect(keys.filter((k) => k.startsWith('errors.data.')).length).toBeGreaterThan(50);
    expect(keys.filter((k) => k.startsWith('errors.viz.')).length).toBeGreaterThan(30);
    for (const key of keys) expect([key, messageAt(key)]).toEqual([key, ENGLISH[key]]);
  });

  it('fills values, formats numbers, and words a clause inside a sentence', () => {
    expect(english(say('train.worker.timing', { backend: 'WASM' }))).toBe('Timing WASM…');
    expect(english(say('train.worker.decoding', { done: 1234, total: 5000 }))).toBe('Decoding your images: 1,234 of 5,000');
    expect(english(say('train.plan.padded', { size: '32×32', pad: 1 }))).toBe('MNIST is padded from 28×28 to 32×32 (1 empty pixel on each side)');
    expect(english(say('train.plan.graphErrors', { count: 2, first: say('train.plan.firstError', { message: 'c1 has no input' }) })))
      .toBe('The graph has 2 errors; fix them in the editor before training (first: c1 has no input).');
    expect(english(say('train.plan.graphErrors', { count: 1, first: '' }))).toBe('The graph has 1 error; fix it in the editor before training.');
    // ICU quotes: the apostrophes around an argument print, and the argument is filled.
    expect(english(say('train.trial.kernel', { backend: 'WASM', kernel: 'Conv2DBackpropFilter' })))
      .toBe("WASM cannot train this model: it lacks the 'Conv2DBackpropFilter' operation.");
  });

  it('names a dataset as the catalogue does', () => {
    expect(english(datasetSaid('synthetic', 'imagesCalled'))).toBe('the synthetic shapes');
    expect(english(datasetSaid('cifar10', 'called'))).toBe('CIFAR-10');
    expect(english(say('errors.train.chooseCifar', { dataset: datasetSaid('cifar100', 'called') }))).toBe("Choose the folder of CIFAR-100's binary files first.");
  });

  it('a TrainError made from a Said carries it, and its message is the English', () => {
    const said = say('errors.train.noTestImage', { index: '12000', count: 10000 });
    const e = new TrainError('unavailable', said);
    expect(e.message).toBe('There is no test image 12000; the test split has 10,000.');
    expect(e.said).toEqual(said);
    expect(new TrainError('internal', 'plain words').said).toBeUndefined();
  });
});
