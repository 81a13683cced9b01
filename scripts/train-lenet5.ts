/**
 * Trains the LeNet-5 that ships with the app (public/models/lenet5-mnist/) on the official MNIST
 * with the recipe of docs/mnist.md and a fixed seed, through the command line's own `train`, and
 * writes what `layerwise train --save` writes: model.json (topology, weights manifest and the
 * run's metadata, test accuracy included), weights.bin (61,706 float32 = 246,824 bytes) and
 * graph.json. tests/unit/viz/shipped-lenet5.test.ts checks that the committed files load and still
 * reach 99% on the 10,000 test digits.
 *
 *   npx tsx scripts/train-lenet5.ts [--out DIR]
 *
 * About 7 minutes on 2 quiet cores (12 epochs at ~1,800 samples/s, wasm); longer when other work
 * shares them. The run is deterministic on wasm: the same command gives the same weights.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../lib/cli/main.node';

/** The folder the app serves the shipped weights from (Next serves public/ at the site's root). */
export const SHIPPED_LENET5_DIR = path.join('public', 'models', 'lenet5-mnist');

/** docs/mnist.md's recipe: 99.4% on the official test set with seed 1. */
const RECIPE = ['--dataset', 'mnist', '--epochs', '12', '--batch', '64', '--optimizer', 'adam', '--lr', '0.002',
  '--schedule', 'cosine', '--augment', '--seed', '1'];

async function run(): Promise<number> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--out');
  const out = at >= 0 ? argv[at + 1] : SHIPPED_LENET5_DIR;
  if (!out) {
    process.stderr.write('train-lenet5: --out needs a folder\n');
    return 2;
  }
  process.stderr.write(`train-lenet5: layerwise train lenet5 ${RECIPE.join(' ')} --save ${out}\n`);
  const code = await main(['train', 'lenet5', ...RECIPE, '--save', out]);
  if (code !== 0) return code;
  // The app promises a net above 99%: refuse to leave a worse one in place silently.
  const meta = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')).userDefinedMetadata?.layerwise;
  const accuracy = typeof meta?.testAccuracy === 'number' ? meta.testAccuracy : 0;
  if (accuracy < 0.99) {
    process.stderr.write(`train-lenet5: the run reached ${(accuracy * 100).toFixed(2)}%, under the 99% the app promises; do not commit these weights\n`);
    return 1;
  }
  process.stderr.write(`train-lenet5: ${(accuracy * 100).toFixed(2)}% on the 10,000 test digits; weights in ${out}\n`);
  return 0;
}

run().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`train-lenet5: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
