/**
 * The results of a trained model, end to end in Debian's Chromium against the production build:
 * LeNet-5 trained one epoch on MNIST, then a vertical stroke drawn on the pad reads "1", a
 * confusion-matrix cell shows its images, the mistakes filter counts what the matrix counts, a
 * test image clicked shows the probabilities it was graded with, an uploaded photo of a digit is
 * classified and a file that is no image gets a message. A colour model trained on the synthetic
 * shapes gets the grid and the upload but no pad.
 *
 * Screenshots go to /tmp/shots/results-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { getPreset } from '../../presets';
import { encodePng } from '../unit/train/helpers';
import { seedAutosave } from './autosave';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/results-${name}.png`, fullPage: true });

/** A width×height RGBA image: white paper with a dark bar (columns x0..x1, rows y0..y1), as a PNG. */
function barPng(width: number, height: number, [x0, x1]: readonly [number, number], [y0, y1]: readonly [number, number]): Buffer {
  const px = new Uint8Array(width * height * 4).fill(255);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const o = (y * width + x) * 4;
      px[o] = px[o + 1] = px[o + 2] = 25;
    }
  }
  return Buffer.from(encodePng(width, height, px));
}

/** The probabilities shown, class → value (0–1). */
async function probabilities(page: Page): Promise<Record<string, number>> {
  const items = page.getByRole('list', { name: 'Class probabilities' }).getByRole('listitem');
  const out: Record<string, number> = {};
  for (const li of await items.all()) out[(await li.getAttribute('data-class'))!] = Number(await li.getAttribute('data-probability'));
  return out;
}

/** Trains the page's model on the chosen dataset with WASM (no backend trial) until the results show. */
async function train(page: Page, epochs: number): Promise<void> {
  await page.getByTestId('epochs').fill(String(epochs));
  await page.getByTestId('backend-choice').selectOption('wasm');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'completed', { timeout: 540_000 });
}

test.describe('results a class can read', () => {
  test('LeNet-5 on MNIST: a drawn stroke reads 1, a confusion cell shows its images, uploads are classified', async ({ page }) => {
    // One epoch of the 60,000 training digits: about 40 s on quiet cores, 2–3 min when shared.
    test.setTimeout(720_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto('/train?preset=lenet5');
    await train(page, 1);
    const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
    expect(accuracy).toBeGreaterThanOrEqual(0.97);

    await test.step('the pad: a vertical stroke is a 1', async () => {
      const pad = page.getByRole('img', { name: 'Draw a digit' });
      await pad.scrollIntoViewIfNeeded();
      // The probabilities follow the pen: an answer arrives while the button is still down.
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.18);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.5, { steps: 6 });
      await expect(page.getByTestId('probability-view')).toHaveAttribute('data-source', 'drawing');
      await expect(page.getByTestId('top-class')).not.toHaveAttribute('data-class', '');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.82, { steps: 6 });
      await page.mouse.up();
      await expect(page.getByTestId('top-class')).toHaveAttribute('data-class', '1');
      const list = page.getByRole('list', { name: 'Class probabilities' });
      await expect(list.getByRole('listitem')).toHaveCount(10);
      const p = await probabilities(page);
      const sum = Object.values(p).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 4);
      expect(p['1']).toBeGreaterThan(0.5);
      // What the model sees: LeNet-5's 32×32 input, the stroke fitted and centred in it.
      await expect(page.getByRole('img', { name: /^What the model sees: Your drawing, 32×32 grey$/ })).toBeVisible();
      await shot(page, 'pad');
      // Clear (by keyboard): the pad is empty, the probabilities go.
      await page.getByRole('button', { name: 'Clear' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('top-class')).toHaveAttribute('data-class', '');
    });

    const grid = page.getByRole('region', { name: 'Test images' });
    await test.step('a confusion-matrix cell shows its images', async () => {
      // The biggest mistake holds the matrix's Tab stop; its name says how many images it has.
      const cells = page.getByTestId('confusion-cells');
      const cell = cells.locator('button[tabindex="0"]');
      const name = (await cell.getAttribute('aria-label'))!;
      const [, truth, predicted, count] = /^true (\d), predicted (\d): (\d+) images?$/.exec(name)!;
      expect(truth).not.toBe(predicted);
      await cell.click();
      await expect(grid).toHaveAttribute('data-filter', `cell:${truth}:${predicted}`);
      await expect(grid.getByTestId('grid-count')).toHaveText(`true ${truth}, predicted ${predicted}: ${count} image${count === '1' ? '' : 's'} of 10,000`);
      const tiles = grid.getByRole('listitem');
      await expect(tiles).toHaveCount(Math.min(Number(count), 48));
      for (const tile of await tiles.all()) {
        await expect(tile).toHaveAttribute('data-truth', truth!);
        await expect(tile).toHaveAttribute('data-predicted', predicted!);
        await expect(tile.locator('canvas')).toBeVisible();
      }
      await grid.scrollIntoViewIfNeeded();
      await shot(page, 'confusion-cell');

      // Keyboard: arrows move between cells, Enter shows the one reached.
      await cell.focus();
      const across = Number(predicted) > 0 ? 'ArrowLeft' : 'ArrowRight';
      await page.keyboard.press(across);
      const next = Number(predicted) + (across === 'ArrowLeft' ? -1 : 1);
      await expect(cells.locator(`button[data-truth="${truth}"][data-predicted="${next}"]`)).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(grid).toHaveAttribute('data-filter', `cell:${truth}:${next}`);
    });

    await test.step('mistakes only: as many as the accuracy leaves', async () => {
      await grid.getByLabel(/^Mistakes only/).check();
      const mistakes = Math.round(10_000 * (1 - accuracy));
      await expect(grid.getByTestId('grid-count')).toHaveText(`${mistakes.toLocaleString('en-US')} mistake${mistakes === 1 ? '' : 's'} of 10,000`);
      await expect(grid).toHaveAttribute('data-count', String(mistakes));
      // Most confident first: the first tile's confidence is the highest on the page.
      await grid.getByTestId('grid-order').selectOption('confident-first');
      const first = grid.getByRole('listitem').first();
      expect(await first.getAttribute('data-truth')).not.toBe(await first.getAttribute('data-predicted'));
    });

    await test.step('a test image clicked shows the probabilities it was graded with', async () => {
      const tile = grid.getByRole('listitem').first();
      const predicted = (await tile.getAttribute('data-predicted'))!;
      await tile.getByRole('button').click();
      await expect(page.getByTestId('probability-view')).toHaveAttribute('data-source', 'test');
      await expect(page.getByTestId('top-class')).toHaveAttribute('data-class', predicted);
    });

    await test.step('an uploaded photo of a 1 (dark on white, any size) is classified', async () => {
      await page.getByTestId('classify-input').setInputFiles({ name: 'one.png', mimeType: 'image/png', buffer: barPng(90, 120, [40, 50], [15, 105]) });
      await expect(page.getByTestId('probability-view')).toHaveAttribute('data-source', 'upload');
      await expect(page.getByTestId('top-class')).toHaveAttribute('data-class', '1');
      await expect(page.getByRole('img', { name: 'Your image: one.png' })).toBeVisible();
      await shot(page, 'upload');
      // Not an image: a message, nothing thrown.
      await page.getByTestId('classify-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
      await expect(page.getByTestId('classify-error')).toHaveText('notes.txt could not be read as an image. Choose a PNG, JPEG, GIF, BMP or WebP file.');
      // A PNG cut short: the same.
      await page.getByTestId('classify-input').setInputFiles({ name: 'cut.png', mimeType: 'image/png', buffer: barPng(90, 120, [40, 50], [15, 105]).subarray(0, 60) });
      await expect(page.getByTestId('classify-error')).toHaveText('cut.png could not be read as an image. Choose a PNG, JPEG, GIF, BMP or WebP file.');
    });
    await test.step('after a reload the weights come back with their results: the matrix, the grid, the pad', async () => {
      await page.reload();
      await expect(page.getByTestId('restored')).toBeVisible({ timeout: 60_000 });
      const trained = page.getByTestId('trained-model');
      const cell = trained.getByTestId('confusion-cells').locator('button[tabindex="0"]');
      await expect(cell).toBeVisible({ timeout: 120_000 });
      const [, truth, predicted, count] = /^true (\d), predicted (\d): (\d+) images?$/.exec((await cell.getAttribute('aria-label'))!)!;
      await cell.click();
      await expect(grid).toHaveAttribute('data-count', count!);
      await expect(grid.getByRole('listitem').first()).toHaveAttribute('data-predicted', predicted!);
      await expect(grid.getByRole('listitem').first()).toHaveAttribute('data-truth', truth!);
      await expect(page.getByRole('img', { name: 'Draw a digit' })).toBeVisible();
    });
    expect(pageErrors).toEqual([]);
  });

  test('a colour model on the synthetic shapes: the grid in colour and uploads, no pad', async ({ page }) => {
    test.setTimeout(300_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // LeNet-5 made to take colour, through the editor's autosave (components/editor/persist.ts).
    const graph = getPreset('lenet5')!.build();
    const nodes = graph.nodes.map((n) => (n.type === 'Input' ? { ...n, params: { ...n.params, channels: 3 } } : n));
    await page.goto('/train');
    await seedAutosave(page, { ...graph, nodes, meta: { name: 'Colour LeNet' } });
    await expect(page.getByRole('heading', { name: 'Train Colour LeNet' })).toBeVisible();
    await page.getByText('Synthetic shapes (built in)').click();
    await train(page, 1);

    await expect(page.getByRole('img', { name: 'Draw a digit' })).toHaveCount(0);
    const grid = page.getByRole('region', { name: 'Test images' });
    await expect(grid.getByTestId('grid-count')).toHaveText('1,000 test images');
    await expect(grid.getByRole('listitem').first().locator('canvas')).toBeVisible();
    // An upload is resized to 32×32 colour: a red square.
    const red = new Uint8Array(64 * 64 * 4);
    for (let i = 0; i < red.length; i += 4) { red[i] = 220; red[i + 3] = 255; }
    await page.getByTestId('classify-input').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: Buffer.from(encodePng(64, 64, red)) });
    await expect(page.getByTestId('probability-view')).toHaveAttribute('data-source', 'upload');
    await expect(page.getByRole('list', { name: 'Class probabilities' }).getByRole('listitem')).toHaveCount(10);
    await expect(page.getByTestId('top-class')).not.toHaveAttribute('data-class', '');
    await shot(page, 'synthetic');
    expect(pageErrors).toEqual([]);
  });
});
