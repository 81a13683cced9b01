/** Tiny networks with weights set by hand, for the lib/viz tests. */
import { compile } from '@/lib/compile';
import type { Graph } from '@/lib/graph/types';
import { vizModel, type VizModel } from '@/lib/viz';
import { tf } from '../tf-setup';

/** Compiles a graph (seeded) and wraps it for the views; fails the test if it does not compile. */
export function vizOf(graph: Graph, seed = 1): VizModel {
  const r = compile(graph, { seed });
  if (!r.ok) throw new Error(`did not compile: ${r.errors.map((e) => e.message).join('; ')}`);
  return vizModel(r);
}

/** Sets a node's weights (kernel first, then bias) from nested arrays with their shapes. */
export function setWeights(vm: VizModel, node: string, ...weights: [number[], number[]][]): void {
  const layer = vm.model.getLayer(vm.layerNames[node]!);
  const tensors = weights.map(([data, shape]) => tf.tensor(data, shape));
  layer.setWeights(tensors);
  tf.dispose(tensors);
}

/** Rounds every value to 5 decimals (and −0 to 0), for comparing with hand-worked numbers. */
export function rounded(data: ArrayLike<number>): number[] {
  return Array.from(data, (v) => Math.round(v * 1e5) / 1e5 + 0);
}

/** Runs `fn` and checks that it left no tensor behind. */
export async function leakFree<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`leaked ${after - before} tensor(s)`);
  return out;
}
