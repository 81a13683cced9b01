/**
 * Small graphs and datasets for the session tests: a 28×28 grey "digit" task anyone can learn in a
 * few steps (class 0 bright on the left half, class 1 on the right), and a tiny conv net for it.
 */
import { InMemoryDataset } from '@/lib/train/datasets/in-memory';
import type { Graph } from '@/lib/graph/types';
import { conv, dense, PresetBuilder } from '@/presets/builder';

/**
 * 28×28×1 images with a little noise, of digits "0" (bright left half) and "1" (bright right
 * half): 10 class names as MNIST has, so the plan lets an MNIST-shaped model train on it.
 */
export function halves28(train = 64, test = 32): InMemoryDataset {
  const make = (count: number, seed: number) => {
    let s = seed;
    const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pixels = new Uint8Array(count * 784);
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const c = i % 2;
      labels[i] = c;
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
        const bright = (x < 14) === (c === 0);
        pixels[i * 784 + y * 28 + x] = Math.round((bright ? 180 : 20) + rand() * 60);
      }
    }
    return { count, pixels, labels };
  };
  return new InMemoryDataset({
    id: 'mnist', name: 'Halves', description: 'test data', shape: [28, 28, 1], classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    train: make(train, 1), test: make(test, 2),
  });
}

/** Input 28×28×1 → conv 4@5×5 stride 3 (relu) → flatten → dense 10 softmax; `kernel` changes conv's kernel size. */
export function tinyNet(kernel = 5, extra: { dropout?: number } = {}): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', { height: 28, width: 28, channels: 1 });
  b.add('conv', 'Conv2D', conv(4, kernel, { stride: 3, padding: 'valid', activation: 'relu' }), { label: 'Conv' });
  if (extra.dropout !== undefined) b.add('drop', 'Dropout', { rate: extra.dropout });
  b.add('flatten', 'Flatten', {});
  b.add('out', 'Dense', dense(10, 'softmax'));
  return b.graph('tiny', 'Tiny');
}
