/**
 * "Look inside", end to end in Debian's Chromium against the production build:
 * - the trained LeNet-5 that ships with the app, the moment the page opens: conv1's six feature
 *   maps for a test digit, a hovered map enlarged, a chosen channel's deconv projection and top-9
 *   over the 10,000 test digits, occlusion, a digit drawn on the pad, the tabs by keyboard;
 * - LeNet-5 trained one epoch in the page: its feature maps and the evolution strip of the run;
 * - VGG-16 with random weights at 224×224: a block's feature maps for the sample picture, a page
 *   at a time, and for an uploaded picture, computed in the worker (tfjs never starts in the page).
 *
 * Screenshots go to /tmp/shots/inside-*.png.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { encodePng } from '../unit/train/helpers';
import { tfBackendHere, workerHook } from './worker';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/inside-${name}.png`, fullPage: true });

const TABS = ['Feature maps', 'Deconvnet', 'Guided backprop', 'Saliency', 'Filters', 'Top 9', 'Occlusion', 'Grad-CAM', 'Evolution'];

/** The panel, and its view once the answer is drawn. */
function panel(page: Page): Locator {
  return page.getByRole('region', { name: 'Look inside' });
}
async function viewReady(region: Locator, view: string, timeout = 120_000): Promise<void> {
  await expect(region.locator(`[data-testid="view-status"][data-view="${view}"]`)).toHaveAttribute('data-state', 'ready', { timeout });
}


test.describe('look inside', () => {
  test('the shipped LeNet-5: conv1\'s maps for a test digit, a channel\'s deconv projection and top-9, occlusion, the pad, the tabs', async ({ page }) => {
    test.setTimeout(300_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto('/train?preset=lenet5');
    const region = panel(page);
    await expect(region.getByTestId('inside-weights')).toHaveText('Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST', { timeout: 60_000 });
    await expect(page.getByTestId('shipped-line')).toContainText('Trained LeNet-5 that ships with Layerwise: 99.40% on MNIST');

    // The tabs, in order, with proper roles; Feature maps first.
    const tablist = region.getByRole('tablist', { name: 'Views' });
    await expect(tablist.getByRole('tab')).toHaveText(TABS);
    await expect(region.getByRole('tab', { name: 'Feature maps' })).toHaveAttribute('aria-selected', 'true');

    await test.step('conv1 (c1): six feature maps of test digit 0, a 7', async () => {
      await region.getByRole('button', { name: /^c1 Conv2D/ }).click();
      await expect(region.getByRole('button', { name: /^c1 Conv2D/ })).toHaveAttribute('aria-pressed', 'true');
      await expect(region.getByTestId('inside-input')).toHaveAttribute('data-key', 'test:mnist:0');
      await expect(region.getByRole('img', { name: 'The picture the views look at: Test image 0 (a 7)' })).toBeVisible();
      await viewReady(region, 'feature-maps');
      const maps = region.getByRole('tabpanel').getByRole('img', { name: /^c1 channel \d+$/ });
      await expect(maps).toHaveCount(6);
      await expect(region.getByTestId('feature-maps')).toContainText('012345');
      // One colour scale for the layer: ReLU outputs are ≥ 0, so sequential, from 0.
      const legend = region.getByRole('tabpanel').getByTestId('legend').first();
      await expect(legend).toHaveAttribute('data-kind', 'unsigned');
      expect(Number(await legend.getAttribute('data-min'))).toBe(0);
      // Hover a map: it is enlarged with its numbers.
      await region.getByRole('img', { name: 'c1 channel 4', exact: true }).hover();
      await expect(region.getByRole('img', { name: 'c1 channel 4, enlarged' })).toBeVisible();
      await expect(region.getByLabel('Enlarged map')).toContainText(/c1 channel 4( \((chosen|strongest)\))?min [\d.e+-]+ · max [\d.e+-]+ · mean [\d.e+-]+ · \d+% zeros/);
      // Choose channel 3 (by keyboard: Enter on the focused map).
      await region.getByRole('img', { name: 'c1 channel 3', exact: true }).focus();
      await page.keyboard.press('Enter');
      await expect(region.getByTestId('inside-chosen')).toHaveText('Chosen: c1 (Conv2D, 28×28×6) · c1 channel 3');
      await shot(page, 'lenet5-maps');
    });

    await test.step('its deconv projection, literal (switches), on the diverging scale', async () => {
      await region.getByRole('tab', { name: 'Deconvnet' }).click();
      await expect(region.getByRole('tab', { name: 'Deconvnet' })).toHaveAttribute('aria-selected', 'true');
      await viewReady(region, 'deconvnet');
      await expect(region.getByRole('img', { name: 'Deconvnet of c1 channel 3', exact: true })).toBeVisible();
      await expect(region.getByTestId('projection-target')).toHaveText(/^The strongest unit of c1 channel 3 for this picture is at row \d+, column \d+: [\d.]+\.$/);
      await expect(region.getByRole('tabpanel')).toContainText('Computed literally: unpooled with the forward pass’s switches');
      await expect(region.getByTestId('deconvnet-projection').getByTestId('legend')).toHaveAttribute('data-kind', 'signed');
      // A 32×32 input: the three rules side by side at once.
      for (const rule of ['Deconvnet', 'Guided backprop', 'Plain gradient']) {
        await expect(region.getByRole('img', { name: `${rule} of c1 channel 3, side by side` })).toBeVisible();
      }
      // The teaching text names the paper idea.
      await expect(region.getByLabel('What am I looking at?')).toContainText('Zeiler & Fergus');
      await shot(page, 'lenet5-deconvnet');
    });

    await test.step('its top 9 over the 10,000 test digits, each patch with its projection', async () => {
      await region.getByRole('tab', { name: 'Top 9' }).click();
      await viewReady(region, 'top9');
      await expect(region.getByRole('tabpanel')).toContainText('The 9 strongest of 10,000 test images of MNIST for c1 channel 3');
      await expect(region.getByTestId('top9-hit')).toHaveCount(9);
      await expect(region.getByRole('img', { name: /^Top 1: test image \d+ \(\d\), the patch$/ })).toBeVisible();
      await expect(region.getByRole('img', { name: /^Top 9: test image \d+ \(\d\), its deconv projection$/ })).toBeVisible();
      // Strongest first.
      const values = (await region.getByTestId('top9-hit').allInnerTexts()).map((t) => Number(t.split('·').pop()));
      expect(values).toEqual([...values].sort((a, b) => b - a));
      await shot(page, 'lenet5-top9');
    });

    await test.step('occlusion: the grey square slid over the digit', async () => {
      await region.getByRole('tab', { name: 'Occlusion' }).click();
      await expect(region.getByTestId('occlusion-size')).toHaveValue('8');
      await expect(region.getByRole('tabpanel')).toContainText('(169 positions)');
      await expect(region.getByTestId('class-pick')).toHaveValue('7'); // the test digit's true class
      await region.getByRole('button', { name: 'Run occlusion' }).click();
      await viewReady(region, 'occlusion');
      await expect(region.getByRole('img', { name: 'Probability of 7 with the square at each place' })).toBeVisible();
      await expect(region.getByRole('img', { name: /^Total activation of s4 channel \d+ with the square at each place$/ })).toBeVisible();
      await expect(region.getByTestId('occlusion-probability')).toContainText(/probability of 7 \(uncovered: (1|0\.9\d*)\)/);
      await expect(region.getByRole('table', { name: 'Class predicted with the square at each position' }).locator('td')).toHaveCount(169);
      await shot(page, 'lenet5-occlusion');
    });

    await test.step('the tabs by keyboard: arrows, Home and End', async () => {
      await region.getByRole('tab', { name: 'Occlusion' }).focus();
      await page.keyboard.press('ArrowRight');
      await expect(region.getByRole('tab', { name: 'Grad-CAM' })).toBeFocused();
      await expect(region.getByRole('tab', { name: 'Grad-CAM' })).toHaveAttribute('aria-selected', 'true');
      await viewReady(region, 'gradcam');
      await expect(region.getByRole('img', { name: 'Grad-CAM of 7 over the picture' })).toBeVisible();
      await page.keyboard.press('End');
      await expect(region.getByRole('tab', { name: 'Evolution' })).toBeFocused();
      // The shipped weights were not trained here: no snapshots, and it says how to get them.
      await expect(region.getByTestId('no-evolution')).toBeVisible();
      await page.keyboard.press('ArrowRight');
      await expect(region.getByRole('tab', { name: 'Feature maps' })).toBeFocused();
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Home');
      await expect(region.getByRole('tab', { name: 'Feature maps' })).toHaveAttribute('aria-selected', 'true');
      // Only the selected tab is a tab stop.
      await expect(tablist.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
    });

    await test.step('a digit drawn on the pad becomes the picture', async () => {
      await region.getByLabel('A digit you draw').check();
      const pad = region.getByRole('img', { name: 'Draw a digit' });
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.8, { steps: 8 });
      await page.mouse.up();
      await expect(region.getByTestId('inside-input')).toHaveAttribute('data-key', /^drawing:\d+$/);
      await viewReady(region, 'feature-maps');
      await expect(region.getByRole('tabpanel').getByRole('img', { name: /^c1 channel \d+$/ })).toHaveCount(6);
      await shot(page, 'lenet5-drawing');
    });
    expect(pageErrors).toEqual([]);
  });

  test('LeNet-5 trained one epoch here: conv1\'s feature maps for a test digit, and the evolution strip of the run', async ({ page }) => {
    // One epoch of the 60,000 training digits: about 40 s on quiet cores, 2–3 min when shared.
    test.setTimeout(600_000);
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto('/train?preset=lenet5&node=c1');
    const region = panel(page);
    await expect(region.getByTestId('inside-weights')).toHaveAttribute('data-kind', 'trained', { timeout: 60_000 });
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('start').click();
    await expect(region.getByTestId('inside-waiting')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'completed', { timeout: 540_000 });
    const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
    await expect(region.getByTestId('inside-weights')).toHaveText(`Trained: ${(accuracy * 100).toFixed(1)}% on MNIST, 1 epoch`);

    await viewReady(region, 'feature-maps');
    await expect(region.getByRole('tabpanel').getByRole('img', { name: /^c1 channel \d+$/ })).toHaveCount(6);
    await region.getByRole('tab', { name: 'Evolution' }).click();
    await viewReady(region, 'evolution');
    // Snapshots before training and after epoch 1: c1's filters, c1's and c3's maps of test image 0.
    await expect(region.getByTestId('evolution-strip')).toHaveCount(3);
    for (const view of ['c1 filters', 'c1 feature maps', 'c3 feature maps']) {
      await expect(region.getByRole('img', { name: `${view} before training` })).toBeVisible();
      await expect(region.getByRole('img', { name: `${view} after epoch 1` })).toBeVisible();
    }
    await shot(page, 'trained-evolution');

    // After a reload the evolution comes back from IndexedDB with the weights.
    await page.reload();
    await expect(region.getByTestId('inside-weights')).toHaveText(`Trained: ${(accuracy * 100).toFixed(1)}% on MNIST, 1 epoch`, { timeout: 60_000 });
    await region.getByRole('tab', { name: 'Evolution' }).click();
    await viewReady(region, 'evolution');
    await expect(region.getByRole('img', { name: 'c1 filters after epoch 1' })).toBeVisible();
  });

  test('VGG-16 untrained at 224×224: a block\'s feature maps for the sample picture and an upload, a page of channels at a time', async ({ page }) => {
    test.setTimeout(420_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 700 });
    await page.goto('/train?preset=vgg16');
    const region = panel(page);
    await expect(region.getByTestId('inside-weights')).toHaveText(/^Random weights \(not trained\)/, { timeout: 60_000 });
    // Below the fold the panel asks nothing: the worker has not built VGG-16's 138 million weights.
    await expect(region).toHaveAttribute('data-active', 'false');
    expect(await workerHook<number>(page, 'liveTensors()')).toBe(0);
    await page.setViewportSize({ width: 1280, height: 1200 });
    await region.scrollIntoViewIfNeeded();
    await expect(region).toHaveAttribute('data-active', 'true');
    // No built-in dataset fits 224×224×3: the built-in sample picture, drawn at the input's size.
    await expect(region.getByLabel('A built-in sample')).toBeChecked();
    await expect(region.getByLabel(/A test image/)).toHaveCount(0);
    await expect(region.getByTestId('inside-input')).toHaveAttribute('data-key', 'sample:0');

    // The third block's output: pool3, 28×28×256.
    await region.getByRole('button', { name: /^pool3 MaxPool/ }).click();
    await viewReady(region, 'feature-maps', 300_000);
    const maps = region.getByRole('tabpanel').getByRole('img', { name: /^pool3 channel \d+$/ });
    await expect(maps).toHaveCount(32);
    await expect(region.getByTestId('channel-page')).toHaveText('channels 0–31 of 256');
    await expect(region.getByRole('tabpanel')).toContainText('pool3: 256 maps of 28×28');
    await shot(page, 'vgg16-pool3');
    await region.getByRole('button', { name: 'Next channels' }).click();
    await expect(region.getByTestId('channel-page')).toHaveText('channels 32–63 of 256');
    await expect(region.getByRole('img', { name: 'pool3 channel 32', exact: true })).toBeVisible();
    await expect(maps).toHaveCount(32);
    // The worker computed all of it: tfjs never started in the page, whose thread only drew.
    expect(await page.evaluate(tfBackendHere)).toBeNull();
    expect(await workerHook<number>(page, 'liveTensors()')).toBeGreaterThan(30); // VGG-16's 32 weight tensors, kept

    // An uploaded picture, resized to 224×224: the maps follow it.
    const w = 300, h = 200;
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rgba.set([x % 50 < 25 ? 230 : 30, (y * 255) / h, 120, 255], (y * w + x) * 4);
    await region.getByLabel('A picture of your own').check();
    await region.getByTestId('classify-input').setInputFiles({ name: 'stripes.png', mimeType: 'image/png', buffer: Buffer.from(encodePng(w, h, rgba)) });
    await expect(region.getByTestId('inside-input')).toHaveAttribute('data-key', /^upload:\d+$/);
    await expect(region.getByRole('img', { name: 'The picture the views look at: stripes.png' })).toBeVisible();
    await viewReady(region, 'feature-maps', 300_000);
    await expect(maps).toHaveCount(32);
    await shot(page, 'vgg16-upload');
    expect(pageErrors).toEqual([]);
  });
});
