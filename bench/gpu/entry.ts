/**
 * The one-off WebGL-on-a-real-GPU check: in a page, compiles presets with lib/compile and times
 * training steps (forward + backward + SGD update) on each backend, side by side in one run,
 * then POSTs the figures to the Python driver (serve_and_run.py). Bundled by
 * `npm run bench:gpu:bundle` into bench/gpu/page/bench.js.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { patchWasmBackend } from '../../lib/backend/wasm';
import { compile } from '../../lib/compile';
import { analyse } from '../../lib/graph/analyse';
import { getPreset } from '../../presets';

interface Row { model: string; backend: string; batch: number; msPerStep: number; samplesPerSecond: number; gmacs: number; tflops?: number; error?: string }

const post = (path: string, body: unknown) => fetch(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
const log = (msg: string) => { void post('/log', msg); };

function renderer(): string {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return 'no webgl2';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return ext ? `${gl.getParameter(ext.UNMASKED_VENDOR_WEBGL)} | ${gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)}` : String(gl.getParameter(gl.RENDERER));
}

async function timeTraining(presetId: string, backend: string, batch: number, steps: number): Promise<Row> {
  const preset = getPreset(presetId)!;
  const graph = preset.build();
  const a = analyse(graph);
  const gmacs = a.totals.flops / 1e9;
  const ok = await tf.setBackend(backend).catch(() => false);
  await tf.ready();
  if (!ok || tf.getBackend() !== backend) {
    return { model: presetId, backend, batch, msPerStep: NaN, samplesPerSecond: NaN, gmacs: 0, error: `backend ${backend} unavailable (on ${tf.getBackend()})` };
  }
  const compiled = compile(graph, { seed: 1 });
  if (!compiled.ok) return { model: presetId, backend, batch, msPerStep: NaN, samplesPerSecond: NaN, gmacs, error: compiled.errors[0]!.message };
  const model = compiled.model;
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const classes = (model.outputs[0]!.shape[1] as number);
  const xs = tf.randomUniform([batch, ...shape]);
  const ys = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32') as tf.Tensor1D, classes);
  const opt = tf.train.momentum(0.01, 0.9);
  const step = () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar, true)!;
    return loss;
  };
  try {
    for (let i = 0; i < 3; i++) { const l = step(); await l.data(); l.dispose(); }
    const t0 = performance.now();
    let last: tf.Scalar | undefined;
    for (let i = 0; i < steps; i++) { last?.dispose(); last = step(); }
    await last!.data();
    last!.dispose();
    const ms = (performance.now() - t0) / steps;
    const sps = batch / (ms / 1000);
    return { model: presetId, backend, batch, msPerStep: ms, samplesPerSecond: sps, gmacs, tflops: (gmacs * 1e9 * 3 * 2 * sps) / 1e12 };
  } catch (e) {
    return { model: presetId, backend, batch, msPerStep: NaN, samplesPerSecond: NaN, gmacs, error: String(e).slice(0, 300) };
  } finally {
    xs.dispose(); ys.dispose(); opt.dispose(); model.dispose();
  }
}

async function main() {
  const params = new URLSearchParams(location.search);
  const info = { renderer: renderer(), userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency };
  if (params.has('probe')) { await post('/result', { probe: true, ...info }); return; }
  log(`renderer: ${info.renderer}`);
  setWasmPaths('./');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  patchWasmBackend();
  const rows: Row[] = [];
  const plan: [string, string[], number, number][] = [
    ['lenet5', ['webgl', 'wasm', 'cpu'], 64, 20],
    ['mini_resnet', ['webgl', 'wasm'], 64, 10],
    ['lenet5', ['webgl'], 1024, 20],
    ['mini_resnet', ['webgl'], 512, 10],
    ['resnet18', ['webgl'], 32, 5],
    ['resnet50', ['webgl'], 16, 3],
    ['mini_mobilenet', ['webgl', 'wasm'], 64, 5],
  ];
  for (const [model, backends, batch, steps] of plan) {
    for (const backend of backends) {
      const row = await timeTraining(model, backend, batch, backend === 'cpu' ? Math.min(steps, 3) : steps);
      log(JSON.stringify(row));
      rows.push(row);
    }
  }
  await post('/result', { ...info, tfjs: tf.version.tfjs, rows, numTensorsAfter: tf.memory().numTensors });
}

main().catch((e) => post('/result', { error: String(e), stack: (e as Error).stack }));
