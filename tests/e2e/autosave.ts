/** The editor's autosave as end-to-end specs set it up (components/editor/persist.ts writes the same record). */
import type { Page } from '@playwright/test';
import type { Graph } from '../../lib/graph/types';

/**
 * A fixed save time: the app writes `savedAt` but never reads it, so a test has no reason to read
 * the clock for it.
 */
const SAVED_AT = Date.UTC(2026, 0, 1);

/** Stores `graph` as the editor's autosave in the page's origin, then reloads so the page reads it. */
export async function seedAutosave(page: Page, graph: Graph): Promise<void> {
  const record = { v: 1, savedAt: SAVED_AT, graph, groups: {} };
  await page.evaluate((text) => localStorage.setItem('layerwise.autosave.v1', text), JSON.stringify(record));
  await page.reload();
}
