/**
 * `layerwise train --workers 2` against `--workers 1` (npm run bench:cli-workers): the real
 * command (bin/layerwise.mjs, a child process per run) training LeNet-5 on MNIST, at batch 64 and
 * 256, in alternating rounds (1, 2, 2, 1, ...) so that a change of load falls on both; and,
 * in each round, the command without --workers (the rule: it times both, then trains with its
 * pick), to show what it picks. Prints the training samples/s of each run (the loop's own figure:
 * without start-up, the rule's trial and the final test), the medians and their ratio, the ceiling (a plain JavaScript loop in 2 threads against 1, just
 * before: what a second thread can gain on this machine now) and the load average before and
 * after. Never a pass/fail gate.
 *
 *   npx tsx bench/cli-workers.ts [--rounds 3] [--train-size 8000] [--batches 64,256]
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { renderTable } from '../lib/cli/text';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const ROUNDS = Number(arg('rounds', '3'));
const TRAIN_SIZE = arg('train-size', '8000');
const BATCHES = arg('batches', '64,256').split(',').map(Number);
const BIN = path.join(__dirname, '..', 'bin', 'layerwise.mjs');

const load = (): string => os.loadavg().map((x) => x.toFixed(2)).join(', ');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Iterations of a plain loop that `threads` threads do in `ms` milliseconds together. */
async function spin(threads: number, ms: number): Promise<number> {
  const code = `const { parentPort, workerData } = require('node:worker_threads');
    const end = Date.now() + workerData; let n = 0, x = 0;
    while (Date.now() < end) { for (let i = 0; i < 1e5; i++) x += Math.sqrt(i); n++; }
    parentPort.postMessage(n + (x < 0 ? 1 : 0));`;
  const counts = await Promise.all(Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: ms });
    w.once('message', (n: number) => { resolve(n); void w.terminate(); });
    w.once('error', reject);
  })));
  return counts.reduce((a, b) => a + b, 0);
}

/** One `layerwise train` run: its training samples/s and the workers it reports. */
function trainOnce(batch: number, workers?: number): { samplesPerSecond: number; workers: number } {
  const r = spawnSync(process.execPath, [BIN, 'train', 'lenet5', '--dataset', 'mnist', '--epochs', '1', '--train-size', TRAIN_SIZE,
    '--batch', String(batch), ...(workers ? ['--workers', String(workers)] : []), '--json'], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`layerwise train --batch ${batch} --workers ${workers} exited ${r.status}: ${r.stderr}`);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { samplesPerSecond: number; workers: number };
  return summary;
}

async function main(): Promise<void> {
  console.log(`layerwise train lenet5 --dataset mnist --epochs 1 --train-size ${TRAIN_SIZE}, --workers 2 vs 1 and without --workers, ${ROUNDS} rounds each; ${os.availableParallelism()} cores`);
  console.log(`load average before: ${load()}`);
  const rows: string[][] = [];
  for (const batch of BATCHES) {
    const ceiling = (await spin(2, 1500)) / (await spin(1, 1500));
    const speeds: Record<number, number[]> = { 1: [], 2: [] };
    const picks: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const workers of r % 2 === 0 ? [1, 2] : [2, 1]) {
        const s = trainOnce(batch, workers);
        if (s.workers !== workers) throw new Error(`asked for ${workers} workers, the run used ${s.workers}`);
        speeds[workers]!.push(s.samplesPerSecond);
        console.log(`  batch ${batch}, ${workers} worker${workers > 1 ? 's' : ''}: ${fmt(s.samplesPerSecond)} samples/s`);
      }
      const ruled = trainOnce(batch);
      picks.push(ruled.workers);
      console.log(`  batch ${batch}, no --workers: picked ${ruled.workers}, ${fmt(ruled.samplesPerSecond)} samples/s`);
    }
    const [one, two] = [median(speeds[1]!), median(speeds[2]!)];
    rows.push([String(batch), fmt(two), fmt(one), `${(two / one).toFixed(2)}×`, `${ceiling.toFixed(2)}×`, speeds[2]!.map((v, i) => (v / speeds[1]![i]!).toFixed(2)).join(' '), picks.join(' ')]);
  }
  console.log(`load average after: ${load()}`);
  console.log(renderTable([
    { title: 'batch', align: 'right' }, { title: '2 workers (samples/s)', align: 'right' }, { title: '1 worker', align: 'right' },
    { title: 'ratio', align: 'right' }, { title: 'ceiling', align: 'right' }, { title: 'per round' }, { title: 'no --workers picked' },
  ], rows).join('\n'));
}

void main();
