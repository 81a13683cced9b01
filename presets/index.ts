/**
 * Every preset, in historical order. One file per model in this folder.
 */
import type { Preset } from './types';

export const PRESETS: readonly Preset[] = [];

export function getPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

export type { Preset, History } from './types';
