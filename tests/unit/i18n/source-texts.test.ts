import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { BLOCKS } from '@/lib/blocks';
import { blockMessages, datasetMessages, graphErrorMessages, icuLiteral, messagesFileText, presetMessages, vizMessages } from '@/lib/i18n/source-texts';
import { PRESETS } from '@/presets';

const DIR = join(__dirname, '../../../messages');
const file = (locale: string, ns: string) => readFileSync(join(DIR, locale, `${ns}.json`), 'utf8');

describe('the English of blocks and presets comes from the code', () => {
  it('messages/en/blocks.json, presets.json, datasets.json, viz.json and graphErrors.json are up to date (run `npm run messages`)', () => {
    expect(file('en', 'blocks')).toBe(messagesFileText(blockMessages()));
    expect(file('en', 'presets')).toBe(messagesFileText(presetMessages()));
    expect(file('en', 'datasets')).toBe(messagesFileText(datasetMessages()));
    expect(file('en', 'viz')).toBe(messagesFileText(vizMessages()));
    expect(file('en', 'graphErrors')).toBe(messagesFileText(graphErrorMessages()));
  });

  it('each text prints exactly as the code has it, apostrophes and braces included', () => {
    // The trees are built at run time, so the translator cannot know their keys' types.
    const t = createTranslator({ locale: 'en', messages: { blocks: blockMessages(), presets: presetMessages() } }) as unknown as (key: string) => string;
    expect(t('blocks.Conv2D.origin')).toBe(BLOCKS.Conv2D.teach.origin);
    expect(t('blocks.Conv2D.origin')).toContain("Fukushima's");
    expect(t('blocks.Transition.origin')).toBe(BLOCKS.Transition.teach.origin);
    expect(t('blocks.Transition.origin')).toContain('θ < 1');
    for (const p of PRESETS) expect(t(`presets.${p.id}.idea`)).toBe(p.history.idea);
  });

  it('icuLiteral quotes what ICU would read as syntax and nothing else', () => {
    expect(icuLiteral("LeCun's {x} <b> #1")).toBe("LeCun''s '{'x'}' '<'b'>' #1");
    const t = createTranslator({ locale: 'en', messages: { m: icuLiteral("it's {x} <b> #1 'q'") } });
    expect(t('m')).toBe("it's {x} <b> #1 'q'");
  });
});
