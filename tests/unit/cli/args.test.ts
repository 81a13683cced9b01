import { describe, expect, it } from 'vitest';
import { splitArgs, UsageError, workersValue } from '@/lib/cli/args';

const SPEC = { command: 'train', values: ['epochs', 'dataset'], flags: ['json', 'help'] };

describe('splitArgs', () => {
  it('splits values (spaced and with =), flags and positional words, -h and a lone -', () => {
    const r = splitArgs(['lenet5', '--epochs', '3', '--dataset=mnist', '--json', '-h', '-'], SPEC);
    expect(r.values).toEqual({ epochs: '3', dataset: 'mnist' });
    expect([...r.flags].sort()).toEqual(['help', 'json']);
    expect(r.positional).toEqual(['lenet5', '-']);
  });

  it('refuses a flag with a value and an option without one', () => {
    expect(() => splitArgs(['--json=yes'], SPEC)).toThrow(new UsageError('--json takes no value'));
    expect(() => splitArgs(['--epochs'], SPEC)).toThrow(new UsageError('--epochs needs a value'));
    expect(() => splitArgs(['--epochs='], SPEC)).toThrow(new UsageError('--epochs needs a value'));
  });

  it('names the closest option for a typo, and the help otherwise', () => {
    expect(() => splitArgs(['--epoch', '2'], SPEC)).toThrow('unknown option --epoch; did you mean --epochs? See "layerwise train --help"');
    expect(() => splitArgs(['--zzzzzz'], SPEC)).toThrow('unknown option --zzzzzz; see "layerwise train --help"');
  });
});

describe('workersValue', () => {
  it('takes a whole number of at least 1, or auto (one per core)', () => {
    expect(workersValue('1')).toBe(1);
    expect(workersValue('2')).toBe(2);
    expect(workersValue('16')).toBe(16);
    expect(workersValue('auto')).toBe('cores');
  });

  it('refuses anything else with what it takes', () => {
    for (const bad of ['0', '-1', '1.5', 'x', 'two', ' ', 'Infinity']) {
      expect(() => workersValue(bad)).toThrow(new UsageError(`--workers must be a whole number of at least 1, or auto for one per core (got ${bad})`));
    }
  });
});
