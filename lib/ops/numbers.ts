/**
 * The real numbers of one node for one picture, read from the compiled model (tfjs): what arrives
 * at its input ports, its weights by role, and its output. The model session's worker answers
 * the view's question with this (lib/train/inside.ts); the arithmetic is worked out on the page.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveNode, runTo, toBatch, type VizModel } from '../viz/model';
import type { Numbers } from './arithmetic';
import type { LayerNumbers, WeightRole } from './layer';

/** tfjs weight names end with these (Keras' names); the depthwise kernel is the kernel. */
const ROLES: readonly [string, WeightRole][] = [
  ['depthwise_kernel', 'kernel'], ['kernel', 'kernel'], ['bias', 'bias'], ['gamma', 'gamma'], ['beta', 'beta'],
  ['moving_mean', 'movingMean'], ['moving_variance', 'movingVariance'],
];

function roleOf(name: string): WeightRole | undefined {
  const last = name.split('/').pop()!.replace(/_\d+$/, '');
  return ROLES.find(([suffix]) => last === suffix)?.[1];
}

/**
 * Node `nodeId`'s input(s), weights and output for `image` ([H, W, C] tensor or H·W·C floats).
 * A composite block's id gives its output node. Frees every tensor it makes; the arrays are
 * copies (the worker transfers them).
 */
export async function layerNumbers(vm: VizModel, nodeId: string, image: tf.Tensor | Float32Array): Promise<LayerNumbers> {
  const node = resolveNode(vm, nodeId);
  const sources = vm.expanded.edges
    .filter((e) => e.target === node.primitive)
    .sort((a, b) => (a.targetPort ?? 0) - (b.targetPort ?? 0))
    .map((e) => resolveNode(vm, e.source));
  const x = toBatch(vm, image);
  let ys: tf.Tensor[] = [];
  try {
    ys = runTo(vm, [...sources, node], x);
    const read = async (t: tf.Tensor): Promise<Numbers> => ({ shape: t.shape.slice(1), data: Float32Array.from(await t.data() as Float32Array) });
    const all = await Promise.all(ys.map(read));
    const weights: Partial<Record<WeightRole, Numbers>> = {};
    if (node.type !== 'Input') {
      for (const w of vm.model.getLayer(node.layerName).weights) {
        const role = roleOf(w.originalName ?? w.name);
        if (role && !weights[role]) {
          const v = w.read();
          weights[role] = { shape: v.shape, data: Float32Array.from(await v.data() as Float32Array) };
        }
      }
    }
    return {
      node: nodeId, primitive: node.primitive, type: node.type, params: node.info.params ?? {},
      inputs: all.slice(0, sources.length), output: all[sources.length]!, weights,
    };
  } finally {
    x.dispose();
    tf.dispose(ys);
  }
}
