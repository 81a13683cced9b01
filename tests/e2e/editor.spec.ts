/**
 * The editor in a real browser (Debian's Chromium against the production build): presets,
 * opening blocks, dragging from the palette, wiring, shape errors, undo, autosave, files and
 * share links. Screenshots go to /tmp/shots/ for a person to look at.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });

/** Waits until the canvas has finished its `n`-th load (layout done, view fitted). */
async function waitLoaded(page: Page, n: number): Promise<void> {
  await expect(page.locator('.lw-app')).toHaveAttribute('data-loads', String(n));
  await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');
}

/** Opens the page with a clean browser storage and waits for the first preset (LeNet-5). */
async function fresh(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitLoaded(page, 1);
}

async function loadPreset(page: Page, name: string, loadsBefore: number, open = false): Promise<void> {
  await page.getByRole('button', { name: 'Presets' }).click();
  if (open) await page.getByLabel('Open every block').check();
  await page.getByRole('button', { name, exact: true }).click();
  await waitLoaded(page, loadsBefore + 1);
}

const node = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
const blockNodes = (page: Page): Locator => page.locator('.react-flow__node-block');

/** Drags a wire from `source`'s output handle to `target`'s input handle. */
async function wire(page: Page, source: string, target: string): Promise<void> {
  const from = await node(page, source).locator('.react-flow__handle.source').boundingBox();
  const to = await node(page, target).locator('.react-flow__handle.target').boundingBox();
  if (!from || !to) throw new Error(`handles of ${source} or ${target} are not on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 20, { steps: 8 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 4 });
  await page.mouse.up();
}

/** Drags a palette item onto the canvas at a point relative to the canvas's top-left corner. */
async function dragFromPalette(page: Page, blockName: string, x: number, y: number): Promise<void> {
  await page.getByRole('button', { name: blockName, exact: true }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

test.describe('editor', () => {
  test('loads GoogLeNet with its node count and parameters, and opens an Inception module', async ({ page }) => {
    await fresh(page);
    // The home page opens LeNet-5 with its summary: 61,706 = 156 + 2,416 + 48,120 + 10,164 + 850.
    await expect(page.getByLabel('Total params')).toHaveText('61,706');
    await expect(page.getByRole('region', { name: 'Layers' }).locator('tbody tr')).toHaveCount(9);

    await loadPreset(page, 'GoogLeNet', 1);
    // Table 1 of the paper: input, conv1, pool1, norm1, conv2 reduce, conv2, norm2, pool2, 3a, 3b,
    // pool3, 4a–4e, pool4, 5a, 5b, avg pool, dropout, fc = 8 + 2 + 1 + 5 + 1 + 2 + 3 = 22 nodes.
    await expect(page.getByLabel('Nodes', { exact: true })).toHaveText('22');
    await expect(blockNodes(page)).toHaveCount(22);
    await expect(page.getByLabel('Total params')).toHaveText('6,998,552');
    await page.screenshot({ path: `${SHOTS}/googlenet.png` });

    // Open inception (3a): it becomes its 8 inner layers (1×1; reduce→3×3; reduce→5×5; pool→proj;
    // concat) inside a frame, so the graph has 22 − 1 + 8 = 29 nodes and the same 6,998,552 params.
    await node(page, 'inc3a').dblclick();
    await expect(page.getByTestId('frame-inc3a')).toBeVisible();
    await expect(page.getByLabel('Nodes', { exact: true })).toHaveText('29');
    await expect(page.getByLabel('Total params')).toHaveText('6,998,552');
    await expect(node(page, 'inc3a/branch3_5x5')).toContainText('Conv 5×5, 32');
    // 28×28×16 in, 5×5×16×32 + 32 = 12,832 params: the inspector shows the formula in numbers.
    await node(page, 'inc3a/branch3_5x5').click();
    await expect(page.getByTestId('inspector-formula')).toHaveText('5×5×16×32 + 32 = 12,832');
    await expect(page.getByTestId('inspector-output')).toHaveText('28×28×32');
    await page.screenshot({ path: `${SHOTS}/inception-open.png` });

    // Close it again: back to one block.
    await page.getByRole('button', { name: 'Close inc3a' }).click();
    await expect(page.getByTestId('frame-inc3a')).toHaveCount(0);
    await expect(page.getByLabel('Nodes', { exact: true })).toHaveText('22');
  });

  test('drag, wire, shape error, undo, autosave, bad file', async ({ page }) => {
    await fresh(page);
    // LeNet-5: input 32×32×1 → C1 28×28×6 → S2 14×14×6 → C3 10×10×16 → S4 5×5×16 → ...
    await expect(blockNodes(page)).toHaveCount(9);

    // Drag a Conv2D from the palette onto empty canvas, to the right of the network.
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no canvas');
    await dragFromPalette(page, 'Conv2D', pane.width - 260, 60);
    await expect(blockNodes(page)).toHaveCount(10);
    const conv = node(page, 'conv2d_1');
    await expect(conv).toBeVisible();
    await expect(conv.getByTestId('node-shape')).toHaveText('?'); // not wired yet

    // Wire the input into it: a 3×3 "same" conv with 32 filters on 32×32×1 gives 32×32×32.
    await wire(page, 'input', 'conv2d_1');
    await expect(conv.getByTestId('node-shape')).toHaveText('32×32×32');
    await expect(page.locator('.react-flow__edge[data-id="input->conv2d_1:0"] text')).toHaveText('32×32×1');
    // Its params: 3×3×1×32 + 32 = 320.
    await conv.click();
    await expect(page.getByTestId('inspector-formula')).toHaveText('3×3×1×32 + 32 = 320');

    // A bad value is refused with the reason, and the graph keeps the old one.
    const filters = page.getByRole('spinbutton', { name: 'Filters' });
    await filters.fill('0');
    await expect(page.getByRole('alert').filter({ hasText: 'Filters must be between 1 and 8192' })).toBeVisible();
    await expect(conv.getByTestId('node-shape')).toHaveText('32×32×32');
    await filters.fill('16'); // 3×3×1×16 + 16 = 160
    await expect(page.getByTestId('inspector-formula')).toHaveText('3×3×1×16 + 16 = 160');
    await expect(conv.getByTestId('node-shape')).toHaveText('32×32×16');
    await page.screenshot({ path: `${SHOTS}/dragged-conv.png` });

    // A shape error: an Add fed by C1 (28×28×6) and C3 (10×10×16).
    await dragFromPalette(page, 'Add', pane.width - 260, 200);
    await expect(node(page, 'add_1')).toBeVisible();
    await wire(page, 'C1', 'add_1');
    await wire(page, 'C3', 'add_1');
    const message = 'Add needs equal shapes: 10×10×16 and 28×28×6';
    await expect(node(page, 'add_1')).toHaveClass(/has-error|react-flow__node/);
    await expect(node(page, 'add_1').locator('.lw-node')).toHaveClass(/has-error/);
    await expect(node(page, 'add_1').locator('.lw-node')).toHaveAttribute('title', new RegExp(message));
    await node(page, 'add_1').click();
    await expect(page.getByTestId('inspector-errors')).toContainText(message);
    await page.screenshot({ path: `${SHOTS}/shape-error.png` });

    // Undo removes the second wire, and with it the error.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect(node(page, 'add_1').locator('.lw-node')).not.toHaveClass(/has-error/);
    await expect(page.locator('.react-flow__edge[data-id="C3->add_1:1"]')).toHaveCount(0);
    // Redo brings it back; undo again.
    await page.keyboard.press('Control+Shift+z');
    await expect(node(page, 'add_1').locator('.lw-node')).toHaveClass(/has-error/);
    await page.keyboard.press('Control+z');
    await expect(node(page, 'add_1').locator('.lw-node')).not.toHaveClass(/has-error/);

    // Reload: the session comes back from the browser's storage.
    await page.reload();
    await waitLoaded(page, 1);
    await expect(blockNodes(page)).toHaveCount(11);
    await expect(node(page, 'conv2d_1').getByTestId('node-shape')).toHaveText('32×32×16');
    await expect(page.locator('.react-flow__edge[data-id="C1->add_1:0"]')).toHaveCount(1);

    // A malformed file is refused with its errors listed, and the graph is kept.
    await page.getByLabel('Open graph file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({
        format: 'layerwise-graph', version: 1,
        nodes: [{ id: 'x', type: 'Conv9D', params: {}, position: { x: 0, y: 0 } }, { id: 'y', type: 'Conv2D', params: { filters: -3 }, position: { x: 0, y: 0 } }],
        edges: [{ id: 'e', source: 'x', target: 'nowhere', targetPort: 0 }],
      })),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'broken.json' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('Conv9D');
    await expect(alert).toContainText('nodes[1].params.filters');
    await expect(alert).toContainText('nowhere');
    await expect(blockNodes(page)).toHaveCount(11);
    await page.screenshot({ path: `${SHOTS}/bad-file.png` });
    // Truncated JSON too.
    await page.getByLabel('Open graph file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "layerwise-graph", "nodes": [') });
    await expect(page.getByRole('alert').filter({ hasText: 'cut.json' })).toBeVisible();
    await expect(blockNodes(page)).toHaveCount(11);
  });

  test('drop a block on a wire to insert it; copy, paste and delete', async ({ page }) => {
    await fresh(page);
    // Drop a BatchNorm onto the C1 → S2 wire: C1 → batchnorm_1 → S2.
    const label = page.locator('.react-flow__edge[data-id="C1->S2:0"] .lw-edge-label');
    const box = await label.boundingBox();
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!box || !pane) throw new Error('wire label not on screen');
    await dragFromPalette(page, 'BatchNorm', box.x + box.width / 2 - pane.x, box.y + box.height / 2 - pane.y);
    await expect(page.locator('.react-flow__edge[data-id="C1->batchnorm_1:0"]')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge[data-id="batchnorm_1->S2:0"]')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge[data-id="C1->S2:0"]')).toHaveCount(0);
    // BatchNorm on 6 channels: 2×6 = 12 trainable + 2×6 = 12 moving statistics; 61,706 + 24 = 61,730.
    await expect(page.getByLabel('Total params')).toHaveText('61,730');
    await expect(page.getByLabel('Non-trainable params')).toHaveText('12');

    // Copy and paste it: a second BatchNorm (unwired), then delete it.
    await node(page, 'batchnorm_1').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect(node(page, 'batchnorm_2')).toBeVisible();
    await expect(blockNodes(page)).toHaveCount(11);
    await page.keyboard.press('Delete');
    await expect(node(page, 'batchnorm_2')).toHaveCount(0);
    await expect(blockNodes(page)).toHaveCount(10);
  });

  test('a share link opens the graph it carries; the dark theme', async ({ page, context }) => {
    await fresh(page);
    await loadPreset(page, 'AlexNet', 1);
    await expect(page.getByLabel('Total params')).toHaveText('60,965,224');
    await page.getByRole('button', { name: 'Share link' }).click();
    const link = await page.getByLabel(/Anyone with this link/).inputValue();
    expect(link).toMatch(/#g=[A-Za-z0-9_-]+$/);
    await page.keyboard.press('Escape');
    // The autosave now moves on to VGG-16; the link must still open AlexNet.
    await loadPreset(page, 'VGG-16', 2);
    await expect(page.getByLabel('Total params')).toHaveText('138,357,544');
    const other = await context.newPage();
    await other.goto(link);
    await waitLoaded(other, 1);
    await expect(other.getByLabel('Total params')).toHaveText('60,965,224');
    await expect(other.locator('.lw-model-name')).toHaveText('AlexNet');
    await expect(other).toHaveURL(/\/$/); // the hash is dropped once read
    await other.close();

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: `${SHOTS}/dark.png` });
  });
});
