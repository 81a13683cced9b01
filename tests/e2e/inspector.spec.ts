/**
 * The inspector's Repeat field in a real browser: its block choice lists the graph's own blocks
 * beside the registry's, and choosing one re-counts the model. Screenshots go to /tmp/shots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const SHOTS = '/tmp/shots';
mkdirSync(SHOTS, { recursive: true });

/**
 * Input 8×8×4 → Conv 3×3, 8 → Repeat (Conv2D 3×3, 8) ×2 → global pool → Dense 10, with the
 * graph's own block "Stem" (Conv 3×3, 8 → BatchNorm → ReLU) unused.
 * Params: conv0 3·3·4·8 + 8 = 296; each repeated conv 3·3·8·8 + 8 = 584; Dense 8·10 + 10 = 90.
 * Total 296 + 2·584 + 90 = 1,554.
 */
const FILE = JSON.stringify({
  format: 'layerwise-graph', version: 1, name: 'Repeat of my block',
  nodes: [
    { id: 'in', type: 'Input', params: { height: 8, width: 8, channels: 4 }, position: { x: 0, y: 0 } },
    { id: 'conv0', type: 'Conv2D', params: { filters: 8, kernel: 3, stride: 1, padding: 'same', dilation: 1, useBias: true, activation: 'linear' }, position: { x: 0, y: 120 } },
    { id: 'stage', type: 'Repeat', params: { block: 'Conv2D', times: 2, params: { filters: 8, kernel: 3 } }, position: { x: 0, y: 240 } },
    { id: 'gap', type: 'GlobalAvgPool', params: {}, position: { x: 0, y: 360 } },
    { id: 'out', type: 'Dense', params: { units: 10, useBias: true, activation: 'linear' }, position: { x: 0, y: 480 } },
  ],
  edges: [
    { id: 'in->conv0', source: 'in', target: 'conv0', targetPort: 0 },
    { id: 'conv0->stage', source: 'conv0', target: 'stage', targetPort: 0 },
    { id: 'stage->gap', source: 'stage', target: 'gap', targetPort: 0 },
    { id: 'gap->out', source: 'gap', target: 'out', targetPort: 0 },
  ],
  blocks: {
    Stem: {
      name: 'Stem', inputs: [[{ node: 'conv', port: 0 }]], output: 'act',
      nodes: [
        { id: 'conv', type: 'Conv2D', params: { filters: 8, kernel: 3, stride: 1, padding: 'same', dilation: 1, useBias: true, activation: 'linear' }, position: { x: 0, y: 0 } },
        { id: 'bn', type: 'BatchNorm', params: { epsilon: 0.001, momentum: 0.99 }, position: { x: 0, y: 120 } },
        { id: 'act', type: 'Activation', params: { fn: 'relu' }, position: { x: 0, y: 240 } },
      ],
      edges: [
        { id: 'conv->bn', source: 'conv', target: 'bn', targetPort: 0 },
        { id: 'bn->act', source: 'bn', target: 'act', targetPort: 0 },
      ],
    },
  },
});

async function waitLoaded(page: Page, n: number): Promise<void> {
  await expect(page.locator('.lw-app')).toHaveAttribute('data-loads', String(n));
  await expect(page.locator('.lw-app')).toHaveAttribute('data-ready', 'true');
}

test.use({ viewport: { width: 1440, height: 900 } });

test('the Repeat field lists the graph\'s own blocks; repeating one re-counts the model', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitLoaded(page, 1);
  await page.getByLabel('Open graph file').setInputFiles({ name: 'stem.layerwise.json', mimeType: 'application/json', buffer: Buffer.from(FILE) });
  await waitLoaded(page, 2);
  await expect(page.getByLabel('Total params')).toHaveText('1,554');

  await page.locator('.react-flow__node[data-id="stage"]').click();
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  const choice = inspector.getByRole('combobox', { name: 'Block', exact: true });
  const options = await choice.locator('option').allTextContents();
  // The registry's one-input blocks, then the graph's own; never Repeat itself or a merge.
  expect(options).toContain('Residual');
  expect(options).toContain('Stem');
  expect(options[options.length - 1]).toBe('Stem');
  expect(options).not.toContain('Repeat');
  expect(options).not.toContain('Add');

  await choice.selectOption('Stem');
  // Each Stem copy on 8×8×8: conv 584 + BatchNorm 16 trainable + 16 moving statistics = 616.
  // 296 + 2·616 + 90 = 1,618.
  await expect(page.getByLabel('Total params')).toHaveText('1,618');
  await expect(inspector.getByText('Block params: Stem has none')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id="stage"]')).toContainText('2 × Stem');
  await expect(page.getByTestId('inspector-errors')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/repeat-own-block.png` });
  // Opened, the Repeat shows its copies: two Stem blocks (each can be opened in turn).
  await page.getByRole('button', { name: 'Open block' }).click();
  await expect(page.locator('.react-flow__node[data-id="stage/stem2"]')).toContainText('Stem');
  await expect(page.getByLabel('Total params')).toHaveText('1,618');
  await page.screenshot({ path: `${SHOTS}/repeat-own-block-open.png` });
});
