import { describe, expect, it } from 'vitest';
import { CLASSIC_INITIAL, reduceClassic, type ClassicAction, type ClassicState } from '@/components/classic/useClassicWorker';
import type { SvmResult } from '@/components/classic/protocol';

const run = (actions: readonly ClassicAction[], from: ClassicState = CLASSIC_INITIAL): ClassicState => actions.reduce(reduceClassic, from);
const layout = { width: 28, height: 28, cellsX: 7, cellsY: 7, blocksX: 6, blocksY: 6, bins: 9, blockLength: 36, length: 1296 };
const loaded: ClassicAction = { type: 'message', message: { type: 'loaded', trainSize: 60_000, testSize: 10_000, layout, cellSize: 4, samples: [] } };
const svm: SvmResult = {
  task: 'svm', size: { train: 5000, test: 10_000 }, accuracy: 0.978, hogTrainSeconds: 0.6, fitSeconds: 5, testSeconds: 1.5,
  epochs: 15, converged: false, featureLength: 1296, C: 0.1,
};

describe('the /classic page state', () => {
  it('follows loading to ready', () => {
    const state = run([{ type: 'message', message: { type: 'load-progress', received: 5, total: 10, stage: 'download' } }]);
    expect(state.load).toEqual({ kind: 'loading', received: 5, total: 10, stage: 'download' });
    expect(run([loaded], state).load).toEqual({ kind: 'ready', trainSize: 60_000, testSize: 10_000 });
  });

  it('keeps the hinge loss of the last pass while the SVM runs, and the result after', () => {
    const state = run([
      loaded,
      { type: 'start', task: 'svm' },
      { type: 'message', message: { type: 'progress', task: 'svm', stage: 'fit', done: 3, total: 15, hingeLoss: 0.02 } },
    ]);
    expect(state.running).toEqual({ task: 'svm', stage: 'fit', done: 3, total: 15, hingeLoss: 0.02 });
    const after = run([{ type: 'message', message: { type: 'result', result: svm } }], state);
    expect(after.running).toBeUndefined();
    expect(after.svm).toBe(svm);
  });

  it('puts a worker that died during a run on that run, and before loading on the load', () => {
    const during = run([loaded, { type: 'start', task: 'knn' }, { type: 'crash', detail: 'out of memory' }]);
    expect(during.failure).toEqual({ task: 'knn', code: 'internal', detail: 'out of memory' });
    expect(during.running).toBeUndefined();
    expect(run([{ type: 'crash', detail: 'no worker' }]).load).toEqual({ kind: 'failed', detail: 'no worker' });
  });

  it('keeps finished results across a stop (the worker restarts and MNIST loads again)', () => {
    const state = run([loaded, { type: 'message', message: { type: 'result', result: svm } }, { type: 'start', task: 'knn' }, { type: 'restart', stopped: true }]);
    expect(state.svm).toBe(svm);
    expect(state.running).toBeUndefined();
    expect(state.stopped).toBe(true);
    expect(state.load.kind).toBe('loading');
  });
});
