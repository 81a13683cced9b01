/**
 * Before anything loads or compiles: does the chosen dataset fit the graph, and how is it adapted
 * (MNIST padded to the model's side, grey repeated to colour; a folder resized to the input)?
 * Pure and DOM-free, so the panel shows the answer as the user picks, and the worker follows the
 * same plan. The training loop checks the fit again on the compiled model (lib/train/fit.ts).
 */
import type { Analysis } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';

/** The datasets the panel offers. */
export type DatasetKind = 'mnist' | 'synthetic' | 'folder';

/** What the worker must load, and what the user is told about it. */
export interface DatasetPlan {
  readonly kind: DatasetKind;
  /** MNIST: zero pixels on each side (2 turns 28×28 into 32×32) and channels (grey repeated). */
  readonly mnist?: { readonly pad: number; readonly channels: 1 | 3 };
  /** Folder: the size and channels each image is resized to. */
  readonly folder?: { readonly size: readonly [number, number]; readonly channels: 1 | 3 };
  /** How the data is adapted to the model, said plainly ("MNIST is padded from 28×28 to 32×32"). */
  readonly note?: string;
  /** Why this dataset cannot train this model, and what to change. Absent when it fits. */
  readonly problem?: string;
}

/** The model's name for messages: the graph's name, else "The model". */
export function modelName(graph: Graph): string {
  return graph.meta?.name?.trim() || 'The model';
}

const dims = (s: readonly number[]): string => s.join('×');

/** The model's input shape [H, W, C] when it has exactly one image input. */
export function imageInput(analysis: Analysis): readonly [number, number, number] | null {
  if (analysis.inputs.length !== 1) return null;
  const shape = analysis.nodes[analysis.inputs[0]!]?.outputShape;
  return shape && shape.length === 3 ? [shape[0]!, shape[1]!, shape[2]!] : null;
}

/** The number of class scores the model ends in, when it ends in one flat layer. */
export function outputUnits(analysis: Analysis): number | null {
  const s = analysis.outputShape;
  return s && s.length === 1 ? s[0]! : null;
}

/** MNIST is 28×28; padding beyond this side would be mostly empty border. */
const MNIST_MAX_SIDE = 36;

/**
 * Plans how `kind` feeds the graph. `folderClasses` is the number of class sub-folders when a
 * folder has been picked (unknown before).
 */
export function planDataset(graph: Graph, analysis: Analysis, kind: DatasetKind, folderClasses?: number): DatasetPlan {
  const name = modelName(graph);
  if (!analysis.valid) {
    const first = analysis.errors[0]?.message;
    return { kind, problem: `The graph has ${analysis.errors.length} error${analysis.errors.length === 1 ? '' : 's'}; fix ${analysis.errors.length === 1 ? 'it' : 'them'} in the editor before training${first ? ` (first: ${first})` : ''}.` };
  }
  const input = imageInput(analysis);
  if (!input) {
    return { kind, problem: `${name} does not start with one image input (height×width×channels); begin the graph with a single Input block.` };
  }
  const [h, w, c] = input;
  const units = outputUnits(analysis);
  const classesProblem = (classes: number, what: string): string | undefined => {
    if (units === null) return `${name} does not end in a flat layer of class scores: end it with a Dense layer of ${classes} units (after Flatten or GlobalAvgPool).`;
    if (units !== classes) return `${name} ends in ${units} outputs but ${what} has ${classes} classes: set the last Dense layer's units to ${classes}.`;
    return undefined;
  };

  switch (kind) {
    case 'mnist': {
      const problems: string[] = [];
      let plan: DatasetPlan['mnist'];
      let note: string | undefined;
      const padding = (h - 28) / 2;
      if (h !== w || h < 28 || h > MNIST_MAX_SIDE || !Number.isInteger(padding) || (c !== 1 && c !== 3)) {
        problems.push(`${name} takes ${dims(input)} images; MNIST digits are 28×28×1 (grey) and can be padded to 32×32 and repeated to 3 channels, not more: ` +
          `set the Input block to 28×28×1 or 32×32×1${h > MNIST_MAX_SIDE ? ', or pick a model made for small images (LeNet-5, or a mini preset with the synthetic shapes)' : ''}.`);
      } else {
        plan = { pad: padding, channels: c as 1 | 3 };
        const parts: string[] = [];
        if (padding > 0) parts.push(`MNIST is padded from 28×28 to ${h}×${w} (${padding} empty pixel${padding === 1 ? '' : 's'} on each side${h === 32 ? ', as LeCun did' : ''})`);
        if (c === 3) parts.push('its grey value is repeated in the 3 colour channels');
        if (parts.length) note = `${name} takes ${dims(input)}; ${parts.join(' and ')}.`;
      }
      const cls = classesProblem(10, 'MNIST');
      if (cls) problems.push(cls);
      return { kind, ...(plan ? { mnist: plan } : {}), ...(note ? { note } : {}), ...(problems.length ? { problem: problems.join(' ') } : {}) };
    }
    case 'synthetic': {
      const problems: string[] = [];
      if (h !== 32 || w !== 32 || c !== 3) {
        const hint = h === 32 && w === 32 && c === 1
          ? 'set the Input block\'s channels to 3, or train on MNIST, which is grey'
          : 'set the Input block to 32×32×3, or pick a mini preset (made for 32×32 colour images)';
        problems.push(`${name} takes ${dims(input)} images but the synthetic shapes are 32×32×3 (colour): ${hint}.`);
      }
      const cls = classesProblem(10, 'the synthetic shapes dataset');
      if (cls) problems.push(cls);
      return { kind, ...(problems.length ? { problem: problems.join(' ') } : {}) };
    }
    case 'folder': {
      if (c !== 1 && c !== 3) {
        return { kind, problem: `${name} takes ${c}-channel images; pictures can be read as grey (1 channel) or colour (3): set the Input block's channels to 1 or 3.` };
      }
      const note = `Each image is resized to ${h}×${w}${c === 1 ? ' and turned grey' : ''}, the size ${name} takes; 20% of each class is held out for testing.`;
      const cls = folderClasses !== undefined ? classesProblem(folderClasses, 'your folder') : undefined;
      return { kind, folder: { size: [h, w], channels: c as 1 | 3 }, note, ...(cls ? { problem: cls } : {}) };
    }
  }
}
