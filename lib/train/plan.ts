/**
 * Before anything loads or compiles: does a dataset fit the graph, and how is it adapted to the
 * model's input (MNIST padded to the model's side and its grey repeated to colour; a folder's
 * pictures resized)? Pure (analyse only, no tfjs), so the panel answers as the user picks, and
 * the session, the worker and the command line all follow the same plan: the rule lives here once.
 * The training loop checks the fit again on the compiled model (fit.ts).
 */
import type { Analysis } from '../graph/analyse';
import type { Graph } from '../graph/types';
import { datasetEntry, type DatasetEntry, type DatasetId } from './datasets/catalogue';
import type { ImageShape } from './datasets/types';
import { TrainError } from './errors';

/** What must be loaded for a model, and what the user is told about it. */
export interface DataPlan {
  readonly dataset: DatasetId;
  /** MNIST: zero pixels on each side (2 turns 28×28 into 32×32) and channels (grey repeated). */
  readonly mnist?: { readonly pad: number; readonly channels: 1 | 3 };
  /** A folder: the size and channels each picture is resized to. */
  readonly folder?: { readonly size: readonly [number, number]; readonly channels: 1 | 3 };
  /** How the data is adapted to the model, said plainly ("MNIST is padded from 28×28 to 32×32"). */
  readonly note?: string;
  /** Why this dataset cannot train this model, and what to change. Absent when it fits. */
  readonly problem?: string;
}

/** MNIST's side; padding beyond MNIST_MAX_SIDE would be mostly empty border. */
export const MNIST_SIDE = 28;
export const MNIST_MAX_SIDE = 36;

/** The model's name for messages: the graph's name, else "The model". */
export function modelName(graph: Graph): string {
  return graph.meta?.name?.trim() || 'The model';
}

const dims = (s: readonly number[]): string => s.join('×');

/** The model's input shape [H, W, C] when it has exactly one image input. */
export function imageInput(analysis: Analysis): ImageShape | null {
  if (analysis.inputs.length !== 1) return null;
  const shape = analysis.nodes[analysis.inputs[0]!]?.outputShape;
  return shape && shape.length === 3 ? [shape[0]!, shape[1]!, shape[2]!] : null;
}

/** The number of class scores the model ends in, when it ends in one flat layer. */
export function outputUnits(analysis: Analysis): number | null {
  const s = analysis.outputShape;
  return s && s.length === 1 ? s[0]! : null;
}

/** The node that ends the model and the activation its outputs pass through. */
export interface LastLayer {
  readonly nodeId: string;
  /** How the node is called in messages: its label, else its id. */
  readonly called: string;
  /** 'dense': a Dense layer (activation is its own); 'activation': an Activation block; 'other': anything else. */
  readonly kind: 'dense' | 'activation' | 'other';
  /** 'softmax', 'sigmoid', 'linear', ...; null for 'other'. */
  readonly activation: string | null;
}

/** The model's last layer, when it has exactly one output node. */
export function lastLayer(graph: Graph, analysis: Analysis): LastLayer | null {
  if (analysis.outputs.length !== 1) return null;
  const node = graph.nodes.find((n) => n.id === analysis.outputs[0]);
  if (!node) return null;
  const called = node.label?.trim() || node.id;
  if (node.type === 'Dense') return { nodeId: node.id, called, kind: 'dense', activation: String(node.params.activation ?? 'linear') };
  if (node.type === 'Activation') return { nodeId: node.id, called, kind: 'activation', activation: String(node.params.fn ?? 'relu') };
  return { nodeId: node.id, called, kind: 'other', activation: null };
}

/**
 * Why the model's last activation cannot answer this dataset's question, or undefined: softmax
 * makes outputs compete (one class per image), sigmoid answers each output on its own (several
 * labels per image). A linear output fits both: the loss applies softmax or sigmoid itself.
 */
function outputProblem(name: string, last: LastLayer | null, entry: DatasetEntry): string | undefined {
  if (!last || last.kind === 'other') return undefined;
  const where = last.kind === 'dense' ? `the last Dense layer's ("${last.called}") activation` : `the last Activation block ("${last.called}")`;
  if (entry.multiLabel && last.activation === 'softmax') {
    return `${name} ends in softmax, which makes its outputs compete (they sum to 1, one class wins), but an image of ${entry.called} may hold several labels at once, ` +
      `each a yes/no question of its own: set ${where} to sigmoid in the editor (or linear: the loss then applies the sigmoid).`;
  }
  if (!entry.multiLabel && last.activation === 'sigmoid') {
    return `${name} ends in sigmoid, a yes/no answer per output, but each image of ${entry.called} has exactly one class: set ${where} to softmax in the editor.`;
  }
  return undefined;
}

/**
 * How MNIST feeds a model of input `input`: the padding on each side and the channels, or null
 * when no padding of 28×28 grey gives that shape (odd growth, not square, beyond 36, not 1 or 3
 * channels). The one place this rule lives.
 */
export function mnistFit(input: ImageShape): { pad: number; channels: 1 | 3 } | null {
  const [h, w, c] = input;
  const pad = (h - MNIST_SIDE) / 2;
  if (h !== w || h < MNIST_SIDE || h > MNIST_MAX_SIDE || !Number.isInteger(pad) || (c !== 1 && c !== 3)) return null;
  return { pad, channels: c };
}

/**
 * Plans how dataset `id` feeds the graph. `folderClasses` is the number of class sub-folders when
 * a folder has been picked (unknown before).
 */
export function planDataset(graph: Graph, analysis: Analysis, id: DatasetId, folderClasses?: number): DataPlan {
  const name = modelName(graph);
  const entry = datasetEntry(id)!;
  if (!analysis.valid) {
    const first = analysis.errors[0]?.message;
    return { dataset: id, problem: `The graph has ${analysis.errors.length} error${analysis.errors.length === 1 ? '' : 's'}; fix ${analysis.errors.length === 1 ? 'it' : 'them'} in the editor before training${first ? ` (first: ${first})` : ''}.` };
  }
  const input = imageInput(analysis);
  if (!input) {
    return { dataset: id, problem: `${name} does not start with one image input (height×width×channels); begin the graph with a single Input block.` };
  }
  const units = outputUnits(analysis);
  const classes = entry.classes ?? folderClasses;
  const classesProblem = classes === undefined ? undefined
    : units === null ? `${name} does not end in a flat layer of class scores: end it with a Dense layer of ${classes} units (after Flatten or GlobalAvgPool).`
      : units !== classes ? `${name} ends in ${units} outputs but ${entry.called} has ${classes} ${entry.multiLabel ? 'labels' : 'classes'}: set the last Dense layer's units to ${classes}.`
        : undefined;
  const activationProblem = outputProblem(name, lastLayer(graph, analysis), entry);
  const result = (parts: Omit<DataPlan, 'dataset' | 'problem'>, problems: (string | undefined)[]): DataPlan => {
    const found = problems.filter((p): p is string => !!p);
    return { dataset: id, ...parts, ...(found.length ? { problem: found.join(' ') } : {}) };
  };
  switch (entry.input.kind) {
    case 'mnist':
      return planMnist(name, input, classesProblem, activationProblem, result);
    case 'exact':
      return result({}, [exactProblem(name, input, entry), classesProblem, activationProblem]);
    case 'resize': {
      const [h, w, c] = input;
      if (c !== 1 && c !== 3) {
        return { dataset: id, problem: `${name} takes ${c}-channel images; pictures can be read as grey (1 channel) or colour (3): set the Input block's channels to 1 or 3.` };
      }
      const note = `Each image is resized to ${h}×${w}${c === 1 ? ' and turned grey' : ''}, the size ${name} takes; 20% of each class is held out for testing.`;
      return result({ folder: { size: [h, w], channels: c }, note }, [classesProblem, activationProblem]);
    }
  }
}

function planMnist(
  name: string, input: ImageShape, classesProblem: string | undefined, activationProblem: string | undefined,
  result: (parts: Omit<DataPlan, 'dataset' | 'problem'>, problems: (string | undefined)[]) => DataPlan,
): DataPlan {
  const fit = mnistFit(input);
  const [h, w, c] = input;
  if (!fit) {
    const tooBig = h > MNIST_MAX_SIDE ? ', or pick a model made for small images (LeNet-5, or a mini preset with the synthetic shapes)' : '';
    return result({}, [
      `${name} takes ${dims(input)} images; MNIST digits are 28×28×1 (grey) and can be padded to 32×32 and repeated to 3 channels, not more: ` +
      `set the Input block to 28×28×1 or 32×32×1${tooBig}.`,
      classesProblem,
      activationProblem,
    ]);
  }
  const parts: string[] = [];
  if (fit.pad > 0) parts.push(`MNIST is padded from 28×28 to ${h}×${w} (${fit.pad} empty pixel${fit.pad === 1 ? '' : 's'} on each side${h === 32 ? ', as LeCun did' : ''})`);
  if (c === 3) parts.push('its grey value is repeated in the 3 colour channels');
  return result({ mnist: fit, ...(parts.length ? { note: `${name} takes ${dims(input)}; ${parts.join(' and ')}.` } : {}) }, [classesProblem, activationProblem]);
}

function exactProblem(name: string, input: ImageShape, entry: DatasetEntry): string | undefined {
  if (entry.input.kind !== 'exact') return undefined;
  const want = entry.input.shape;
  if (input.every((d, i) => d === want[i])) return undefined;
  const [h, w, c] = input;
  const colour = want[2] === 3 ? ' (colour)' : '';
  const hint = h === want[0] && w === want[1] && c === 1 && want[2] === 3
    ? `set the Input block's channels to 3, or train on MNIST, which is grey`
    : `set the Input block to ${dims(want)}, or pick a mini preset (made for 32×32 colour images)`;
  return `${name} takes ${dims(input)} images but ${entry.imagesCalled} are ${dims(want)}${colour}: ${hint}.`;
}

/**
 * One image as the model takes it (floats 0–1 of the model's input shape) from bytes 0–255 of
 * either that shape or MNIST's 28×28×1 (a drawing, an upload, a stored test digit), which is
 * padded and repeated by the same rule as the dataset (`mnistFit`). Throws a TrainError
 * 'data-does-not-fit' for any other shape.
 */
export function imageForModel(pixels: Uint8Array, shape: ImageShape, input: ImageShape): Float32Array {
  const [h, w, c] = shape;
  if (pixels.length !== h * w * c) throw new TrainError('data-does-not-fit', `The image has ${pixels.length} values, not ${dims(shape)} = ${h * w * c}.`);
  const [H, W, C] = input;
  const out = new Float32Array(H * W * C);
  if (h === H && w === W && c === C) {
    for (let i = 0; i < out.length; i++) out[i] = pixels[i]! / 255;
    return out;
  }
  const fit = h === MNIST_SIDE && w === MNIST_SIDE && c === 1 ? mnistFit(input) : null;
  if (!fit) throw new TrainError('data-does-not-fit', `The model takes ${dims(input)} images; a ${dims(shape)} image cannot be fitted to it (only 28×28 grey digits are padded and repeated).`);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = pixels[y * w + x]! / 255;
      const at = ((y + fit.pad) * W + (x + fit.pad)) * C;
      for (let ch = 0; ch < C; ch++) out[at + ch] = v;
    }
  }
  return out;
}

/** The shape a dataset stores its images in before a plan pads or repeats them (MNIST: 28×28×1). */
export function storedShape(plan: DataPlan, datasetShape: ImageShape): ImageShape {
  return plan.mnist ? [MNIST_SIDE, MNIST_SIDE, 1] : datasetShape;
}

/** One planned image (bytes of `datasetShape`) back as stored: MNIST's padding cropped, its repeated grey taken once. */
export function storedImage(bytes: Uint8Array, datasetShape: ImageShape, plan: DataPlan): Uint8Array {
  if (!plan.mnist) return bytes;
  const [, W, C] = datasetShape;
  const { pad } = plan.mnist;
  const out = new Uint8Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < MNIST_SIDE; y++) {
    for (let x = 0; x < MNIST_SIDE; x++) out[y * MNIST_SIDE + x] = bytes[((y + pad) * W + (x + pad)) * C]!;
  }
  return out;
}
