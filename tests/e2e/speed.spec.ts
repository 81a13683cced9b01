/**
 * Speed, end to end in Chromium against the production build: the app is served cross-origin
 * isolated and WASM trains with one thread per core; without isolation it falls back to one thread,
 * says why, and still trains; the time estimate appears before Start, measured on this machine; on
 * one-thread WASM a run asked to (`?workers=auto`) trains data-parallel in one worker per core,
 * says so, and learns; unasked, the estimate times one worker per core against one, and the run
 * trains with what that measurement picked (lib/train/parallel/shards.ts pickWorkers).
 *
 * Screenshots go to /tmp/shots/speed-*.png.
 */
import { expect, test, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/speed-${name}.png`, fullPage: true });

/**
 * Serves every response with the isolation headers, as a build with LAYERWISE_THREADS=1 does
 * (next.config.ts; the default build sends none).
 */
async function withIsolation(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' } });
  });
}

/** Serves every response without the isolation headers, as a host that does not send them would. */
async function withoutIsolation(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}

/** The page's workers of data-parallel training's shards (components/train/shard.worker.ts, named layerwise-shard-N). */
async function shardWorkers(page: Page): Promise<Worker[]> {
  const out: Worker[] = [];
  for (const w of page.workers()) {
    if (w.url().startsWith('blob:')) continue;
    // A string, not a function: tsx's helpers are not in the worker. One that ends meanwhile is not counted.
    if (await w.evaluate('self.name').then((n) => String(n).startsWith('layerwise-shard-'), () => false)) out.push(w);
  }
  return out;
}

test.describe('speed', () => {
  test('isolated: one WASM thread per core, and a time estimate before Start', async ({ page, context }) => {
    await withIsolation(context);
    const response = await page.goto('/train?preset=lenet5');
    expect(response!.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response!.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.getByTestId('epochs').fill('5');
    const estimate = page.getByTestId('time-estimate');
    await expect(estimate).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(estimate).toContainText(/about .+ per epoch, .+ for 5 epochs/);
    await expect(page.getByTestId('wasm-threads')).toHaveText(cores > 1 ? `, ${cores} threads` : ', 1 thread: this machine reports one core');
    // The estimate is the measured speed's arithmetic: (60,000 + 10,000/3) / samples/s per epoch.
    const sps = Number(await estimate.getAttribute('data-samples-per-second'));
    expect(Number(await estimate.getAttribute('data-epoch-seconds'))).toBeCloseTo((60_000 + 10_000 / 3) / sps, 3);
    await shot(page, 'estimate');
  });

  test('not isolated: one thread, said why; the estimate times N workers against one, and the run trains with its pick', async ({ browser }) => {
    test.setTimeout(240_000);
    const context = await browser.newContext();
    await withoutIsolation(context);
    const page = await context.newPage();
    await page.goto('/train?preset=lenet5');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.getByTestId('backend-choice').selectOption('wasm');
    const estimate = page.getByTestId('time-estimate');
    await expect(estimate).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(page.getByTestId('wasm-threads')).toContainText('1 thread: the page is not cross-origin isolated');
    if (cores < 2) {
      // One core: nothing to measure, the training worker trains alone.
      await expect(page.getByTestId('estimate-workers')).toHaveCount(0);
    } else {
      // Batch 64 (the default) on one-thread WASM: one worker per core (at most 4) timed against one.
      const measured = page.getByTestId('estimate-workers');
      const candidate = Math.min(cores, 4);
      await expect(measured).toHaveAttribute('data-candidate', String(candidate));
      const one = Number(await measured.getAttribute('data-one-worker'));
      const many = Number(await measured.getAttribute('data-many-workers'));
      expect(one).toBeGreaterThan(0);
      const picked = many >= 1.1 * one ? candidate : 1;
      await expect(estimate).toHaveAttribute('data-workers', String(picked));
      // The estimate is the speed of what the run will do.
      expect(Number(await estimate.getAttribute('data-samples-per-second'))).toBe(picked > 1 ? many : one);
      await expect(measured).toContainText(picked > 1 ? `; ${picked} workers, each on a share of every batch: ` : `; 1 worker: ${candidate} workers measured`);
      await page.getByTestId('start').click();
      // The run takes the estimate's measurement: no trial of its own, the same figures shown.
      const said = page.getByTestId('train-workers');
      await expect(said).toHaveAttribute('data-workers', String(picked), { timeout: 120_000 });
      await expect(said).toHaveAttribute('data-one-worker', String(one));
      await expect(said).toHaveAttribute('data-many-workers', String(many));
      await expect(said).toContainText(picked > 1 ? `${picked} workers, each training on a share of every batch (` : `1 worker: ${candidate} workers measured`);
      await expect(page.getByTestId('samples-per-second')).toBeVisible({ timeout: 120_000 });
      // The probe (and its shard) ended once the run started: the training worker and its shards are left.
      await expect.poll(() => page.workers().filter((w) => !w.url().startsWith('blob:')).length, { timeout: 30_000 }).toBe(picked);
      await shot(page, 'measured-workers');
      await page.getByTestId('stop').click();
      await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
      const tensors = page.getByTestId('tensors');
      expect(await tensors.getAttribute('data-after')).toBe(await tensors.getAttribute('data-before'));
    }
    await context.close();
  });

  test('not isolated, Start before the estimate has measured: the run times N workers against one itself and trains with the pick', async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext();
    await withoutIsolation(context);
    const page = await context.newPage();
    await page.goto('/train?preset=lenet5');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    test.skip(cores < 2, 'one core: nothing to measure');
    // Changing the backend restarts the estimate's 700 ms wait; Start comes first, and ends the probe.
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('start').click();
    const said = page.getByTestId('train-workers');
    const candidate = Math.min(cores, 4);
    await expect(said).toHaveAttribute('data-candidate', String(candidate), { timeout: 120_000 });
    const one = Number(await said.getAttribute('data-one-worker'));
    const many = Number(await said.getAttribute('data-many-workers'));
    expect(one).toBeGreaterThan(0);
    const picked = many >= 1.1 * one ? candidate : 1;
    await expect(said).toHaveAttribute('data-workers', String(picked));
    await expect(page.getByTestId('samples-per-second')).toBeVisible({ timeout: 120_000 });
    await expect.poll(() => page.workers().filter((w) => !w.url().startsWith('blob:')).length, { timeout: 30_000 }).toBe(picked);
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
    await context.close();
  });

  test('not isolated, a batch under 64: nothing measured, the training worker trains alone on WASM', async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext();
    await withoutIsolation(context);
    const page = await context.newPage();
    await page.goto('/train?preset=lenet5');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('batch-size').fill('32');
    await expect(page.getByTestId('time-estimate')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(page.getByTestId('estimate-workers')).toHaveCount(0);
    await page.getByTestId('start').click();
    await expect(page.getByTestId('samples-per-second')).toBeVisible({ timeout: 120_000 });
    await expect.poll(() => page.workers().filter((w) => !w.url().startsWith('blob:')).length).toBe(1);
    await expect(page.getByTestId('train-workers')).toHaveCount(0);
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
    await context.close();
  });

  test('the CPU workers menu: a count chosen is timed and trained as chosen, and the menu is off for WebGL and the CPU backend', async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext();
    await withoutIsolation(context);
    const page = await context.newPage();
    await page.goto('/train?preset=lenet5');
    const menu = page.getByTestId('workers-choice');
    await expect(menu).toHaveValue('auto');
    await page.getByTestId('backend-choice').selectOption('cpu');
    await expect(menu).toBeDisabled();
    await expect(page.getByTestId('workers-help')).toHaveText('Only for WASM: CPU (plain JavaScript) trains in one worker.');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await expect(menu).toBeEnabled();
    // One worker, though the batch is 64: nothing measured, the training worker trains alone.
    await menu.selectOption('1');
    const estimate = page.getByTestId('time-estimate');
    await expect(estimate).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(estimate).toHaveAttribute('data-workers', '1');
    await expect(page.getByTestId('estimate-workers')).toHaveCount(0);
    await page.getByTestId('start').click();
    await expect(page.getByTestId('samples-per-second')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('train-workers')).toHaveCount(0);
    await expect.poll(() => page.workers().filter((w) => !w.url().startsWith('blob:')).length).toBe(1);
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
    await context.close();
  });

  test('not isolated, several cores, ?workers=auto: WASM trains in one worker per core, the panel says so, the run learns and the shard workers end with it', async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto('/train?preset=lenet5&workers=auto');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    test.skip(cores < 2, 'one core: the training worker trains alone');
    const workers = Math.min(cores, 4);
    // The URL sets the CPU workers menu to one per core.
    await expect(page.getByTestId('workers-choice')).toHaveValue(String(workers));
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('start').click();
    const said = page.getByTestId('train-workers');
    await expect(said).toHaveAttribute('data-workers', String(workers), { timeout: 120_000 });
    await expect(said).toHaveText(` · ${workers} workers, each training on a share of every batch`);
    await expect.poll(async () => (await shardWorkers(page)).length, { timeout: 60_000 }).toBe(workers - 1);
    await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('aria-valuenow')), { timeout: 180_000 }).toBeGreaterThanOrEqual(5);
    await shot(page, 'workers');
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
    // A few hundred batches of Adam shared by the workers: LeNet-5 already reads most digits.
    expect(Number(await page.getByTestId('test-accuracy').getAttribute('data-value'))).toBeGreaterThanOrEqual(0.8);
    const tensors = page.getByTestId('tensors');
    expect(await tensors.getAttribute('data-after')).toBe(await tensors.getAttribute('data-before'));
    await expect.poll(async () => (await shardWorkers(page)).length, { timeout: 30_000 }).toBe(0);
  });
});
