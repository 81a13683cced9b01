/**
 * The classic pipeline's benchmark (npm run bench:classic): HOG + linear SVM and k-NN on the
 * official MNIST under Node, with the same lib/classic code the /classic page runs in its worker.
 * Prints what it measured, side by side; never a pass/fail gate.
 *
 * 1. HOG time per image: Dalal & Triggs' trilinear votes (the page's) and scikit-image's hard votes.
 * 2. HOG + linear SVM (dual coordinate descent, C and passes as the page): training on 5,000 digits
 *    (the end-to-end test's run) and on all 60,000; test accuracy on all 10,000, with the time of
 *    each part. `--passes` also prints the test accuracy after each pass of the full run.
 * 3. k-NN (k = 3) on raw pixels: every test digit against all 60,000 training digits with tfjs
 *    matrix products on wasm, beside the plain loops on the first 100 test digits (the ratio).
 * 4. LeNet-5's figures from docs/mnist.md and the published anchors, for the table.
 *
 * Options: --knn-test N (test digits for k-NN, default 10,000), --skip-knn, --skip-full-svm, --passes.
 * About 5 minutes on 2 cores.
 */
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../lib/cli/train.node';
import { renderTable } from '../lib/cli/text';
import { LENET5_REFERENCE, PUBLISHED_ANCHORS } from '../lib/classic/anchors';
import { hogMatrix, HOG_MNIST, HOG_SKIMAGE_VOTES, type HogOptions } from '../lib/classic/hog';
import { knnClassify, knnClassifyTf } from '../lib/classic/knn';
import { accuracyOf, svmPredict, trainLinearSvm, SVM_DEFAULTS, type LinearSvm } from '../lib/classic/svm';
import { loadMnistNode } from '../lib/train/datasets/mnist.node';

const K = 3;
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const s = (x: number): string => `${x.toFixed(1)} s`;
const log = (line: string): void => { process.stderr.write(`${line}\n`); };
const since = (t0: number): number => (performance.now() - t0) / 1000;

function option(argv: readonly string[], name: string, fallback: number): number {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number of at least 1`);
  return value;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const knnTest = option(argv, '--knn-test', 10_000);
  const t00 = performance.now();
  const mnist = loadMnistNode();
  const train = mnist.arrays('train');
  const test = mnist.arrays('test');
  const rows: string[][] = [];

  // 1. HOG per image.
  log('1. HOG of all 70,000 digits, each way of voting...');
  const hogTimes: Record<string, number> = {};
  for (const [name, options] of [['trilinear (page)', HOG_MNIST], ['hard (scikit-image)', { ...HOG_MNIST, ...HOG_SKIMAGE_VOTES }]] as [string, HogOptions][]) {
    const t0 = performance.now();
    hogMatrix(train.pixels, train.count, 28, 28, options);
    hogMatrix(test.pixels, test.count, 28, 28, options);
    hogTimes[name] = (since(t0) / (train.count + test.count)) * 1e6;
  }
  rows.push(['HOG per 28×28 digit (1,296 numbers)', Object.entries(hogTimes).map(([n, us]) => `${n}: ${us.toFixed(1)} µs`).join('; '),
    `hard / trilinear = ${(hogTimes['hard (scikit-image)']! / hogTimes['trilinear (page)']!).toFixed(2)}×`]);

  // 2. HOG + linear SVM.
  const t0 = performance.now();
  const trainHog = hogMatrix(train.pixels, train.count, 28, 28, HOG_MNIST);
  const hogTrainSeconds = since(t0);
  const t1 = performance.now();
  const testHog = hogMatrix(test.pixels, test.count, 28, 28, HOG_MNIST);
  const hogTestSeconds = since(t1);
  const dims = trainHog.layout.length;
  const testAccuracy = (model: LinearSvm): number => accuracyOf(svmPredict(model, testHog.features, test.count), test.labels);
  const svmRun = (count: number, perPass: boolean) => {
    const passes: string[] = [];
    const start = performance.now();
    let evaluating = 0;
    const fit = trainLinearSvm({ features: trainHog.features, labels: train.labels, count, dims, classes: 10 }, SVM_DEFAULTS, (e, model) => {
      let note = `pass ${e.epoch}: hinge ${e.hingeLoss.toFixed(4)}, violation ${e.violation.toFixed(3)}`;
      if (perPass) {
        // Evaluating between passes is not training: its time is taken out.
        const t = performance.now();
        passes.push(`${e.epoch}: ${pct(testAccuracy(model))}`);
        evaluating += since(t);
        note += `, test ${passes.at(-1)!.split(': ')[1]}`;
      }
      log(`   ${note}, ${(since(start) - evaluating).toFixed(1)} s`);
    });
    const fitSeconds = since(start) - evaluating;
    const t = performance.now();
    const accuracy = testAccuracy(fit.model);
    return { fit, fitSeconds, predictSeconds: since(t), accuracy, passes };
  };

  log('2a. HOG + linear SVM from 5,000 training digits (the end-to-end test\'s run)...');
  const small = svmRun(5000, false);
  rows.push(['HOG + linear SVM, 5,000 training digits', `SVM ${s(small.fitSeconds)} (${small.fit.epochs.length} passes${small.fit.converged ? ', converged' : ''})`, `test ${pct(small.accuracy)}`]);
  if (!argv.includes('--skip-full-svm')) {
    log('2b. HOG + linear SVM from all 60,000 training digits...');
    const full = svmRun(train.count, argv.includes('--passes'));
    if (full.passes.length) rows.push(['Test accuracy after each pass (60,000)', full.passes.join(', '), '']);
    rows.push(['HOG + linear SVM, 60,000 training digits (the page\'s default)',
      `HOG ${s(hogTrainSeconds)} + SVM ${s(full.fitSeconds)} (${full.fit.epochs.length} passes, C = ${SVM_DEFAULTS.C}${full.fit.converged ? ', converged' : ''}); test: HOG ${s(hogTestSeconds)} + scores ${s(full.predictSeconds)}`,
      `test ${pct(full.accuracy)} (error ${pct(1 - full.accuracy)})`]);
  }

  // 3. k-NN.
  if (!argv.includes('--skip-knn')) {
    await setupBackend('wasm');
    const before = tf.memory().numTensors;
    log(`3. k-NN (k = ${K}), ${knnTest.toLocaleString('en-US')} test digits × 60,000 training digits, tfjs wasm matrix products...`);
    const tk = performance.now();
    let prepared = 0;
    const predicted = await knnClassifyTf({ points: train.pixels, labels: train.labels, count: train.count, dims: 784 }, test.pixels, knnTest, {
      k: K, classes: 10, scale: 1 / 255, chunk: 250,
      onPrepared: () => { prepared = since(tk); },
      onProgress: (p) => { if (p.done % 2000 === 0) log(`   ${p.done} of ${p.total}, ${since(tk).toFixed(0)} s`); },
    });
    const knnSeconds = since(tk);
    const knnAccuracy = accuracyOf(predicted, test.labels.subarray(0, knnTest));
    const macs = knnTest * train.count * 784;
    const loopsCount = 100;
    log(`   the plain loops on the first ${loopsCount} test digits...`);
    const tl = performance.now();
    const loops = knnClassify({ points: train.pixels, labels: train.labels, count: train.count, dims: 784 }, test.pixels, loopsCount, K, 10);
    const loopSeconds = since(tl);
    const agree = loops.every((c, i) => c === predicted[i]);
    const perDigitTf = (knnSeconds - prepared) / knnTest;
    rows.push([`k-NN (k = ${K}) on raw pixels, ${knnTest.toLocaleString('en-US')} test × 60,000`,
      `tfjs wasm: ${s(knnSeconds)} (${prepared.toFixed(1)} s to copy the training digits; ${(macs / (knnSeconds - prepared) / 1e9).toFixed(1)} G multiply-adds/s)`,
      `test ${pct(knnAccuracy)} (error ${pct(1 - knnAccuracy)})`]);
    rows.push([`k-NN with plain loops, first ${loopsCount} test digits`,
      `${s(loopSeconds)}: ${(loopSeconds / loopsCount * 1000).toFixed(0)} ms a digit vs ${(perDigitTf * 1000).toFixed(1)} ms with tfjs (${(loopSeconds / loopsCount / perDigitTf).toFixed(1)}×)`,
      `same answers as tfjs: ${agree ? 'yes' : 'NO'}`]);
    log(`   tensors left: ${tf.memory().numTensors - before}`);
  }

  // 4. References.
  rows.push(['LeNet-5 (shipped; docs/mnist.md)', `training ${LENET5_REFERENCE.epochs} epochs: ${LENET5_REFERENCE.trainSeconds} s measured (cores partly shared), ≈ ${LENET5_REFERENCE.quietTrainSeconds / 60} min on quiet cores`, `test ${pct(LENET5_REFERENCE.accuracy)}`]);
  mnist.dispose();
  const table = renderTable([{ title: 'Benchmark' }, { title: 'Measured' }, { title: 'Result' }], rows);
  const anchors = PUBLISHED_ANCHORS.map((a) => `  ${a.id}: ${a.approximate ? '≈ ' : ''}${pct(1 - a.error)} (error ${pct(a.error)}), ${a.citation}`).join('\n');
  process.stdout.write(`\n${table.join('\n')}\n\nPublished anchors:\n${anchors}\n\nTotal ${since(t00).toFixed(0)} s.\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:classic failed: ${(e as Error).message}\n`);
  process.exit(1);
});
