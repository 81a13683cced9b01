/**
 * The experiments' networks against counts worked out by hand: each pair differs in the one thing
 * its claim is about (an activation, dropout, a kernel, a 1×1, a shortcut, batch norm).
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '@/lib/graph/analyse';
import { planDataset } from '@/lib/train/plan';
import {
  deepNet, experiment, EXPERIMENT_IDS, isExperimentId, reductionSavings, reduction1x1, reluVsSigmoid, stacked3x3, withBatchNorm, withDropout,
} from '@/lib/experiments/pairs';
import type { Graph } from '@/lib/graph/types';

const trainable = (g: Graph) => analyse(g).totals.trainable;

describe('experiment networks', () => {
  it('every arm is a valid graph that MNIST fits, and no arm passes for a preset', () => {
    for (const id of EXPERIMENT_IDS) {
      const e = experiment(id);
      expect(e.arms.map((a) => a.key)).toEqual(['a', 'b']);
      for (const arm of e.arms) {
        const a = analyse(arm.graph);
        expect(a.errors, `${id}/${arm.key}`).toEqual([]);
        expect(a.outputShape).toEqual([10]);
        expect(arm.graph.meta?.preset).toBeUndefined();
        expect(planDataset(arm.graph, a, 'mnist').problem).toBeUndefined();
      }
      expect(e.steps).toBeGreaterThanOrEqual(200);
    }
  });

  it('sigmoid vs ReLU: the same 105,866 weights', () => {
    // conv1 3·3·1·16+16 = 160, conv2 3·3·16·32+32 = 4,640, fc 7·7·32·64+64 = 100,416, out 64·10+10 = 650.
    expect(trainable(reluVsSigmoid('relu'))).toBe(105_866);
    expect(trainable(reluVsSigmoid('sigmoid'))).toBe(105_866);
    expect(reluVsSigmoid('sigmoid').nodes.filter((n) => n.params.activation === 'sigmoid')).toHaveLength(3);
  });

  it('dropout adds no weights: 669,706 both', () => {
    // 784·512+512 = 401,920; 512·512+512 = 262,656; 512·10+10 = 5,130.
    expect(trainable(withDropout(0))).toBe(669_706);
    expect(trainable(withDropout(0.5))).toBe(669_706);
    expect(withDropout(0.5).nodes.filter((n) => n.type === 'Dropout')).toHaveLength(2);
  });

  it('two 3×3 see what one 5×5 sees with fewer weights', () => {
    // stem 3·3·32+32 = 320, out 32·10+10 = 330; 5×5: 25·32·32+32 = 25,632; 3×3 twice: 2·(9·32·32+32) = 18,496.
    expect(trainable(stacked3x3(false))).toBe(320 + 25_632 + 330);
    expect(trainable(stacked3x3(true))).toBe(320 + 18_496 + 330);
    // Receptive field: stem 3, pool 2/2 → 4 with jump 2; +4·2 for a 5×5, +2·2 twice for two 3×3 → 12.
    expect(analyse(stacked3x3(false)).nodes.conv5!.receptiveField).toEqual({ size: 12, jump: 2 });
    expect(analyse(stacked3x3(true)).nodes.conv3b!.receptiveField).toEqual({ size: 12, jump: 2 });
  });

  it('the 1×1 reduction on inception (3a)\'s own numbers', () => {
    const s = reductionSavings();
    // 5·5·192·32 = 153,600 weights + 32 biases; ×28·28 positions.
    expect(s.direct).toEqual({ params: 153_632, macs: 120_422_400 });
    // 1×1: 192·16+16 = 3,088 (3,072·784 = 2,408,448 MACs); 5×5: 25·16·32+32 = 12,832 (12,800·784 = 10,035,200).
    expect(s.reduced).toEqual({ params: 15_920, macs: 12_443_648 });
    // The small trainable pair: stem 640, out 330; direct 25·64·32+32 = 51,232; reduced 1,040 + 12,832.
    expect(trainable(reduction1x1(false))).toBe(640 + 51_232 + 330);
    expect(trainable(reduction1x1(true))).toBe(640 + 1_040 + 12_832 + 330);
  });

  it('skips add no weights: 23,530 both; five Add nodes in one', () => {
    // stem 9·16+16 = 160; ten convs 9·16·16+16 = 2,320 each; out 16·10+10 = 170.
    expect(trainable(deepNet(false))).toBe(23_530);
    expect(trainable(deepNet(true))).toBe(23_530);
    expect(deepNet(true).nodes.filter((n) => n.type === 'Add')).toHaveLength(5);
    expect(deepNet(false).nodes.filter((n) => n.type === 'Add')).toHaveLength(0);
  });

  it('batch norm: 2 trainable and 2 moving statistics per channel, conv biases dropped', () => {
    // Without: 160 + 3·2,320 + 170 = 7,290. With: 144 + 3·2,304 + 4·2·16 + 170 = 7,354, and 4·2·16 = 128 non-trainable.
    expect(trainable(withBatchNorm(false))).toBe(7_290);
    const bn = analyse(withBatchNorm(true)).totals;
    expect(bn.trainable).toBe(7_354);
    expect(bn.nonTrainable).toBe(128);
  });

  it('isExperimentId reads ids from a URL', () => {
    expect(isExperimentId('dropout')).toBe(true);
    expect(isExperimentId('nope')).toBe(false);
  });
});
