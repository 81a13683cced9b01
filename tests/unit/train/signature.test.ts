/**
 * The weight signature (lib/train/signature.ts), worked out without tfjs, equals the weights of the
 * compiled models of the presets; edits that keep every weight keep the key.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile';
import type { Graph } from '@/lib/graph/types';
import { signatureChange, weightSignature } from '@/lib/train/signature';
import { getPreset } from '@/presets';
import { tinyNet } from './session-helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('weightSignature', () => {
  for (const id of ['lenet5', 'mini_resnet', 'mini_mobilenet', 'mini_inception', 'mini_densenet', 'mini_se_resnet', 'mini_vgg']) {
    it(`lists the compiled ${id}'s weights, names and shapes`, () => {
      const graph = getPreset(id)!.build();
      const sig = weightSignature(graph)!;
      const compiled = compile(graph, { seed: 1 });
      if (!compiled.ok) throw new Error('does not compile');
      const actual = compiled.model.weights.map((w) => {
        const slash = w.originalName.lastIndexOf('/');
        const layer = w.originalName.slice(0, slash);
        return { name: `${compiled.nodeOfLayer[layer] ?? layer}${w.originalName.slice(slash)}`, shape: w.shape };
      });
      const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
      expect([...sig.weights].sort(byName)).toEqual(actual.sort(byName));
      compiled.model.dispose();
    });
  }

  it('keeps the key when a node moves, a label or a dropout rate changes; not when a kernel does', () => {
    const base = weightSignature(tinyNet(5, { dropout: 0.2 }))!;
    const g = tinyNet(5, { dropout: 0.2 });
    const moved: Graph = { ...g, nodes: g.nodes.map((n) => (n.id === 'conv' ? { ...n, position: { x: 500, y: 7 }, label: 'First conv' } : n)) };
    expect(weightSignature(moved)).toEqual(base);
    const dropout = weightSignature(tinyNet(5, { dropout: 0.5 }))!;
    expect(dropout.key).toBe(base.key);
    expect(dropout.functionKey).not.toBe(base.functionKey);
    const kernel = weightSignature(tinyNet(3, { dropout: 0.2 }))!;
    expect(kernel.key).not.toBe(base.key);
    // conv 5×5×1×4 → 3×3×1×4; the dense layer after it sees (28−3)/3+1 = 9 → 9·9·4 = 324 inputs, not 8·8·4 = 256.
    expect(signatureChange(base.weights, kernel.weights)).toBe("conv's kernel is now 3×3×1×4 (it was 5×5×1×4) (and 1 more weight changed)");
    expect(signatureChange(base.weights, base.weights)).toBeNull();
  });

  it('is null for a graph with errors', () => {
    const g = tinyNet();
    expect(weightSignature({ ...g, edges: g.edges.filter((e) => e.target !== 'out') })).toBeNull();
  });
});
