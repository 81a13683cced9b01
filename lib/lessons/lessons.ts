/**
 * The lessons: the history of image classification as a path a class walks, LeNet-5 to the open
 * problems. Each lesson is a list of steps; a step may offer actions (open a preset in the
 * editor, train on a dataset, run an experiment, take a challenge) and a check that says when
 * the student has done it, evaluated on the real state: the graph the editor autosaved and the
 * runs recorded (lib/runs). The words are in the `lessons` messages, under each lesson's and
 * step's id; this file holds only what the code needs.
 */
import { analyse } from '../graph/analyse';
import type { Graph } from '../graph/types';
import type { ExperimentId } from '../experiments/pairs';
import type { RunRecord } from '../runs/runs';

/** What a step's buttons do. */
export type LessonAction =
  /** Open a preset in the editor (`/?preset=`). */
  | { readonly kind: 'editor'; readonly preset: string }
  /** Open the Train page, on a preset or the editor's graph, with a dataset chosen. */
  | { readonly kind: 'train'; readonly preset?: string; readonly dataset?: string }
  /** Run a live experiment (`/lessons/experiments/<id>`, also shown inside the step). */
  | { readonly kind: 'experiment'; readonly id: ExperimentId }
  /** Open the runs compared. */
  | { readonly kind: 'compare' }
  /** Open a challenge. */
  | { readonly kind: 'challenge'; readonly id: string };

/** What must be true for a step to be done. */
export type LessonCheck =
  /** The editor's graph has exactly this many trainable parameters. */
  | { readonly kind: 'params'; readonly equals: number }
  /** The editor's graph has at least `min` nodes of this block type (top level). */
  | { readonly kind: 'block'; readonly type: string; readonly min: number }
  /** A run on this dataset was tested (optionally reaching an accuracy, with one of these losses, with augmentation). */
  | { readonly kind: 'run'; readonly dataset: string; readonly minAccuracy?: number; readonly losses?: readonly string[]; readonly augment?: boolean }
  /** Both arms of this experiment finished and were tested. */
  | { readonly kind: 'experiment'; readonly id: ExperimentId };

export interface LessonStep {
  readonly id: string;
  readonly actions: readonly LessonAction[];
  readonly check?: LessonCheck;
  /** An experiment shown live inside the step. */
  readonly experiment?: ExperimentId;
}

export interface Lesson {
  readonly id: string;
  /** The year its story is set in (for the list). */
  readonly year: number;
  /** The preset whose history card goes with it. */
  readonly preset?: string;
  readonly steps: readonly LessonStep[];
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'lenet', year: 1998, preset: 'lenet5', steps: [
      { id: 'intro', actions: [] },
      { id: 'load', actions: [{ kind: 'editor', preset: 'lenet5' }], check: { kind: 'params', equals: 61_706 } },
      { id: 'train', actions: [{ kind: 'train', preset: 'lenet5', dataset: 'mnist' }], check: { kind: 'run', dataset: 'mnist', minAccuracy: 0.95 } },
    ],
  },
  {
    id: 'alexnet', year: 2012, preset: 'alexnet', steps: [
      { id: 'intro', actions: [{ kind: 'editor', preset: 'alexnet' }], check: { kind: 'params', equals: 60_965_224 } },
      { id: 'relu', actions: [{ kind: 'experiment', id: 'relu-vs-sigmoid' }], experiment: 'relu-vs-sigmoid', check: { kind: 'experiment', id: 'relu-vs-sigmoid' } },
      { id: 'dropout', actions: [{ kind: 'experiment', id: 'dropout' }], experiment: 'dropout', check: { kind: 'experiment', id: 'dropout' } },
      { id: 'lrn', actions: [{ kind: 'editor', preset: 'alexnet' }], check: { kind: 'block', type: 'LRN', min: 1 } },
      { id: 'augment', actions: [{ kind: 'train', preset: 'lenet5', dataset: 'mnist' }], check: { kind: 'run', dataset: 'mnist', augment: true } },
    ],
  },
  {
    id: 'vgg', year: 2014, preset: 'vgg16', steps: [
      { id: 'intro', actions: [{ kind: 'editor', preset: 'vgg16' }], check: { kind: 'params', equals: 138_357_544 } },
      { id: 'stack', actions: [{ kind: 'experiment', id: 'stacked-3x3' }], experiment: 'stacked-3x3', check: { kind: 'experiment', id: 'stacked-3x3' } },
    ],
  },
  {
    id: 'googlenet', year: 2014, preset: 'googlenet', steps: [
      { id: 'intro', actions: [{ kind: 'editor', preset: 'googlenet' }], check: { kind: 'block', type: 'Inception', min: 9 } },
      { id: 'reduce', actions: [{ kind: 'experiment', id: 'reduction-1x1' }], experiment: 'reduction-1x1', check: { kind: 'experiment', id: 'reduction-1x1' } },
    ],
  },
  {
    id: 'resnet', year: 2015, preset: 'resnet50', steps: [
      { id: 'intro', actions: [{ kind: 'editor', preset: 'resnet50' }], check: { kind: 'params', equals: 25_557_032 } },
      { id: 'skips', actions: [{ kind: 'experiment', id: 'skips' }], experiment: 'skips', check: { kind: 'experiment', id: 'skips' } },
    ],
  },
  {
    id: 'batchnorm', year: 2015, preset: 'mini_resnet', steps: [
      { id: 'intro', actions: [{ kind: 'experiment', id: 'batchnorm' }], experiment: 'batchnorm', check: { kind: 'experiment', id: 'batchnorm' } },
      { id: 'where', actions: [{ kind: 'editor', preset: 'mini_resnet' }], check: { kind: 'block', type: 'BatchNorm', min: 1 } },
    ],
  },
  {
    id: 'open', year: 2017, steps: [
      { id: 'imbalance', actions: [{ kind: 'train', preset: 'lenet5', dataset: 'mnist-imbalanced' }], check: { kind: 'run', dataset: 'mnist-imbalanced' } },
      {
        id: 'weighted', actions: [{ kind: 'train', preset: 'lenet5', dataset: 'mnist-imbalanced' }],
        check: { kind: 'run', dataset: 'mnist-imbalanced', losses: ['weighted-cross-entropy', 'focal'] },
      },
      { id: 'finegrained', actions: [{ kind: 'train', dataset: 'cifar100' }] },
      { id: 'multilabel', actions: [{ kind: 'editor', preset: 'mini_resnet' }, { kind: 'train', dataset: 'synthetic-multilabel' }], check: { kind: 'run', dataset: 'synthetic-multilabel' } },
      { id: 'challenge', actions: [{ kind: 'challenge', id: 'mnist-20k' }] },
    ],
  },
];

/** The lesson with this id, or undefined. */
export function getLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The lessons before and after one, for "previous lesson" / "next lesson" links. */
export function neighbours(id: string): { previous?: Lesson; next?: Lesson } {
  const i = LESSONS.findIndex((l) => l.id === id);
  if (i < 0) return {};
  return { ...(i > 0 ? { previous: LESSONS[i - 1]! } : {}), ...(i < LESSONS.length - 1 ? { next: LESSONS[i + 1]! } : {}) };
}

/** What a check is evaluated against: the editor's autosaved graph and the recorded runs. */
export interface CheckContext {
  readonly graph?: Graph;
  readonly runs: readonly RunRecord[];
}

/**
 * A check's result: done or not, with the number found (params, a count of blocks, an accuracy)
 * for the step to show beside the goal. `missing` when there is nothing to look at yet (no graph
 * saved, no run).
 */
export interface CheckResult {
  readonly done: boolean;
  readonly actual?: number;
  readonly missing?: boolean;
}

/** Evaluates a step's check on the real state. Pure: the page reads the storage and passes it in. */
export function evaluateCheck(check: LessonCheck, ctx: CheckContext): CheckResult {
  switch (check.kind) {
    case 'params': {
      if (!ctx.graph || ctx.graph.nodes.length === 0) return { done: false, missing: true };
      const a = analyse(ctx.graph);
      const actual = a.totals.trainable;
      return { done: a.valid && actual === check.equals, actual };
    }
    case 'block': {
      if (!ctx.graph) return { done: false, missing: true };
      const actual = ctx.graph.nodes.filter((n) => n.type === check.type).length;
      return { done: actual >= check.min, actual };
    }
    case 'run': {
      const runs = ctx.runs.filter((r) => r.dataset === check.dataset && r.testAccuracy !== undefined
        && (!check.losses || check.losses.includes(r.settings.loss)) && (check.augment === undefined || r.settings.augment === check.augment));
      if (runs.length === 0) return { done: false, missing: true };
      const actual = Math.max(...runs.map((r) => r.testAccuracy!));
      return { done: check.minAccuracy === undefined || actual >= check.minAccuracy, actual };
    }
    case 'experiment': {
      const tested = new Set(ctx.runs.filter((r) => r.source === 'experiment' && r.testAccuracy !== undefined && r.experiment?.startsWith(`${check.id}/`)).map((r) => r.experiment));
      return { done: tested.has(`${check.id}/a`) && tested.has(`${check.id}/b`), actual: tested.size };
    }
  }
}
