import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { icuText, plural } from '@/lib/text/icu';

/** Formats an ICU message as next-intl does. */
const format = (message: string, values: Record<string, string | number> = {}) =>
  createTranslator({ locale: 'en', messages: { m: message } })('m', values);

describe('icuText', () => {
  it('makes holes arguments and quotes the rest, so the text prints as written', () => {
    const m = icuText`Two nodes share the id '${'id'}' in {"nodes": [...]} <here>`;
    expect(m).toBe("Two nodes share the id ''{id}'' in '{'\"nodes\": [...]'}' '<'here'>'");
    expect(format(m, { id: 'c1' })).toBe('Two nodes share the id \'c1\' in {"nodes": [...]} <here>');
  });

  it('puts plurals in as ICU, their branches quoted the same way', () => {
    const m = icuText`with ${plural('n', { one: icuText`${'n'} filter's`, other: icuText`${'n'} filters'` })}`;
    expect(m).toBe("with {n, plural, one {{n} filter''s} other {{n} filters''}}");
    expect(format(m, { n: 1 })).toBe("with 1 filter's");
    expect(format(m, { n: 2048 })).toBe("with 2048 filters'");
  });
});
