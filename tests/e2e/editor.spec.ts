/**
 * The editor in a real browser (Debian's Chromium against the production build): presets,
 * opening blocks, dragging from the palette, wiring, shape errors, undo, autosave, files and
 * share links. Screenshots go to /tmp/shots/ for a person to look at.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });

/** Waits until the canvas has finished its `n`-th load (layout done, view fitted). */
async function waitLoaded(page: Page, n: number): Promise<void> {
  await expect(page.locator('.lw-app')).toHaveAttribute('data-loads', String(n));
  await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');
}

/** Opens the page with a clean browser storage and waits for the first preset (LeNet-5). */
async function fresh(page: Page): Promise<void> {
  // Cleared from a page of the origin where no editor runs, so no autosave lands after the clear.
  await page.goto('/mnist/manifest.json');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
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
  // Approach from below the handle: near the canvas's edges React Flow pans while wiring.
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 12, { steps: 8 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 4 });
  await page.mouse.up();
}

/** Drags a palette item onto the canvas at a point relative to the canvas's top-left corner. */
async function dragFromPalette(page: Page, blockName: string, x: number, y: number): Promise<void> {
  await page.getByRole('button', { name: blockName, exact: true }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

test.use({ viewport: { width: 1440, height: 900 } });

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

    // Editing inside is real editing: 48 filters in the 5×5 branch give 5×5×16×48 + 48 = 19,248
    // params (+6,416), and the concat grows from 256 to 272 channels, so inc3b's four 1×1 convs
    // on its input (128 + 128 + 32 + 64 = 352 filters) gain 16 × 352 = 5,632 weights:
    // 6,998,552 + 6,416 + 5,632 = 7,010,600.
    await page.getByRole('spinbutton', { name: 'Filters' }).fill('48');
    await expect(page.getByLabel('Total params')).toHaveText('7,010,600');
    await expect(node(page, 'inc3a/concat').getByTestId('node-shape')).toHaveText('28×28×272');
    // It is no longer a plain Inception module (3a), so closing is refused with the reason ...
    await page.getByRole('button', { name: 'Close inc3a', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'You changed the inside of Inception module · inc3a' })).toBeVisible();
    await expect(page.getByTestId('frame-inc3a')).toBeVisible();
    // ... until the edit is undone.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await expect(page.getByLabel('Total params')).toHaveText('6,998,552');
    await page.getByRole('button', { name: 'Close inc3a', exact: true }).click();
    await expect(page.getByTestId('frame-inc3a')).toHaveCount(0);
    await expect(page.getByLabel('Nodes', { exact: true })).toHaveText('22');
    await expect(page.getByLabel('Total params')).toHaveText('6,998,552');

    // A click on a row of the summary selects that node.
    await page.getByRole('region', { name: 'Layers' }).getByRole('button', { name: 'inc4e', exact: true }).click();
    await expect(page.getByRole('complementary', { name: 'Inspector' }).getByRole('heading', { name: 'Inception module', exact: true })).toBeVisible();
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText('inc4e');
    await expect(node(page, 'inc4e').locator('.lw-node')).toHaveClass(/is-selected/);
  });

  test('drag, wire, shape error, undo, autosave, bad file', async ({ page }) => {
    await fresh(page);
    // A new network: one Input (28×28×1 by default), near the top of the canvas.
    await page.getByRole('button', { name: 'New network' }).click();
    await waitLoaded(page, 2);
    await expect(blockNodes(page)).toHaveCount(1);
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no canvas');
    const cx = pane.width / 2;

    // Drag a Conv2D from the palette below it (away from the canvas's edges, where React Flow
    // pans while a wire is drawn).
    await dragFromPalette(page, 'Conv2D', cx - 150, 250);
    await expect(blockNodes(page)).toHaveCount(2);
    const conv = node(page, 'conv2d_1');
    await expect(conv.getByTestId('node-shape')).toHaveText('?'); // not wired yet

    // Wire the input into it: a 3×3 "same" conv with 32 filters on 28×28×1 gives 28×28×32.
    await wire(page, 'input', 'conv2d_1');
    await expect(conv.getByTestId('node-shape')).toHaveText('28×28×32');
    await expect(page.locator('.react-flow__edge[data-id="input->conv2d_1:0"] text')).toHaveText('28×28×1');
    // Its params: 3×3×1×32 + 32 = 320.
    await conv.click();
    await expect(page.getByTestId('inspector-formula')).toHaveText('3×3×1×32 + 32 = 320');

    // A bad value is refused with the reason, and the graph keeps the old one.
    const filters = page.getByRole('spinbutton', { name: 'Filters' });
    await filters.fill('0');
    await expect(page.getByRole('alert').filter({ hasText: 'Filters must be between 1 and 8192' })).toBeVisible();
    await expect(conv.getByTestId('node-shape')).toHaveText('28×28×32');
    await filters.fill('16'); // 3×3×1×16 + 16 = 160
    await expect(page.getByTestId('inspector-formula')).toHaveText('3×3×1×16 + 16 = 160');
    await expect(conv.getByTestId('node-shape')).toHaveText('28×28×16');
    await page.screenshot({ path: `${SHOTS}/dragged-conv.png` });

    // A shape error: a 2×2 max-pool (stride 2) beside it gives 14×14×1, and an Add of the two.
    await dragFromPalette(page, 'MaxPool', cx + 150, 250);
    await wire(page, 'input', 'maxpool_1');
    await expect(node(page, 'maxpool_1').getByTestId('node-shape')).toHaveText('14×14×1');
    await dragFromPalette(page, 'Add', cx, 420);
    await wire(page, 'conv2d_1', 'add_1');
    await wire(page, 'maxpool_1', 'add_1');
    const message = 'Add needs equal shapes: 14×14×1 and 28×28×16';
    const addFace = node(page, 'add_1').locator('.lw-node');
    await expect(addFace).toHaveClass(/has-error/);
    await expect(addFace).toHaveAttribute('title', new RegExp(message));
    await expect(page.locator('.react-flow__edge[data-id="maxpool_1->add_1:1"] .react-flow__edge-path')).toHaveClass(/lw-edge-error/);
    await node(page, 'add_1').click();
    await expect(page.getByTestId('inspector-errors')).toContainText(message);
    await page.screenshot({ path: `${SHOTS}/shape-error.png` });

    // Undo removes the second wire, and with it the shape error (the Add is left waiting for
    // its second input, which analyse says too).
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect(page.locator('.react-flow__edge[data-id="maxpool_1->add_1:1"]')).toHaveCount(0);
    await expect(addFace).not.toHaveAttribute('title', new RegExp(message));
    await expect(addFace).toHaveAttribute('title', /needs at least 2 inputs but has 1/);
    // Redo brings the wire and the error back; undo again.
    await page.keyboard.press('Control+Shift+z');
    await expect(addFace).toHaveAttribute('title', new RegExp(message));
    await page.keyboard.press('Control+z');
    await expect(addFace).not.toHaveAttribute('title', new RegExp(message));

    // Reload: the session comes back from the browser's storage.
    await page.reload();
    await waitLoaded(page, 1);
    await expect(blockNodes(page)).toHaveCount(4);
    await expect(node(page, 'conv2d_1').getByTestId('node-shape')).toHaveText('28×28×16');
    await expect(page.locator('.react-flow__edge[data-id="conv2d_1->add_1:0"]')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge[data-id="maxpool_1->add_1:1"]')).toHaveCount(0);

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
    await expect(blockNodes(page)).toHaveCount(4);
    await page.screenshot({ path: `${SHOTS}/bad-file.png` });
    // Truncated JSON too.
    await page.getByLabel('Open graph file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "layerwise-graph", "nodes": [') });
    await expect(page.getByRole('alert').filter({ hasText: 'cut.json' })).toBeVisible();
    await expect(blockNodes(page)).toHaveCount(4);
  });

  test('drop a block on a wire to insert it; copy, paste and delete', async ({ page }) => {
    await fresh(page);
    // Drop a BatchNorm onto the c1 → s2 wire: c1 → batchnorm_1 → s2.
    const label = page.locator('.react-flow__edge[data-id="c1->s2:0"] .lw-edge-label');
    const box = await label.boundingBox();
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!box || !pane) throw new Error('wire label not on screen');
    await dragFromPalette(page, 'BatchNorm', box.x + box.width / 2 - pane.x, box.y + box.height / 2 - pane.y);
    await expect(page.locator('.react-flow__edge[data-id="c1->batchnorm_1:0"]')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge[data-id="batchnorm_1->s2:0"]')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge[data-id="c1->s2:0"]')).toHaveCount(0);
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

    // Group c1 and its BatchNorm into a block type of this graph: one node, same params.
    await node(page, 'c1').click();
    await node(page, 'batchnorm_1').click({ modifiers: ['Control'] });
    await expect(page.getByRole('heading', { name: '2 nodes selected' })).toBeVisible();
    await page.keyboard.press('Control+g');
    await page.getByRole('textbox', { name: 'Group name' }).fill('ConvBN');
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(node(page, 'convbn_1')).toBeVisible();
    await expect(node(page, 'c1')).toHaveCount(0);
    await expect(blockNodes(page)).toHaveCount(9);
    await expect(page.getByLabel('Total params')).toHaveText('61,730');
    await expect(page.getByRole('region', { name: "This graph's blocks" }).getByRole('button', { name: 'ConvBN', exact: true })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/group.png` });

    // The palette's search narrows the list.
    await page.getByLabel('Search blocks').fill('incep');
    await expect(page.getByRole('button', { name: 'Inception module', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Conv2D', exact: true })).toHaveCount(0);
  });

  test('group layers into a named block, add a copy from the palette, save and reopen', async ({ page }) => {
    await fresh(page);
    await expect(blockNodes(page)).toHaveCount(9);
    // Layers that are not linked to each other cannot be one block: refused with the reason.
    await node(page, 'c1').click();
    await node(page, 'f6').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.getByRole('textbox', { name: 'Group name' }).fill('Apart');
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'not connected to each other' })).toBeVisible();
    await expect(blockNodes(page)).toHaveCount(9);
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    // C3 and S4 of LeNet-5 (conv 5×5×6×16 + 16 = 2,416, pool 0) become one MyBlock node.
    await node(page, 'c3').click();
    await node(page, 's4').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.getByRole('textbox', { name: 'Group name' }).fill('MyBlock');
    await page.getByRole('button', { name: 'OK' }).click();
    const block = node(page, 'myblock_1');
    await expect(block).toBeVisible();
    await expect(block).toContainText('MyBlock');
    await expect(block.getByTestId('node-shape')).toHaveText('5×5×16');
    await expect(blockNodes(page)).toHaveCount(8);
    await expect(page.getByLabel('Total params')).toHaveText('61,706');
    await expect(page.locator('.react-flow__edge[data-id="s2->myblock_1:0"]')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge[data-id="myblock_1->flatten:0"]')).toHaveCount(1);

    // A second copy from the palette's "This graph's blocks", dropped beside the network.
    const own = page.getByRole('region', { name: "This graph's blocks" });
    await own.getByRole('button', { name: 'MyBlock', exact: true }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 60, y: 60 } });
    await expect(node(page, 'myblock_2')).toBeVisible();
    await expect(node(page, 'myblock_2')).toContainText('MyBlock');
    await expect(blockNodes(page)).toHaveCount(9);
    await page.screenshot({ path: `${SHOTS}/custom-block.png` });
    // The autosave keeps the block's definition: a reload brings both copies back.
    await page.reload();
    await waitLoaded(page, 1);
    await expect(blockNodes(page)).toHaveCount(9);
    await expect(node(page, 'myblock_2')).toContainText('MyBlock');
    await expect(page.getByLabel('Total params')).toHaveText('61,706');

    // Double-click opens it like any composite: its two layers inside a frame.
    await block.dblclick();
    await expect(page.getByTestId('frame-myblock_1')).toBeVisible();
    await expect(node(page, 'myblock_1/c3')).toBeVisible();
    await expect(page.getByLabel('Total params')).toHaveText('61,706');
    await page.getByRole('button', { name: 'Close myblock_1', exact: true }).click();
    await expect(page.getByTestId('frame-myblock_1')).toHaveCount(0);
    await expect(block).toBeVisible();

    // Save the file: the definition travels in "blocks"; a fresh LeNet-5, then open the file.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save graph file' }).click();
    const file = await download;
    const text = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
    const saved = JSON.parse(text) as { blocks?: Record<string, { nodes: { id: string }[] }>; nodes: { type: string }[] };
    expect(saved.blocks?.MyBlock?.nodes.map((n) => n.id)).toEqual(['c3', 's4']);
    expect(saved.nodes.filter((n) => n.type === 'MyBlock')).toHaveLength(2);
    await loadPreset(page, 'LeNet-5', 1);
    await expect(blockNodes(page)).toHaveCount(9);
    await page.getByLabel('Open graph file').setInputFiles({ name: 'myblock.layerwise.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await waitLoaded(page, 3);
    await expect(blockNodes(page)).toHaveCount(9);
    await expect(node(page, 'myblock_1')).toContainText('MyBlock');
    await expect(node(page, 'myblock_2')).toBeVisible();
    await expect(page.getByRole('region', { name: "This graph's blocks" }).getByRole('button', { name: 'MyBlock', exact: true })).toBeVisible();
  });

  test('rename and delete a block type from the palette\'s block menu', async ({ page }) => {
    await fresh(page);
    // C3 and S4 become MyBlock (myblock_1); a second copy, unwired, from the palette.
    await node(page, 'c3').click();
    await node(page, 's4').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.getByRole('textbox', { name: 'Group name' }).fill('MyBlock');
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(node(page, 'myblock_1')).toBeVisible();
    const own = page.getByRole('region', { name: "This graph's blocks" });
    await own.getByRole('button', { name: 'MyBlock', exact: true }).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 60, y: 60 } });
    await expect(node(page, 'myblock_2')).toBeVisible();

    // Rename: a built-in name is refused in the dialog, which stays open; a good one renames the
    // type and both copies.
    await own.getByRole('button', { name: 'More for MyBlock' }).click();
    await expect(page.getByRole('menu', { name: 'Block MyBlock' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/block-menu.png` });
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const nameBox = page.getByRole('textbox', { name: 'New name for the block "MyBlock"' });
    await nameBox.fill('Conv2D');
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('dialog').getByRole('alert')).toHaveText('"Conv2D" is a built-in block; choose another name for yours');
    await nameBox.fill('Feature stage');
    await page.screenshot({ path: `${SHOTS}/block-rename.png` });
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(own.getByRole('button', { name: 'Feature stage', exact: true })).toBeVisible();
    await expect(own.getByRole('button', { name: 'MyBlock', exact: true })).toHaveCount(0);
    await expect(node(page, 'myblock_1')).toContainText('Feature stage');
    await expect(node(page, 'myblock_2')).toContainText('Feature stage');
    await expect(page.getByLabel('Total params')).toHaveText('61,706');

    // Delete while two nodes use it: asked first, naming them; its copies become its layers.
    await own.getByRole('button', { name: 'More for Feature stage' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Delete the block "Feature stage"?' });
    await expect(ask).toContainText("2 nodes use it: 'myblock_1', 'myblock_2'.");
    await page.screenshot({ path: `${SHOTS}/block-delete.png` });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(node(page, 'myblock_1')).toBeVisible();
    await own.getByRole('button', { name: 'More for Feature stage' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Delete and keep the layers' }).click();
    await expect(page.getByRole('region', { name: "This graph's blocks" })).toHaveCount(0);
    await expect(node(page, 'myblock_1')).toHaveCount(0);
    // The first copy gets the layers' own ids back; the second's are named after it.
    await expect(node(page, 'c3')).toContainText('Conv 5×5, 16');
    await expect(node(page, 's4').getByTestId('node-shape')).toHaveText('5×5×16');
    await expect(node(page, 'myblock_2_c3')).toBeVisible();
    await expect(page.locator('.react-flow__edge[data-id="s2->c3:0"]')).toHaveCount(1);
    await expect(page.locator('.react-flow__edge[data-id="s4->flatten:0"]')).toHaveCount(1);
    await expect(page.getByLabel('Total params')).toHaveText('61,706');
    await page.screenshot({ path: `${SHOTS}/block-deleted.png` });
    // Undo brings the block type back, with both copies.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await expect(node(page, 'myblock_1')).toContainText('Feature stage');
    await expect(node(page, 'myblock_2')).toBeVisible();
  });

  test('paste into a new graph brings the block definition along', async ({ page }) => {
    await fresh(page);
    await node(page, 'c3').click();
    await node(page, 's4').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.getByRole('textbox', { name: 'Group name' }).fill('MyBlock');
    await page.getByRole('button', { name: 'OK' }).click();
    await node(page, 'myblock_1').click();
    await page.keyboard.press('Control+c');
    await page.getByRole('button', { name: 'New network' }).click();
    await waitLoaded(page, 2);
    await expect(page.getByRole('region', { name: "This graph's blocks" })).toHaveCount(0);
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+v');
    await expect(node(page, 'myblock_1')).toContainText('MyBlock');
    await expect(page.getByRole('region', { name: "This graph's blocks" }).getByRole('button', { name: 'MyBlock', exact: true })).toBeVisible();
    // Wired after the new Input (28×28×1): conv 5×5 "valid" with 16 filters gives 24×24×16 and
    // 5×5×1×16 + 16 = 416 params; the 2×2 pool halves it to 12×12×16.
    await wire(page, 'input', 'myblock_1');
    await expect(node(page, 'myblock_1').getByTestId('node-shape')).toHaveText('12×12×16');
    await expect(page.getByLabel('Total params')).toHaveText('416');
    await page.screenshot({ path: `${SHOTS}/paste-block.png` });
    // The definition is part of this graph now: it comes back with the autosave.
    await page.reload();
    await waitLoaded(page, 1);
    await expect(node(page, 'myblock_1').getByTestId('node-shape')).toHaveText('12×12×16');
  });

  test('Ctrl+S runs the save action, with no button to click', async ({ page }) => {
    await fresh(page);
    // Take the toolbar's Save button out of the page: the shortcut must not need it.
    await page.evaluate(() => document.querySelector('[aria-label="Save graph file"]')?.remove());
    await expect(page.getByRole('button', { name: 'Save graph file' })).toHaveCount(0);
    const download = page.waitForEvent('download');
    await page.keyboard.press('Control+s');
    const file = await download;
    expect(file.suggestedFilename()).toBe('lenet-5.layerwise.json');
    const text = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
    expect((JSON.parse(text) as { nodes: unknown[] }).nodes).toHaveLength(9);
  });

  test('groups and "My blocks" saved by the previous version become blocks of the graph', async ({ page }) => {
    // What that version left in the browser's storage (tests/fixtures/legacy).
    const fixtures = path.resolve(__dirname, '../fixtures/legacy');
    const autosave = readFileSync(path.join(fixtures, 'autosave-with-user-groups.json'), 'utf8');
    const library = readFileSync(path.join(fixtures, 'my-blocks-library.json'), 'utf8');
    // Written from a page of the app's origin where no editor runs: an editor page still opening
    // its first preset could autosave over them, or adopt the old blocks before the reload.
    await page.goto('/mnist/manifest.json');
    await page.evaluate(([a, l]) => { localStorage.clear(); localStorage.setItem('layerwise.autosave.v1', a!); localStorage.setItem('layerwise.library.v1', l!); }, [autosave, library]);
    await page.goto('/');
    await waitLoaded(page, 1);
    const own = page.getByRole('region', { name: "This graph's blocks" });
    await expect(own.getByRole('button', { name: 'Conv pool', exact: true })).toBeVisible();
    await expect(own.getByRole('button', { name: 'Stem v2', exact: true })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'are now blocks of this graph' })).toContainText('Stem v2 (was "Stem (v2)")');
    // The network is as it was: 13 nodes, LeNet-5's 61,706 + the copy of C3 (2,416).
    await expect(blockNodes(page)).toHaveCount(13);
    await expect(page.getByLabel('Total params')).toHaveText('64,122');
    await expect(page.locator('.lw-frame')).toHaveCount(0);
    await own.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/old-blocks.png` });
    // Once: My blocks are gone from the storage, and a reload says nothing more.
    expect(await page.evaluate(() => localStorage.getItem('layerwise.library.v1'))).toBeNull();
    await page.reload();
    await waitLoaded(page, 1);
    await expect(own.getByRole('button', { name: 'Conv pool', exact: true })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'are now blocks of this graph' })).toHaveCount(0);
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

    // Save writes the documented file format; opening it again gives the same network.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save graph file' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('vgg-16.layerwise.json');
    const text = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
    const saved = JSON.parse(text) as { format: string; version: number; nodes: unknown[] };
    expect(saved.format).toBe('layerwise-graph');
    expect(saved.version).toBe(1);
    expect(saved.nodes).toHaveLength(25); // VGG-16: input, 13 conv, 5 pool, flatten, 3 dense, 2 dropout
    await loadPreset(page, 'LeNet-5', 3);
    await page.getByLabel('Open graph file').setInputFiles({ name: 'vgg-16.layerwise.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await waitLoaded(page, 5);
    await expect(page.getByLabel('Total params')).toHaveText('138,357,544');

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: `${SHOTS}/dark.png` });
  });
});

test('the Train button opens the training panel for the graph being edited', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await fresh(page);
  await loadPreset(page, 'Mini ResNet', 1);
  await page.getByRole('link', { name: 'Train ▸' }).click();
  await expect(page).toHaveURL(/\/train$/);
  // The panel trains the autosaved graph: Mini ResNet's 32×32×3 input, 10 classes.
  await expect(page.getByRole('heading', { name: /^Train Mini ResNet/ })).toBeVisible();
  await expect(page.getByText(/takes 32×32×3/).first()).toBeVisible();
});
