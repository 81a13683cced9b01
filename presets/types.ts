import type { Graph } from '../lib/graph/types';

/** The history card of a preset: what a teacher says about it. */
export interface History {
  readonly year: number;
  /** Authors and title, e.g. 'He et al., "Deep Residual Learning for Image Recognition"'. */
  readonly paper: string;
  /** Venue or arXiv id, e.g. "CVPR 2016 (arXiv:1512.03385)". */
  readonly venue: string;
  /** ILSVRC result where it had one, e.g. "ILSVRC 2015 winner, 3.57% top-5 error (ensemble)". */
  readonly ilsvrc?: string;
  /** The one idea it introduced. */
  readonly idea: string;
  /** Which form is built and how it differs from others (torchvision v1.5, two-GPU AlexNet, ...). */
  readonly notes?: string;
}

export interface Preset {
  /** The id of docs/presets.md: "resnet50", "mini_resnet", ... */
  readonly id: string;
  /** Display name: "ResNet-50". */
  readonly name: string;
  /** "full" = the published model; "mini" = a small variant that trains here in a minute or two. */
  readonly size: 'full' | 'mini';
  readonly history: History;
  /** Builds the graph (built lazily: the big presets have hundreds of nodes when expanded). */
  build(): Graph;
}
