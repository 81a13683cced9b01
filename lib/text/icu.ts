/**
 * Writing ICU messages (the syntax of next-intl and intl-messageformat) from plain text with holes,
 * so that English kept in code prints exactly as written: apostrophes, braces and angle brackets
 * in the text are quoted, and only the holes are arguments.
 */

/**
 * Text as an ICU message that prints as itself: an apostrophe doubled, braces and angle brackets quoted, and a
 * message argument can never be read into a paper's title.
 */
export function icuLiteral(text: string): string {
  return text.replace(/'/g, "''").replace(/[{}<>]+/g, (m) => `'${m}'`);
}

/** A piece of ICU syntax that icuText puts in as it is (a plural). */
export interface IcuPart { readonly icu: string }

/**
 * A tag for ICU messages: the literal parts are quoted (icuLiteral), each `${'name'}` becomes the
 * argument `{name}`, and an IcuPart (plural) goes in as it is:
 * icuText`Two nodes share the id '${'id'}'` → "Two nodes share the id ''{id}''".
 */
export function icuText(strings: TemplateStringsArray, ...holes: readonly (string | IcuPart)[]): string {
  let out = icuLiteral(strings[0]!);
  holes.forEach((h, i) => {
    out += typeof h === 'string' ? `{${h}}` : h.icu;
    out += icuLiteral(strings[i + 1]!);
  });
  return out;
}

/** `{name, plural, one {…} other {…}}` from messages made with icuText (a `#` in them stays literal). */
export function plural(name: string, forms: { readonly one: string; readonly other: string }): IcuPart {
  return { icu: `{${name}, plural, one {${forms.one}} other {${forms.other}}}` };
}
