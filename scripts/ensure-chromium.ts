/**
 * `npm test` runs this first: it finds the Chromium the end-to-end tests drive, installs Debian's
 * when it may (root with apt-get), or stops at once, before the slow steps, with the command to run.
 * Silent when a browser is there.
 */
import { ChromiumMissing, ensureChromium } from './chromium';

try {
  ensureChromium();
} catch (e) {
  if (!(e instanceof ChromiumMissing)) throw e;
  console.error(e.message);
  process.exit(1);
}
