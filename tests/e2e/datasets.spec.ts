/**
 * Every dataset of the command line, from the page, in Debian's Chromium against the production
 * build: the imbalanced MNIST trained with class-weighted cross-entropy (balanced accuracy beside
 * accuracy, the training counts beside each class); the multi-label shapes, which refuse a softmax
 * model with the reason and train a sigmoid one (exact match, per-label precision, recall and F1,
 * the grid's label sets); CIFAR-10 from small .bin files written here (a truncated file and a
 * corrupt label said in words, then one epoch); test-time augmentation on the synthetic shapes
 * (the accuracy with and without it).
 *
 * Each run is short (one or two epochs of a small model on WASM, no backend trial).
 * Screenshots go to /tmp/shots/datasets-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getPreset } from '../../presets';
import { CIFAR10_TRAIN_FILES } from '../../lib/train/datasets/cifar';
import type { Graph } from '../../lib/graph/types';
import { cifarRecord, concatBytes } from '../unit/train/helpers';
import { seedAutosave } from './autosave';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/datasets-${name}.png`, fullPage: true });

/** Opens /train on `graph`, given to the page as the editor's autosave (components/editor/persist.ts). */
async function openGraph(page: Page, graph: Graph): Promise<void> {
  await page.goto('/train');
  await seedAutosave(page, graph);
  await expect(page.getByRole('heading', { name: `Train ${graph.meta?.name}` })).toBeVisible();
}

/** LeNet-5 taking colour, its last layer (node "output") given `units` and `activation`. */
function colourLeNet(name: string, units: number, activation: string): Graph {
  const graph = getPreset('lenet5')!.build();
  const nodes = graph.nodes.map((n) => (n.type === 'Input' ? { ...n, params: { ...n.params, channels: 3 } }
    : n.id === 'output' ? { ...n, params: { ...n.params, units, activation } } : n));
  return { ...graph, nodes, meta: { name } };
}

/** Trains with WASM (no backend trial) until the results show. */
async function train(page: Page, epochs: number, batch?: number): Promise<void> {
  await page.getByTestId('epochs').fill(String(epochs));
  if (batch) await page.getByTestId('batch-size').fill(String(batch));
  await page.getByTestId('backend-choice').selectOption('wasm');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'completed', { timeout: 300_000 });
}

const value = async (page: Page, testId: string): Promise<number> => Number(await page.getByTestId(testId).getAttribute('data-value'));

test.describe('the seed\'s datasets from the page', () => {
  test('imbalanced MNIST with class-weighted cross-entropy: balanced accuracy beside accuracy, training counts beside each class', async ({ page }) => {
    test.setTimeout(360_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto('/train?preset=lenet5');
    await page.getByText('MNIST, imbalanced 1:100').click();
    await expect(page.getByTestId('imbalance-note')).toContainText('Try class-weighted cross-entropy or focal loss');
    // Digits are shifted, never mirrored, in training and in testing.
    await expect(page.getByTestId('augment-help')).toContainText('never mirrored');
    await expect(page.getByTestId('tta-help')).toContainText('For MNIST: 5 crops');
    await expect(page.getByTestId('loss')).toHaveValue('cross-entropy');
    await page.getByTestId('loss').selectOption('weighted-cross-entropy');
    await expect(page.getByTestId('loss-help')).toContainText('N/(K·n)');
    await expect(page.getByTestId('command-line')).toHaveText('The same run from a terminal: layerwise train lenet5 --dataset mnist-imbalanced --loss weighted-ce');
    await train(page, 1);

    await expect(page.getByTestId('results')).toContainText('on 10,000 test images');
    const accuracy = await value(page, 'test-accuracy');
    const balanced = await value(page, 'balanced-accuracy');
    // The official test digits are near-balanced (about 1,000 each): the two figures are close, and both far above chance.
    expect(accuracy).toBeGreaterThan(0.5);
    expect(balanced).toBeGreaterThan(0.5);
    await expect(page.getByTestId('results')).toContainText('The mean of the per-class accuracies');
    const perClass = page.getByTestId('per-class');
    // The training counts of the 1:100 split, as the data holds them: 5,421 zeros down to 54 nines.
    await expect(perClass.locator('li[data-class="0"]')).toHaveAttribute('data-train-count', '5421');
    await expect(perClass.locator('li[data-class="9"]')).toHaveAttribute('data-train-count', '54');
    await expect(perClass.locator('li[data-class="9"]')).toContainText('54');
    // Weighted loss: no advice to switch away from plain cross-entropy.
    await expect(page.getByTestId('imbalance-advice')).toHaveCount(0);
    await expect(page.getByTestId('trained-with')).toContainText('Trained with class-weighted cross-entropy, no augmentation');
    // The digits pad is there for the imbalanced MNIST too.
    await expect(page.getByRole('img', { name: 'Draw a digit' })).toBeVisible({ timeout: 60_000 });
    await shot(page, 'imbalanced-mnist');
    expect(pageErrors).toEqual([]);
  });

  test('multi-label shapes refuse a softmax model with the reason, then train a sigmoid one with per-label metrics', async ({ page }) => {
    test.setTimeout(360_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 1000 });
    await openGraph(page, colourLeNet('Shapes LeNet', 5, 'softmax'));
    await page.getByText('Synthetic shapes, multi-label').click();
    await expect(page.getByTestId('blocker')).toHaveText(
      'Shapes LeNet ends in softmax, which makes its outputs compete (they sum to 1, one class wins), but an image of the multi-label synthetic shapes dataset ' +
      'may hold several labels at once, each a yes/no question of its own: set the last Dense layer\'s ("output") activation to sigmoid in the editor ' +
      '(or linear: the loss then applies the sigmoid).');
    await expect(page.getByTestId('start')).toBeDisabled();
    // Multi-label data takes binary cross-entropy and nothing else.
    await expect(page.getByTestId('loss')).toHaveValue('binary-cross-entropy');
    await expect(page.getByTestId('loss')).toBeDisabled();
    await shot(page, 'multilabel-softmax');

    // The teacher's edit: the last layer's activation to sigmoid.
    await openGraph(page, colourLeNet('Shapes LeNet', 5, 'sigmoid'));
    await page.getByText('Synthetic shapes, multi-label').click();
    await expect(page.getByTestId('blocker')).toHaveCount(0);
    await expect(page.getByTestId('multilabel-note')).toContainText('one sigmoid output per label');
    // Five epochs at 0.005: under Node the same run reaches 42% exact match, F1 0.69–0.90 per label.
    await page.getByTestId('learning-rate').fill('0.005');
    await train(page, 5);

    const exact = await value(page, 'test-accuracy');
    const labelAccuracy = await value(page, 'label-accuracy');
    const meanF1 = await value(page, 'mean-f1');
    await expect(page.getByTestId('results')).toContainText('Exact match: every label right');
    // Each image answers 5 yes/no questions; a label right is easier than all five right. Saying
    // "none" for every image would get 60% of the decisions right, no image, and no F1 at all.
    expect(labelAccuracy).toBeGreaterThanOrEqual(exact);
    expect(exact).toBeGreaterThan(0.2);
    expect(meanF1).toBeGreaterThan(0.5);
    const rows = page.getByTestId('per-label').locator('tbody tr');
    await expect(rows).toHaveCount(5);
    await expect(rows.first()).toHaveAttribute('data-label', 'disc');
    for (const row of await rows.all()) {
      for (const figure of ['data-precision', 'data-recall', 'data-f1']) {
        const v = await row.getAttribute(figure);
        if (v !== '') expect(Number(v)).toBeGreaterThanOrEqual(0);
      }
    }
    // The grid: each image's true labels over the labels the model saw.
    const grid = page.getByRole('region', { name: 'Test images' });
    await expect(grid.getByTestId('grid-count')).toHaveText('1,000 test images', { timeout: 60_000 });
    const tile = grid.getByRole('listitem').first();
    await expect(tile).toContainText('true ');
    await expect(tile).toContainText('saw ');
    expect(await tile.getAttribute('data-truth')).toMatch(/^\d(,\d)*$/);
    // The grid's mistakes are the images not matched exactly: 1,000 × (1 − exact match).
    await expect(grid.getByText(`Any label wrong (${Math.round(1000 * (1 - exact)).toLocaleString('en-US')})`)).toBeVisible();
    await tile.getByRole('button').click();
    await expect(page.getByTestId('probability-view')).toHaveAttribute('data-source', 'test');
    await expect(page.getByTestId('top-class')).toContainText('The model sees');
    await expect(page.getByTestId('trained-with')).toContainText('binary cross-entropy');
    await shot(page, 'multilabel');
    expect(pageErrors).toEqual([]);
  });

  test.describe('CIFAR-10 from the user\'s binary files', () => {
    let dir: string;
    test.beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'layerwise-cifar-'));
      // Records as the real files hold them (label byte, then R, G, B planes): class c is a bright
      // square at its own place, in its own colour. 4 records per training file, 10 test records.
      const record = (label: number, jitter: number) => cifarRecord([label], (c, y, x) => {
        const inside = x >= 2 + (label % 5) * 6 && x < 8 + (label % 5) * 6 && y >= (label < 5 ? 4 : 20) + jitter && y < (label < 5 ? 10 : 26) + jitter;
        return inside ? [60 + label * 19, 255 - label * 20, (label * 53) % 256][c]! : 20;
      });
      const good = path.join(dir, 'good', 'cifar-10-batches-bin');
      mkdirSync(good, { recursive: true });
      CIFAR10_TRAIN_FILES.forEach((name, i) => {
        writeFileSync(path.join(good, name), concatBytes([0, 1, 2, 3].map((j) => record((i * 4 + j) % 10, j % 2))));
      });
      writeFileSync(path.join(good, 'test_batch.bin'), concatBytes(Array.from({ length: 10 }, (_, c) => record(c, 1))));
      // The same folder with test_batch.bin cut short by 100 bytes.
      const cut = path.join(dir, 'cut', 'cifar-10-batches-bin');
      mkdirSync(cut, { recursive: true });
      CIFAR10_TRAIN_FILES.forEach((name, i) => writeFileSync(path.join(cut, name), concatBytes([0, 1, 2, 3].map((j) => record((i * 4 + j) % 10, 0)))));
      const test = concatBytes(Array.from({ length: 10 }, (_, c) => record(c, 1)));
      writeFileSync(path.join(cut, 'test_batch.bin'), test.subarray(0, test.length - 100));
      // Whole records, but a label byte of 200 in the third record of data_batch_2.bin.
      const bad = path.join(dir, 'bad', 'cifar-10-batches-bin');
      mkdirSync(bad, { recursive: true });
      CIFAR10_TRAIN_FILES.forEach((name, i) => {
        const bytes = concatBytes([0, 1, 2, 3].map((j) => record((i * 4 + j) % 10, 0)));
        if (i === 1) bytes[2 * 3073] = 200;
        writeFileSync(path.join(bad, name), bytes);
      });
      writeFileSync(path.join(bad, 'test_batch.bin'), test);
    });
    test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('a truncated file and a corrupt label are said in words; good files train one epoch', async ({ page }) => {
      test.setTimeout(300_000);
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.goto('/train?preset=mini_vgg');
      await page.getByText('CIFAR-10 (your files)').click();
      await expect(page.getByTestId('blocker')).toHaveText("Choose CIFAR-10's binary files (data_batch_1.bin to data_batch_5.bin and test_batch.bin), or the folder that holds them.");

      // A truncated file: refused from its size, before anything is read.
      await page.getByTestId('cifar-folder').setInputFiles(path.join(dir, 'cut', 'cifar-10-batches-bin'));
      await expect(page.getByTestId('blocker')).toHaveText(
        'test_batch.bin is not a whole number of 3,073-byte CIFAR-10 records: 30,630 bytes; record 10 starts at byte offset 27,657 and has only 2,973 of its 3,073 bytes. ' +
        'It is truncated or not a CIFAR binary file: download it again.');
      await expect(page.getByTestId('start')).toBeDisabled();
      await shot(page, 'cifar-truncated');

      // Only some files picked: which are missing.
      await page.getByTestId('cifar-files').setInputFiles([path.join(dir, 'good', 'cifar-10-batches-bin', 'data_batch_1.bin')]);
      await expect(page.getByTestId('blocker')).toContainText('missing: data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin');

      // A label byte out of range passes the size check, and is said when the files are read.
      await page.getByTestId('cifar-folder').setInputFiles(path.join(dir, 'bad', 'cifar-10-batches-bin'));
      await expect(page.getByTestId('blocker')).toHaveCount(0);
      await page.getByTestId('backend-choice').selectOption('wasm');
      await page.getByTestId('start').click();
      await expect(page.getByTestId('run-error')).toHaveAttribute('data-kind', 'data', { timeout: 60_000 });
      await expect(page.getByTestId('run-error')).toContainText('The images could not be read');
      await expect(page.getByTestId('run-error')).toContainText('data_batch_2.bin is corrupt at byte offset 6,146 (record 3): its label byte is 200, but labels run from 0 to 9.');

      // The good files, picked one by one: 20 training and 10 test images, one epoch.
      await page.getByTestId('cifar-files').setInputFiles([...CIFAR10_TRAIN_FILES, 'test_batch.bin'].map((n) => path.join(dir, 'good', 'cifar-10-batches-bin', n)));
      await expect(page.getByTestId('cifar-found')).toHaveText('CIFAR-10: 20 training and 10 test images in your files (counted from their sizes).');
      await train(page, 1, 4);
      await expect(page.getByTestId('status-dataset')).toHaveText('CIFAR-10: 20 train / 10 test');
      await expect(page.getByTestId('results')).toContainText('on 10 test images');
      await expect(page.getByTestId('per-class').locator('li[data-class="airplane"]')).toHaveAttribute('data-train-count', '2');
      await expect(page.getByTestId('session-status')).toContainText('on CIFAR-10, 1 epoch');
      await shot(page, 'cifar10');
      expect(pageErrors).toEqual([]);
    });
  });

  test('test-time augmentation on the synthetic shapes: the accuracy with ten crops and without', async ({ page }) => {
    test.setTimeout(360_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 1000 });
    await openGraph(page, colourLeNet('Colour LeNet', 10, 'softmax'));
    await page.getByText('Synthetic shapes (built in)').click();
    await expect(page.getByTestId('tta-help')).toContainText('10 crops: the four corners and the centre of each test image padded by 4 px, and their mirror images');
    await page.getByTestId('tta').check();
    await expect(page.getByTestId('command-line')).toContainText('--dataset synthetic --tta');
    await train(page, 1);

    const withTta = await value(page, 'test-accuracy');
    const without = await value(page, 'accuracy-without-tta');
    expect(withTta).toBeGreaterThan(0.1);
    expect(without).toBeGreaterThan(0.1);
    await expect(page.getByTestId('results')).toContainText('With test-time augmentation: 10 crops (five and their mirrors), averaged.');
    await expect(page.getByTestId('results')).toContainText(`The same weights on the plain test images: ${withTta >= without ? '+' : '−'}`);
    await expect(page.getByTestId('trained-with')).toContainText('tested with test-time augmentation');
    // The kept model is tested as it was trained: "Evaluate again" averages the crops too.
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('evaluated')).toContainText('10 test-time crops averaged', { timeout: 120_000 });
    expect(Number(await page.getByTestId('evaluated').getAttribute('data-value'))).toBe(withTta);
    await shot(page, 'tta');
    expect(pageErrors).toEqual([]);
  });
});
