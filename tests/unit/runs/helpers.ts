import type { RunRecord } from '@/lib/runs/runs';
import { DEFAULT_TRAIN_SETTINGS } from '@/lib/train/settings';

/** A run record for tests: LeNet-5 on MNIST, one point, untested unless told. */
export function run(over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'r1', source: 'train', model: 'LeNet-5', params: 61_706, dataset: 'mnist', settings: DEFAULT_TRAIN_SETTINGS,
    steps: 3, points: [{ step: 1, loss: 2, accuracy: 0.1 }], seconds: 4, date: 1, ...over,
  };
}
