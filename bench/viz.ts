/**
 * "Look inside" benchmark (npm run bench:viz), under Node on wasm (the command line's backend and
 * the app's worker's): prints what it measured, never a pass/fail gate.
 *
 * 1. The time of each view for LeNet-5 (the shipped trained weights, 32×32), Mini ResNet (random,
 *    32×32×3) and VGG-16 (random, 224×224×3): median of warm runs, and the first call (which also
 *    builds the sub-model and warms the kernels).
 * 2. VGG-16: the feature maps of a layer vs one forward pass of the whole network, measured side
 *    by side in interleaved rounds (the views return their numbers, so both include reading them).
 * 3. Top-9 over the 10,000 MNIST test digits for LeNet-5's second convolution (c3).
 *
 * Options: --quick (fewer rounds, no VGG-16 occlusion). About 4 minutes on 2 quiet cores.
 *
 * bench/browser-viz.ts (`npm run bench:browser-viz`) runs the same views in the page, through the
 * training worker, and prints them beside these figures (`nodeViewFigures`).
 */
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupBackend } from '../lib/cli/train.node';
import { renderTable } from '../lib/cli/text';
import { compile } from '../lib/compile';
import { loadWeights } from '../lib/train/checkpoint';
import { loadMnistNode } from '../lib/train/datasets/mnist.node';
import { fileSystemHandler } from '../lib/train/model-files.node';
import {
  activations, deconvnet, filters, gradCam, guidedBackprop, occlusion, saliency, topActivations, vizModel, type VizModel,
} from '../lib/viz';
import { getPreset } from '../presets';

const quick = process.argv.includes('--quick');
const log = (s: string): void => { process.stderr.write(`${s}\n`); };
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };
export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function build(preset: string): Promise<VizModel> {
  const r = compile(getPreset(preset)!.build(), { seed: 1 });
  if (!r.ok) throw new Error(`${preset} does not compile`);
  if (preset === 'lenet5') await loadWeights(r.model, fileSystemHandler(path.join('public', 'models', 'lenet5-mnist')));
  return vizModel(r);
}

/** One view's figure: the median of warm runs and the first call, milliseconds. */
export interface ViewFigure {
  readonly model: string;
  /** The view's short key, shared with the page benchmark: 'feature maps', 'deconvnet', … */
  readonly view: string;
  /** What was measured ("c3, strongest of channel 1"). */
  readonly detail: string;
  readonly medianMs: number;
  readonly firstMs: number;
}

export interface Case {
  preset: string;
  name: string;
  /** A mid-network node and the last map node (the defaults of Grad-CAM and occlusion). */
  mid: string;
  conv: string;
  rounds: number;
  occlusion: { size: number; stride: number } | null;
  topImages: number;
}

export const CASES: Case[] = [
  { preset: 'lenet5', name: 'LeNet-5', mid: 'c3', conv: 'c3', rounds: 9, occlusion: { size: 8, stride: 2 }, topImages: 10_000 },
  { preset: 'mini_resnet', name: 'Mini ResNet', mid: 'layer2', conv: 'layer2/residual1/conv1', rounds: 7, occlusion: { size: 8, stride: 2 }, topImages: 1_000 },
  // Top-9 is left out for VGG-16: over random images it measures forward passes (~2 s each here)
  // and nine 224×224 projections, not a view a class waits for.
  { preset: 'vgg16', name: 'VGG-16 (224×224)', mid: 'conv4_3', conv: 'conv4_3', rounds: quick ? 1 : 3, occlusion: quick ? null : { size: 56, stride: 56 }, topImages: 0 },
];

/** Each view of one case, timed under Node on the active backend. */
export async function nodeViewFigures(c: Case): Promise<ViewFigure[]> {
  const vm = await build(c.preset);
  const [h, w, ch] = vm.model.inputs[0]!.shape.slice(1) as number[];
  const image = Float32Array.from({ length: h! * w! * ch! }, (_, i) => 0.5 + 0.5 * Math.sin(i * 0.37));
  const before = tf.memory().numTensors;
  const images = tf.tidy(() => tf.randomUniform([Math.max(1, c.topImages), h!, w!, ch!], 0, 1, 'float32', 3) as tf.Tensor4D);
  const mnist = c.preset === 'lenet5' ? loadMnistNode({ pad: 2 }) : undefined;
  const views: [string, string, () => Promise<unknown>][] = [
    ['feature maps', c.mid, () => activations(vm, c.mid, image)],
    ['deconvnet', `${c.mid}, strongest of channel 1`, () => deconvnet(vm, image, { node: c.mid, channel: 1 })],
    ['guided backprop', c.mid, () => guidedBackprop(vm, image, { node: c.mid, channel: 1 })],
    ['saliency', 'predicted class', () => saliency(vm, image)],
    ['Grad-CAM', 'last block', () => gradCam(vm, image)],
    ['filters', c.conv, () => filters(vm, c.conv)],
  ];
  if (c.occlusion) views.push(['occlusion', `${c.occlusion.size}-px square every ${c.occlusion.stride} px`, () => occlusion(vm, image, c.occlusion!)]);
  if (c.topImages > 0) views.push(['top-9', mnist ? `${c.mid}, ${c.topImages.toLocaleString('en-US')} MNIST test digits` : `${c.mid}, ${c.topImages.toLocaleString('en-US')} images`,
    () => topActivations(vm, c.mid, 1, mnist ? { dataset: mnist, split: 'test' } : images)]);
  const rows: ViewFigure[] = [];
  for (const [view, detail, fn] of views) {
    const first = await time(fn);
    const runs: number[] = [];
    const rounds = view === 'top-9' || view === 'occlusion' ? Math.min(3, c.rounds) : c.rounds;
    for (let i = 0; i < rounds; i++) runs.push(await time(fn));
    log(`  ${c.name}: ${view} (${detail}): first ${ms(first)}, median ${ms(median(runs))}`);
    rows.push({ model: c.name, view, detail, medianMs: median(runs), firstMs: first });
  }
  images.dispose();
  mnist?.dispose();
  if (tf.memory().numTensors !== before) log(`  warning: ${c.name} left ${tf.memory().numTensors - before} tensors`);
  vm.model.dispose();
  return rows;
}

/** VGG-16: a layer's feature maps vs the whole forward pass, interleaved rounds, medians. */
export async function vggLayers(): Promise<string[][]> {
  const vm = await build('vgg16');
  const image = tf.tidy(() => tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 5) as tf.Tensor4D);
  const forward = async () => {
    const y = vm.model.predict(image) as tf.Tensor;
    await y.data();
    y.dispose();
  };
  const layers = quick ? ['conv1_1', 'pool3', 'conv5_3'] : ['conv1_1', 'pool1', 'pool2', 'conv3_3', 'pool3', 'conv4_3', 'pool4', 'conv5_3', 'pool5', 'fc7'];
  await forward();
  const rows: string[][] = [];
  for (const layer of layers) {
    await activations(vm, layer, image); // builds the sub-model
    const f: number[] = [];
    const a: number[] = [];
    for (let i = 0; i < (quick ? 2 : 3); i++) {
      f.push(await time(forward));
      a.push(await time(() => activations(vm, layer, image)));
    }
    const ratio = median(a) / median(f);
    log(`  VGG-16 ${layer}: feature maps ${ms(median(a))}, forward ${ms(median(f))}, ratio ${ratio.toFixed(2)}`);
    const shape = vm.analysis.nodes[layer]!.outputShape!.join('×');
    rows.push([layer, shape, ms(median(a)), ms(median(f)), `${ratio.toFixed(2)}×`]);
  }
  image.dispose();
  vm.model.dispose();
  return rows;
}

/** A text table (titles, 'l'/'r' per column). */
export function table(titles: string[], align: string, rows: string[][]): string {
  return renderTable(titles.map((title, i) => ({ title, align: align[i] === 'r' ? 'right' : 'left' })), rows).join('\n') + '\n';
}

async function main(): Promise<void> {
  await setupBackend('wasm');
  log(`Backend ${tf.getBackend()}; ${quick ? 'quick run' : 'full run'}.`);
  const viewRows: string[][] = [];
  for (const c of CASES) {
    log(`${c.name}...`);
    viewRows.push(...(await nodeViewFigures(c)).map((f) => [f.model, `${f.view} (${f.detail})`, ms(f.medianMs), ms(f.firstMs)]));
  }
  log('VGG-16, feature maps of a layer vs one forward pass...');
  const vgg = await vggLayers();
  process.stdout.write('\nEach view under Node, wasm (median of warm runs; the first call also builds the sub-model)\n');
  process.stdout.write(table(['Model', 'View', 'Median', 'First call'], 'llrr', viewRows));
  process.stdout.write('\nVGG-16 at 224×224: the feature maps of a layer vs one forward pass of the whole network (medians, interleaved)\n');
  process.stdout.write(table(['Layer', 'Output', 'Feature maps', 'Forward pass', 'Ratio'], 'llrrr', vgg));
}

// Run when called as a script (`npm run bench:viz`), not when bench/browser-viz.ts imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench:viz failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
