/// <reference lib="webworker" />
/**
 * The /classic page's worker: loads MNIST the way the training worker does (lib/train/datasets/
 * mnist.browser.ts: the app's own gzip files, kept in the Cache API), computes HOG, trains the
 * linear SVM and runs k-NN, off the page's thread so the page never freezes. The work itself is
 * lib/classic's; this file only moves messages (protocol.ts) and times the stages.
 *
 * k-NN multiplies matrices with TensorFlow.js on WebAssembly, loaded from /wasm/ and single-
 * threaded, as in the training worker (the threaded build's workers crashed in Next's production build).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { hogExtractor, hogMatrix, HOG_MNIST } from '@/lib/classic/hog';
import { knnClassifyTf } from '@/lib/classic/knn';
import { accuracyOf, svmPredict, trainLinearSvm, SVM_DEFAULTS } from '@/lib/classic/svm';
import type { InMemoryDataset } from '@/lib/train/datasets/in-memory';
import { loadMnistBrowser } from '@/lib/train/datasets/mnist.browser';
import type { FromWorker, RunSize, SampleDigit, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);
const seconds = (since: number): number => (performance.now() - since) / 1000;
/** Lets the worker's event loop turn (so progress messages leave at once). */
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const extractor = hogExtractor(SIDE, SIDE, HOG_MNIST);
let mnist: InMemoryDataset | undefined;

function samplesOf(indices: readonly number[]): SampleDigit[] {
  const test = mnist!.arrays('test');
  return indices.filter((i) => i >= 0 && i < test.count).map((index) => {
    const pixels = test.pixels.slice(index * PIXELS, (index + 1) * PIXELS);
    return { index, label: test.labels[index]!, pixels, cells: extractor.cells(pixels) };
  });
}

const transfers = (samples: readonly SampleDigit[]): Transferable[] => samples.flatMap((s) => [s.pixels.buffer, s.cells.buffer]);

/** Clamps a requested size to what MNIST has (at least 10 training digits, one test digit). */
function sizeOf(size: RunSize): RunSize {
  const train = mnist!.arrays('train').count;
  const test = mnist!.arrays('test').count;
  const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.floor(n) || hi));
  return { train: clamp(size.train, 10, train), test: clamp(size.test, 1, test) };
}

async function runSvm(requested: RunSize): Promise<void> {
  const size = sizeOf(requested);
  const train = mnist!.arrays('train');
  const test = mnist!.arrays('test');
  const every = 2000;
  let t0 = performance.now();
  const trainHog = hogMatrix(train.pixels, size.train, SIDE, SIDE, HOG_MNIST, (done) => post({ type: 'progress', task: 'svm', stage: 'hog-train', done, total: size.train }), every);
  const hogTrainSeconds = seconds(t0);
  await pause();
  t0 = performance.now();
  const options = SVM_DEFAULTS;
  post({ type: 'progress', task: 'svm', stage: 'fit', done: 0, total: options.maxEpochs });
  const fit = trainLinearSvm(
    { features: trainHog.features, labels: train.labels, count: size.train, dims: trainHog.layout.length, classes: 10 },
    options,
    (e) => post({ type: 'progress', task: 'svm', stage: 'fit', done: e.epoch, total: e.maxEpochs, hingeLoss: e.hingeLoss }),
  );
  const fitSeconds = seconds(t0);
  await pause();
  t0 = performance.now();
  const testHog = hogMatrix(test.pixels, size.test, SIDE, SIDE, HOG_MNIST, (done) => post({ type: 'progress', task: 'svm', stage: 'hog-test', done, total: size.test }), every);
  const predicted = svmPredict(fit.model, testHog.features, size.test);
  const testSeconds = seconds(t0);
  post({
    type: 'result',
    result: {
      task: 'svm', size, accuracy: accuracyOf(predicted, test.labels.subarray(0, size.test)),
      hogTrainSeconds, fitSeconds, testSeconds, epochs: fit.epochs.length, converged: fit.converged,
      featureLength: trainHog.layout.length, C: options.C,
    },
  });
}

let backendReady: Promise<string> | undefined;
function startBackend(): Promise<string> {
  backendReady ??= (async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths('/wasm/');
    try {
      if (await tf.setBackend('wasm')) return 'wasm';
    } catch {
      // Falls through to the CPU backend below.
    }
    await tf.setBackend('cpu');
    return 'cpu';
  })();
  return backendReady;
}

async function runKnn(requested: RunSize, k: number): Promise<void> {
  const size = sizeOf(requested);
  const train = mnist!.arrays('train');
  const test = mnist!.arrays('test');
  post({ type: 'progress', task: 'knn', stage: 'prepare', done: 0, total: 1 });
  const backend = await startBackend();
  let t0 = performance.now();
  let prepareSeconds = 0;
  const predicted = await knnClassifyTf(
    { points: train.pixels, labels: train.labels, count: size.train, dims: PIXELS },
    test.pixels, size.test,
    {
      k, classes: 10, scale: 1 / 255, chunk: 250,
      onProgress: (p) => post({ type: 'progress', task: 'knn', stage: 'distances', done: p.done, total: p.total }),
      onPrepared: () => {
        prepareSeconds = seconds(t0);
        t0 = performance.now();
        post({ type: 'progress', task: 'knn', stage: 'distances', done: 0, total: size.test });
      },
      yieldBetweenChunks: pause,
    },
  );
  post({
    type: 'result',
    result: { task: 'knn', size, k, accuracy: accuracyOf(predicted, test.labels.subarray(0, size.test)), prepareSeconds, testSeconds: seconds(t0), backend },
  });
}

let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  queue = queue.then(async () => {
    try {
      switch (m.type) {
        case 'load': {
          if (!mnist) {
            try {
              ({ dataset: mnist } = await loadMnistBrowser({
                onProgress: (p) => post({ type: 'load-progress', received: p.received, total: p.total, stage: p.stage }),
              }));
            } catch (e) {
              post({ type: 'error', task: 'load', code: 'mnist', detail: (e as Error).message });
              return;
            }
          }
          const samples = samplesOf(m.samples);
          post({
            type: 'loaded', trainSize: mnist.trainSize, testSize: mnist.testSize, layout: extractor.layout, cellSize: HOG_MNIST.cellSize, samples,
          }, transfers(samples));
          return;
        }
        case 'samples': {
          if (!mnist) return;
          const samples = samplesOf(m.samples);
          post({ type: 'samples', samples }, transfers(samples));
          return;
        }
        case 'run-svm':
          if (mnist) await runSvm(m.size);
          return;
        case 'run-knn':
          if (mnist) await runKnn(m.size, m.k);
          return;
        default:
          m satisfies never;
      }
    } catch (e) {
      const task = m.type === 'run-svm' ? 'svm' : m.type === 'run-knn' ? 'knn' : 'load';
      post({ type: 'error', task, code: 'internal', detail: (e as Error).message });
    }
  });
};
