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
import { datasetSaid, english, say, type Said } from './said';

/** What must be loaded for a model, and what the user is told about it. */
export interface DataPlan {
  readonly dataset: DatasetId;
  /** MNIST: zero pixels on each side (2 turns 28×28 into 32×32) and channels (grey repeated). */
  readonly mnist?: { readonly pad: number; readonly channels: 1 | 3 };
  /** A folder: the size and channels each picture is resized to. */
  readonly folder?: { readonly size: readonly [number, number]; readonly channels: 1 | 3 };
  /** How the data is adapted to the model, said plainly ("MNIST is padded from 28×28 to 32×32"), in English. */
  readonly note?: string;
  /** The note as data, for the interface to word in the user's language. */
  readonly noteSaid?: Said;
  /** Why this dataset cannot train this model, and what to change, in English. Absent when it fits. */
  readonly problem?: string;
  /** The problem as data: one sentence per thing to change (`problem` joins them). */
  readonly problems?: readonly Said[];
}

/** MNIST's side; padding beyond MNIST_MAX_SIDE would be mostly empty border. */
export const MNIST_SIDE = 28;
export const MNIST_MAX_SIDE = 36;

/** The model's name for messages: the graph's name, else "The model". */
export function modelName(graph: Graph): string {
  return graph.meta?.name?.trim() || english(say('train.plan.theModel'));
}

/** The model's name for a Said: the graph's name, else "The model" in the sentence's language. */
export function modelNameSaid(graph: Graph): string | Said {
  return graph.meta?.name?.trim() || say('train.plan.theModel');
}

/** A plan's problems, as data and in English. */
function withProblems(plan: Omit<DataPlan, 'problem' | 'problems'>, problems: readonly (Said | undefined)[]): DataPlan {
  const found = problems.filter((p): p is Said => !!p);
  return found.length ? { ...plan, problems: found, problem: found.map(english).join(' ') } : plan;
}

/** A plan's note, as data and in English. */
function noted(note: Said): Pick<DataPlan, 'note' | 'noteSaid'> {
  return { note: english(note), noteSaid: note };
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
function outputProblem(name: string | Said, last: LastLayer | null, entry: DatasetEntry): Said | undefined {
  if (!last || last.kind === 'other') return undefined;
  const where = say(last.kind === 'dense' ? 'train.plan.whereDense' : 'train.plan.whereActivation', { layer: last.called });
  const dataset = calledSaid(entry);
  if (entry.multiLabel && last.activation === 'softmax') return say('train.plan.softmaxMultiLabel', { name, dataset, where });
  if (!entry.multiLabel && last.activation === 'sigmoid') return say('train.plan.sigmoidSingle', { name, dataset, where });
  return undefined;
}

/** How a sentence calls a dataset ("the MNIST digits"), in the sentence's language (datasets.json). */
function calledSaid(entry: DatasetEntry): Said {
  return datasetSaid(entry.id, 'called');
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
  const name = modelNameSaid(graph);
  const entry = datasetEntry(id)!;
  if (!analysis.valid) {
    const first = analysis.errors[0]?.message;
    return withProblems({ dataset: id }, [say('train.plan.graphErrors', {
      count: analysis.errors.length, first: first ? say('train.plan.firstError', { message: first }) : '',
    })]);
  }
  const input = imageInput(analysis);
  if (!input) return withProblems({ dataset: id }, [say('train.plan.noImageInput', { name })]);
  const units = outputUnits(analysis);
  const classes = entry.classes ?? folderClasses;
  const dataset = calledSaid(entry);
  const classesProblem = classes === undefined ? undefined
    : units === null ? say('train.plan.notFlat', { name, classes })
      : units !== classes ? say(entry.multiLabel ? 'train.plan.unitsLabels' : 'train.plan.unitsClasses', { name, units, dataset, classes })
        : undefined;
  const activationProblem = outputProblem(name, lastLayer(graph, analysis), entry);
  switch (entry.input.kind) {
    case 'mnist':
      return planMnist(id, name, input, [classesProblem, activationProblem]);
    case 'exact':
      return withProblems({ dataset: id }, [exactProblem(name, input, entry), classesProblem, activationProblem]);
    case 'resize': {
      const [h, w, c] = input;
      if (c !== 1 && c !== 3) return withProblems({ dataset: id }, [say('train.plan.channels', { name, channels: c })]);
      const note = say(c === 1 ? 'train.plan.resizedGrey' : 'train.plan.resized', { size: `${h}×${w}`, name });
      return withProblems({ dataset: id, folder: { size: [h, w], channels: c }, ...noted(note) }, [classesProblem, activationProblem]);
    }
  }
}

function planMnist(id: DatasetId, name: string | Said, input: ImageShape, problems: readonly (Said | undefined)[]): DataPlan {
  const fit = mnistFit(input);
  const [h, w, c] = input;
  if (!fit) {
    return withProblems({ dataset: id }, [say(h > MNIST_MAX_SIDE ? 'train.plan.mnistTooBig' : 'train.plan.mnistShape', { name, shape: dims(input) }), ...problems]);
  }
  const parts: Said[] = [];
  if (fit.pad > 0) parts.push(say(h === 32 ? 'train.plan.paddedLeCun' : 'train.plan.padded', { size: `${h}×${w}`, pad: fit.pad }));
  if (c === 3) parts.push(say('train.plan.repeated'));
  const how = parts.length === 2 ? say('train.plan.both', { first: parts[0]!, second: parts[1]! }) : parts[0];
  return withProblems({ dataset: id, mnist: fit, ...(how ? noted(say('train.plan.mnistNote', { name, shape: dims(input), how })) : {}) }, problems);
}

function exactProblem(name: string | Said, input: ImageShape, entry: DatasetEntry): Said | undefined {
  if (entry.input.kind !== 'exact') return undefined;
  const want = entry.input.shape;
  if (input.every((d, i) => d === want[i])) return undefined;
  const [h, w, c] = input;
  const values = { name, shape: dims(input), images: datasetSaid(entry.id, 'imagesCalled'), want: dims(want) };
  if (h === want[0] && w === want[1] && c === 1 && want[2] === 3) return say('train.plan.exactChannels', values);
  return say(want[2] === 3 ? 'train.plan.exactShapeColour' : 'train.plan.exactShape', values);
}

/**
 * One image as the model takes it (floats 0–1 of the model's input shape) from bytes 0–255 of
 * either that shape or MNIST's 28×28×1 (a drawing, an upload, a stored test digit), which is
 * padded and repeated by the same rule as the dataset (`mnistFit`). Throws a TrainError
 * 'data-does-not-fit' for any other shape.
 */
export function imageForModel(pixels: Uint8Array, shape: ImageShape, input: ImageShape): Float32Array {
  const [h, w, c] = shape;
  if (pixels.length !== h * w * c) throw new TrainError('data-does-not-fit', say('errors.train.imageValues', { count: pixels.length, shape: dims(shape), expected: h * w * c }));
  const [H, W, C] = input;
  const out = new Float32Array(H * W * C);
  if (h === H && w === W && c === C) {
    for (let i = 0; i < out.length; i++) out[i] = pixels[i]! / 255;
    return out;
  }
  const fit = h === MNIST_SIDE && w === MNIST_SIDE && c === 1 ? mnistFit(input) : null;
  if (!fit) throw new TrainError('data-does-not-fit', say('errors.train.imageShape', { input: dims(input), shape: dims(shape) }));
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
