/**
 * "Look inside" questions to the kept model: lib/viz's views (feature maps, the deconvnet, guided
 * backprop, saliency, filters, top-9, occlusion, Grad-CAM, feature evolution) for the model of
 * the session keeper (keeper.ts), answered as plain data the training worker sends to the page.
 *
 * The keeper gives a context: its compiled session, images (a test image of a dataset, or pixels
 * from the page), datasets, and the evolution kept with the weights. Each answer carries the time
 * the worker took (`seconds`), which the panel shows and the browser benchmark reads.
 */
import {
  activations, compareBackprojections, deconvnet, filters, gradCam, guidedBackprop, inputGradient, occlusion, saliency, topActivations,
  VizError, vizModel, type Activations as VizActivations, type Backprojection, type BackwardRule, type Evolution, type Filters,
  type GradCam, type Occlusion, type Saliency, type TopActivations, type VizModel,
} from '../viz';
import type { LayerNumbers } from '../ops/layer';
import { layerNumbers } from '../ops/numbers';
import type { DatasetId } from './datasets/catalogue';
import type { Dataset } from './datasets/types';
import { TrainError } from './errors';
import type { ModelSession } from './session';
import type { ImageInput } from './session-types';

/** The image a view looks at; `dataset` says where a test image comes from when the weights were not trained on one. */
interface OnImage {
  readonly image: ImageInput;
  readonly dataset?: DatasetId;
}

/** A question about what the kept model does inside. Each kind's answer is `InsideAnswers[kind]`. */
export type InsideQuestion =
  /** The output of a node for one image, every channel, with per-channel statistics. */
  | ({ readonly kind: 'feature-maps'; readonly nodeId: string } & OnImage)
  /**
   * A unit of a node (the strongest of `channel` for the image) projected back to the pixels by one
   * backward rule: 'deconvnet', 'guided' or the plain 'gradient'; 'all' gives the three side by side.
   */
  | ({ readonly kind: 'projection'; readonly rule: BackwardRule | 'all'; readonly nodeId: string; readonly channel: number } & OnImage)
  /** Simonyan et al.'s saliency for a class (default: the predicted one). */
  | ({ readonly kind: 'saliency'; readonly class?: number } & OnImage)
  /** A convolution's kernel. */
  | { readonly kind: 'filters'; readonly nodeId: string }
  /** The test images that excite a channel most, with their patches and projections. */
  | { readonly kind: 'top9'; readonly nodeId: string; readonly channel: number; readonly dataset?: DatasetId; readonly limit?: number }
  /** Occlusion sensitivity: a grey square slid over the image. */
  | ({ readonly kind: 'occlusion'; readonly class?: number; readonly size?: number; readonly stride?: number; readonly nodeId?: string } & OnImage)
  /** Grad-CAM for a class (default: the predicted one) on a late map (default: the last one). */
  | ({ readonly kind: 'gradcam'; readonly class?: number; readonly nodeId?: string } & OnImage)
  /** The feature evolution recorded while these weights were trained (null when none was). */
  | { readonly kind: 'evolution' }
  /** A node's input, weights and output for the image: the numbers "How this layer computes" works out (lib/ops). */
  | ({ readonly kind: 'arithmetic'; readonly nodeId: string } & OnImage);

/** Worker seconds spent on the answer (the view's own computing, without the message round trip). */
interface Timed {
  readonly seconds: number;
}

export interface InsideAnswers {
  readonly 'feature-maps': VizActivations & Timed;
  readonly projection: { readonly projections: Partial<Record<BackwardRule, Backprojection>> } & Timed;
  readonly saliency: Saliency & Timed;
  readonly filters: Filters & Timed;
  readonly top9: TopActivations & { readonly datasetName: string; readonly classNames: readonly string[] } & Timed;
  readonly occlusion: Occlusion & Timed;
  readonly gradcam: GradCam & Timed;
  readonly evolution: { readonly evolution: Evolution | null } & Timed;
  readonly arithmetic: LayerNumbers & Timed;
}

export type InsideKind = InsideQuestion['kind'];

/** The kinds of `InsideQuestion`, to tell them from the keeper's other questions. */
export const INSIDE_KINDS: ReadonlySet<string> = new Set<InsideKind>(['feature-maps', 'projection', 'saliency', 'filters', 'top9', 'occlusion', 'gradcam', 'evolution', 'arithmetic']);

/** True when a question is one of the "Look inside" questions. */
export function isInsideQuestion(q: { readonly kind: string }): q is InsideQuestion {
  return INSIDE_KINDS.has(q.kind);
}

/** What the keeper gives the views. */
export interface InsideContext {
  /** The kept model (compiled on first use, with its weights). */
  session(): Promise<ModelSession>;
  /** One image as the model takes it (floats of its input shape). */
  image(input: ImageInput, dataset?: DatasetId): Promise<Float32Array>;
  /** The dataset to search for top-9: `id`, else the one the weights were trained on, else the last loaded. */
  dataset(id?: DatasetId): Promise<Dataset>;
  /** The evolution kept with the current weights, if any. */
  evolution(): Promise<Evolution | null>;
}

/** The views' wrapping of each session's compiled model (its sub-models are cached in it). */
const vizModels = new WeakMap<ModelSession, VizModel>();

/** lib/viz's model for a session, made once per session. */
export function sessionVizModel(session: ModelSession): VizModel {
  let vm = vizModels.get(session);
  if (!vm) {
    vm = vizModel(session.compiled);
    vizModels.set(session, vm);
  }
  return vm;
}

/** Answers an "inside" question. VizErrors (a node without filters, a channel out of range) become TrainErrors 'unavailable'. */
export async function answerInside<K extends InsideKind>(ctx: InsideContext, question: Extract<InsideQuestion, { kind: K }>): Promise<InsideAnswers[K]> {
  const started = performance.now();
  const timed = <T extends object>(answer: T): T & Timed => ({ ...answer, seconds: (performance.now() - started) / 1000 });
  try {
    return timed(await compute(ctx, question as InsideQuestion)) as InsideAnswers[K];
  } catch (e) {
    if (e instanceof VizError) throw new TrainError('unavailable', e.said ?? e.message);
    throw e;
  }
}

async function compute(ctx: InsideContext, q: InsideQuestion): Promise<object> {
  if (q.kind === 'evolution') return { evolution: await ctx.evolution() };
  const vm = sessionVizModel(await ctx.session());
  switch (q.kind) {
    case 'feature-maps':
      return activations(vm, q.nodeId, await ctx.image(q.image, q.dataset));
    case 'projection': {
      const image = await ctx.image(q.image, q.dataset);
      const target = { node: q.nodeId, channel: q.channel };
      if (q.rule === 'all') return { projections: await compareBackprojections(vm, image, target) };
      const project = q.rule === 'deconvnet' ? deconvnet : q.rule === 'guided' ? guidedBackprop : inputGradient;
      return { projections: { [q.rule]: await project(vm, image, target) } };
    }
    case 'saliency':
      return saliency(vm, await ctx.image(q.image, q.dataset), q.class !== undefined ? { class: q.class } : {});
    case 'filters':
      return filters(vm, q.nodeId);
    case 'top9': {
      const dataset = await ctx.dataset(q.dataset);
      const top = await topActivations(vm, q.nodeId, q.channel, { dataset, split: 'test', ...(q.limit !== undefined ? { limit: q.limit } : {}) });
      return { ...top, datasetName: dataset.name, classNames: dataset.classNames };
    }
    case 'occlusion':
      return occlusion(vm, await ctx.image(q.image, q.dataset), {
        ...(q.class !== undefined ? { class: q.class } : {}), ...(q.size !== undefined ? { size: q.size } : {}),
        ...(q.stride !== undefined ? { stride: q.stride } : {}), ...(q.nodeId !== undefined ? { node: q.nodeId } : {}),
      });
    case 'arithmetic':
      return layerNumbers(vm, q.nodeId, await ctx.image(q.image, q.dataset));
    case 'gradcam':
      return gradCam(vm, await ctx.image(q.image, q.dataset), {
        ...(q.class !== undefined ? { class: q.class } : {}), ...(q.nodeId !== undefined ? { node: q.nodeId } : {}),
      });
  }
}
