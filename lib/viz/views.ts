/**
 * The views of "Look inside", in the order of the panel's tabs, each with its teaching text (the
 * text lives next to each view's maths; this lists them).
 */
import { ACTIVATIONS_TEXT } from './activations';
import { DECONVNET_TEXT, GUIDED_TEXT, SALIENCY_TEXT } from './backprop';
import { EVOLUTION_TEXT } from './evolution';
import { FILTERS_TEXT } from './filters';
import { GRADCAM_TEXT } from './gradcam';
import { OCCLUSION_TEXT } from './occlusion';
import type { ViewText } from './text';
import { TOP9_TEXT } from './top-k';

export const VIEWS = {
  activations: ACTIVATIONS_TEXT,
  deconvnet: DECONVNET_TEXT,
  guided: GUIDED_TEXT,
  saliency: SALIENCY_TEXT,
  filters: FILTERS_TEXT,
  top9: TOP9_TEXT,
  occlusion: OCCLUSION_TEXT,
  gradcam: GRADCAM_TEXT,
  evolution: EVOLUTION_TEXT,
} as const satisfies Record<string, ViewText>;

/** A view's id: 'activations', 'deconvnet', … (the command line's --method names the same ones, less 'evolution'). */
export type ViewId = keyof typeof VIEWS;

export const VIEW_IDS = Object.keys(VIEWS) as ViewId[];
