/**
 * The views on graphs with branches and skips: a residual connection worked out by hand (the
 * deconvnet as a gradient with max(g, 0)), and every view on random valid graphs (composites,
 * Add, Concat, Multiply …): right shapes, finite numbers, no tensor left behind.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  activations, compareBackprojections, deconvChain, deconvnet, gradCam, occlusion, resolveNode, saliency, topActivations, type VizModel,
} from '@/lib/viz';
import { analyse } from '@/lib/graph/analyse';
import type { Graph } from '@/lib/graph/types';
import { leadsTo, outputNode } from '@/lib/viz/model';
import { edge, node } from '../helpers';
import { buildGraph, planArb } from '../random-graphs';
import { maxAbsDiff, switchBackend, tf } from '../tf-setup';
import { leakFree, rounded, setWeights, vizOf } from './helpers';

beforeAll(async () => {
  await switchBackend('cpu');
});

describe('a skip connection', () => {
  /**
   * x (1×1×1) → a: 1×1 conv, w = −1, ReLU → add(a, x) → out: 1×1 conv, w = 1, linear.
   * For x = 2: a = ReLU(−2) = 0, out = 0 + 2 = 2 (the value the projection is scaled by).
   * Going down, out sends 2·1 = 2 to the Add, which sends it both ways:
   * - the skip brings 2 straight to x;
   * - the branch reaches the ReLU with g = 2 while its input was −2:
   *     gradient  g·[x > 0] = 0;  guided 0;  deconvnet max(g, 0) = 2, then ·(−1) → −2 at x.
   * So: gradient 2, guided 2, deconvnet 2 − 2 = 0.
   */
  it('makes the deconvnet a gradient with the max(g, 0) rule, which differs from guided and plain gradients', async () => {
    const g: Graph = {
      nodes: [node('in', 'Input', { height: 1, width: 1, channels: 1 }),
        node('a', 'Conv2D', { filters: 1, kernel: 1, activation: 'relu', useBias: false }),
        node('sum', 'Add'),
        node('out', 'Conv2D', { filters: 1, kernel: 1, activation: 'linear', useBias: false })],
      edges: [edge('in', 'a'), edge('a', 'sum', 0), edge('in', 'sum', 1), edge('sum', 'out')],
    };
    const vm = vizOf(g);
    setWeights(vm, 'a', [[-1], [1, 1, 1, 1]]);
    setWeights(vm, 'out', [[1], [1, 1, 1, 1]]);
    expect(deconvChain(vm, resolveNode(vm, 'out'))).toBeNull();
    const all = await leakFree(() => compareBackprojections(vm, new Float32Array([2]), { node: 'out', channel: 0 }));
    expect(all.deconvnet.method).toBe('gradient');
    expect(all.deconvnet.target).toMatchObject({ value: 2 });
    expect(rounded(all.gradient.data)).toEqual([2]);
    expect(rounded(all.guided.data)).toEqual([2]);
    expect(rounded(all.deconvnet.data)).toEqual([0]);
    vm.model.dispose();
  });
});

/** The graph with a classifier on its first output: global average pooling (for a map) and Dense 3 softmax. */
function withHead(g: Graph): Graph {
  const a = analyse(g);
  const last = a.outputs[0];
  if (last === undefined) return g; // the Input alone
  const map = a.nodes[last]!.outputShape?.length === 3;
  const nodes = [...g.nodes, ...(map ? [node('gap', 'GlobalAvgPool')] : []), node('head', 'Dense', { units: 3, activation: 'softmax' })];
  const edges = [...g.edges, ...(map ? [edge(last, 'gap'), edge('gap', 'head')] : [edge(last, 'head')])];
  return { ...g, nodes, edges };
}

/** A map node of the graph other than the input, picked by `pick`, or undefined. */
function someMapNode(vm: VizModel, pick: number): string | undefined {
  const maps = vm.analysis.order.filter((id) => id !== 'in' && vm.analysis.nodes[id]!.outputShape?.length === 3);
  return maps.length ? maps[pick % maps.length] : undefined;
}

describe('random valid graphs', () => {
  it('every view runs, gives the shapes analyse predicts, finite numbers, and frees its tensors', async () => {
    const seen = new Set<string>();
    const ran = { gradient: 0, switches: 0, classViews: 0 };
    await fc.assert(fc.asyncProperty(planArb, fc.nat(), async (plan, pick) => {
      const g = withHead(buildGraph(plan));
      fc.pre(g.nodes.length > 3);
      const a = analyse(g);
      fc.pre(a.inputs.length === 1 && a.valid);
      // Dropout is random in training only; views run in inference, so it stays.
      const vm = vizOf(g, 5);
      try {
        const [h, w, c] = a.nodes['in']!.outputShape! as [number, number, number];
        const image = tf.tidy(() => tf.randomUniform([h, w, c], 0, 1, 'float32', pick));
        const before = tf.memory().numTensors;
        const id = someMapNode(vm, pick);
        if (id) {
          vm.expanded.nodes.forEach((n) => seen.add(n.type)); // composites count by what they hold
          const act = await activations(vm, id, image);
          expect(act.shape).toEqual([...vm.analysis.nodes[id]!.outputShape!]);
          expect(act.data.every(Number.isFinite)).toBe(true);
          const channel = pick % act.shape[2]!;
          const all = await compareBackprojections(vm, image, { node: id, channel });
          for (const p of Object.values(all)) {
            expect(p.shape).toEqual([h, w, c]);
            expect(p.data.every(Number.isFinite)).toBe(true);
          }
          expect(all.deconvnet.method).toBe(deconvChain(vm, resolveNode(vm, id)) ? 'switches' : 'gradient');
          ran[all.deconvnet.method]++;
          if (all.deconvnet.method === 'switches') {
            // On a chain, the literal deconvnet and the gradient with the max(g, 0) rule are one computation.
            const g = await deconvnet(vm, image, { node: id, channel }, { route: 'gradient' });
            const scale = Math.max(1e-6, ...Array.from(all.deconvnet.data, Math.abs));
            expect(maxAbsDiff(Array.from(g.data), Array.from(all.deconvnet.data)) / scale).toBeLessThan(1e-4);
          }
          const two = tf.tidy(() => tf.stack([image, tf.reverse(image, 1)]) as tf.Tensor4D);
          const top = await topActivations(vm, id, channel, two, { k: 1 });
          two.dispose();
          expect(top.hits).toHaveLength(1);
        }
        if (id && leadsTo(vm, resolveNode(vm, id).primitive, outputNode(vm).primitive)) {
          ran.classViews++;
          const cam = await gradCam(vm, image, { node: id });
          expect(cam.upsampled.shape).toEqual([h, w]);
          expect(cam.map.data.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
          const s = await saliency(vm, image);
          expect(s.map.shape).toEqual([h, w]);
          const o = await occlusion(vm, image, { node: id, size: Math.min(h, w, 3), stride: 2 });
          expect(o.probability.data.every((p) => p >= 0 && p <= 1)).toBe(true);
        }
        image.dispose();
        expect(tf.memory().numTensors).toBe(before - 1);
      } finally {
        vm.model.dispose();
      }
    }), { numRuns: 40 });
    // The property means little unless the runs met branches, chains and class outputs.
    for (const t of ['Conv2D', 'Add', 'Concat']) expect(seen).toContain(t);
    expect(ran.gradient).toBeGreaterThan(3);
    expect(ran.switches).toBeGreaterThan(3);
    expect(ran.classViews).toBeGreaterThan(3);
  });
});
