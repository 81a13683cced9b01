/** How the end-to-end tests start Chromium (playwright.config.ts, and specs that need their own browser). */
import type { LaunchOptions } from '@playwright/test';
import { ensureChromium } from '../../scripts/chromium';

/** Debian's Chromium (or CHROMIUM_PATH), quiet, with software WebGL allowed. */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: ensureChromium(),
    args: ['--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--enable-unsafe-swiftshader'],
  };
}
