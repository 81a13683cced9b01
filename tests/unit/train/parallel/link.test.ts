import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile/compile';
import type { Graph } from '@/lib/graph/types';
import { makeParallelStep } from '@/lib/train/parallel/leader';
import { startThreadShards } from '@/lib/train/parallel/link.node';
import { readWeights } from '@/lib/train/parallel/weights';
import { makeTrainStep, type StepOptions } from '@/lib/train/step';
import { conv, dense, PresetBuilder } from '@/presets/builder';

// Real worker threads: each shard is another thread with its own tfjs (the CPU backend here, as the leader).
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => undefined);

function smallNet(): Graph {
  const b = new PresetBuilder();
  b.add('input', 'Input', { height: 8, width: 8, channels: 1 });
  b.add('conv', 'Conv2D', conv(4, 3, { padding: 'same', activation: 'relu' }));
  b.add('flatten', 'Flatten', {});
  b.add('out', 'Dense', dense(3, 'softmax'));
  return b.graph('small', 'Small');
}

describe('shards in Node worker threads', () => {
  it('train as one worker on the whole batch does, and end when the step is disposed', async () => {
    const graph = smallNet();
    const build = () => {
      const c = compile(graph, { seed: 7 });
      if (!c.ok) throw new Error('does not compile');
      return c.model;
    };
    const alone = build();
    const leader = build();
    const options: StepOptions = { optimizer: { kind: 'adam' }, learningRate: 0.01, numClasses: 3, multiLabel: false };
    const one = makeTrainStep(alone, options);
    const links = startThreadShards(2, 'cpu');
    const step = await makeParallelStep(leader, options, links, { graph, seed: 7 });
    for (let s = 0; s < 2; s++) {
      const xs = tf.randomUniform([24, 8, 8, 1], 0, 1, 'float32', s) as tf.Tensor4D;
      const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 24 }, (_, i) => i % 3), 'int32'), 3) as tf.Tensor2D;
      const a = one.run(xs, ys);
      const b = await step.run(xs, ys);
      expect(b.loss.dataSync()[0]).toBeCloseTo(a.loss.dataSync()[0]!, 5);
      tf.dispose([xs, ys, a.loss, a.right, b.loss, b.right]);
    }
    const x = readWeights(leader.weights);
    const y = readWeights(alone.weights);
    let d = 0;
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
    expect(d).toBeLessThan(1e-5);
    expect(step.profile.steps).toBe(2);
    step.dispose();
    await expect(links[0]!.request({ type: 'init', graph, seed: 7, loss: options })).rejects.toThrow(/ended/);
    one.dispose();
    alone.dispose();
    leader.dispose();
  });
});
