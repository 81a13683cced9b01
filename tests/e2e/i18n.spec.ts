import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Screenshots in both languages, for a person to look at (text must not overflow or clip). */
const SHOTS = '/tmp/shots';

test.describe('languages', () => {
  test('the browser language is the default, the switch changes it, and the choice is remembered', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    const language = page.getByRole('combobox', { name: 'Language' });
    await expect(language).toHaveValue('zh-CN');
    await expect(language).toHaveAccessibleName(/语言/);

    await language.selectOption('en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(language).toHaveAccessibleName('Language');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'NEXT_LOCALE')?.value).toBe('en');

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
    await context.close();
  });

  test('an English browser gets English', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/train?preset=lenet5');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
    await context.close();
  });
});

test.describe('the interface in 简体中文', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the editor — toolbar, palette, inspector of a node, a history card — in Chinese, and back in English', async ({ browser }) => {
    mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');

    // Toolbar and palette.
    await expect(page.getByRole('group', { name: '文件' })).toBeVisible();
    await expect(page.getByRole('button', { name: '保存图文件' })).toHaveText('保存');
    await expect(page.getByRole('link', { name: '训练 ▸' })).toBeVisible();
    const palette = page.getByRole('navigation', { name: '模块' });
    await expect(palette.getByRole('heading', { name: '层' })).toBeVisible();
    await expect(palette.getByRole('button', { name: '残差块' })).toBeVisible();
    await expect(palette.getByRole('button', { name: 'Conv2D', exact: true })).toBeVisible(); // technical names stay
    // The model's inspector shows LeNet-5's history card in Chinese, with its numbers.
    const inspector = page.getByRole('complementary', { name: '检查器' });
    await expect(inspector.getByText('参数量').first()).toBeVisible();
    await expect(inspector.getByText('61,706').first()).toBeVisible();
    await expect(inspector.getByRole('article', { name: 'LeNet-5 的历史' })).toContainText('权重共享的卷积');
    await page.screenshot({ path: path.join(SHOTS, 'i18n-editor-zh.png') });

    // A selected node: its fields, facts and teaching text.
    await page.locator('.react-flow__node[data-id="c1"]').click();
    const node = page.getByRole('region', { name: /^检查器：Conv2D c1/ }).or(page.locator('section[aria-label^="检查器：Conv2D c1"]'));
    await expect(node.getByLabel('滤波器数')).toHaveValue('6');
    await expect(node.getByText('感受野')).toBeVisible();
    await expect(node.getByRole('heading', { name: '关于 Conv2D' })).toBeVisible();
    await expect(node).toContainText('权重在各个位置共享');
    await expect(page.locator('.react-flow__node[data-id="c1"]')).toContainText('参数 156');
    await page.screenshot({ path: path.join(SHOTS, 'i18n-inspector-zh.png') });

    // The preset menu's history cards.
    await page.getByRole('button', { name: '预设' }).click();
    const menu = page.getByRole('dialog', { name: '选择一个预设' });
    await expect(menu.getByText('论文中的完整模型')).toBeVisible();
    await expect(menu.getByRole('button', { name: 'ResNet-50', exact: true })).toBeVisible();
    await expect(menu.getByRole('article', { name: 'ResNet-50 的历史', exact: true })).toContainText('ILSVRC 2015 冠军');
    await page.screenshot({ path: path.join(SHOTS, 'i18n-presets-zh.png') });
    await page.keyboard.press('Escape');

    // Back to English: the same page reads English again, and the choice is remembered.
    await page.getByRole('combobox', { name: /语言/ }).selectOption('en');
    await expect(page.getByRole('group', { name: 'File' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save graph file' })).toHaveText('Save');
    await expect(page.getByRole('navigation', { name: 'Blocks' }).getByRole('button', { name: 'Residual block' })).toBeVisible();
    await page.locator('.react-flow__node[data-id="c1"]').click();
    await expect(page.getByRole('heading', { name: 'About Conv2D' })).toBeVisible();
    await expect(page.getByLabel('Filters')).toHaveValue('6');
    await page.screenshot({ path: path.join(SHOTS, 'i18n-editor-en.png') });
    await context.close();
  });

  test('graph errors in Chinese: a refused file, a shape error on the canvas and in the inspector, a refused value; English again after the switch', async ({ browser }) => {
    mkdirSync(SHOTS, { recursive: true });
    const fixture = (name: string) => path.join(__dirname, '../fixtures/malformed', name);
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');

    // A file with a number in quotes is refused; the line keeps its JSON path and names the
    // param by the label the inspector shows (单元数).
    await page.getByLabel('打开图文件').setInputFiles(fixture('string-for-number.json'));
    const refused = page.getByRole('alert').filter({ hasText: 'string-for-number.json' });
    await expect(refused).toContainText('nodes[4].params.units: Dense \'dense\'：单元数必须是数字，而不是 "10"；请去掉引号："units": 10');
    await page.screenshot({ path: path.join(SHOTS, 'i18n-file-error-zh.png') });
    await refused.getByRole('button').click();

    // A file whose 5×5 kernel meets a 3×3 input opens; the shape error is on the node and in the inspector.
    await page.getByLabel('打开图文件').setInputFiles(fixture('kernel-bigger-than-input.json'));
    const conv = page.locator('.react-flow__node[data-id="conv1"]');
    const shapeError = 'Conv2D 的窗口 5×5 比它的 3×3 输入还大；请用更小的卷积核、填充 "same"，或去掉它前面的一个池化层';
    await expect(conv).toContainText(shapeError);
    await conv.click();
    await expect(page.getByTestId('inspector-errors')).toHaveText(shapeError);
    await page.screenshot({ path: path.join(SHOTS, 'i18n-shape-error-zh.png') });

    // A value out of bounds is refused in the field, in Chinese.
    await page.getByLabel('滤波器数').fill('9000');
    await expect(page.getByRole('alert').filter({ hasText: '滤波器数必须在 1 到 8192 之间，而不是 9000' })).toBeVisible();
    await page.getByLabel('滤波器数').press('Escape');

    // In English the node says what the command line prints for this file.
    await page.getByRole('combobox', { name: /语言/ }).selectOption('en');
    await expect(conv).toContainText('Conv2D window 5×5 is bigger than its 3×3 input; use a smaller kernel, padding "same", or remove a pooling layer before it');
    await context.close();
  });

  test('the Train page in Chinese, and back in English', async ({ browser }) => {
    test.setTimeout(300_000);
    mkdirSync(SHOTS, { recursive: true });
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/train?preset=lenet5');
    const panel = page.getByTestId('train-panel');
    await expect(panel.getByRole('heading', { name: '训练 LeNet-5' })).toBeVisible();
    await expect(panel).toContainText('参数量 61,706');
    await expect(panel.getByRole('group', { name: '数据集' })).toContainText('MNIST 手写数字（内置）');
    await expect(panel.getByText('学习率', { exact: true })).toBeVisible();
    await expect(panel.getByLabel('批大小 (batch size)')).toHaveValue('64');
    await expect(panel.getByTestId('loss')).toContainText('交叉熵');
    await expect(panel.getByTestId('start')).toHaveText('开始');
    await expect(page.getByTestId('phase')).toHaveText('就绪');
    await expect(page.getByTestId('loss-chart')).toContainText('损失');
    await expect(page.getByTestId('tta-help')).toContainText('5 个裁剪');
    await expect(page.getByTestId('look-inside').getByRole('heading', { name: '看看内部', exact: true })).toBeVisible();
    // lib/train's sentences, worded from their keys and values: how MNIST feeds LeNet-5.
    await expect(panel.getByTestId('plan-note')).toHaveText('LeNet-5 接收 32×32×1；MNIST 从 28×28 补边到 32×32（每边 2 个空白像素，与 LeCun 的做法相同）。');

    // The shipped LeNet-5's results: the test-image grid's count and a tile's caption and name.
    await expect(page.getByTestId('shipped-line')).toContainText('随 Layerwise 附带的已训练 LeNet-5：在 MNIST 上 99.40%', { timeout: 60_000 });
    const grid = page.getByTestId('trained-model').getByTestId('test-images');
    await expect(grid.getByTestId('grid-count')).toHaveText('10,000 张测试图像', { timeout: 120_000 });
    await expect(grid.getByRole('button', { name: /^测试图像 0：真实 7 \/ 预测 7，把握 [>\d.]+%。显示它的概率。$/ })).toBeVisible();
    await expect(grid.locator('li').first()).toContainText(/真实 7 \/\s*预测 7/);

    // Look inside: the weights, the picture picker, the node list, and the feature maps of c1.
    const inside = page.getByTestId('look-inside');
    await expect(inside.getByTestId('inside-weights')).toHaveText('随 Layerwise 附带的已训练 LeNet-5：在 MNIST 上 99.40%');
    await expect(inside.getByRole('group', { name: '查看' })).toContainText('MNIST 的一张测试图像');
    await inside.getByRole('group', { name: '模型的节点' }).getByRole('button', { name: /^c1 Conv2D/ }).click();
    await expect(inside.locator('[data-testid="view-status"][data-view="feature-maps"]')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
    await expect(inside.getByText('c1：6 张 28×28 的特征图')).toBeVisible();
    await expect(inside.getByRole('img', { name: 'c1 通道 3', exact: true })).toBeVisible();
    await expect(inside.getByTestId('inside-chosen')).toHaveText(/^已选择：c1（Conv2D，28×28×6）· c1 通道 \d$/);
    await page.screenshot({ path: path.join(SHOTS, 'i18n-train-zh.png'), fullPage: true });
    await inside.screenshot({ path: path.join(SHOTS, 'i18n-inside-zh.png') });

    // The memory guard's refusal, worded from its numbers.
    await page.goto('/train?preset=vgg16');
    await expect(page.getByTestId('blocker')).toContainText(/VGG-16（输入 224×224）在批大小 \d+ 时约需 [\d.]+ GB；这个浏览器只能提供约 [\d.]+ GB。请试试 Mini VGG 预设/);
    await page.goto('/train?preset=lenet5');

    await page.getByRole('combobox', { name: /语言/ }).selectOption('en');
    await expect(panel.getByRole('heading', { name: 'Train LeNet-5' })).toBeVisible();
    await expect(panel.getByTestId('start')).toHaveText('Start');
    await expect(panel.getByLabel('Batch size')).toHaveValue('64');
    await expect(page.getByTestId('phase')).toHaveText('Ready');
    await page.screenshot({ path: path.join(SHOTS, 'i18n-train-en.png'), fullPage: true });
    await context.close();
  });

  test('a data file\'s error in Chinese: a truncated CIFAR file when picked, a corrupt label byte from the training worker', async ({ browser }) => {
    test.setTimeout(180_000);
    // Two 3073-byte CIFAR-10 records of zeros per file; test_batch.bin cut 100 bytes short in one
    // folder, the second record's label byte of data_batch_2.bin set to 200 in the other.
    mkdirSync(SHOTS, { recursive: true });
    const dir = mkdtempSync(path.join(tmpdir(), 'layerwise-cifar-zh-'));
    const names = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];
    for (const set of ['cut', 'bad']) {
      mkdirSync(path.join(dir, set, 'cifar-10-batches-bin'), { recursive: true });
      for (const name of names) {
        const bytes = new Uint8Array(2 * 3073);
        if (set === 'bad' && name === 'data_batch_2.bin') bytes[3073] = 200;
        writeFileSync(path.join(dir, set, 'cifar-10-batches-bin', name), set === 'cut' && name === 'test_batch.bin' ? bytes.subarray(0, 2 * 3073 - 100) : bytes);
      }
    }
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto('/train?preset=mini_vgg');
      await page.getByText('CIFAR-10（你的文件）').click();
      await page.getByTestId('cifar-folder').setInputFiles(path.join(dir, 'cut', 'cifar-10-batches-bin'));
      await expect(page.getByTestId('blocker')).toHaveText('test_batch.bin 不是整数条 3,073 字节的 CIFAR-10 记录：共 6,046 字节；' +
        '第 2 条记录从字节偏移 3,073 开始，只有 3,073 字节中的 2,973 字节。它被截断了，或者不是 CIFAR 二进制文件：请重新下载。');

      await page.getByTestId('cifar-folder').setInputFiles(path.join(dir, 'bad', 'cifar-10-batches-bin'));
      await expect(page.getByTestId('blocker')).toHaveCount(0);
      await page.getByTestId('backend-choice').selectOption('wasm');
      await page.getByTestId('start').click();
      await expect(page.getByTestId('run-error')).toHaveAttribute('data-kind', 'data', { timeout: 60_000 });
      await expect(page.getByTestId('run-error')).toContainText('data_batch_2.bin 在字节偏移 3,073 处损坏（第 2 条记录）：它的标签字节是 200，但标签的范围是 0 到 9。请重新下载 CIFAR-10 的二进制版本。');
      await page.screenshot({ path: path.join(SHOTS, 'i18n-data-error-zh.png'), fullPage: true });
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
