/**
 * Editor benchmark (`npm run bench:editor`, after `npm run build`): serves the production build,
 * drives Debian's Chromium headless and prints
 *   - the time from choosing a preset to an interactive canvas (laid out, view fitted, painted),
 *     for LeNet-5, ResNet-50, ResNet-152 and DenseNet-169, with their blocks closed and opened;
 *   - frame times while dragging one node in ResNet-152 with every block open (515 nodes), at the
 *     view a load gives it, zoomed out, and with the whole network fitted (hundreds rendered).
 * Times are measured inside the page with performance.now(). Medians of RUNS runs; never a gate.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureChromium } from '../scripts/chromium';

const PORT = Number(process.env.BENCH_PORT ?? 3126);
const BASE = `http://127.0.0.1:${PORT}`;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app did not answer on ${url}`);
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]!; };

/** Chooses a preset in the menu and returns ms until the canvas has loaded it and painted. */
async function timeLoad(page: Page, name: string, open: boolean): Promise<{ ms: number; nodes: number }> {
  await page.getByRole('button', { name: 'Presets' }).click();
  const box = page.getByLabel('Open every block');
  if ((await box.isChecked()) !== open) await box.setChecked(open);
  const ms = await page.evaluate(async (label) => {
    const app = document.querySelector<HTMLElement>('.lw-app')!;
    const before = Number(app.dataset.loads);
    const button = [...document.querySelectorAll<HTMLButtonElement>('.lw-preset-item')].find((b) => b.getAttribute('aria-label') === label)!;
    const t0 = performance.now();
    button.click();
    await new Promise<void>((resolve) => {
      const check = () => (Number(app.dataset.loads) > before && app.dataset.ready === 'true' ? resolve() : requestAnimationFrame(check));
      check();
    });
    // The next frame is the first with the fitted graph on screen and the page free for input.
    await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }, name);
  const nodes = Number(await page.getByLabel('Nodes', { exact: true }).textContent());
  return { ms, nodes };
}

/** Drags the node nearest the canvas centre in small steps; returns the frame intervals seen. */
async function dragFrames(page: Page): Promise<{ frames: number[]; rendered: number; moved: number; longTasks: number }> {
  const target = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    let best: { x: number; y: number; d: number } | undefined;
    for (const el of document.querySelectorAll('.react-flow__node-block')) {
      const r = el.getBoundingClientRect();
      // Left of centre, clear of the input and output handles (at a far zoom a node is a few
      // pixels tall and its handles cover its middle).
      // Whole pixels: the mouse events land on whole pixels too.
      const x = Math.round(r.left + r.width * 0.25);
      const y = Math.round(r.top + r.height / 2);
      // Only a node actually under the pointer there (not covered by a frame title or a panel).
      const hit = document.elementFromPoint(x, y);
      if (hit?.closest('.react-flow__node-block') !== el || hit.closest('.react-flow__handle')) continue;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (!best || d < best.d) best = { x, y, d };
    }
    return best!;
  });
  const before = await page.evaluate(() => JSON.parse(localStorage.getItem('layerwise.autosave.v1') ?? '{}').graph?.nodes?.map((n: { position: { x: number; y: number } }) => `${n.position.x},${n.position.y}`) as string[]);
  const rendered = await page.locator('.react-flow__node').count();
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    (window as unknown as { __long: number }).__long = 0;
    new PerformanceObserver((list) => { (window as unknown as { __long: number }).__long += list.getEntries().length; }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t: number) => { w.__frames.push(t - last); last = t; if (!w.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  let dragging = false;
  for (let i = 1; i <= 90; i++) {
    await page.mouse.move(target.x + Math.sin(i / 9) * 120, target.y + i * 1.5);
    if (i === 5) dragging = (await page.locator('.react-flow__node.dragging').count()) === 1;
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(2); // the first two include the set-up
  });
  await page.waitForTimeout(200);
  const after = await page.evaluate(() => JSON.parse(localStorage.getItem('layerwise.autosave.v1') ?? '{}').graph?.nodes?.map((n: { position: { x: number; y: number } }) => `${n.position.x},${n.position.y}`) as string[]);
  const moved = after.filter((p, i) => p !== before[i]).length;
  const longTasks = await page.evaluate(() => (window as unknown as { __long: number }).__long);
  if (!dragging) throw new Error('the benchmark did not grab a node (a wire or the pane instead)');
  return { frames, rendered, moved, longTasks };
}

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID')) {
    console.error('No production build: run `npm run build` first.');
    process.exit(2);
  }
  const server = spawn('node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(PORT)], { stdio: 'ignore', detached: true });
  const stop = () => { try { process.kill(-server.pid!, 'SIGTERM'); } catch { /* already gone */ } };
  process.on('exit', stop);
  try {
    await waitForServer(BASE, 30_000);
    const browser = await chromium.launch({
      executablePath: ensureChromium(),
      args: ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-unsafe-swiftshader'],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx (esbuild) names functions through a `__name` helper, which the page does not have.
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(BASE);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.lw-app[data-ready="true"]').waitFor();
    await page.waitForTimeout(1500); // the page warms the layout engine once it is idle

    console.log(`Editor benchmark: ${RUNS} runs each, median (min–max); Chromium headless, viewport 1440×900`);
    console.log('');
    console.log('Preset chosen → interactive canvas (laid out, fitted, painted)');
    const cases: [string, boolean][] = [
      ['LeNet-5', false], ['ResNet-50', false], ['ResNet-50', true], ['ResNet-152', false], ['ResNet-152', true],
      ['DenseNet-169', false], ['DenseNet-169', true],
    ];
    const results = new Map<string, number>();
    for (const [name, open] of cases) {
      const times: number[] = [];
      let nodes = 0;
      for (let r = 0; r < RUNS; r++) {
        // Start each run from a small graph so every run lays out and renders from scratch.
        await timeLoad(page, 'LeNet-5', false);
        const t = await timeLoad(page, name, open);
        times.push(t.ms);
        nodes = t.nodes;
      }
      const key = `${name}${open ? ' (blocks open)' : ''}`;
      results.set(key, median(times));
      console.log(`  ${key.padEnd(28)} ${String(nodes).padStart(4)} nodes  ${median(times).toFixed(0).padStart(5)} ms  (${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)})`);
    }
    const r152 = results.get('ResNet-152')!;
    const r152o = results.get('ResNet-152 (blocks open)')!;
    console.log(`  ratio ResNet-152 open / closed: ${(r152o / r152).toFixed(1)}×`);

    console.log('');
    console.log('Dragging one node in ResNet-152 with every block open (frame intervals, ms)');
    await timeLoad(page, 'ResNet-152', true);
    const fmt = (f: number[]) => `mean ${(f.reduce((a, b) => a + b, 0) / f.length).toFixed(1)}, median ${median(f).toFixed(1)}, p95 ${pct(f, 0.95).toFixed(1)}, max ${Math.max(...f).toFixed(1)} over ${f.length} frames (≈${(1000 / median(f)).toFixed(0)} fps)`;
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    // The view a load gives this tall graph (its top, at 60%), then zoomed out twice: more and
    // more nodes in view, drawn in low detail below 40%.
    // Last, "Fit view": the whole network at once (zoom at its 0.02 floor), hundreds rendered.
    for (const [label, steps] of [['as loaded', 0], ['zoomed out', 3], ['far out', 2], ['fit view', -1]] as const) {
      if (steps < 0) await page.getByRole('button', { name: 'Fit view', exact: true }).click();
      for (let i = 0; i < steps; i++) { await page.mouse.wheel(0, 300); await page.waitForTimeout(80); }
      await page.waitForTimeout(600);
      const zoom = await page.evaluate(() => {
        const t = getComputedStyle(document.querySelector('.react-flow__viewport')!).transform;
        return new DOMMatrix(t).a;
      });
      const d = await dragFrames(page);
      console.log(`  ${label.padEnd(11)} zoom ${zoom.toFixed(2)}, ${String(d.rendered).padStart(3)} elements rendered, ${d.moved} node moved, ${d.longTasks} long tasks: ${fmt(d.frames)}`);
    }
    await browser.close();
  } finally {
    stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
