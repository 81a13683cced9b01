import { expect, test, type Page } from '@playwright/test';

const SHOTS = process.env.LAYERWISE_SHOTS ?? 'test-results/shots';

async function editorReady(page: Page): Promise<void> {
  await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');
}

test.describe('history and comparison', () => {
  test('the timeline is a named image with its data in a table; clicking ResNet opens ResNet-50 in the editor', async ({ page }) => {
    await page.goto('/history');
    const chart = page.getByRole('img', { name: 'ILSVRC top-5 error by year' });
    await expect(chart).toBeVisible();
    const table = page.getByRole('table', { name: /ILSVRC classification/ });
    await expect(table.getByRole('row', { name: /2015.*MSRA.*ResNet.*3\.57%/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /Human reference.*5\.1%/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/history-error.png`, fullPage: true });

    // The points are links laid over the image, so they take the keyboard's focus.
    const resnet = page.getByRole('link', { name: /^ResNet \(MSRA\), 2015: 3\.57% top-5 error/ });
    await resnet.focus();
    await expect(resnet).toBeFocused();

    await page.getByRole('radio', { name: 'Size, cost and accuracy' }).check();
    await expect(page.getByRole('img', { name: 'Parameters, multiply-adds and ImageNet accuracy of each model' })).toBeVisible();
    const resnetRow = page.getByRole('table', { name: /Every full-size preset/ }).getByRole('row').filter({ has: page.getByRole('link', { name: 'Open ResNet-50 in the editor' }) });
    await expect(resnetRow).toHaveText(/2015\s*25,557,032\s*4,089,184,256\s*50\s*76\.13%/);
    await page.screenshot({ path: `${SHOTS}/history-size.png`, fullPage: true });

    await page.getByRole('radio', { name: 'Top-5 error by year' }).check();
    await page.getByRole('link', { name: /^ResNet \(MSRA\), 2015/ }).click();
    await expect(page).toHaveURL(/\/$/);
    await editorReady(page);
    // ResNet-50's published count (torchvision): 25,557,032 trainable parameters.
    await expect(page.getByLabel('Trainable params', { exact: true })).toHaveText('25,557,032');
    await page.screenshot({ path: `${SHOTS}/history-resnet50-editor.png` });
  });

  test('LeNet-5 against AlexNet: the deltas worked out from the published counts, and Next model walks on', async ({ page }) => {
    await page.goto('/compare?a=lenet5&b=alexnet');
    const region = page.getByRole('region', { name: 'Compare models' });
    await expect(region).toBeVisible();
    const row = (name: string) => region.getByRole('row', { name: new RegExp(`^${name}`) });
    // Params: AlexNet 60,965,224 − LeNet-5 61,706 = +60,903,518 (60,965,224 / 61,706 = 988.0).
    await expect(row('Parameters')).toContainText('61,706');
    await expect(row('Parameters')).toContainText('60,965,224');
    await expect(row('Parameters')).toContainText('+60,903,518 (×988)');
    // MACs: 724,406,816 − 416,520 = +723,990,296 (×1,740: 724,406,816 / 416,520 = 1739.2).
    await expect(row('Multiply-adds')).toContainText('+723,990,296 (×1,740)');
    // Depth: 2 conv + 3 dense = 5 against 5 conv + 3 dense = 8.
    await expect(row('Depth')).toContainText('+3');
    // Receptive field of the last map: 16 px against 195 px.
    await expect(row('Receptive field')).toContainText('+179 px');
    // AlexNet's first conv is LeNet's C1 changed (kernel 5 → 11, stride 1 → 4), on both columns.
    await expect(region.locator('[data-side="a"][data-block="c1"]')).toHaveAttribute('data-status', 'changed');
    await expect(region.locator('[data-side="b"][data-block="conv1"]')).toContainText('kernel 5 → 11');
    await expect(region.locator('[data-side="b"][data-block="conv3"]')).toHaveAttribute('data-status', 'added');
    await expect(region.getByText(/Krizhevsky, Sutskever & Hinton/)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/compare-lenet-alexnet.png`, fullPage: true });

    await region.getByRole('button', { name: /Next model/ }).click();
    await expect(page).toHaveURL(/a=alexnet&b=zfnet/);
    await expect(region.getByText('Step 2 of 9: AlexNet → ZFNet')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(region.getByText('Step 3 of 9: ZFNet → VGG-16')).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(region.getByText('Step 1 of 9: LeNet-5 → AlexNet')).toBeVisible();
  });

  test('LeNet-5 against AlexNet on two canvases: a changed block lit on both sides with its change, an added block only on B', async ({ page }) => {
    await page.goto('/compare?a=lenet5&b=alexnet');
    const region = page.getByRole('region', { name: 'Compare models' });
    const canvasA = region.getByRole('region', { name: 'LeNet-5 (A)' });
    const canvasB = region.getByRole('region', { name: 'AlexNet (B)' });
    // Every top-level node drawn: LeNet-5 has 9 (input, 2 conv, 2 pool, flatten, 3 dense), AlexNet 17.
    await expect(canvasA.locator('.react-flow__node')).toHaveCount(9);
    await expect(canvasB.locator('.react-flow__node')).toHaveCount(17);
    const c1 = canvasA.locator('[data-canvas-node="c1"]');
    const conv1 = canvasB.locator('[data-canvas-node="conv1"]');
    // C1 became conv1: changed on both sides, kernel and stride on the faces.
    await expect(c1).toHaveAttribute('data-status', 'changed');
    await expect(conv1).toHaveAttribute('data-status', 'changed');
    await expect(c1).toContainText('Conv 5×5, 6');
    await expect(conv1).toContainText('Conv 11×11, 96, s4');
    await expect(conv1).toContainText('changed');
    // The change shows while the pair is lit, on both canvases (changes in the order of their names).
    const change = 'filters 6 → 96 · kernel 5 → 11 · stride 1 → 4';
    await expect(conv1.getByText(change)).toBeHidden();
    await c1.hover();
    await expect(c1).toHaveAttribute('data-lit', 'true');
    await expect(conv1).toHaveAttribute('data-lit', 'true');
    await expect(c1.getByText(change)).toBeVisible();
    await expect(conv1.getByText(change)).toBeVisible();
    await expect(canvasB.locator('[data-lit="true"]')).toHaveCount(1);
    const lit = region.getByTestId('lit-pair');
    await expect(lit).toHaveAttribute('data-status', 'changed');
    await expect(lit).toContainText(change);
    await page.screenshot({ path: `${SHOTS}/compare-canvases-lit.png`, fullPage: true });

    // conv3 is AlexNet's own: added on B, and A has no added block at all.
    const conv3 = canvasB.locator('[data-canvas-node="conv3"]');
    await expect(conv3).toHaveAttribute('data-status', 'added');
    await expect(conv3).toContainText('added');
    await expect(canvasA.locator('[data-status="added"]')).toHaveCount(0);
    await expect(canvasA.locator('[data-canvas-node="conv3"]')).toHaveCount(0);
    await conv3.hover();
    await expect(lit).toHaveAttribute('data-status', 'added');
    await expect(canvasA.locator('[data-lit="true"]')).toHaveCount(0);

    // By keyboard: the blocks are in the tab order; focus lights the pair, Enter keeps it lit.
    await page.mouse.move(0, 0);
    await canvasB.getByRole('group', { name: /^input: / }).focus();
    await page.keyboard.press('Tab');
    await expect(canvasB.getByRole('group', { name: /^conv1: Conv 11×11, 96, s4.*changed; its counterpart is c1 in LeNet-5 \(A\)/ })).toBeFocused();
    await expect(c1).toHaveAttribute('data-lit', 'true');
    const fc8 = canvasB.getByRole('group', { name: /^fc8: / });
    await fc8.focus();
    await page.keyboard.press('Enter');
    await expect(canvasA.locator('[data-canvas-node="output"]')).toHaveAttribute('data-lit', 'true');
    await region.getByRole('button', { name: /Next model/ }).focus();
    // Chosen, so still lit with the focus elsewhere: Dense 10 → 1,000 units.
    await expect(canvasA.locator('[data-canvas-node="output"]')).toHaveAttribute('data-lit', 'true');
    await expect(lit).toContainText('units 10 → 1,000');
  });

  test('presentation mode: P switches it on /compare (canvases linked) and on /history, and off again', async ({ page }) => {
    await page.goto('/compare?a=alexnet&b=zfnet');
    const html = page.locator('html');
    const region = page.getByRole('region', { name: 'Compare models' });
    const canvasA = region.getByRole('region', { name: 'AlexNet (A)' });
    const canvasB = region.getByRole('region', { name: 'ZFNet (B)' });
    await expect(canvasB.locator('.react-flow__node')).toHaveCount(18);
    await expect(html).not.toHaveAttribute('data-present', 'on');
    // The toggle is enabled once the page listens for P (a key pressed before that is not heard).
    await expect(page.getByRole('button', { name: 'Presentation mode' })).toBeEnabled();
    await page.keyboard.press('p');
    await expect(html).toHaveAttribute('data-present', 'on');
    await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute('aria-pressed', 'true');
    // ZFNet's answer to AlexNet's coarse first layer: 11×11 stride 4 → 7×7 stride 2, lit on both sides.
    const conv1 = canvasB.locator('[data-canvas-node="conv1"]');
    await conv1.hover();
    await expect(canvasA.locator('[data-canvas-node="conv1"]')).toHaveAttribute('data-lit', 'true');
    await expect(conv1.getByText('kernel 11 → 7 · stride 4 → 2')).toBeVisible();
    await expect(region.getByRole('row', { name: /^Parameters/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/compare-present.png`, fullPage: true });
    await page.mouse.move(0, 0);
    // The keys still step the walk in presentation mode.
    await page.keyboard.press('ArrowRight');
    await expect(region.getByText('Step 3 of 9: ZFNet → VGG-16')).toBeVisible();

    await page.goto('/history');
    await expect(html).toHaveAttribute('data-present', 'on');
    await expect(page.getByRole('img', { name: 'ILSVRC top-5 error by year' })).toBeVisible();
    await expect(page.getByRole('table', { name: /ILSVRC classification/ }).getByRole('row', { name: /2015.*MSRA.*ResNet.*3\.57%/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/history-present.png`, fullPage: true });
    await expect(page.getByRole('button', { name: 'Presentation mode' })).toBeEnabled();
    await page.keyboard.press('p');
    await expect(html).not.toHaveAttribute('data-present', 'on');
  });

  test('/?preset= opens a preset over the saved session as one undoable step, and leaves the URL', async ({ page }) => {
    await page.goto('/?preset=lenet5');
    await editorReady(page);
    await expect(page.getByLabel('Trainable params', { exact: true })).toHaveText('61,706');
    await page.goto('/?preset=alexnet');
    await editorReady(page);
    await expect(page.getByLabel('Trainable params', { exact: true })).toHaveText('60,965,224');
    await expect(page).toHaveURL(/\/$/);
    // Undo brings back the graph the editor had saved (LeNet-5).
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('Control+z');
    await expect(page.getByLabel('Trainable params', { exact: true })).toHaveText('61,706');
  });

  test('compares the editor\'s own graph with a preset', async ({ page }) => {
    await page.goto('/?preset=lenet5');
    await editorReady(page);
    await page.goto('/compare?a=mine&b=lenet5');
    const region = page.getByRole('region', { name: 'Compare models' });
    await expect(region.getByRole('row', { name: /^Parameters/ })).toContainText('61,706');
    await expect(region.locator('[data-status="changed"], [data-status="added"], [data-status="removed"]')).toHaveCount(0);
  });

  test('in 简体中文 the comparison speaks Chinese and keeps the numbers', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/compare?a=resnet50&b=resnext50_32x4d');
    const region = page.getByRole('region', { name: '比较模型' });
    await expect(region.getByRole('button', { name: /下一个模型/ })).toBeVisible();
    await expect(region.getByText(/基数/)).toBeVisible();
    // The canvases are named and worded in Chinese; ResNet-50's stages stay closed Repeat blocks (11 nodes).
    const canvasB = region.getByRole('region', { name: 'ResNeXt-50 (32×4d)（B）' });
    await expect(canvasB.locator('.react-flow__node')).toHaveCount(11);
    await expect(canvasB.locator('[data-status="changed"]').first()).toContainText('改变');
    await canvasB.locator('[data-status="changed"]').first().hover();
    await expect(region.getByTestId('lit-pair')).toContainText('改变');
    await page.screenshot({ path: `${SHOTS}/compare-zh.png`, fullPage: true });
    await page.goto('/history');
    await expect(page.getByRole('img', { name: 'ILSVRC 逐年 top-5 错误率' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/history-zh.png`, fullPage: true });
    await context.close();
  });
});
