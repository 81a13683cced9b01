/**
 * The memory guard: a refusal in plain words when training a model would take more memory than
 * the caller's budget — checked before any weight is allocated, so that a full-size VGG-16 never
 * freezes a browser tab. The estimate itself is lib/graph/memory.ts (pure analysis); its formula
 * leaves out tfjs' temporary buffers, so the default budget keeps a margin for them.
 */
import type { Analysis } from '../graph/analyse';
import { formatBytes, trainingMemoryBreakdown, type MemoryBreakdown, type TrainingMemoryOptions } from '../graph/memory';

/**
 * What a browser tab can give tfjs for training without freezing, by default: 2 GB. Chrome lets a
 * tab's wasm heap grow to 4 GB and WebGL textures share the GPU's memory with everything else;
 * half of the wasm ceiling leaves room for tfjs' temporaries, the page and the dataset. Callers
 * that know better (Node, a machine with a big GPU) pass their own budget.
 */
export const DEFAULT_BROWSER_MEMORY_BUDGET = 2e9;

/**
 * A budget from the browser's `navigator.deviceMemory` (GB of RAM, a coarse value capped at 8 by
 * browsers): a quarter of it, never more than the default. Undefined gives the default.
 */
export function browserMemoryBudget(deviceMemoryGB?: number): number {
  if (deviceMemoryGB === undefined || !Number.isFinite(deviceMemoryGB) || deviceMemoryGB <= 0) return DEFAULT_BROWSER_MEMORY_BUDGET;
  return Math.min(DEFAULT_BROWSER_MEMORY_BUDGET, (deviceMemoryGB * 1e9) / 4);
}

/** The small preset to suggest for a full-size preset id (the ids of presets/). */
const MINI_FOR: Readonly<Record<string, string>> = {
  vgg16: 'Mini VGG', vgg19: 'Mini VGG', alexnet: 'Mini VGG', zfnet: 'Mini VGG',
  googlenet: 'Mini Inception',
  resnet18: 'Mini ResNet', resnet34: 'Mini ResNet', resnet50: 'Mini ResNet', resnet101: 'Mini ResNet',
  resnet152: 'Mini ResNet', resnext50_32x4d: 'Mini ResNet',
  densenet121: 'Mini DenseNet', densenet169: 'Mini DenseNet',
  se_resnet50: 'Mini SE-ResNet',
  mobilenet_v2: 'Mini MobileNet', efficientnet_b0: 'Mini MobileNet',
};

export interface MemoryBudgetOptions extends TrainingMemoryOptions {
  /** Bytes the caller can give; default DEFAULT_BROWSER_MEMORY_BUDGET. */
  readonly budgetBytes?: number;
  /** For the message: "VGG-16" (default "This model"). */
  readonly modelName?: string;
  /** The preset the graph came from (graph.meta.preset), to suggest its small variant. */
  readonly presetId?: string;
  /** Where the budget comes from, for the message (default "this browser"). */
  readonly budgetHolder?: string;
}

/** One way out of a refusal, as data, so an interface can word it in its own language. */
export type MemoryTry =
  | { readonly kind: 'preset'; readonly preset: string }
  | { readonly kind: 'smaller-input' }
  | { readonly kind: 'batch'; readonly batch: number }
  | { readonly kind: 'sgd' }
  | { readonly kind: 'narrower' };

/** What a refusal says, as numbers and choices: `message` is the same in English, for the command line. */
export interface MemoryRefusal {
  /** The name given in the options, if any (the message says "This model" without one). */
  readonly modelName?: string;
  /** Height and width of the image input, when there is one. */
  readonly input?: readonly [number, number];
  readonly batch: number;
  readonly needBytes: number;
  readonly budgetBytes: number;
  /** Where the budget comes from, if the caller said (the message says "this browser" without one). */
  readonly budgetHolder?: string;
  readonly tries: readonly MemoryTry[];
}

export type MemoryCheck =
  | { readonly ok: true; readonly bytes: number; readonly breakdown: MemoryBreakdown }
  | { readonly ok: false; readonly bytes: number; readonly breakdown: MemoryBreakdown; readonly message: string; readonly refusal: MemoryRefusal };

/** A way out in English words, for the message. */
function tryText(t: MemoryTry): string {
  switch (t.kind) {
    case 'preset': return `the ${t.preset} preset`;
    case 'smaller-input': return 'a smaller input';
    case 'batch': return t.batch === 1 ? 'batch 1' : `batch ${t.batch} or less`;
    case 'sgd': return 'SGD instead of Adam';
    case 'narrower': return 'fewer or narrower layers';
  }
}

/**
 * Compares the training estimate with a budget. Over budget, the message says what it needs, what
 * there is, and what to do: "VGG-16 at 224×224 needs about 6.1 GB for batch 32; this browser can
 * give about 2 GB. Try the Mini VGG preset, or a smaller input." Suggestions: the preset's small
 * variant, a smaller input, the largest batch that fits, SGD when Adam's two extra copies of the
 * weights are what does not fit.
 */
export function checkMemoryBudget(analysis: Analysis, options: MemoryBudgetOptions): MemoryCheck {
  const budget = options.budgetBytes ?? DEFAULT_BROWSER_MEMORY_BUDGET;
  const breakdown = trainingMemoryBreakdown(analysis, options);
  if (breakdown.total <= budget) return { ok: true, bytes: breakdown.total, breakdown };

  const name = options.modelName ?? 'This model';
  const input = analysis.inputs.length === 1 ? analysis.nodes[analysis.inputs[0]!]?.outputShape : undefined;
  const at = input && input.length === 3 ? ` at ${input[0]}×${input[1]}` : '';
  const batch = Math.max(1, options.batchSize);
  // The largest batch that fits, if any: the fixed part plus activations for that batch.
  const fixed = breakdown.total - breakdown.activations;
  const perSample = breakdown.activations / batch;
  const fits = perSample > 0 ? Math.floor((budget - fixed) / perSample) : 0;
  const tries: MemoryTry[] = [];
  const mini = options.presetId ? MINI_FOR[options.presetId] : undefined;
  if (mini) tries.push({ kind: 'preset', preset: mini });
  if (input && input.length === 3) tries.push({ kind: 'smaller-input' });
  if (fits >= 1 && fits < batch) tries.push({ kind: 'batch', batch: fits });
  if (options.optimizer === 'adam' && trainingMemoryBreakdown(analysis, { ...options, optimizer: 'sgd', momentum: true }).total <= budget) {
    tries.push({ kind: 'sgd' });
  }
  if (tries.length === 0) tries.push({ kind: 'narrower' });
  const words = tries.map(tryText);
  const advice = words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}`;
  const message = `${name}${at} needs about ${formatBytes(breakdown.total)} for batch ${batch}; ` +
    `${options.budgetHolder ?? 'this browser'} can give about ${formatBytes(budget)}. Try ${advice}.`;
  const refusal: MemoryRefusal = {
    ...(options.modelName ? { modelName: options.modelName } : {}),
    ...(input && input.length === 3 ? { input: [input[0]!, input[1]!] as const } : {}),
    batch, needBytes: breakdown.total, budgetBytes: budget,
    ...(options.budgetHolder ? { budgetHolder: options.budgetHolder } : {}),
    tries,
  };
  return { ok: false, bytes: breakdown.total, breakdown, message, refusal };
}
