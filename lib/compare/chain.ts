/**
 * The path the history page and the comparison walk: one model to the next, each step explained
 * by the idea the later model introduced. Preset ids only; the words live in the messages.
 */

/** LeNet-5 → … → EfficientNet-B0, the models a course walks through, in order. */
export const MODEL_CHAIN = [
  'lenet5', 'alexnet', 'zfnet', 'vgg16', 'googlenet', 'resnet50', 'resnext50_32x4d', 'densenet121', 'se_resnet50', 'efficientnet_b0',
] as const;

/** A pair of graphs to compare: preset ids, or `MINE` for the graph the editor autosaved. */
export interface Pair {
  readonly a: string;
  readonly b: string;
}

/** Stands for the user's own graph (the editor's autosave) in a pair. */
export const MINE = 'mine';

/** The step of the chain this pair is (0: LeNet-5 → AlexNet), or -1 when it is not a step. */
export function chainStep(pair: Pair): number {
  const i = (MODEL_CHAIN as readonly string[]).indexOf(pair.a);
  return i >= 0 && MODEL_CHAIN[i + 1] === pair.b ? i : -1;
}

/** The number of steps in the chain (one fewer than its models). */
export const CHAIN_STEPS = MODEL_CHAIN.length - 1;

/** The pair of step `i` (clamped into the chain). */
export function stepPair(i: number): Pair {
  const k = Math.max(0, Math.min(CHAIN_STEPS - 1, i));
  return { a: MODEL_CHAIN[k]!, b: MODEL_CHAIN[k + 1]! };
}

/**
 * The pair one step on (`+1`) or back (`-1`). A pair that is not a step starts the walk: from the
 * step whose later model is the pair's later one when there is one, else from the first step.
 */
export function stepFrom(pair: Pair, direction: 1 | -1): Pair {
  const i = chainStep(pair);
  if (i >= 0) return stepPair(i + direction);
  const at = (MODEL_CHAIN as readonly string[]).indexOf(pair.b);
  return stepPair(at > 0 ? at - 1 : 0);
}

/**
 * The preset whose idea explains a model: itself for the full-size presets, the model a mini
 * variant shrinks for the minis. Undefined for a graph of one's own.
 */
export function ideaOf(presetId: string): string | undefined {
  return MINI_OF[presetId] ?? (presetId === MINE ? undefined : presetId);
}

const MINI_OF: Readonly<Record<string, string>> = {
  mini_vgg: 'vgg16', mini_inception: 'googlenet', mini_resnet: 'resnet18', mini_densenet: 'densenet121',
  mini_se_resnet: 'se_resnet50', mini_mobilenet: 'mobilenet_v2',
};
