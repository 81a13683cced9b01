/**
 * The default feature-evolution plan (lib/train/evolution-recorder.ts): what a run follows for
 * LeNet-5, what is left out when a map is too big to keep at every epoch, and the epochs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@/lib/compile';
import type { Graph } from '@/lib/graph/types';
import { defaultEvolutionPlan, EvolutionRecorder, MAX_VIEW_VALUES } from '@/lib/train/evolution-recorder';
import { vizModel, type VizModel } from '@/lib/viz';
import { conv, dense, PresetBuilder } from '@/presets/builder';
import { getPreset } from '@/presets';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function vm(graph: Graph): VizModel {
  const r = compile(graph, { seed: 1 });
  if (!r.ok) throw new Error('does not compile');
  return vizModel(r);
}

describe('defaultEvolutionPlan', () => {
  it('follows LeNet-5\'s c1 filters and the maps of c1 and c3, before training and at Zeiler & Fergus\'s epochs', () => {
    const m = vm(getPreset('lenet5')!.build());
    expect(defaultEvolutionPlan(m, 12)).toEqual({
      views: [{ kind: 'filters', node: 'c1' }, { kind: 'activations', node: 'c1' }, { kind: 'activations', node: 'c3' }],
      epochs: [0, 1, 2, 5, 10, 12], probeIndex: 0,
    });
    expect(defaultEvolutionPlan(m, 1)!.epochs).toEqual([0, 1]);
    m.model.dispose();
  });

  it('leaves out maps too big to keep at every epoch (64×64×32 = 131,072 values), keeps the small filters', () => {
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 64, width: 64, channels: 3 });
    b.add('big', 'Conv2D', conv(32, 3, { activation: 'relu' }));
    b.add('pool', 'MaxPool', { pool: 4, stride: 4, padding: 'valid' });
    b.add('small', 'Conv2D', conv(8, 3, { activation: 'relu' }));
    b.add('gap', 'GlobalAvgPool', {});
    b.add('out', 'Dense', dense(10, 'softmax'));
    const m = vm(b.graph('big', 'Big'));
    expect(64 * 64 * 32).toBeGreaterThan(MAX_VIEW_VALUES);
    expect(defaultEvolutionPlan(m, 3)!.views).toEqual([{ kind: 'filters', node: 'big' }, { kind: 'activations', node: 'small' }]);
    m.model.dispose();
  });

  it('has nothing to follow in a model without convolutions', () => {
    const b = new PresetBuilder();
    b.add('input', 'Input', { height: 8, width: 8, channels: 1 });
    b.add('flat', 'Flatten', {});
    b.add('out', 'Dense', dense(10, 'softmax'));
    const m = vm(b.graph('mlp', 'MLP'));
    expect(defaultEvolutionPlan(m, 3)).toBeNull();
    m.model.dispose();
  });
});

describe('EvolutionRecorder', () => {
  it('takes snapshots only at the planned epochs, and goes on from an earlier record', async () => {
    const m = vm(getPreset('lenet5')!.build());
    const plan = { views: [{ kind: 'filters', node: 'c1' }] as const, epochs: [0, 2], probeIndex: 0 };
    const probe = new Float32Array(32 * 32);
    const r = new EvolutionRecorder(m, plan, probe);
    for (const e of [0, 1, 2, 3]) await r.after(e);
    expect(r.evolution.snapshots.map((s) => s.epoch)).toEqual([0, 2]);
    const again = new EvolutionRecorder(m, { ...plan, epochs: [0, 2, 3] }, probe, r.json());
    await again.after(3);
    expect(again.evolution.snapshots.map((s) => s.epoch)).toEqual([0, 2, 3]);
    // A damaged record does not stop a run: it starts again.
    const damaged = new EvolutionRecorder(m, plan, probe, { ...r.json(), version: 2 as 1 });
    expect(damaged.evolution.snapshots).toEqual([]);
    m.model.dispose();
  });
});
