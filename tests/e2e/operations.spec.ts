/**
 * "How this layer computes", end to end in Debian's Chromium against the production build, with the
 * trained LeNet-5 that ships with the app:
 * - C1 (one input channel): the products and the bias shown add up to the value shown, the value
 *   is ReLU of it and equals what tfjs computed; Step, the keyboard on the slider, Play and Pause
 *   move the window; the output-size formula with C1's numbers;
 * - C3 (six input channels): the per-channel sums add up; S2's max; the output's softmax;
 * - the editor: the inspector's worked formula, also under a shape error, and its link to the view;
 * - 简体中文.
 *
 * Screenshots go to /tmp/shots/operations-*.png.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/operations-${name}.png`, fullPage: true });
/** The region alone, at full size, to read its numbers. */
const regionShot = (l: Locator, name: string) => l.screenshot({ path: `${SHOTS}/operations-${name}-region.png` });

/** A number as the view shows it in English ("1,234.5", "-0.25"). */
function parse(text: string | null): number {
  const v = Number((text ?? '').trim().replace(/,/g, '').replace('−', '-'));
  if (!Number.isFinite(v)) throw new Error(`not a number: '${text}'`);
  return v;
}
async function numbers(l: Locator): Promise<number[]> {
  return (await l.allTextContents()).map(parse);
}
async function number(l: Locator): Promise<number> {
  return parse(await l.textContent());
}

function region(page: Page): Locator {
  return page.getByRole('region', { name: 'How this layer computes' });
}

/** The products and bias shown add up to z, and the value shown is ReLU(z) and what tfjs computed. */
async function checkConvSum(ops: Locator, products: number): Promise<{ z: number; value: number }> {
  const shown = await numbers(ops.getByTestId('op-product'));
  expect(shown).toHaveLength(products);
  const bias = await number(ops.getByTestId('op-bias'));
  const z = await number(ops.getByTestId('op-z'));
  const value = await number(ops.getByTestId('op-value'));
  // Each product is shown to 4 decimals: 25 of them differ from their sum by at most 25 × 0.00005.
  expect(Math.abs(shown.reduce((a, b) => a + b, 0) + bias - z)).toBeLessThan(0.002);
  expect(value).toBeCloseTo(Math.max(0, z), 3);
  const actual = parse((await ops.getByTestId('op-actual').textContent())!.replace(/^\(tfjs computed /, '').replace(/\)$/, ''));
  expect(actual).toBeCloseTo(value, 3);
  return { z, value };
}

test.describe('how this layer computes', () => {
  test('LeNet-5\'s C1: one output value as the sum of the products shown plus the bias, stepped, played and scrubbed', async ({ page }) => {
    test.setTimeout(240_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto('/train?preset=lenet5&node=c1&ops=1');
    const ops = region(page);
    await expect(ops.getByTestId('op-value')).toBeVisible({ timeout: 90_000 });

    await test.step('the output-size formula with C1\'s numbers', async () => {
      await expect(ops.getByTestId('output-size-formula')).toHaveText('⌊(32 − 5 + 2·0) / 1⌋ + 1 = ⌊27 / 1⌋ + 1 = 27 + 1 = 28');
    });

    await test.step('the strongest output of channel 0: 25 products + bias = z, ReLU(z) = the value tfjs computed', async () => {
      const { value } = await checkConvSum(ops, 25);
      expect(value).toBeGreaterThan(0);
      await shot(page, 'c1');
      await regionShot(ops, 'c1');
    });

    const scrub = ops.getByRole('slider', { name: 'Position' });
    const windowBox = ops.getByTestId('op-window');
    await test.step('Step moves the window one position right; the sum still holds', async () => {
      const before = Number(await scrub.inputValue());
      const left = await windowBox.evaluate((el) => parseFloat((el as HTMLElement).style.left));
      await ops.getByRole('button', { name: 'Step ▸' }).click();
      await expect(scrub).toHaveValue(String(before + 1));
      if ((before + 1) % 28 !== 0) expect(await windowBox.evaluate((el) => parseFloat((el as HTMLElement).style.left))).toBeGreaterThan(left);
      await checkConvSum(ops, 25);
    });

    await test.step('the slider by keyboard: Home is output (0, 0), in the padding-free corner where every input is 0', async () => {
      await scrub.focus();
      await page.keyboard.press('Home');
      await expect(scrub).toHaveValue('0');
      await expect(scrub).toHaveAttribute('aria-valuetext', /^Output \(0, 0\), channel \d$/);
      const { z } = await checkConvSum(ops, 25);
      // MNIST's corner is background (0): z is the bias alone.
      expect(z).toBeCloseTo(await number(ops.getByTestId('op-bias')), 3);
      await page.keyboard.press('ArrowRight');
      await expect(scrub).toHaveValue('1');
    });

    await test.step('Play advances on its own; Pause stops it', async () => {
      await ops.getByRole('button', { name: 'Play' }).click();
      await expect(scrub).not.toHaveValue('1');
      await ops.getByRole('button', { name: 'Pause' }).click();
      const stopped = await scrub.inputValue();
      await page.waitForTimeout(1500);
      await expect(scrub).toHaveValue(stopped);
      await checkConvSum(ops, 25);
    });
    await test.step('with prefers-reduced-motion the window jumps instead of gliding', async () => {
      expect(await windowBox.evaluate((el) => getComputedStyle(el).transitionDuration)).not.toBe('0s');
      await page.emulateMedia({ reducedMotion: 'reduce' });
      expect(await windowBox.evaluate((el) => getComputedStyle(el).transitionDuration)).toBe('0s');
    });
    expect(errors).toEqual([]);
  });

  test('C3\'s six channels, S2\'s max and the output\'s softmax', async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto('/train?preset=lenet5&node=c3&ops=1');
    const ops = region(page);
    await expect(ops.getByTestId('op-value')).toBeVisible({ timeout: 90_000 });

    await test.step('C3: six partial sums + bias = z; the products shown are one channel\'s 25', async () => {
      const partials = await numbers(ops.getByTestId('op-partials').getByTestId('op-partial'));
      expect(partials).toHaveLength(6);
      const bias = await number(ops.getByTestId('op-bias'));
      const z = await number(ops.getByTestId('op-z'));
      expect(Math.abs(partials.reduce((a, b) => a + b, 0) + bias - z)).toBeLessThan(0.002);
      const products = await numbers(ops.getByTestId('op-product'));
      expect(products).toHaveLength(25);
      expect(Math.abs(products.reduce((a, b) => a + b, 0) - partials[0]!)).toBeLessThan(0.002);
      // Another input channel's products add up to its own partial sum.
      await ops.getByTestId('op-partials').getByRole('button', { name: '3', exact: true }).click();
      const third = await numbers(ops.getByTestId('op-product'));
      expect(Math.abs(third.reduce((a, b) => a + b, 0) - partials[3]!)).toBeLessThan(0.002);
      await expect(ops.getByTestId('output-size-formula')).toHaveText('⌊(14 − 5 + 2·0) / 1⌋ + 1 = ⌊9 / 1⌋ + 1 = 9 + 1 = 10');
      await shot(page, 'c3');
      await regionShot(ops, 'c3');
    });

    const look = page.getByRole('region', { name: 'Look inside' });
    await test.step('S2: the value is the largest of the four in its window', async () => {
      await look.getByRole('button', { name: /^s2 MaxPool/ }).click();
      await expect(ops.getByTestId('op-window-value')).toHaveCount(4);
      await expect(ops.getByTestId('output-size-formula')).toHaveText('⌊(28 − 2 + 2·0) / 2⌋ + 1 = ⌊26 / 2⌋ + 1 = 13 + 1 = 14');
      const window = await numbers(ops.getByTestId('op-window-value'));
      expect(window).toHaveLength(4);
      expect(await number(ops.getByTestId('op-value'))).toBeCloseTo(Math.max(...window), 4);
    });

    await test.step('the output: softmax of the logits, probabilities summing to 1', async () => {
      await look.getByRole('button', { name: /^output Dense/ }).click();
      await expect(ops.getByTestId('op-softmax').getByTestId('op-probability')).toHaveCount(10);
      const probabilities = await numbers(ops.getByTestId('op-softmax').getByTestId('op-probability'));
      expect(probabilities).toHaveLength(10);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      expect(await number(ops.getByTestId('op-value'))).toBeCloseTo(Math.max(...probabilities), 3);
      await ops.scrollIntoViewIfNeeded();
      await shot(page, 'softmax');
      await regionShot(ops, 'softmax');
    });
  });

  test('the editor: the inspector\'s worked formula, under a shape error too, and its link to the view', async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');
    await page.locator('.react-flow__node[data-id="c3"]').click();
    const inspector = page.getByTestId('inspector-ops');
    await expect(inspector.getByTestId('output-size-formula')).toHaveText('⌊(14 − 5 + 2·0) / 1⌋ + 1 = ⌊9 / 1⌋ + 1 = 9 + 1 = 10');

    // A kernel bigger than the input: the shape error, and the same formula says why.
    const kernel = page.getByRole('form', { name: 'Params' }).getByLabel('Kernel', { exact: true });
    await kernel.fill('16');
    await expect(page.getByTestId('inspector-errors')).toBeVisible();
    await expect(inspector.getByTestId('output-size-formula')).toHaveText('⌊(14 − 16 + 2·0) / 1⌋ + 1 = ⌊−2 / 1⌋ + 1 = −2 + 1 = −1');
    await shot(page, 'inspector-error');
    await kernel.fill('5');
    await expect(page.getByTestId('inspector-errors')).toHaveCount(0);
    await expect(inspector.getByTestId('output-size-formula')).toHaveText(/= 10$/);

    await inspector.getByRole('link', { name: 'How it computes ▸' }).click();
    await expect(page).toHaveURL(/\/train\?node=c3&ops=1/);
    await expect(region(page).getByTestId('op-value')).toBeVisible({ timeout: 90_000 });
  });

  test('简体中文', async ({ page, context }) => {
    test.setTimeout(180_000);
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'zh-CN', url: 'http://127.0.0.1' }]);
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto('/train?preset=lenet5&node=c1&ops=1');
    const ops = page.getByRole('region', { name: '这一层如何计算' });
    await expect(ops.getByTestId('op-value')).toBeVisible({ timeout: 90_000 });
    await expect(ops.getByRole('button', { name: '下一步 ▸' })).toBeVisible();
    await expect(ops.getByText('输出尺寸 = ⌊(W − K + P₁ + P₂) / S⌋ + 1', { exact: false })).toBeVisible();
    await shot(page, 'zh');
    await regionShot(ops, 'zh');
  });
});
