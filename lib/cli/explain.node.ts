/**
 * `layerwise explain <preset|graph.json> [--load DIR] (--image file.png | --mnist-test N) --node ID
 *  --method M ...`: the app's "Look inside" views from a terminal, for slides, papers and scripts.
 * The same lib/viz code as the app computes the numbers; this file reads the image, draws PNGs
 * (--out DIR) and prints a summary or one JSON object (--json).
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { compile } from '../compile';
import { loadWeights } from '../train/checkpoint';
import { loadDatasetNode } from '../train/datasets/load.node';
import { mnistFit } from '../train/plan';
import { MnistMissingError } from '../train/datasets/mnist.node';
import { decodePng } from '../train/datasets/png';
import { DataFileError } from '../train/datasets/source';
import type { InMemoryDataset } from '../train/datasets/in-memory';
import { fileSystemHandler } from '../train/model-files.node';
import {
  VizError, activations, argMax, colourMap, compareBackprojections, deconvnet, encodePng, enlargeTo, filters, gradCam,
  guidedBackprop, imageToRgba, inputShape, occlusion, occlusionOverImage, overlay, resolveNode, saliency,
  scaleFor, tileGrid, topActivations, vizModel, type Backprojection, type ColourScale, type RgbaImage, type VizModel,
} from '../viz';
import { closeNames } from '../text/suggest';
import { splitArgs, UsageError } from './args';
import { processIO, type CliIO } from './io.node';
import { loadTarget } from './load.node';
import { setupBackend } from './train.node';

export const EXPLAIN_METHODS = ['activations', 'deconvnet', 'guided', 'saliency', 'gradcam', 'occlusion', 'top9', 'filters'] as const;
type Method = (typeof EXPLAIN_METHODS)[number];

export const EXPLAIN_USAGE = `layerwise explain <preset-id|file.json> --method M [options]

Looks inside a model: the views of the app's "Look inside" panel, as numbers and pictures.

Methods (--method):
  activations   the feature maps of --node for the image, every channel
  deconvnet     Zeiler & Fergus's deconvnet: the strongest activation of --channel projected to pixels
  guided        guided backpropagation of the same unit
  saliency      Simonyan et al.'s saliency: the gradient of --class's score before the softmax
  gradcam       Grad-CAM of --class on --node's map [the last convolutional block]
  occlusion     a grey square slid over the image: --class's probability, and the strongest
                channel of --node [the last block], at each position
  top9          the 9 test images that excite --channel of --node most, with patches and projections
  filters       the filters of a convolution --node (no image needed)

Options (defaults in brackets):
  --image FILE       a PNG image (resized to the model's input, made grey or RGB to fit)
  --mnist-test N     test digit N (0–9,999) of the official MNIST
  --node ID          a node of the graph; a block's id means its output
  --channel K        a channel of --node [the one with the strongest activation for the image]
  --class C          a class [the predicted one; for --mnist-test the digit's label for occlusion]
  --load DIR         weights saved by "layerwise train --save" [random weights]
  --out DIR          write PNGs into DIR
  --json             print one JSON object: shape and a flat array of numbers, channels last
  --size S, --stride S   occlusion: the square's side and step [¼ of the image, ¼ of the square]
  --top-images N     top9: search only the first N test images [all 10,000]
  --backend B        wasm | cpu [wasm]
  --seed S           seeds the random weights when there is no --load [1]
  --help             this text

Example:
  layerwise explain lenet5 --load public/models/lenet5-mnist --mnist-test 0 --node c3 --method deconvnet --out out/
`;

interface ExplainArgs {
  target: string;
  method: Method;
  image?: string;
  mnistTest?: number;
  node?: string;
  channel?: number;
  class?: number;
  load?: string;
  out?: string;
  json: boolean;
  size?: number;
  stride?: number;
  topImages?: number;
  backend: 'wasm' | 'cpu';
  seed: number;
}

const VALUE_OPTIONS = ['method', 'image', 'mnist-test', 'node', 'channel', 'class', 'load', 'out', 'size', 'stride', 'top-images', 'backend', 'seed'];
const FLAG_OPTIONS = ['json', 'help'];

function parseArgs(argv: readonly string[]): ExplainArgs | 'help' {
  const { values, flags, positional } = splitArgs(argv, { command: 'explain', values: VALUE_OPTIONS, flags: FLAG_OPTIONS });
  if (flags.has('help')) return 'help';
  if (positional.length !== 1) {
    throw new UsageError(positional.length === 0 ? 'give a preset id or a graph file, e.g. "layerwise explain lenet5 --method filters --node c1"' : `one model at a time (got ${positional.join(', ')})`);
  }
  const int = (name: string, min: number): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got ${raw})`);
    return n;
  };
  const method = values.method;
  if (method === undefined) throw new UsageError(`choose a view with --method: ${EXPLAIN_METHODS.join(', ')}`);
  if (!(EXPLAIN_METHODS as readonly string[]).includes(method)) {
    const near = closeNames(method, EXPLAIN_METHODS, 1);
    throw new UsageError(`unknown method '${method}'${near.length ? `; did you mean '${near[0]}'?` : ''} The methods: ${EXPLAIN_METHODS.join(', ')}`);
  }
  const backend = values.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu') throw new UsageError(`--backend must be wasm or cpu (got ${backend})`);
  if (values.image !== undefined && values['mnist-test'] !== undefined) throw new UsageError('give --image or --mnist-test, not both');
  const opt = <T>(k: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [k]: v });
  return {
    target: positional[0]!, method: method as Method, json: flags.has('json'), backend, seed: int('seed', 0) ?? 1,
    ...opt('image', values.image), ...opt('mnistTest', int('mnist-test', 0)), ...opt('node', values.node),
    ...opt('channel', int('channel', 0)), ...opt('class', int('class', 0)), ...opt('load', values.load), ...opt('out', values.out),
    ...opt('size', int('size', 1)), ...opt('stride', int('stride', 1)), ...opt('topImages', int('top-images', 1)),
  } as ExplainArgs;
}

/** A PNG file as the model's input: resized to H×W (bilinear), grey (luminance) or RGB to fit C. */
function readImage(file: string, [h, w, c]: readonly [number, number, number], notes: string[]): Float32Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no image file ${file}; check the path` : `could not read ${file} (${code ?? (e as Error).message})`);
  }
  let png;
  try {
    png = decodePng(file, bytes, (d) => inflateSync(d));
  } catch (e) {
    throw new UsageError(e instanceof DataFileError ? e.message : `${file} could not be read as a PNG image`);
  }
  const rgb = new Float32Array(png.width * png.height * c);
  for (let p = 0; p < png.width * png.height; p++) {
    // Transparent pixels count as black, the background of MNIST's digits.
    const a = png.data[p * 4 + 3]! / 255;
    const r = (png.data[p * 4]! / 255) * a, g = (png.data[p * 4 + 1]! / 255) * a, b = (png.data[p * 4 + 2]! / 255) * a;
    if (c === 1) rgb[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else if (c === 3) { rgb[p * 3] = r; rgb[p * 3 + 1] = g; rgb[p * 3 + 2] = b; }
    else for (let k = 0; k < c; k++) rgb[p * c + k] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  if (png.width === w && png.height === h) return rgb;
  notes.push(`${path.basename(file)} is ${png.width}×${png.height}; resized to the model's ${w}×${h}.`);
  return tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(rgb, [png.height, png.width, c]), [h, w], true).dataSync() as Float32Array);
}

/** What the views get as input, and the digit's label when it is a test digit. */
interface Input { pixels?: Float32Array; label?: number; dataset?: InMemoryDataset }

const NEEDS_IMAGE: readonly Method[] = ['activations', 'deconvnet', 'guided', 'saliency', 'gradcam', 'occlusion'];
const NEEDS_NODE: readonly Method[] = ['activations', 'deconvnet', 'guided', 'top9', 'filters'];

async function mnist(vm: VizModel, notes: string[]): Promise<InMemoryDataset> {
  try {
    // The same rule as training: MNIST padded and repeated to the model's input, or refused.
    const [h, w, c] = inputShape(vm);
    const fit = mnistFit([h, w, c]);
    if (!fit) throw new UsageError(`the model takes ${h}×${w}×${c} images, which MNIST's 28×28 grey digits cannot be fitted to; use --image instead`);
    const loaded = await loadDatasetNode('mnist', { plan: { dataset: 'mnist', mnist: fit } });
    notes.push(...loaded.notes);
    return loaded.dataset;
  } catch (e) {
    if (e instanceof MnistMissingError || e instanceof DataFileError) throw new UsageError(e.message);
    throw e;
  }
}

async function readInput(vm: VizModel, a: ExplainArgs, notes: string[]): Promise<Input> {
  const needsImage = NEEDS_IMAGE.includes(a.method);
  const input: Input = {};
  if (a.method === 'top9' || a.mnistTest !== undefined) input.dataset = await mnist(vm, notes);
  if (a.image !== undefined) {
    input.pixels = readImage(a.image, inputShape(vm), notes);
  } else if (a.mnistTest !== undefined) {
    const n = input.dataset!.testSize;
    if (a.mnistTest >= n) throw new UsageError(`--mnist-test ${a.mnistTest} is past the last test digit; give 0 to ${n - 1}`);
    const s = input.dataset!.sample('test', a.mnistTest);
    input.pixels = s.pixels;
    input.label = s.label;
  } else if (needsImage) {
    throw new UsageError(`${a.method} looks at one image: give --image file.png or --mnist-test N`);
  }
  return input;
}

/** The channel with the strongest activation of a node for the image (the default --channel). */
async function strongestChannel(vm: VizModel, node: string, pixels: Float32Array): Promise<number> {
  const act = await activations(vm, node, pixels);
  return argMax(act.channels.map((c) => c.max));
}

/** Safe file name part for a node id (block ids hold '/'). */
const fileName = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/** A result: numbers for --json, pictures for --out, lines for the terminal. */
interface Result {
  json: Record<string, unknown>;
  pictures: { name: string; image: RgbaImage }[];
  lines: string[];
}

const fmt = (v: number): string => (Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3));
const legendLine = (what: string, s: ColourScale): string => s.kind === 'signed'
  ? `${what}: diverging colour scale (RdBu) centred on 0, blue ${fmt(s.min)} … white 0 … red ${fmt(s.max)}`
  : `${what}: sequential colour scale (viridis), dark purple ${fmt(s.min)} … yellow ${fmt(s.max)}`;

/** The input image as a picture (grey or RGB), enlarged for viewing. */
function inputPicture(vm: VizModel, pixels: Float32Array): RgbaImage {
  const [h, w, c] = inputShape(vm);
  return enlargeTo(imageToRgba(pixels, h, w, c), 256);
}

/** A projection (deconvnet, guided, gradient) as a picture: grey at 0, the sign visible (Zeiler & Fergus). */
function projectionPicture(p: { shape: readonly number[]; data: Float32Array }, side = 256): RgbaImage {
  const [h, w, c] = p.shape as [number, number, number];
  return enlargeTo(imageToRgba(p.data, h, w, c, 'centred'), side);
}

function flat(data: ArrayLike<number>): number[] {
  return Array.from(data, (v) => Math.round(v * 1e6) / 1e6);
}

async function runMethod(vm: VizModel, a: ExplainArgs, input: Input, notes: string[]): Promise<Result> {
  const node = a.node;
  const pixels = input.pixels;
  const pictures: Result['pictures'] = [];
  const lines: string[] = [];
  if (pixels) pictures.push({ name: 'input', image: inputPicture(vm, pixels) });
  switch (a.method) {
    case 'activations': {
      const act = await activations(vm, node!, pixels!);
      const map = act.shape.length === 3;
      const [h, w, c] = map ? (act.shape as [number, number, number]) : [1, act.shape[0]!, 1];
      const scale = scaleFor(act.data);
      if (map) {
        const tiles = Array.from({ length: c }, (_, k) => enlargeTo(colourMap(act.data, h, w, { channels: c, channel: k, scale }), 96));
        pictures.push({ name: `activations-${fileName(node!)}`, image: tileGrid(tiles, Math.ceil(Math.sqrt(c)), 2) });
        if (a.channel !== undefined) {
          resolveChannel(vm, node!, a.channel);
          pictures.push({ name: `activations-${fileName(node!)}-channel${a.channel}`, image: enlargeTo(colourMap(act.data, h, w, { channels: c, channel: a.channel, scale }), 256) });
        }
      } else {
        pictures.push({ name: `activations-${fileName(node!)}`, image: enlargeTo(colourMap(act.data, 1, w, { scale }), 512) });
      }
      lines.push(`${node} (${act.primitive}): ${act.shape.join('×')}, ${act.channels.length} channel${act.channels.length === 1 ? '' : 's'}`);
      act.channels.forEach((s, k) => lines.push(`  channel ${String(k).padStart(3)}  min ${fmt(s.min).padStart(8)}  max ${fmt(s.max).padStart(8)}  mean ${fmt(s.mean).padStart(8)}  zeros ${(s.zeroShare * 100).toFixed(0).padStart(3)}%`));
      lines.push(legendLine('colours', scale));
      return { json: { shape: act.shape, data: flat(act.data), channels: act.channels }, pictures, lines };
    }
    case 'deconvnet':
    case 'guided': {
      const channel = a.channel ?? await strongestChannel(vm, node!, pixels!);
      if (a.channel === undefined) notes.push(`Channel ${channel}: the one with the strongest activation for this image (choose another with --channel).`);
      const p: Backprojection = a.method === 'deconvnet' ? await deconvnet(vm, pixels!, { node: node!, channel }) : await guidedBackprop(vm, pixels!, { node: node!, channel });
      const t = p.target;
      if (t.kind !== 'unit') throw new Error('unit expected');
      pictures.push({ name: `${a.method}-${fileName(node!)}-channel${channel}`, image: projectionPicture(p) });
      lines.push(`${a.method === 'deconvnet' ? 'Deconvnet' : 'Guided backpropagation'} of ${node} channel ${channel}, its strongest unit at (${t.y}, ${t.x}) = ${fmt(t.value)}` +
        (a.method === 'deconvnet' ? ` (${p.method === 'switches' ? 'unpooling with the switches, layer by layer' : 'as a gradient with the max(g, 0) rule: the graph has branches'})` : ''));
      lines.push('picture: grey is 0, lighter positive, darker negative (scaled to the largest magnitude)');
      return { json: { shape: p.shape, data: flat(p.data), channel, at: { y: t.y, x: t.x }, value: t.value, route: p.method }, pictures, lines };
    }
    case 'saliency': {
      const s = await saliency(vm, pixels!, a.class !== undefined ? { class: a.class } : {});
      const [h, w] = s.map.shape as [number, number];
      const scale = scaleFor(s.map.data);
      pictures.push({ name: `saliency-class${s.class}`, image: enlargeTo(colourMap(s.map.data, h, w, { scale }), 256) });
      // Side by side with the deconvnet and guided backprop of the same class score.
      const all = await compareBackprojections(vm, pixels!, { class: s.class });
      pictures.push({ name: `compare-class${s.class}`, image: tileGrid([inputPicture(vm, pixels!), projectionPicture(all.deconvnet), projectionPicture(all.guided), enlargeTo(colourMap(s.map.data, h, w, { scale }), 256)], 4, 4) });
      lines.push(`Saliency of class ${s.class} (score before the softmax ${fmt(s.score)}, probability ${(s.probabilities[s.class]! * 100).toFixed(1)}%)`);
      lines.push(legendLine('saliency (max |gradient| over channels)', scale));
      lines.push('compare-*.png: the image, the deconvnet, guided backpropagation and saliency of the same class score');
      return { json: { shape: s.map.shape, data: flat(s.map.data), class: s.class, score: s.score, gradient: { shape: s.gradient.shape, data: flat(s.gradient.data) } }, pictures, lines };
    }
    case 'gradcam': {
      const cam = await gradCam(vm, pixels!, { ...(node !== undefined ? { node } : {}), ...(a.class !== undefined ? { class: a.class } : {}) });
      const [H, W] = cam.upsampled.shape as [number, number];
      const scale = scaleFor(cam.upsampled.data);
      const heat = colourMap(cam.upsampled.data, H, W, { scale });
      const [, , c] = inputShape(vm);
      pictures.push({ name: `gradcam-class${cam.class}`, image: enlargeTo(overlay(imageToRgba(pixels!, H, W, c), heat, 0.5), 256) });
      pictures.push({ name: `gradcam-class${cam.class}-map`, image: enlargeTo(colourMap(cam.map.data, cam.map.shape[0]!, cam.map.shape[1]!), 256) });
      lines.push(`Grad-CAM of class ${cam.class} (score ${fmt(cam.score)}) on ${cam.node}'s ${cam.map.shape.join('×')} map, resized to ${H}×${W}`);
      lines.push(legendLine('Grad-CAM', scale));
      return { json: { shape: cam.upsampled.shape, data: flat(cam.upsampled.data), class: cam.class, node: cam.node, map: { shape: cam.map.shape, data: flat(cam.map.data) }, weights: flat(cam.weights) }, pictures, lines };
    }
    case 'occlusion': {
      const cls = a.class ?? input.label;
      const o = await occlusion(vm, pixels!, {
        ...(cls !== undefined ? { class: cls } : {}), ...(node !== undefined ? { node } : {}), ...(a.channel !== undefined ? { channel: a.channel } : {}),
        ...(a.size !== undefined ? { size: a.size } : {}), ...(a.stride !== undefined ? { stride: a.stride } : {}),
      });
      const [rows, cols] = o.probability.shape as [number, number];
      const [H, W] = inputShape(vm);
      const pScale: ColourScale = { kind: 'unsigned', min: 0, max: 1, scheme: 'viridis' };
      // Each pixel shows the position whose square's centre is nearest.
      const cell = (data: Float32Array) => occlusionOverImage(o, data, H, W);
      pictures.push({ name: `occlusion-class${o.class}-probability`, image: enlargeTo(colourMap(cell(o.probability.data), H, W, { scale: pScale }), 256) });
      const aScale = scaleFor(o.activation.map.data);
      pictures.push({ name: `occlusion-${fileName(o.activation.node)}-channel${o.activation.channel}`, image: enlargeTo(colourMap(cell(o.activation.map.data), H, W, { scale: aScale }), 256) });
      lines.push(`Occlusion: a ${o.size}×${o.size} square of ${fmt(o.fill)} every ${o.stride} px, ${rows}×${cols} positions`);
      lines.push(`  p(class ${o.class}): ${(o.baseline * 100).toFixed(1)}% uncovered; ${(Math.min(...o.probability.data) * 100).toFixed(1)}% at worst`);
      lines.push(`  ${o.activation.node} channel ${o.activation.channel} (strongest for the uncovered image): total ${fmt(o.activation.baseline)} uncovered, ${fmt(Math.min(...o.activation.map.data))} at least`);
      lines.push(legendLine('probability', pScale));
      lines.push(legendLine('total activation', aScale));
      return {
        json: {
          shape: o.probability.shape, data: flat(o.probability.data), class: o.class, size: o.size, stride: o.stride, fill: o.fill, tops: o.tops, lefts: o.lefts,
          predicted: Array.from(o.predicted.data), activation: { node: o.activation.node, channel: o.activation.channel, data: flat(o.activation.map.data) },
        },
        pictures, lines,
      };
    }
    case 'top9': {
      const channel = a.channel ?? 0;
      if (a.channel === undefined) notes.push('Channel 0 (choose another with --channel).');
      const top = await topActivations(vm, node!, channel, { dataset: input.dataset!, split: 'test', ...(a.topImages ? { limit: a.topImages } : {}) });
      const hits = top.hits;
      const [bh, bw, c] = hits[0]!.patch.shape as [number, number, number];
      const patches = hits.map((h) => enlargeTo(imageToRgba(h.patch.data, bh, bw, c), 96));
      const projections = hits.map((h) => enlargeTo(imageToRgba(h.projection!.data, bh, bw, c, 'centred'), 96));
      pictures.push({ name: `top9-${fileName(node!)}-channel${channel}`, image: tileGrid([...projections, ...patches], hits.length, 3) });
      lines.push(`Top ${hits.length} of ${top.searched.toLocaleString('en-US')} test images for ${node} channel ${channel} (receptive field ${bh}×${bw}):`);
      hits.forEach((h, i) => lines.push(`  ${i + 1}. test image ${h.index} (label ${h.label ?? '?'}): ${fmt(h.value)} at (${h.y}, ${h.x}), patch rows ${h.box.top}..${h.box.top + h.box.height - 1}, columns ${h.box.left}..${h.box.left + h.box.width - 1}`));
      lines.push('picture: deconvnet projections (top row) over the image patches (bottom row)');
      return {
        json: {
          shape: [hits.length, bh, bw, c], data: flat(hits.flatMap((h) => Array.from(h.projection!.data))), patches: flat(hits.flatMap((h) => Array.from(h.patch.data))),
          channel, searched: top.searched, hits: hits.map((h) => ({ index: h.index, label: h.label ?? null, value: h.value, y: h.y, x: h.x, box: h.box })),
        },
        pictures, lines,
      };
    }
    case 'filters': {
      const f = await filters(vm, node!);
      const [kh, kw, cin, cout] = f.shape;
      let image: RgbaImage;
      if (f.readsImage && (cin === 1 || cin === 3)) {
        // One image per filter over the input's channels, each centred on grey.
        image = tileGrid(Array.from({ length: cout }, (_, o) => {
          const one = new Float32Array(kh * kw * cin);
          for (let i = 0; i < kh * kw * cin; i++) one[i] = f.data[i * cout + o]!;
          return enlargeTo(imageToRgba(one, kh, kw, cin, 'centred'), 64);
        }), Math.ceil(Math.sqrt(cout)), 3);
      } else {
        // Rows: filters; columns: input channels (capped so the picture stays readable).
        const rows = Math.min(cout, 64), cols = Math.min(cin, 64);
        const scale = scaleFor(f.data, { signed: true });
        const tiles: RgbaImage[] = [];
        for (let o = 0; o < rows; o++) for (let i = 0; i < cols; i++) {
          const one = new Float32Array(kh * kw);
          for (let p = 0; p < kh * kw; p++) one[p] = f.data[(p * cin + i) * cout + o]!;
          tiles.push(enlargeTo(colourMap(one, kh, kw, { scale }), 24));
        }
        image = tileGrid(tiles, cols, 1);
        if (rows < cout || cols < cin) notes.push(`The picture shows the first ${rows} filters × ${cols} input channels of ${cout} × ${cin}; --json has them all.`);
      }
      pictures.push({ name: `filters-${fileName(node!)}`, image });
      lines.push(`${node}: ${cout} filters of ${kh}×${kw}×${cin}${f.kind === 'grouped' ? ` (${f.groups} groups)` : f.kind === 'depthwise' ? ' (depthwise: one input channel each)' : ''}`);
      return { json: { shape: f.shape, data: flat(f.data), kind: f.kind }, pictures, lines };
    }
    default: {
      const never: never = a.method;
      throw new UsageError(`unknown method ${String(never)}`);
    }
  }
}

/** Checks --channel against a node (for methods that only draw it). */
function resolveChannel(vm: VizModel, node: string, channel: number): void {
  const r = resolveNode(vm, node);
  const n = r.shape[r.shape.length - 1]!;
  if (channel >= n) throw new VizError(`Channel ${channel} is out of range: ${node} has ${n} channel${n === 1 ? '' : 's'}, 0 to ${n - 1}`);
}

/**
 * Runs `layerwise explain` with `argv` (the words after "explain"). Exit codes: 0 done, 2 bad
 * input (usage, model, node, channel, class, image), 1 Layerwise's own failure.
 */
export async function runExplain(argv: string[], io: CliIO = processIO): Promise<number> {
  let a: ExplainArgs | 'help';
  try {
    a = parseArgs(argv);
  } catch (e) {
    io.err(`layerwise explain: ${(e as Error).message}\n`);
    return 2;
  }
  if (a === 'help') {
    io.out(EXPLAIN_USAGE);
    return 0;
  }
  if (NEEDS_NODE.includes(a.method) && a.node === undefined) {
    io.err(`layerwise explain: ${a.method} needs --node ID (a node of the graph; "layerwise summary ${a.target}" lists them)\n`);
    return 2;
  }
  const loaded = loadTarget(a.target);
  if (!loaded.ok) {
    io.err(loaded.errors.join('\n') + '\n');
    return 2;
  }
  loaded.warnings.forEach((w) => io.err(`${w}\n`));
  let vm: VizModel | undefined;
  let dataset: InMemoryDataset | undefined;
  const notes: string[] = [];
  try {
    await setupBackend(a.backend);
    const compiled = compile(loaded.graph, { seed: a.seed });
    if (!compiled.ok) {
      io.err(`layerwise explain: ${loaded.name} cannot be built:\n${compiled.errors.map((e) => `  ${e.nodeId ? `${e.nodeId}: ` : ''}${e.message}`).join('\n')}\n`);
      return 2;
    }
    vm = vizModel(compiled);
    if (a.node !== undefined) resolveNode(vm, a.node); // an unknown node fails before any data is read
    if (a.load) {
      try {
        await loadWeights(compiled.model, fileSystemHandler(a.load));
      } catch (e) {
        throw new UsageError(`--load ${a.load}: ${(e as Error).message}`);
      }
    } else {
      notes.push(`${loaded.name} has random weights (seed ${a.seed}); give --load DIR for trained ones.`);
    }
    const input = await readInput(vm, a, notes);
    dataset = input.dataset;
    if (a.mnistTest !== undefined) notes.push(`MNIST test digit ${a.mnistTest}, a ${input.label}.`);
    const result = await runMethod(vm, a, input, notes);
    if (a.out) {
      mkdirSync(a.out, { recursive: true });
      for (const p of result.pictures) {
        const file = path.join(a.out, `${p.name}.png`);
        writeFileSync(file, encodePng(p.image, (d) => deflateSync(d)));
        result.lines.push(`wrote ${file} (${p.image.width}×${p.image.height})`);
      }
    }
    notes.forEach((n) => io.err(`${n}\n`));
    if (a.json) {
      io.out(`${JSON.stringify({ model: loaded.presetId ?? loaded.name, method: a.method, ...(a.node !== undefined ? { node: a.node } : {}), ...result.json })}\n`);
    } else {
      io.out(result.lines.join('\n') + '\n');
      if (!a.out) io.out('(--out DIR writes the pictures as PNG files)\n');
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof VizError) {
      io.err(`layerwise explain: ${e.message}\n`);
      return 2;
    }
    const err = e as Error;
    io.err(`layerwise explain: internal error: ${err.message ?? String(e)}. This is a bug in Layerwise; please report it with the command you ran${process.env.LAYERWISE_DEBUG === '1' && err.stack ? `\n${err.stack}` : ' (LAYERWISE_DEBUG=1 shows details)'}\n`);
    return 1;
  } finally {
    vm?.model.dispose();
    dataset?.dispose();
  }
}

