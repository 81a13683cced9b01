import { defineConfig } from '@playwright/test';

/** Several checkouts can test side by side, each on its own port (LAYERWISE_E2E_PORT). */
const PORT = Number(process.env.LAYERWISE_E2E_PORT ?? 3124);

/** End-to-end tests drive Debian's Chromium against the production build (see shared notes). */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-first-run', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--disable-quic', '--enable-unsafe-swiftshader'],
    },
  },
  webServer: {
    command: `node_modules/.bin/next start -H 127.0.0.1 -p ${PORT}`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
