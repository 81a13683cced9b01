/**
 * Every preset, in historical order. One file per model in this folder.
 */
import { alexnet } from './alexnet';
import { googlenet } from './googlenet';
import { lenet5 } from './lenet5';
import type { Preset } from './types';
import { vgg16 } from './vgg16';
import { vgg19 } from './vgg19';
import { zfnet } from './zfnet';

export const PRESETS: readonly Preset[] = [
  lenet5,
  alexnet,
  zfnet,
  vgg16,
  vgg19,
  googlenet,
];

/** The preset with this id (as in shared/reference/models.md), or undefined. */
export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

export type { Preset, History } from './types';
