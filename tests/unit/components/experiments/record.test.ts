import { describe, expect, it } from 'vitest';
import { runRecord } from '@/components/experiments/record';
import type { RunView } from '@/components/train/useTrainer';
import { reluVsSigmoid } from '@/lib/experiments/pairs';
import { DEFAULT_TRAIN_SETTINGS } from '@/lib/train/settings';

const graph = reluVsSigmoid('relu');
const series = { x: [0.1, 0.2, 0.3, 0.4], loss: [2.3, 1.5, 1.0, 0.5], accuracy: [0.1, 0.5, 0.7, 0.9] };
const base: RunView = { phase: 'done', skipped: 0, figures: [], epochs: [] };

describe('runRecord', () => {
  it('is undefined until the run is done', () => {
    expect(runRecord({ id: 'x', source: 'train', graph, params: 1, dataset: 'mnist', settings: DEFAULT_TRAIN_SETTINGS, view: base, series })).toBeUndefined();
  });

  it('keeps the curve per step, the test result and the last tenth\'s training accuracy', () => {
    const view: RunView = {
      ...base,
      backend: { used: 'wasm', overridden: true, cached: false, webglMissing: false },
      done: {
        status: 'stopped', epochsCompleted: 0, trainSeconds: 12, samplesPerSecond: 100, partial: true, kept: true, tensorsBefore: 0, tensorsAfter: 0,
        test: { split: 'test', loss: 0.4, accuracy: 0.88, tta: 'none', seconds: 1, metrics: {} as never },
      },
    };
    const r = runRecord({ id: 'x', source: 'experiment', experiment: 'relu-vs-sigmoid/b', graph, params: 105_866, dataset: 'mnist', settings: DEFAULT_TRAIN_SETTINGS, view, series })!;
    expect(r.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(r.steps).toBe(4);
    expect(r.testAccuracy).toBe(0.88);
    // The last tenth of 4 steps rounds to 0, so one step: 0.9.
    expect(r.finalTrainAccuracy).toBe(0.9);
    expect(r.model).toBe('Small CNN, ReLU');
    expect(r.backend).toBe('wasm');
    expect(r.experiment).toBe('relu-vs-sigmoid/b');
  });
});
