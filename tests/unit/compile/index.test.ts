/**
 * Importing lib/compile registers nothing with tfjs: no wasm backend or kernels (those are
 * lib/backend/wasm's patchWasmBackend()), and no custom layer classes until compile() first runs.
 * This file imports tfjs and lib/compile only, in its own module graph (vitest isolates files).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compile, LRNLayer, GroupedConv2DLayer } from '@/lib/compile';
import { chain } from '../helpers';

const registered = (className: string) => className in tf.serialization.SerializationMap.getMap().classNameMap;

describe('importing lib/compile', () => {
  it('registers no backend, no kernel and no layer class; compile() registers its layers', async () => {
    expect(tf.findBackendFactory('wasm')).toBeNull();
    expect(tf.getKernelsForBackend('wasm')).toEqual([]);
    expect(registered(LRNLayer.className)).toBe(false);
    expect(registered(GroupedConv2DLayer.className)).toBe(false);

    await tf.setBackend('cpu');
    const result = compile(chain([8, 8, 4], ['LRN'], ['Flatten'], ['Dense', { units: 2 }]));
    expect(result.ok).toBe(true);
    if (result.ok) result.model.dispose();
    expect(registered(LRNLayer.className)).toBe(true);
    expect(registered(GroupedConv2DLayer.className)).toBe(true);
  });
});
