import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/launch';

/** Several checkouts can test side by side, each on its own port (LAYERWISE_E2E_PORT). */
const PORT = Number(process.env.LAYERWISE_E2E_PORT ?? 3124);

/**
 * End-to-end tests drive Chromium (CHROMIUM_PATH, else Debian's; scripts/chromium.ts finds it or
 * installs it) against the production build.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions(),
  },
  webServer: {
    command: `node_modules/.bin/next start -H 127.0.0.1 -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
