/**
 * The views run on the wasm backend (what the app's worker and the command line use), with the
 * kernels of lib/backend/wasm, and give the CPU backend's numbers: the max-pool switches
 * (MaxPoolWithArgmax), unpooling (ScatterNd), transposed convolutions, the custom ReLU gradients,
 * Grad-CAM's resize. LeNet-5 with the shipped trained weights, and Mini ResNet (branches,
 * BatchNorm) with seeded random weights.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile';
import { loadWeights } from '@/lib/train/checkpoint';
import { fileSystemHandler } from '@/lib/train/model-files.node';
import {
  activations, compareBackprojections, filters, gradCam, occlusion, saliency, topActivations, vizModel, type VizModel,
} from '@/lib/viz';
import { getPreset } from '@/presets';
import { maxAbsDiff, switchBackend, tf } from '../tf-setup';

afterAll(async () => {
  await switchBackend('cpu');
});

const LENET_WEIGHTS = path.join(__dirname, '..', '..', '..', 'public', 'models', 'lenet5-mnist');

async function build(preset: string, backend: 'cpu' | 'wasm'): Promise<VizModel> {
  await switchBackend(backend);
  const r = compile(getPreset(preset)!.build(), { seed: 11 });
  if (!r.ok) throw new Error(`${preset} does not compile`);
  if (preset === 'lenet5') await loadWeights(r.model, fileSystemHandler(LENET_WEIGHTS));
  return vizModel(r);
}

/** Every view of one model for one image, as plain arrays keyed by view. */
async function allViews(vm: VizModel, node: string, last: string): Promise<Record<string, number[]>> {
  const [h, w, c] = vm.model.inputs[0]!.shape.slice(1) as number[];
  // A smooth, deterministic image (the same on both backends).
  const px = Float32Array.from({ length: h! * w! * c! }, (_, i) => 0.5 + 0.5 * Math.sin(i * 0.37) * Math.cos(i * 0.011));
  const before = tf.memory().numTensors;
  const out: Record<string, number[]> = {};
  out.activations = Array.from((await activations(vm, node, px)).data);
  const all = await compareBackprojections(vm, px, { node, channel: 1 });
  out.deconvnet = Array.from(all.deconvnet.data);
  out.guided = Array.from(all.guided.data);
  out.gradient = Array.from(all.gradient.data);
  out.saliency = Array.from((await saliency(vm, px)).map.data);
  out.gradcam = Array.from((await gradCam(vm, px, { node: last })).upsampled.data);
  const o = await occlusion(vm, px, { node: last, stride: Math.max(2, Math.round(h! / 8)) });
  out.occlusion = [...o.probability.data, ...o.activation.map.data];
  out.filters = Array.from((await filters(vm, node)).data);
  const images = tf.tidy(() => tf.stack([tf.tensor3d(px, [h!, w!, c!]), tf.reverse(tf.tensor3d(px, [h!, w!, c!]), 1), tf.reverse(tf.tensor3d(px, [h!, w!, c!]), 0)]) as tf.Tensor4D);
  const top = await topActivations(vm, node, 1, images, { k: 2 });
  images.dispose();
  out.top = top.hits.flatMap((hit) => [hit.index, hit.value, ...hit.projection!.data]);
  expect(tf.memory().numTensors, 'tensors left behind').toBe(before);
  return out;
}

describe('the views on wasm', () => {
  it.each([['lenet5', 'c1', 's4'], ['mini_resnet', 'conv1', 'layer3']])('%s: the CPU backend\'s numbers', async (preset, node, last) => {
    const onCpu = await build(preset, 'cpu');
    const cpu = await allViews(onCpu, node, last);
    onCpu.model.dispose();
    const onWasm = await build(preset, 'wasm');
    const wasm = await allViews(onWasm, node, last);
    onWasm.model.dispose();
    for (const view of Object.keys(cpu)) {
      const scale = Math.max(1, ...cpu[view]!.map(Math.abs));
      expect(maxAbsDiff(wasm[view], cpu[view]) / scale, `${preset} ${view}`).toBeLessThan(1e-4);
    }
  });
});
