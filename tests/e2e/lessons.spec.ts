/**
 * Lessons, live experiments, Compare runs, challenges and presentation mode, end to end in
 * Chromium against the production build: a lesson's check turning done on the real editor
 * state, the sigmoid-vs-ReLU experiment trained for its few hundred steps in two workers (two
 * curves with their points), a lesson in 简体中文, stepping with the keyboard in presentation mode.
 *
 * Screenshots go to /tmp/shots/lessons-*.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { EXPERIMENT_STEPS } from '../../lib/experiments/pairs';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/lessons-${name}.png`, fullPage: true });

test.describe('lessons', () => {
  test('a step\'s check turns done once its preset is open in the editor; Next/Previous step and the arrow keys step', async ({ page }) => {
    await page.goto('/lessons/lenet?step=2');
    const check = page.getByTestId('step-check');
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Open LeNet-5');
    await expect(check).toHaveAttribute('data-done', 'false');
    await expect(check).toContainText('No network in the editor yet');

    await page.getByRole('link', { name: 'Open LeNet-5 in the editor' }).click();
    await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('.lw-model-name')).toHaveText('LeNet-5');
    await page.goBack();
    await expect(check).toHaveAttribute('data-done', 'true');
    await expect(check).toContainText('Your network has 61,706 parameters (goal: 61,706)');
    await shot(page, 'check-done');

    await page.getByRole('button', { name: 'Next step', exact: true }).click();
    await expect(page.getByText('Step 3 of 3')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Next step', exact: true })).toBeDisabled();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByText('Step 1 of 3')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Previous step', exact: true })).toBeDisabled();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step', 'load');
    // The step is in the address: a reload stays on it.
    await page.reload();
    await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step', 'load');
  });

  test('sigmoid vs ReLU trains both networks side by side and draws two curves; the runs are kept to compare', async ({ page }) => {
    test.setTimeout(420_000);
    await page.goto('/experiments/relu-vs-sigmoid');
    const exp = page.getByTestId('experiment-relu-vs-sigmoid');
    await exp.getByRole('button', { name: 'Run both' }).click();
    for (const arm of ['a', 'b']) {
      await expect(exp.getByTestId(`arm-${arm}-phase`)).toHaveAttribute('data-phase', 'done', { timeout: 360_000 });
      await expect(exp.getByTestId(`arm-${arm}-test`)).toContainText('Test accuracy');
    }
    for (const chart of ['exp-relu-vs-sigmoid-loss', 'exp-relu-vs-sigmoid-accuracy']) {
      const curves = page.getByTestId(chart).locator('path[data-series]');
      await expect(curves).toHaveCount(2);
      const series = await curves.evaluateAll((ps) => ps.map((p) => ({ name: p.getAttribute('data-series'), points: Number(p.getAttribute('data-points')), d: p.getAttribute('d') })));
      expect(series.map((s) => s.name)).toEqual(['sigmoid', 'ReLU']);
      for (const s of series) expect(s.points).toBeGreaterThanOrEqual(EXPERIMENT_STEPS);
      // Two different curves, not one drawn twice.
      expect(series[0]!.d).not.toBe(series[1]!.d);
    }
    await shot(page, 'relu-vs-sigmoid');

    // Both runs are in the log: Compare runs overlays them and sets their settings side by side.
    await page.goto('/experiments/runs');
    await expect(page.getByTestId('runs-loss').locator('path[data-series]')).toHaveCount(2);
    await expect(page.getByTestId('runs-settings')).toContainText('Small CNN, ReLU');
    await expect(page.getByTestId('runs-settings')).toContainText('Small CNN, sigmoid');
    await shot(page, 'runs');
    // And the AlexNet lesson's ReLU step sees it done.
    await page.goto('/lessons/alexnet?step=2');
    await expect(page.getByTestId('step-check')).toHaveAttribute('data-done', 'true');
  });

  test('a run of the Train page is recorded: Compare runs shows it and the lesson step that asked for it is done', async ({ page }) => {
    test.setTimeout(240_000);
    await page.goto('/train?preset=lenet5&dataset=mnist');
    await page.getByTestId('epochs').fill('1');
    await page.getByTestId('augment').check();
    await page.getByTestId('backend-choice').selectOption('wasm');
    await page.getByTestId('start').click();
    await expect(page.getByTestId('phase')).toHaveAttribute('data-phase', 'training', { timeout: 120_000 });
    await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('stop').click();
    await expect(page.getByTestId('results')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });

    await page.goto('/experiments/runs');
    const settings = page.getByTestId('runs-settings');
    await expect(settings).toContainText('LeNet-5');
    await expect(settings.getByRole('row', { name: /Augmentation/ })).toContainText('yes');
    await expect(page.getByTestId('runs-loss').locator('path[data-series]')).toHaveCount(1);
    await page.goto('/lessons/alexnet?step=5');
    await expect(page.getByTestId('step-check')).toHaveAttribute('data-done', 'true');
  });

  test('switching to 简体中文 shows a lesson in Chinese', async ({ page }) => {
    await page.goto('/lessons/vgg');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('VGG: stacked 3×3 convolutions');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('VGG：堆叠的 3×3 卷积');
    await expect(page.getByRole('button', { name: '下一步', exact: true })).toBeVisible();
    await expect(page.getByText('第 1 步，共 2 步')).toBeVisible();
    await shot(page, 'zh');
  });

  test('presentation mode: P switches it, the lesson steps with the keyboard, the choice is remembered', async ({ page }) => {
    await page.goto('/lessons/resnet');
    const html = page.locator('html');
    await expect(html).not.toHaveAttribute('data-present', 'on');
    // The toggle is enabled once the page listens for P (a key pressed before that is not heard).
    await expect(page.getByRole('button', { name: 'Presentation mode' })).toBeEnabled();
    await page.keyboard.press('p');
    await expect(html).toHaveAttribute('data-present', 'on');
    await expect(page.getByRole('button', { name: 'Presentation mode' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('lesson-step')).toHaveAttribute('data-step', 'skips');
    // The live experiment is there in presentation mode too.
    await expect(page.getByTestId('experiment-skips').getByRole('button', { name: 'Run both' })).toBeVisible();
    await shot(page, 'present');
    await page.goto('/');
    await expect(html).toHaveAttribute('data-present', 'on');
    await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');
    await shot(page, 'present-editor');
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await expect(html).not.toHaveAttribute('data-present', 'on');
  });
});
