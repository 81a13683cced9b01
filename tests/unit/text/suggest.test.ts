/**
 * Name suggestions ("did you mean"), shared by the graph file reader and the command line. Every
 * expected value below is worked out by hand from the rules in lib/text/suggest.ts.
 */
import { describe, expect, it } from 'vitest';
import { closeNames, editDistance } from '@/lib/text/suggest';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, ignoring case', () => {
    // kitten → sitten (k→s) → sittin (e→i) → sitting (+g): 3.
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('sitting', 'kitten')).toBe(3);
    expect(editDistance('Conv2D', 'conv2d')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    // A swap of two letters is two substitutions: Dense → Denes.
    expect(editDistance('Dense', 'Denes')).toBe(2);
  });
});

describe('closeNames', () => {
  const names = ['Conv2D', 'Concat', 'Dense', 'BatchNorm', 'MaxPool', 'DepthwiseConv2D'];

  it('suggests by case, prefix and small edits, best first', () => {
    expect(closeNames('conv2d', names)).toEqual(['Conv2D']);
    expect(closeNames('BatchNormalization', names)).toEqual(['BatchNorm']);
    expect(closeNames('Dens', names)).toEqual(['Dense']);
    expect(closeNames('Transformer', names)).toEqual([]);
    expect(closeNames('', names)).toEqual([]);
  });

  it('allows edits up to a third of the longer name, and at least one', () => {
    // "Dence" → "Dense": 1 substitution; limit max(1, floor(5 / 3)) = 1.
    expect(closeNames('Dence', names)).toEqual(['Dense']);
    // "Denes" → "Dense": 2 edits, over the limit of 1.
    expect(closeNames('Denes', names)).toEqual([]);
    // Two letters: no prefix rule (3 letters needed); "ad" → "Add" is 1 insertion, limit max(1, 1) = 1.
    expect(closeNames('ad', ['Add', 'AvgPool'])).toEqual(['Add']);
    // "Concat" vs "Conv2D": c→v, a→2, t→d = 3 edits, over the limit floor(6 / 3) = 2.
    expect(closeNames('Concat', ['Conv2D'])).toEqual([]);
  });

  it('ranks exact case-folded matches, then prefixes, then edits; ties alphabetically; at most max', () => {
    // "maxpool" equals "MaxPool" (score 0); "MaxPool2" has it as a prefix (1); "MaxPoo" too (1).
    expect(closeNames('maxpool', ['MaxPool2', 'MaxPoo', 'MaxPool'])).toEqual(['MaxPool', 'MaxPoo', 'MaxPool2']);
    // Four prefixes of equal score, alphabetical ("resnet101" < "resnet18" character by character), cut at 3.
    expect(closeNames('resnet', ['resnet50', 'resnet18', 'resnet34', 'resnet101'])).toEqual(['resnet101', 'resnet18', 'resnet34']);
    expect(closeNames('resnet', ['resnet50', 'resnet18'], 1)).toEqual(['resnet18']);
    // A prefix (score 1) beats one edit (score 2), though "Dena" comes first alphabetically:
    // "Dens" is a prefix of "Denser" and one substitution (s→a) from "Dena".
    expect(closeNames('Dens', ['Dena', 'Denser'])).toEqual(['Denser', 'Dena']);
    // A prefix either way: "Den" is a prefix of "Dens", so it scores 1 like "Dense".
    expect(closeNames('Dens', ['Dense', 'Den'])).toEqual(['Den', 'Dense']);
  });

  it('gives nothing for words over 100 characters (the distance is quadratic)', () => {
    expect(closeNames('a'.repeat(101), ['a'.repeat(101)])).toEqual([]);
    expect(closeNames('a'.repeat(100), ['a'.repeat(100)])).toEqual(['a'.repeat(100)]);
  });
});
