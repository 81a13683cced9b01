/** What several end-to-end specs ask of the training worker and of tfjs in a page. */
import type { Page } from '@playwright/test';

/** The training worker's test hook (train.worker.ts), called in the worker; a string: tsx's helpers are not there. */
export async function workerHook<T>(page: Page, call: string): Promise<T> {
  const worker = page.workers()[0] ?? await page.waitForEvent('worker');
  await worker.evaluate('new Promise((resolve) => { const poll = () => (self.__layerwiseTestHook ? resolve() : setTimeout(poll, 100)); poll(); })');
  return await worker.evaluate(`self.__layerwiseTestHook.${call}`) as T;
}

/** The name of the tfjs backend started in this page or worker, or null when tfjs never started there. */
export const tfBackendHere = (): string | null =>
  (globalThis as unknown as { _tfengine?: { backendName?: string } })._tfengine?.backendName ?? null;
