import { definePrimitive } from './spec';
import { requireMap, windowOutput } from './util';

export interface PoolParams {
  [key: string]: number | string;
  pool: number;
  stride: number;
  padding: 'same' | 'valid';
}

/** Params shared by MaxPool and AvgPool. */
export const POOL_PARAMS = {
  pool: { kind: 'int', label: 'Pool size', default: 2, min: 1, max: 31, help: 'Side of the square window.' },
  stride: { kind: 'int', label: 'Stride', default: 2, min: 1, max: 31, help: 'Step between windows; 2 halves height and width.' },
  padding: { kind: 'enum', label: 'Padding', default: 'valid', options: ['same', 'valid'], help: '"valid" uses only whole windows; "same" pads so that out = ceil(in / stride).' },
} as const;

export const maxPool = definePrimitive<PoolParams>({
  kind: 'primitive',
  type: 'MaxPool',
  name: 'MaxPool',
  category: 'layer',
  ports: { min: 1, max: 1, ordered: false },
  params: POOL_PARAMS,
  teach: {
    summary: 'Keeps the largest value in each window, channel by channel: a cheap way to shrink the map and to tolerate small shifts.',
    origin: 'Max-pooling in CNNs: Ranzato et al. (2007); used by AlexNet (overlapping 3×3, stride 2, 2012).',
    formula: 'no weights',
  },
  describe: (p) => `MaxPool ${p.pool}×${p.pool}${p.stride !== 1 ? `, s${p.stride}` : ''}`,
  inferShape([input], p) {
    const bad = requireMap(input!, { type: 'MaxPool', name: 'MaxPool' });
    if (bad) return bad;
    const out = windowOutput(input!, p.pool, p.stride, p.padding, { type: 'MaxPool', name: 'MaxPool' });
    if ('error' in out) return out;
    return [out.h, out.w, input![2]!];
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
  footprint: (p) => ({ kernel: p.pool, stride: p.stride }),
});
