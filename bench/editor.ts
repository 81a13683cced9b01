/**
 * Editor benchmark (`npm run bench:editor`, after `npm run build`): serves the production build,
 * drives Debian's Chromium headless and prints
 *   - the time from choosing a preset to an interactive canvas (laid out, view fitted, painted),
 *     for LeNet-5, ResNet-50, ResNet-152 and DenseNet-169, with their blocks closed and opened;
 *   - frame times while dragging one node in ResNet-152 with every block open (515 nodes), with
 *     the whole graph in view and zoomed in to a normal working scale.
 * Times are measured inside the page with performance.now(). Medians of RUNS runs; never a gate.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

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
async function dragFrames(page: Page): Promise<{ frames: number[]; rendered: number }> {
  const target = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    let best: { x: number; y: number; d: number } | undefined;
    for (const el of document.querySelectorAll('.react-flow__node-block')) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 3;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (!best || d < best.d) best = { x, y, d };
    }
    return best!;
  });
  const rendered = await page.locator('.react-flow__node').count();
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (t: number) => { w.__frames.push(t - last); last = t; if (!w.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  for (let i = 1; i <= 90; i++) {
    await page.mouse.move(target.x + Math.sin(i / 9) * 120, target.y + i * 1.5);
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(2); // the first two include the set-up
  });
  return { frames, rendered };
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
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-unsafe-swiftshader'],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
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
    const all = await dragFrames(page);
    const fmt = (f: number[]) => `mean ${(f.reduce((a, b) => a + b, 0) / f.length).toFixed(1)}, median ${median(f).toFixed(1)}, p95 ${pct(f, 0.95).toFixed(1)}, max ${Math.max(...f).toFixed(1)} over ${f.length} frames (≈${(1000 / median(f)).toFixed(0)} fps)`;
    console.log(`  whole graph in view (${all.rendered} elements rendered): ${fmt(all.frames)}`);
    // Zoom to a working scale: only the visible nodes are rendered.
    await page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
      (window as unknown as { __cx: number; __cy: number }).__cx = pane.left + pane.width / 2;
      (window as unknown as { __cx: number; __cy: number }).__cy = pane.top + pane.height / 2;
    });
    const centre = await page.evaluate(() => ({ x: (window as unknown as { __cx: number }).__cx, y: (window as unknown as { __cy: number }).__cy }));
    await page.mouse.move(centre.x, centre.y);
    for (let i = 0; i < 12; i++) { await page.mouse.wheel(0, -400); await page.waitForTimeout(60); }
    await page.waitForTimeout(400);
    const zoomed = await dragFrames(page);
    console.log(`  zoomed in (${zoomed.rendered} elements rendered):         ${fmt(zoomed.frames)}`);
    await browser.close();
  } finally {
    stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
