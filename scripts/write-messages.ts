/**
 * `npm run messages`: writes messages/en/{blocks,presets,datasets,viz,graphErrors}.json from the English that
 * lib/blocks, presets/, lib/train, lib/viz and lib/graph/graph-errors.ts hold (lib/i18n/source-texts.ts). Run it after changing a block's
 * teaching text or a history card, then translate the changed keys in messages/zh-CN; the unit
 * test tests/unit/i18n/source-texts.test.ts fails while a file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { blockMessages, datasetMessages, graphErrorMessages, messagesFileText, presetMessages, vizMessages } from '../lib/i18n/source-texts';

for (const [name, tree] of [['blocks', blockMessages()], ['presets', presetMessages()], ['datasets', datasetMessages()], ['viz', vizMessages()], ['graphErrors', graphErrorMessages()]] as const) {
  const file = path.resolve(`messages/en/${name}.json`);
  const text = messagesFileText(tree);
  let before = '';
  try { before = readFileSync(file, 'utf8'); } catch { /* first time */ }
  if (before === text) console.log(`${path.relative(process.cwd(), file)} is up to date`);
  else { writeFileSync(file, text); console.log(`wrote ${path.relative(process.cwd(), file)}`); }
}
