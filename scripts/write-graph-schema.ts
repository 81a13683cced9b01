/**
 * `npm run schema`: writes docs/graph-format.schema.json, the JSON Schema of graph files, from the
 * block registry (lib/graph/format/schema.ts). Run it after changing a block's params; the unit
 * test tests/unit/graph/format/schema.test.ts fails while the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { graphJsonSchemaText } from '../lib/graph/format';

// npm runs scripts in the package's root folder.
const file = path.resolve('docs/graph-format.schema.json');
const text = graphJsonSchemaText();
let before = '';
try { before = readFileSync(file, 'utf8'); } catch { /* first time: no file yet */ }
if (before === text) {
  console.log(`${path.relative(process.cwd(), file)} is up to date`);
} else {
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(process.cwd(), file)} (${(text.length / 1024).toFixed(0)} KiB)`);
}
