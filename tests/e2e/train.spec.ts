/**
 * Training in the browser, end to end, in Debian's Chromium against the production build:
 * LeNet-5 on MNIST for one epoch with the backend chosen by measurement (WASM here: WebGL is
 * software), pause/resume/stop, the messages shown before a run (dataset does not fit, model too
 * big), a folder of the user's own images, a diverging run, and a browser without WebGL.
 *
 * Screenshots go to /tmp/shots/train-*.png.
 */
import { expect, test, type Download, type Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getPreset } from '../../presets';
import { backendLabel } from '../../lib/train/backends';
import { loadMnistNode } from '../../lib/train/datasets/mnist.node';
import { encodePng } from '../unit/train/helpers';
import { chromiumLaunchOptions } from './launch';
import { seedAutosave } from './autosave';
import { tfBackendHere, workerHook } from './worker';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/train-${name}.png`, fullPage: true });

/** The backend table's rows: backend → status and samples/s. */
async function backendRows(page: Page): Promise<Record<string, { status: string; sps: number }>> {
  const rows = page.getByTestId('backend-table').locator('tbody tr');
  const out: Record<string, { status: string; sps: number }> = {};
  for (const row of await rows.all()) {
    const backend = (await row.getAttribute('data-backend'))!;
    out[backend] = { status: (await row.getAttribute('data-status'))!, sps: Number((await row.getAttribute('data-sps')) || 0) };
  }
  return out;
}


// A browser of its own (a worker option set here starts a new test worker): after the other
// specs had run in the same browser, the resume and download tests failed in full runs on a
// loaded machine and passed alone; the cause is not yet found.
test.use({ launchOptions: { ...chromiumLaunchOptions(), args: [...(chromiumLaunchOptions().args ?? []), '--lang=en-US'] } });

test.describe('training in the browser', () => {
  test('LeNet-5 trains one epoch on MNIST on the measured backend, keeps the model across a reload, and downloads it for tfjs under Node', async ({ page }) => {
    // One epoch is the official 60,000 training digits: about 40 s on quiet cores, 2–3 min when shared.
    test.setTimeout(600_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto('/train?preset=lenet5');
    await expect(page.getByRole('heading', { name: 'Train LeNet-5' })).toBeVisible();
    await expect(page.getByTestId('plan-note')).toHaveText('LeNet-5 takes 32×32×1; MNIST is padded from 28×28 to 32×32 (2 empty pixels on each side, as LeCun did).');
    await expect(page.getByTestId('mnist-note')).toHaveText('Official MNIST: 60,000 training and 10,000 test digits (LeCun et al. 1998).');
    await expect(page.getByTestId('backend-choice')).toHaveValue('auto');
    await page.getByTestId('epochs').fill('1');
    await expect(page.getByTestId('session')).toHaveAttribute('data-state', /untrained|trained/);
    // Earlier runs in this profile would show here; a fresh Playwright context has none, so the
    // session starts from the trained LeNet-5 that ships with the app (public/models).
    await expect(page.getByTestId('session-status')).toContainText('Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST');
    await shot(page, 'ready');

    await page.getByTestId('start').click();
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'measuring', { timeout: 60_000 });
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'training', { timeout: 120_000 });
    // Training runs in a worker, so the page's own thread is free to draw while batches advance:
    // tfjs keeps its engine on the global object of the realm that started it (tfjs-core's
    // getOrMakeEngine): a worker has one on WASM, the page has none. How smooth the page stays
    // is measured by `npm run bench:browser` (animation-frame gaps), not asserted here.
    // Not WASM's thread workers (blob: URLs): one blocked in the thread pool never answers. And a
    // worker may end while asked: the time estimate's probe ends once a run starts.
    const workerBackends = await Promise.all(page.workers().filter((w) => !w.url().startsWith('blob:'))
      .map((w) => w.evaluate(tfBackendHere).catch(() => null)));
    expect(workerBackends).toContain('wasm');
    expect(await page.evaluate(tfBackendHere)).toBeNull();
    const progress = Number(await page.getByTestId('progress').getAttribute('aria-valuenow'));
    await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('aria-valuenow'))).toBeGreaterThan(progress);
    await expect(page.getByTestId('samples-per-second')).toContainText('samples/s');
    await expect(page.getByTestId('eta')).toContainText('ETA');
    await shot(page, 'training');

    await expect(page.getByTestId('results')).toBeVisible({ timeout: 480_000 });
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'completed');

    // The backend was chosen by measurement: all three timed, and the one with the most samples/s
    // in the table is the one used (which wins is the machine's business: WASM here, in practice).
    await expect(page.getByTestId('backend-table')).toContainText('fastest measured here');
    const rows = await backendRows(page);
    expect(Object.keys(rows).sort()).toEqual(['cpu', 'wasm', 'webgl', 'webgpu']);
    // Headless Chromium has no navigator.gpu: WebGPU is a candidate, listed as not available.
    expect(rows.webgpu!.status).toBe('unavailable');
    for (const [name, row] of Object.entries(rows).filter(([n]) => n !== 'webgpu')) {
      expect(row.status, name).toBe('ok');
      expect(row.sps, name).toBeGreaterThan(0);
    }
    const fastest = Object.entries(rows).filter(([, r]) => r.status === 'ok').sort(([, a], [, b]) => b.sps - a.sps)[0]![0];
    await expect(page.getByTestId('backend-used')).toHaveAttribute('data-backend', fastest);
    const label = backendLabel(fastest).replace(/[()]/g, '\\$&');
    await expect(page.getByTestId('backend-ratios')).toContainText(new RegExp(`${label} trains this model [\\d.]+× as fast as`));

    // One epoch of the 60,000 training digits: ≥ 97% on the official 10,000 test digits (chance is 10%).
    const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    await expect(page.getByTestId('results')).toContainText('on 10,000 test images');
    await expect(page.getByTestId('per-class').locator('li')).toHaveCount(10);
    await expect(page.getByTestId('confusion-matrix')).toBeVisible();
    await expect(page.getByTestId('accuracy-chart').locator('circle[data-point="epoch"]')).toHaveCount(1); // test accuracy after epoch 1
    expect(await page.getByTestId('loss-chart').locator('path').count()).toBeGreaterThan(2);
    // Every tensor of the run was freed (optimizer, batches, the trial's models); the kept model's are not counted.
    const tensors = page.getByTestId('tensors');
    expect(await tensors.getAttribute('data-after')).toBe(await tensors.getAttribute('data-before'));

    // The model stays: the panel says what it is, and offers it for download.
    await expect(page.getByTestId('session')).toHaveAttribute('data-state', 'trained');
    await expect(page.getByTestId('session-status')).toContainText(`Trained: ${(accuracy * 100).toFixed(1)}% on MNIST, 1 epoch`);
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByRole('button', { name: 'Download trained model' }).click();
    await expect(page.getByTestId('download-links')).toBeVisible();
    await expect.poll(() => downloads.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // Files the browser held back (several downloads from one click) are fetched through their links.
    for (const name of ['model.json', 'weights.bin', 'graph.json']) {
      if (!downloads.some((d) => d.suggestedFilename() === name)) {
        const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-links').getByRole('link', { name }).click()]);
        downloads.push(d);
      }
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'layerwise-download-'));
    for (const d of downloads) await d.saveAs(path.join(dir, d.suggestedFilename()));
    await shot(page, 'done');

    // A reload: the weights come back from IndexedDB, and test to the same accuracy without training.
    await page.reload();
    await expect(page.getByTestId('restored')).toHaveText('Trained weights restored', { timeout: 60_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Trained weights restored' })).toBeVisible();
    await expect(page.getByTestId('accuracy-chart').locator('circle[data-point="epoch"]')).toHaveCount(1); // the stored epoch's point
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('evaluated')).toBeVisible({ timeout: 120_000 });
    expect(Number(await page.getByTestId('evaluated').getAttribute('data-value'))).toBe(accuracy);
    await shot(page, 'restored');

    // The downloaded files under Node with plain tfjs: the same predictions within 1e-5.
    const indices = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 1234, 9999];
    const inPage = await workerHook<number[][]>(page, `predictions(${JSON.stringify(indices)})`);
    const modelJson = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    const weights = readFileSync(path.join(dir, 'weights.bin'));
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }));
    const mnist = loadMnistNode({ pad: 2 });
    let worst = 0;
    indices.forEach((index, i) => {
      const probs = tf.tidy(() => (model.predict(tf.tensor4d(mnist.sample('test', index).pixels, [1, 32, 32, 1])) as tf.Tensor).dataSync());
      probs.forEach((p, c) => { worst = Math.max(worst, Math.abs(p - inPage[i]![c]!)); });
    });
    expect(worst).toBeLessThan(1e-5);
    expect(JSON.parse(readFileSync(path.join(dir, 'graph.json'), 'utf8'))).toMatchObject({ format: 'layerwise-graph' });
    model.dispose();
    rmSync(dir, { recursive: true, force: true });

    // The editor (which opens LeNet-5 in a fresh browser) says the graph is trained.
    await page.goto('/');
    await expect(page.getByTestId('trained-line')).toHaveText(`Trained: ${(accuracy * 100).toFixed(1)}% on MNIST, 1 epoch`, { timeout: 30_000 });
    await shot(page, 'editor-trained');
    expect(pageErrors).toEqual([]);
  });

  test('a run cut short by a reload resumes from its last finished epoch', async ({ page }) => {
    test.setTimeout(600_000);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto('/train?preset=lenet5');
    await page.getByTestId('epochs').fill('2');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('start').click();
    // The first epoch's test point appears once it is finished (and checkpointed). Not any circle:
    // a line's lone first point is drawn as one too, and waiting for that made this test reload
    // before the first epoch had ended, now and then, on a loaded machine.
    await expect(page.getByTestId('accuracy-chart').locator('circle[data-point="epoch"]')).toHaveCount(1, { timeout: 480_000 });
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'training');
    await page.reload();
    const resume = page.getByRole('button', { name: 'Resume from epoch 1 of 2' });
    await expect(resume).toBeVisible({ timeout: 60_000 });
    await shot(page, 'resume-offer');
    await resume.click();
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'training', { timeout: 120_000 });
    // It goes on with epoch 2 (the first epoch's point is drawn again).
    await expect(page.getByText('epoch 2/2')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'completed', { timeout: 480_000 });
    await expect(page.getByTestId('accuracy-chart').locator('circle[data-point="epoch"]')).toHaveCount(2);
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThanOrEqual(0.97);
    await expect(page.getByTestId('session-status')).toContainText('on MNIST, 2 epochs');
    await expect(resume).toBeHidden();
  });

  test('MNIST downloads once with a progress bar, then comes from the browser\'s cache', async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    // The .gz files the training worker fetches (its requests are reported on the page).
    const downloads: string[] = [];
    page.on('request', (r) => { if (/\/mnist\/.*\.gz/.test(r.url())) downloads.push(new URL(r.url()).pathname); });
    // Hold the test images back until the part-filled bar (9.8 of 11.5 MB) has been checked. A
    // fixed 3 s hold made this flaky: on a loaded machine the checks took longer than the hold,
    // and by then the text had moved on.
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/mnist/t10k-images-idx3-ubyte.gz', async (route) => {
      await held;
      await route.continue();
    });
    // Mini VGG, not LeNet-5: the page tests the shipped LeNet-5 on MNIST as soon as it opens, so
    // its download would not wait for the run.
    await page.goto('/train?preset=mini_vgg');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('start').click();
    const bar = page.getByTestId('load-progress');
    await expect(bar).toBeVisible({ timeout: 60_000 });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(9_000_000);
    const total = Number(await bar.getAttribute('aria-valuemax'));
    expect(total).toBeGreaterThan(10_000_000); // the compressed files, not the 55 MB of raw IDX
    expect(total).toBeLessThan(13_000_000);
    await expect(page.getByText(/Downloading MNIST \(once; kept in this browser's cache\): \d+\.\d of 11\.\d MB/)).toBeVisible();
    await shot(page, 'mnist-download');
    release();
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'training', { timeout: 120_000 });
    await expect(page.getByTestId('status-dataset')).toHaveText('MNIST: 60,000 train / 10,000 test');
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 120_000 });
    expect(downloads.sort()).toEqual(['/mnist/t10k-images-idx3-ubyte.gz', '/mnist/t10k-labels-idx1-ubyte.gz',
      '/mnist/train-images-idx3-ubyte.gz', '/mnist/train-labels-idx1-ubyte.gz']);

    // A second visit (a new page, a new worker): the files come from the Cache API, none downloaded.
    downloads.length = 0;
    await page.reload();
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('start').click();
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'training', { timeout: 120_000 });
    expect(downloads).toEqual([]);
    expect(await page.evaluate(async () => (await (await caches.open('layerwise-mnist')).keys()).length)).toBe(4);
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 120_000 });
  });

  test('pause, resume and stop; a manual backend choice skips the trial', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/train?preset=lenet5');
    await page.getByTestId('epochs').fill('5');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('start').click();
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'training', { timeout: 120_000 });
    await expect(page.getByTestId('backend-used')).toHaveAttribute('data-backend', 'wasm');
    await expect(page.getByTestId('backend-table')).toContainText('your choice');
    // Pause once batches flow (a run that trains data-parallel starts its shard workers first, and
    // a pause before the first batch holds a run with no progress yet to freeze).
    const progress = page.getByTestId('progress');
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('pause').click();
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'paused');
    const at = await progress.getAttribute('aria-valuenow');
    const figures = await page.getByTestId('samples-per-second').locator('..').innerText();
    await page.waitForTimeout(1500);
    // Nothing moves while paused.
    expect(await progress.getAttribute('aria-valuenow')).toBe(at);
    expect(await page.getByTestId('samples-per-second').locator('..').innerText()).toBe(figures);
    await shot(page, 'paused');
    await page.getByTestId('resume').click();
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'training');
    await expect.poll(async () => figures !== await page.getByTestId('samples-per-second').locator('..').innerText()).toBe(true);
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
    // Stopped part-way: the weights reached so far are tested all the same.
    await expect(page.getByTestId('results')).toContainText('the test below uses the weights reached so far');
    await expect(page.getByTestId('test-accuracy')).toBeVisible();
    const tensors = page.getByTestId('tensors');
    expect(await tensors.getAttribute('data-after')).toBe(await tensors.getAttribute('data-before'));
  });

  test('says before a run when the data does not fit or the model is too big', async ({ page }) => {
    await page.goto('/train?preset=lenet5');
    await page.getByText('Synthetic shapes (built in)').click();
    await expect(page.getByTestId('blocker')).toHaveText(
      'LeNet-5 takes 32×32×1 images but the synthetic shapes are 32×32×3 (colour): set the Input block\'s channels to 3, or train on MNIST, which is grey.');
    await expect(page.getByTestId('start')).toBeDisabled();
    await shot(page, 'synthetic-misfit');

    await page.goto('/train?preset=vgg16');
    // The memory guard first, then what else does not fit.
    await expect(page.getByTestId('blocker').locator('p').first()).toHaveText(/^VGG-16 at 224×224 needs about [\d.]+ GB for batch 64; this browser can give about [\d.]+ GB\. Try the Mini VGG preset/);
    await expect(page.getByTestId('blocker')).toContainText('VGG-16 ends in 1000 outputs but MNIST has 10 classes: set the last Dense layer\'s units to 10.');
    await expect(page.getByTestId('start')).toBeDisabled();
    await shot(page, 'vgg16-too-big');

    // AlexNet takes 224×224×3: MNIST cannot be padded that far.
    await page.goto('/train?preset=alexnet');
    await expect(page.getByTestId('blocker')).toContainText('MNIST digits are 28×28×1');
  });

  test('without a preset it trains the graph the editor autosaved, else LeNet-5', async ({ page }) => {
    await page.goto('/train');
    await expect(page.getByText('No graph saved by the editor yet; showing LeNet-5.')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Train LeNet-5' })).toBeVisible();
    // The editor's autosave (components/editor/persist.ts): a renamed LeNet-5.
    const graph = getPreset('lenet5')!.build();
    await seedAutosave(page, { ...graph, meta: { name: 'My digit net' } });
    await expect(page.getByRole('heading', { name: 'Train My digit net' })).toBeVisible();
    await expect(page.getByTestId('model-pick')).toHaveValue('');
    await expect(page.getByTestId('plan-note')).toContainText('My digit net takes 32×32×1');
  });

  test('a diverging run stops with advice', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/train?preset=lenet5');
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('backend-choice').selectOption('wasm');
    // Adam at 1 instead of 0.001: the second batch's loss reaches the ceiling of clipped
    // probabilities (seeded weights and batch order, so the same batch each time).
    await page.getByTestId('learning-rate').fill('1');
    await page.getByTestId('start').click();
    await expect(page.getByTestId('diverged')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('diverged')).toContainText('lower the learning rate (now 1; try 0.1)');
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'diverged');
    await shot(page, 'diverged');
  });

  test('a run that collapses to one class is explained', async ({ page }) => {
    test.setTimeout(480_000);
    await page.goto('/train?preset=lenet5');
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('backend-choice').selectOption('wasm');
    // SGD with momentum at 0.5 (instead of 0.01): the ReLUs die in the first steps and the network
    // answers one digit for everything; the loss stays at ln 10 ≈ 2.30 (not a divergence). On the
    // official MNIST with these seeds, 1 diverges at batch 10 instead; 0.5 collapses (10.3%).
    await page.getByTestId('optimizer').selectOption('sgd');
    await page.getByTestId('learning-rate').fill('0.5');
    await page.getByTestId('start').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'completed', { timeout: 420_000 });
    await expect(page.getByTestId('collapsed')).toContainText('for almost every image');
    await expect(page.getByTestId('collapsed')).toContainText('Try a learning rate ten times lower');
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeLessThan(0.2);
    await shot(page, 'collapsed');
  });

  test.describe('a folder of the user\'s own images', () => {
    let dir: string;
    test.beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'layerwise-folder-'));
      // Ten classes, each a bright 12×12 square at its own place on a dark 40×40 image, with
      // noise: learnable from position. The images are 40×40 RGB; LeNet-5 gets them as 32×32 grey.
      const places = Array.from({ length: 10 }, (_, c) => [4 + (c % 5) * 6, c < 5 ? 4 : 22] as const);
      let seed = 7;
      const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      for (let c = 0; c < 10; c++) {
        const cls = path.join(dir, 'shapes', `class-${c}`);
        mkdirSync(cls, { recursive: true });
        for (let i = 0; i < 12; i++) {
          const rgba = new Uint8Array(40 * 40 * 4);
          const [px, py] = places[c]!;
          for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) {
            const inside = x >= px && x < px + 12 && y >= py && y < py + 12;
            const v = Math.min(255, Math.max(0, (inside ? 220 : 30) + Math.round((rand() - 0.5) * 40)));
            rgba.set([v, v, v, 255], (y * 40 + x) * 4);
          }
          writeFileSync(path.join(cls, `img-${i}.png`), encodePng(40, 40, rgba));
        }
      }
      for (let c = 0; c < 3; c++) {
        const cls = path.join(dir, 'three', `kind-${c}`);
        mkdirSync(cls, { recursive: true });
        writeFileSync(path.join(cls, 'a.png'), encodePng(8, 8, new Uint8Array(8 * 8 * 4).fill(255)));
        writeFileSync(path.join(cls, 'b.png'), encodePng(8, 8, new Uint8Array(8 * 8 * 4).fill(128)));
      }
    });
    test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('a folder with 3 classes is refused with what to change; 10 classes train', async ({ page }) => {
      test.setTimeout(180_000);
      await page.goto('/train?preset=lenet5');
      await page.getByText('Your own images (a folder)').click();
      await expect(page.getByTestId('blocker')).toHaveText('Choose a folder of images to train on.');
      await page.getByTestId('folder-input').setInputFiles(path.join(dir, 'three'));
      await expect(page.getByTestId('blocker')).toHaveText('LeNet-5 ends in 10 outputs but your folder has 3 classes: set the last Dense layer\'s units to 3.');

      await page.getByTestId('folder-input').setInputFiles(path.join(dir, 'shapes'));
      await expect(page.getByText('120 images in 10 classes')).toBeVisible();
      await expect(page.getByTestId('plan-note')).toContainText('Each image is resized to 32×32 and turned grey');
      await page.getByTestId('epochs').fill('15');
      await page.getByTestId('batch-size').fill('16');
      await page.getByTestId('backend-choice').selectOption('wasm');
      await page.getByTestId('start').click();
      await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'completed', { timeout: 150_000 });
      // 20% of each class of 12 held out: round(2.4) = 2 per class, 20 test images.
      await expect(page.getByTestId('results')).toContainText('on 20 test images');
      await expect(page.getByTestId('per-class')).toContainText('class-9');
      const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
      expect(accuracy).toBeGreaterThan(0.5);
      await shot(page, 'folder');
    });
  });
});

test.describe('a browser without WebGL', () => {
  test('the trial finds no WebGL, says so, and trains on WASM', async ({ playwright, baseURL, launchOptions }) => {
    test.setTimeout(540_000);
    // Its own browser: these flags remove WebGL (a launch option cannot change inside one file's worker).
    const browser = await playwright.chromium.launch({
      executablePath: launchOptions.executablePath, // the one playwright.config.ts found
      args: ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
        '--disable-gpu', '--disable-software-rasterizer'],
    });
    try {
      const page = await browser.newPage({ baseURL: baseURL!, viewport: { width: 1280, height: 1000 } });
      await page.goto('/train?preset=lenet5');
      await page.getByTestId('epochs').fill('1');
      await page.getByTestId('start').click();
      await expect(page.getByTestId('results')).toBeVisible({ timeout: 480_000 });
      const rows = await backendRows(page);
      expect(rows.webgl?.status).toBe('unavailable');
      await expect(page.getByTestId('no-webgl')).toContainText('WebGL is not available in this browser');
      await expect(page.getByTestId('backend-used')).toHaveAttribute('data-backend', 'wasm');
      expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.8);
      await shot(page, 'no-webgl');
    } finally {
      await browser.close();
    }
  });
});
