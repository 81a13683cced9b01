import { POOL_PARAMS, type PoolParams } from './maxpool';
import { definePrimitive } from './spec';
import { requireMap, windowOutput } from './util';

export const avgPool = definePrimitive<PoolParams>({
  kind: 'primitive',
  type: 'AvgPool',
  name: 'AvgPool',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: POOL_PARAMS,
  teach: {
    summary: 'Replaces each window by the mean of its values, channel by channel: it shrinks the map and smooths it, keeping a little of every value where max-pooling keeps only the strongest.',
    origin: 'The "subsampling" layers of LeCun et al.\'s LeNet (1989, 1998), which also had a trainable scale and bias; GoogLeNet (2014) uses 5×5 stride-3 average pooling in its auxiliary heads and DenseNet (2016) 2×2 in its transitions.',
    formula: 'no weights',
  },
  describe: (p) => `AvgPool ${p.pool}×${p.pool}${p.stride !== 1 ? `, s${p.stride}` : ''}`,
  inferShape([input], p) {
    const bad = requireMap(input!, { type: 'AvgPool', name: 'AvgPool' });
    if (bad) return bad;
    const out = windowOutput(input!, p.pool, p.stride, p.padding, { type: 'AvgPool', name: 'AvgPool' });
    if ('error' in out) return out;
    return [out.h, out.w, input![2]!];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  // Additions and one division per output: not the conv/dense multiply-adds that are counted.
  countFlops: () => 0,
  footprint: (p) => ({ kernel: p.pool, stride: p.stride }),
});
