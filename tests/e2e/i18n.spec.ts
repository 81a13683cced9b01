import { expect, test } from '@playwright/test';

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
