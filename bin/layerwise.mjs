#!/usr/bin/env node
// The `layerwise` command (package.json "bin"). The command line is TypeScript shared with the
// app (lib/, presets/), so tsx compiles it on the fly; lib/cli/main.node.ts holds the commands.
import { register } from 'tsx/esm/api';
import { register as registerCjs } from 'tsx/cjs/api';

// package.json has no "type": "module", so tsx loads the .ts files as CommonJS: both hooks needed.
registerCjs();
register();

// `layerwise presets | head -1` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const mod = await import(new URL('../lib/cli/main.node.ts', import.meta.url).href);
// Loaded as CommonJS, the exports arrive on `default`.
const main = mod.main ?? mod.default?.main;
process.exitCode = await main(process.argv.slice(2));
