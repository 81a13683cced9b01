/**
 * Training speed in Chromium, per backend, side by side in one run: WebGL vs WASM vs CPU for a
 * preset (LeNet-5 on MNIST by default), through the built app's own training worker — the same
 * compile, data, optimizer and step as a run in the training panel.
 *
 *   npm run build && npm run bench:browser -- [--preset lenet5] [--batch 64] [--steps 15] [--warmup 3] [--rounds 3]
 *     [--frames-seconds 10] [--frame-presets lenet5,mini_resnet] [--frames-workers auto,1,2] [--thread-presets lenet5,mini_resnet]
 *     [--estimate-runs lenet5:mnist,mini_resnet:synthetic,mini_mobilenet:synthetic (preset:dataset[:batch])]
 *     [--peak-presets lenet5,mini_resnet,mini_mobilenet,mini_densenet] [--peak 157]
 *     [--backend wasm|auto] [--sections backends,parallel,threads,peak,frames,estimate,first-step] [--epoch]
 *     [--parallel-batches 64,256] [--workers N] [--node-threads]
 *
 * Each round times every backend (warm-up steps first, untimed), rotating the order so that no
 * backend always runs first or last; the table gives the median over rounds.
 *
 * Parallel: one-thread WASM's samples/s with N workers training data-parallel (the training
 * worker and N − 1 shard workers, each on a share of every batch: lib/train/parallel; N = the
 * cores the browser reports, or `--workers`) beside the training worker alone, alternating each
 * round, for each of `--thread-presets` at each of `--parallel-batches`; with `--node-threads`, the
 * same under Node in this process, N worker threads vs one (lib/train/parallel/link.node.ts).
 *
 * Threads: WASM's samples/s with one thread per core (the page cross-origin isolated, as served)
 * beside one thread (the same page served without the isolation headers, so the browser gives it
 * no shared memory), alternating pages each round, for each of `--thread-presets`.
 *
 * Peak: WASM's samples/s in Chromium (the app's worker, one thread per core) and under Node in
 * this process (one thread, the same compile and step) for each of `--peak-presets`, with the
 * GFLOP/s they mean (analyse's MACs × 3 × 2) and their share of `--peak` GFLOP/s.
 *
 * Then the page's smoothness while each of `--frame-presets` trains through the panel (Start on
 * `--backend`, WASM by default: a trial of software WebGL on Mini ResNet takes minutes on a busy
 * machine; the charts drawing): the gaps between animation frames over
 * `--frames-seconds` of training, beside the same span of the idle page. Training runs in a Web
 * Worker, so the two should look alike; a gap over 50 ms is a dropped frame or more, over 100 ms a
 * visible stutter.
 *
 * Then the time estimate shown before Start, against the real run (one epoch, backend by trial)
 * for each `preset:dataset` of `--estimate-runs`: estimated seconds, measured seconds from the
 * first training step to the results, and their ratio (the issue's target: within ±30%).
 *
 * Then page open → first training step, cold (a fresh browser profile: the app and MNIST come
 * over the network) and cached (the same profile again: MNIST from the Cache API), with the bytes
 * that came over the network. With --epoch, one full-MNIST epoch trained through the panel
 * (defaults, backend chosen by the trial): seconds, samples/s and test accuracy.
 *
 * Not a test: it prints figures and ratios and never fails on them.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Worker } from 'playwright-core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ensureChromium } from '../scripts/chromium';
import { patchWasmBackend } from '../lib/backend/wasm';
import { compile } from '../lib/compile';
import { analyse } from '../lib/graph/analyse';
import { makeTrainStep } from '../lib/train/step';
import { makeParallelStep } from '../lib/train/parallel/leader';
import { startThreadShards } from '../lib/train/parallel/link.node';
import { getPreset } from '../presets';

interface Figure {
  backend: string;
  status: 'ok' | 'unavailable' | 'failed';
  samplesPerSecond?: number;
  stepMs?: number;
  firstStepMs?: number;
  timedSteps?: number;
  message?: string;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const preset = arg('preset', 'lenet5');
const batchSize = Number(arg('batch', '64'));
const timedSteps = Number(arg('steps', '15'));
const warmupSteps = Number(arg('warmup', '3'));
const rounds = Number(arg('rounds', '3'));
const port = Number(arg('port', '3141'));
const framesSeconds = Number(arg('frames-seconds', '10'));
const framePresets = arg('frame-presets', 'lenet5,mini_resnet').split(',');
const threadPresets = arg('thread-presets', 'lenet5,mini_resnet').split(',');
const estimateRuns = arg('estimate-runs', 'lenet5:mnist,mini_resnet:synthetic,mini_mobilenet:synthetic').split(',').map((r) => r.split(':') as [string, string, string?]);
/** The backend the frame-gap and estimate runs train on ('auto': by trial). */
const estimateBackend = arg('backend', 'wasm');
/** The CPU workers the frame-gap runs ask for ('auto': as served, the measurement decides; a count: `?workers=`). */
const frameWorkers = arg('frames-workers', 'auto').split(',');
const peakPresets = arg('peak-presets', 'lenet5,mini_resnet,mini_mobilenet,mini_densenet').split(',');
/** The machine's FP32 peak in GFLOP/s (157: the 2-core machine of issue 11, AVX2 FMA). */
const peakGflops = Number(arg('peak', '157'));
const sections = new Set(arg('sections', 'backends,parallel,threads,peak,frames,estimate,first-step').split(','));
const parallelBatches = arg('parallel-batches', '64,256').split(',').map(Number);
/** Workers for the parallel section (0: one per core, as a run uses). */
const parallelWorkers = Number(arg('workers', '0'));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (v: number, d = 0): string => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

async function waitForServer(url: string, ms: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - t0 > ms) throw new Error(`The app did not answer at ${url} within ${ms / 1000} s.`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID')) {
    console.error('No production build found: run `npm run build` first.');
    process.exit(2);
  }
  // The server is started directly (not through npx), so killing it ends it.
  const server = spawn('node_modules/.bin/next', ['start', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const stopServer = () => { if (!server.killed) server.kill(); };
  process.on('SIGINT', () => { stopServer(); process.exit(130); });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(`${base}/train?preset=${preset}`, 60_000);
    const browser = await chromium.launch({
      executablePath: ensureChromium(),
      args: ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-quic', '--enable-unsafe-swiftshader'],
    });
    try {
      const url = (id: string) => `${base}/train?preset=${encodeURIComponent(id)}`;
      console.log(`Chromium ${browser.version()}, ${new Date().toISOString()}\n`);
      if (sections.has('backends')) {
        const page = await browser.newPage();
        await page.goto(url(preset));
        await estimateReady(page);
        const worker = await trainWorker(page);
        console.log(`Preset ${preset}, MNIST, batch ${batchSize}: ${warmupSteps} warm-up + ${timedSteps} timed steps per backend, ${rounds} rounds (order rotated)\n`);
        const options = JSON.stringify({ warmupSteps, timedSteps, rounds, batchSize });
        const result = await worker.evaluate(`self.__layerwiseTestHook.benchBackends(${options})`) as { rounds: Figure[][]; userAgent: string };
        report(result.rounds);
        await page.close();
      }
      if (sections.has('parallel')) await parallelSpeedUp(browser, url);
      if (sections.has('threads')) await threadSpeedUp(browser, url);
      if (sections.has('peak')) await peakShare(browser, url);
      if (sections.has('frames')) {
        for (const id of framePresets) {
          for (const workers of frameWorkers) {
            const page = await browser.newPage();
            await frameGaps(page, workers === 'auto' ? url(id) : `${url(id)}&workers=${workers}`, id);
            await page.close();
          }
        }
      }
      if (sections.has('estimate')) await estimateAgainstRuns(browser, url);
      if (sections.has('first-step')) await openToFirstStep(browser, url(preset));
      if (process.argv.includes('--epoch')) await oneEpoch(browser, url(preset));
    } finally {
      await browser.close();
    }
  } finally {
    stopServer();
  }
}

/**
 * The gaps between animation frames (ms) over `ms` of the page's life. A string, not a function:
 * tsx's helpers (`__name`) do not exist in the page.
 */
const recordFrameGaps = (ms: number): string => `new Promise((resolve) => {
  const gaps = [];
  let first, last;
  const tick = (t) => {
    if (last !== undefined) gaps.push(t - last);
    if (first === undefined) first = t;
    last = t;
    if (t - first < ${ms}) requestAnimationFrame(tick); else resolve(gaps);
  };
  requestAnimationFrame(tick);
})`;

/** Frame gaps of the idle page, then while the preset trains in the panel, side by side. */
async function frameGaps(page: Page, url: string, id: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('epochs').fill('5');
  if (estimateBackend !== 'auto') await page.getByTestId('backend-choice').selectOption(estimateBackend);
  await estimateReady(page);
  const idle = await page.evaluate(recordFrameGaps(framesSeconds * 1000)) as number[];
  await page.getByTestId('start').click();
  await page.locator('[data-testid="phase"][data-phase="training"]').waitFor({ timeout: 180_000 });
  const training = await page.evaluate(recordFrameGaps(framesSeconds * 1000)) as number[];
  const phase = await page.getByTestId('phase').getAttribute('data-phase');
  const backend = await page.getByTestId('backend-used').getAttribute('data-backend');
  const workers = await page.getByTestId('train-workers').getAttribute('data-workers', { timeout: 1000 }).catch(() => '1');
  await page.getByTestId('stop').click().catch(() => { /* already finished */ });
  await page.getByTestId('results').waitFor({ timeout: 120_000 }).catch(() => {});

  const summary = (gaps: number[]) => [String(gaps.length), String(gaps.filter((g) => g > 50).length),
    String(gaps.filter((g) => g > 100).length), fmt(Math.max(...gaps), 1)];
  const widths = [28, 8, 10, 11, 16];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nAnimation frames over ${framesSeconds} s, idle page vs ${id} training (${backend}, ${workers ?? 1} worker${workers === '1' ? '' : 's'}; phase at the end: ${phase}):`);
  console.log(line(['page', 'frames', 'gaps >50', 'gaps >100', 'longest gap ms']));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  console.log(line(['idle', ...summary(idle)]));
  console.log(line([`training (worker, ${backend})`, ...summary(training)]));
  console.log(`frames drawn while training / idle = ${(training.length / Math.max(1, idle.length)).toFixed(2)}`);
}

/** Resolves once the time estimate has measured (or failed), so that its probe takes no core from what follows. */
async function estimateReady(page: Page): Promise<void> {
  await page.locator('[data-testid="time-estimate"]:not([data-state="measuring"])').waitFor({ timeout: 120_000 }).catch(() => {});
}

/** The panel's training worker (the one with the test hook; the speed probe and WASM's threads are workers too). */
async function trainWorker(page: Page): Promise<Worker> {
  const t0 = Date.now();
  for (;;) {
    for (const w of page.workers()) {
      if (w.url().startsWith('blob:')) continue;
      // Strings, not functions: tsx's helpers (`__name`) do not exist in the worker.
      if (await w.evaluate('typeof self.__layerwiseTestHook === "object"').catch(() => false)) return w;
    }
    if (Date.now() - t0 > 60_000) throw new Error('The training worker did not start within 60 s.');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Serves every response without the isolation headers, as a host that does not send them would. */
async function withoutIsolation(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}

/**
 * What N workers can gain on this machine right now: the wall time of a fixed CPU loop in one Web
 * Worker against N workers each running the same loop at once (N × the work), as a ratio of work
 * done per second. On an idle N-core machine it is about N; where other programs keep the cores
 * busy it is lower (Linux shares the CPU between sessions, not threads, when autogroup is on), and
 * no data-parallel training can beat it.
 */
async function cpuCeiling(page: Page, workers: number): Promise<number> {
  const ms = await page.evaluate(`(async () => {
    const source = 'onmessage = (e) => { let x = 1; for (let i = 0; i < e.data; i++) x = (x * 1.0000001 + 1) % 1000003; postMessage(x); };';
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const run = async (n, iterations) => {
      const ws = Array.from({ length: n }, () => new Worker(url));
      await Promise.all(ws.map((w) => new Promise((r) => { w.onmessage = r; w.postMessage(1); })));
      const t0 = performance.now();
      await Promise.all(ws.map((w) => new Promise((r) => { w.onmessage = r; w.postMessage(iterations); })));
      const ms = performance.now() - t0;
      ws.forEach((w) => w.terminate());
      return ms;
    };
    const out = [];
    for (let r = 0; r < 2; r++) out.push([await run(1, 5e7), await run(${workers}, 5e7)]);
    return out;
  })()`) as [number, number][];
  return median(ms.map(([one, many]) => (workers * one) / many));
}

/** One-thread WASM's samples/s with N data-parallel workers beside one worker, side by side, per preset and batch size. */
async function parallelSpeedUp(browser: Browser, url: (id: string) => string): Promise<void> {
  const nodeToo = process.argv.includes('--node-threads');
  if (nodeToo) {
    patchWasmBackend();
    if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start under Node.');
  }
  const widths = [16, 6, 8, 12, 12, 9, 12, 9];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  let header = false;
  for (const id of threadPresets) {
    const page = await browser.newPage();
    await page.goto(url(id));
    await estimateReady(page);
    const worker = await trainWorker(page);
    for (const batch of parallelBatches) {
      const counts = parallelWorkers > 0 ? [parallelWorkers, 1] : undefined;
      const ceiling = await cpuCeiling(page, parallelWorkers > 0 ? parallelWorkers : Number(await page.evaluate('Math.min(navigator.hardwareConcurrency, 4)')));
      const options = JSON.stringify({ warmupSteps, timedSteps, rounds, batchSize: batch, even: true, ...(counts ? { workers: counts } : {}) });
      const out = await worker.evaluate(`self.__layerwiseTestHook.benchParallel(${options})`) as {
        rounds: { workers: number; even?: true; figure: Figure; profile?: Record<'steps' | 'sendMs' | 'ownMs' | 'waitMs' | 'shardMs' | 'updateMs' | 'extraRows', number> }[][]; cores: number; wasmThreads: number;
      };
      if (!header) {
        console.log(`\nData-parallel WASM (${out.cores} cores reported, ${out.wasmThreads} WASM thread a worker): N workers vs the training worker alone, ${warmupSteps} + ${timedSteps} steps, ${rounds} rounds alternating, median:`);
        console.log('(even cut: N workers with every batch cut evenly, no balancing of rows between the leader and the shards; ceiling: a plain CPU loop in N Web Workers vs one, measured just before: what the machine lets N workers gain now)');
        console.log(line(['preset', 'batch', 'workers', 'samples/s', '1 worker', 'speed-up', 'even cut', 'ceiling']));
        console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
        header = true;
      }
      const n = out.rounds[0]!.map((r) => r.workers).find((w) => w > 1) ?? 1;
      const sps = (w: number, even = false) => out.rounds.flat().filter((r) => r.workers === w && !!r.even === even && r.figure.status === 'ok').map((r) => r.figure.samplesPerSecond!);
      const failed = out.rounds.flat().find((r) => r.figure.status !== 'ok');
      const [many, one, even] = [sps(n), sps(1), sps(n, true)].map((xs) => (xs.length ? median(xs) : NaN)) as [number, number, number];
      console.log(line([id, String(batch), String(n), fmt(many), fmt(one), `${(many / one).toFixed(2)}×`, `${fmt(even)} ${(even / one).toFixed(2)}×`, `${ceiling.toFixed(2)}×`]));
      if (failed) console.log(`  ${failed.workers} worker(s) failed: ${failed.figure.message ?? failed.figure.status}`);
      if (nodeToo) {
        const node: [number[], number[]] = [[], []];
        for (let r = 0; r < rounds; r++) {
          for (const i of r % 2 ? [1, 0] : [0, 1]) node[i]!.push(await nodeParallelSamplesPerSecond(id, batch, i === 0 ? n : 1));
        }
        const [nodeMany, nodeOne] = [median(node[0]), median(node[1])];
        console.log(line([`  Node threads`, String(batch), String(n), fmt(nodeMany), fmt(nodeOne), `${(nodeMany / nodeOne).toFixed(2)}×`, '', '']));
      }
      // Where a data-parallel step's time went (summed over the rounds' steps, warm-up included), per step.
      const profiles = out.rounds.flat().flatMap((r) => (r.profile && !r.even ? [r.profile] : []));
      const steps = profiles.reduce((a, p) => a + p.steps, 0);
      if (steps > 0) {
        const per = (k: 'sendMs' | 'ownMs' | 'waitMs' | 'shardMs' | 'updateMs' | 'extraRows') => (profiles.reduce((a, p) => a + p[k], 0) / steps).toFixed(1);
        console.log(`  a ${n}-worker step, ms: send ${per('sendMs')}, leader's rows ${per('ownMs')}, then waiting ${per('waitMs')} (a shard's own work ${per('shardMs')}), update ${per('updateMs')}; the leader's rows beyond an even share ${per('extraRows')}; 1 worker: ${fmt((1000 * batch) / one, 1)} ms a step`);
      }
    }
    await page.close();
  }
}

/** WASM's samples/s with one thread per core (isolated page) and with one (the same page not isolated), side by side. */
async function threadSpeedUp(browser: Browser, url: (id: string) => string): Promise<void> {
  const isolated = await browser.newContext();
  const plain = await browser.newContext();
  await withoutIsolation(plain);
  console.log(`\nWASM threads: one per core (page cross-origin isolated) vs one (same page without the isolation headers), batch ${batchSize}, ${warmupSteps} + ${timedSteps} steps, ${rounds} rounds alternating:`);
  const widths = [16, 10, 14, 14, 10];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(['preset', 'threads', 'samples/s', '1 thread', 'speed-up']));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const id of threadPresets) {
    const pages = await Promise.all([isolated.newPage(), plain.newPage()]);
    const workers: Worker[] = [];
    for (const page of pages) {
      await page.goto(url(id));
      await estimateReady(page);
      workers.push(await trainWorker(page));
    }
    const sps: [number[], number[]] = [[], []];
    let threads = '';
    for (let r = 0; r < rounds; r++) {
      for (const i of r % 2 ? [1, 0] : [0, 1]) {
        const options = JSON.stringify({ warmupSteps, timedSteps, rounds: 1, batchSize, backends: ['wasm'] });
        const out = await workers[i]!.evaluate(`self.__layerwiseTestHook.benchBackends(${options})`) as { rounds: Figure[][] };
        const f = out.rounds[0]![0]!;
        if (f.status === 'ok') sps[i]!.push(f.samplesPerSecond!);
        if (i === 0) threads = (f as Figure & { detail?: string }).detail ?? '?';
      }
    }
    for (const page of pages) await page.close();
    const [many, one] = [median(sps[0]), median(sps[1])];
    console.log(line([id, threads, fmt(many), fmt(one), `${(many / one).toFixed(2)}×`]));
  }
  await isolated.close();
  await plain.close();
}

/** Samples/s of the training loop's own step on wasm under Node (this process), after one warm-up step. */
async function nodeSamplesPerSecond(id: string): Promise<number> {
  const compiled = compile(getPreset(id)!.build(), { seed: 1 });
  if (!compiled.ok) throw new Error(`${id} does not compile`);
  const model = compiled.model;
  const inShape = model.inputs[0]!.shape.slice(1) as number[];
  const units = model.outputs[0]!.shape[1] as number;
  const xs = tf.randomUniform([batchSize, ...inShape], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.randomUniform([batchSize], 0, units, 'int32', 2) as tf.Tensor1D, units) as tf.Tensor2D;
  const step = makeTrainStep(model, { optimizer: { kind: 'adam' }, learningRate: 0.001, numClasses: units, multiLabel: false });
  const once = async () => {
    const { loss, right } = step.run(xs as tf.Tensor4D, ys);
    await loss.data();
    loss.dispose();
    right.dispose();
  };
  try {
    for (let i = 0; i < warmupSteps; i++) await once();
    const t0 = performance.now();
    for (let i = 0; i < timedSteps; i++) await once();
    return (timedSteps * batchSize) / ((performance.now() - t0) / 1000);
  } finally {
    step.dispose();
    model.dispose();
    xs.dispose();
    ys.dispose();
  }
}

/**
 * Samples/s of WASM training under Node (this process) with `workers` worker threads sharing each
 * batch (lib/train/parallel/link.node.ts; 1: this thread alone, the loop's own step).
 */
async function nodeParallelSamplesPerSecond(id: string, batch: number, workers: number): Promise<number> {
  const graph = getPreset(id)!.build();
  const compiled = compile(graph, { seed: 1 });
  if (!compiled.ok) throw new Error(`${id} does not compile`);
  const model = compiled.model;
  const inShape = model.inputs[0]!.shape.slice(1) as number[];
  const units = model.outputs[0]!.shape[1] as number;
  const xs = tf.randomUniform([batch, ...inShape], 0, 1, 'float32', 1) as unknown as tf.Tensor4D;
  const ys = tf.oneHot(tf.randomUniform([batch], 0, units, 'int32', 2) as tf.Tensor1D, units) as tf.Tensor2D;
  const options = { optimizer: { kind: 'adam' } as const, learningRate: 0.001, numClasses: units, multiLabel: false };
  const step = workers > 1 ? await makeParallelStep(model, options, startThreadShards(workers - 1), { graph, seed: 1 }) : makeTrainStep(model, options);
  const once = async () => {
    const { loss, right } = await step.run(xs, ys);
    await loss.data();
    loss.dispose();
    right.dispose();
  };
  try {
    for (let i = 0; i < warmupSteps; i++) await once();
    const t0 = performance.now();
    for (let i = 0; i < timedSteps; i++) await once();
    return (timedSteps * batch) / ((performance.now() - t0) / 1000);
  } finally {
    step.dispose();
    model.dispose();
    xs.dispose();
    ys.dispose();
  }
}

/** WASM training speed in Chromium and under Node, per preset, and the share of the FP32 peak. */
async function peakShare(browser: Browser, url: (id: string) => string): Promise<void> {
  patchWasmBackend();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start under Node.');
  const widths = [16, 12, 10, 12, 9, 10, 12, 9, 8];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nWASM training, batch ${batchSize}, Adam, ${warmupSteps} + ${timedSteps} steps: Chromium (the app's worker) and Node (this process, 1 thread); FLOPs = MACs × 3 × 2; peak ${peakGflops} GFLOP/s:`);
  console.log(line(['preset', 'MACs/sample', 'Chromium/s', 'GFLOP/s', '% peak', 'Node/s', 'GFLOP/s', '% peak', 'C/N']));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const id of peakPresets) {
    const macs = analyse(getPreset(id)!.build()).totals.flops;
    const page = await browser.newPage();
    await page.goto(url(id));
    await estimateReady(page);
    const worker = await trainWorker(page);
    const options = JSON.stringify({ warmupSteps, timedSteps, rounds: 1, batchSize, backends: ['wasm'] });
    const out = await worker.evaluate(`self.__layerwiseTestHook.benchBackends(${options})`) as { rounds: Figure[][] };
    await page.close();
    const chromium = out.rounds[0]![0]!.samplesPerSecond ?? 0;
    const node = await nodeSamplesPerSecond(id);
    const g = (sps: number) => (sps * macs * 6) / 1e9;
    console.log(line([id, fmt(macs), fmt(chromium), g(chromium).toFixed(2), `${((100 * g(chromium)) / peakGflops).toFixed(1)}%`,
      fmt(node), g(node).toFixed(2), `${((100 * g(node)) / peakGflops).toFixed(1)}%`, `${(chromium / node).toFixed(2)}×`]));
  }
}

/** The estimate shown before Start against one real epoch, for each preset:dataset. */
async function estimateAgainstRuns(browser: Browser, url: (id: string) => string): Promise<void> {
  const rows: string[][] = [];
  for (const [id, dataset, batch] of estimateRuns) {
    const page = await browser.newPage();
    await page.goto(url(id));
    if (dataset !== 'mnist') await page.locator(`input[type="radio"][value="${dataset}"]`).check();
    if (batch) await page.getByTestId('batch-size').fill(batch);
    // The backend the estimate measured on and the run trains on: WASM unless told (no trial: the
    // comparison starts at the first training step either way, and a trial of software WebGL on a
    // big model takes minutes on a busy machine).
    if (estimateBackend !== 'auto') await page.getByTestId('backend-choice').selectOption(estimateBackend);
    await page.getByTestId('epochs').fill('1');
    const estimate = page.getByTestId('time-estimate');
    await estimate.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 180_000 });
    const estimated = Number(await estimate.getAttribute('data-total-seconds'));
    const probed = Number(await estimate.getAttribute('data-samples-per-second'));
    const text = (await estimate.locator('strong').innerText()).trim();
    const estimateWorkers = await estimate.getAttribute('data-workers');
    const t0 = Date.now();
    await page.getByTestId('start').click();
    await page.locator('[data-testid="phase"][data-phase="training"]').waitFor({ timeout: 300_000 });
    const tTraining = Date.now();
    await page.getByTestId('results').waitFor({ timeout: 1_800_000 });
    const tDone = Date.now();
    const backend = await page.getByTestId('backend-used').getAttribute('data-backend');
    const runWorkers = await page.getByTestId('train-workers').getAttribute('data-workers', { timeout: 1000 }).catch(() => '1');
    const real = (tDone - tTraining) / 1000;
    rows.push([`${id} (${dataset}${batch ? `, batch ${batch}` : ''})`, backend ?? '?', `${estimateWorkers ?? 1} / ${runWorkers ?? 1}`, fmt(probed), text, fmt(estimated, 1), fmt(real, 1), fmt((tDone - t0) / 1000, 1), `${(estimated / real).toFixed(2)}`]);
    await page.close();
  }
  const widths = [36, 8, 8, 10, 34, 10, 10, 12, 10];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nThe time estimate before Start vs one real epoch (backend: ${estimateBackend}; real: first training step → results, i.e. training and evaluation; wall: Start → results, with data loading and the trial; workers: the estimate's pick / the run's):`);
  console.log(line(['preset (dataset)', 'backend', 'workers', 'probe /s', 'shown', 'est. s', 'real s', 'wall s', 'est/real']));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const r of rows) console.log(line(r));
  console.log('Target: est/real within 0.70–1.30.');
}

/** Milliseconds from navigation to each stage of a first run, and the bytes that came over the network. */
async function timeFirstStep(context: BrowserContext, url: string, backend = 'auto'): Promise<{ loaded: number; data: number; firstStep: number; bytes: number; mnist: { downloadedBytes: number; cachedBytes: number } | null }> {
  const page = await context.newPage();
  let bytes = 0;
  const pending: Promise<void>[] = [];
  // Worker requests are reported on the page too. Responses from the HTTP cache report no body bytes received.
  page.on('requestfinished', (r) => { pending.push(r.sizes().then((s) => { bytes += s.responseBodySize + s.responseHeadersSize; }).catch(() => {})); });
  const t0 = Date.now();
  await page.goto(url);
  await page.getByTestId('start').waitFor();
  await page.locator('[data-testid="start"]:not([disabled])').waitFor();
  const loaded = Date.now() - t0;
  if (backend !== 'auto') await page.getByTestId('backend-choice').selectOption(backend);
  await page.getByTestId('start').click();
  await page.locator('[data-testid="phase"][data-phase="measuring"], [data-testid="phase"][data-phase="training"]').first().waitFor({ timeout: 120_000 });
  const data = Date.now() - t0;
  await page.getByTestId('samples-per-second').waitFor({ timeout: 180_000 });
  const firstStep = Date.now() - t0;
  const worker = await trainWorker(page);
  const mnist = await worker.evaluate('self.__layerwiseTestHook.lastLoad()') as { downloadedBytes: number; cachedBytes: number } | null;
  await page.getByTestId('stop').click().catch(() => {});
  await page.getByTestId('results').waitFor({ timeout: 120_000 }).catch(() => {});
  await Promise.all(pending);
  await page.close();
  return { loaded, data, firstStep, bytes, mnist };
}

/** Page open → first training step, in a fresh profile and then the same profile again. */
async function openToFirstStep(browser: Browser, url: string): Promise<void> {
  const context = await browser.newContext();
  const cold = await timeFirstStep(context, url);
  const cached = await timeFirstStep(context, url);
  const noTrial = await timeFirstStep(context, url, 'wasm');
  await context.close();
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  const widths = [30, 12, 14, 16, 14, 26];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nPage open → first training step (${preset}, MNIST, defaults, backend by trial), ms since navigation:`);
  console.log(line(['visit', 'page ready', 'data loaded', 'first step', 'network', 'MNIST: downloaded / cache']));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const [name, r] of [['cold', cold], ['cached', cached], ['cached, WASM picked (no trial)', noTrial]] as const) {
    console.log(line([name, fmt(r.loaded), fmt(r.data), fmt(r.firstStep), mb(r.bytes), r.mnist ? `${mb(r.mnist.downloadedBytes)} / ${mb(r.mnist.cachedBytes)}` : '—']));
  }
  console.log(`cached / cold, first step: ${(cached.firstStep / cold.firstStep).toFixed(2)}; network bytes: ${(cached.bytes / Math.max(1, cold.bytes)).toFixed(3)}`);
}

/** One full-MNIST epoch through the panel with the defaults. */
async function oneEpoch(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByTestId('epochs').fill('1');
  const t0 = Date.now();
  await page.getByTestId('start').click();
  await page.getByTestId('results').waitFor({ timeout: 900_000 });
  const seconds = (Date.now() - t0) / 1000;
  const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
  const backend = await page.getByTestId('backend-used').getAttribute('data-backend');
  const figures = (await page.getByTestId('results').locator('div').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
  console.log(`\nOne full-MNIST epoch in the page (${backend}, defaults): ${seconds.toFixed(1)} s from Start to results, test accuracy ${(accuracy * 100).toFixed(2)}%; ${figures}`);
  await page.close();
}

function report(roundsOut: Figure[][]): void {
  const by = new Map<string, Figure[]>();
  for (const round of roundsOut) for (const f of round) by.set(f.backend, [...(by.get(f.backend) ?? []), f]);
  const rows = [...by.entries()].map(([backend, fs]) => {
    const ok = fs.filter((f) => f.status === 'ok');
    return {
      backend,
      ok: ok.length > 0,
      message: fs.find((f) => f.status !== 'ok')?.message,
      sps: ok.length ? median(ok.map((f) => f.samplesPerSecond!)) : 0,
      min: ok.length ? Math.min(...ok.map((f) => f.samplesPerSecond!)) : 0,
      max: ok.length ? Math.max(...ok.map((f) => f.samplesPerSecond!)) : 0,
      stepMs: ok.length ? median(ok.map((f) => f.stepMs!)) : 0,
      firstMs: ok.length ? median(ok.map((f) => f.firstStepMs ?? NaN)) : 0,
    };
  }).sort((a, b) => b.sps - a.sps);

  const line = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const widths = [8, 12, 20, 10, 14];
  console.log(line(['backend', 'samples/s', 'range over rounds', 'ms/step', 'first step ms'], widths));
  console.log('-'.repeat(widths.reduce((a, b) => a + b + 2, -2)));
  for (const r of rows) {
    if (!r.ok) {
      console.log(line([r.backend, '—', '—', '—', '—'], widths) + `  (${r.message ?? 'did not run'})`);
      continue;
    }
    console.log(line([r.backend, fmt(r.sps), `${fmt(r.min)}–${fmt(r.max)}`, fmt(r.stepMs, 1), fmt(r.firstMs)], widths));
  }
  const ok = rows.filter((r) => r.ok);
  if (ok.length > 1) {
    console.log('\nRatios (median samples/s):');
    for (let i = 0; i < ok.length; i++) {
      for (let j = i + 1; j < ok.length; j++) console.log(`  ${ok[i]!.backend} / ${ok[j]!.backend} = ${(ok[i]!.sps / ok[j]!.sps).toFixed(1)}×`);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
