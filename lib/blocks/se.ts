import { squeezeExcite } from './compose';
import { defineComposite } from './spec';
import { SubGraphBuilder } from './subgraph';
import { requireMap } from './util';

export interface SEParams {
  [key: string]: number;
  ratio: number;
}

/** Squeeze width for `channels` and reduction `ratio`: ⌊C / r⌋, at least 1 (Cadene's SEModule: C // r). */
export function seSqueeze(channels: number, ratio: number): number {
  return Math.max(1, Math.floor(channels / ratio));
}

export const se = defineComposite<SEParams>({
  kind: 'composite',
  type: 'SE',
  name: 'SE block',
  category: 'block',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    ratio: {
      kind: 'int', label: 'Reduction r', default: 16, min: 1, max: 1024,
      help: 'The bottleneck is C / r units wide; the paper found r = 16 a good balance of accuracy and cost.',
    },
  },
  teach: {
    summary: 'Lets the network weigh its own channels. "Squeeze": average each channel over the whole map to one number. "Excite": two small dense layers (C → C/r with ReLU, C/r → C with sigmoid) turn those numbers into a gate between 0 and 1 per channel, which then multiplies the map. It costs few weights and almost no MACs: SE-ResNet-50 has 10% more parameters than ResNet-50 and under 1% more multiply-adds, and its top-1 error falls from 24.8% to 23.3% in the paper.',
    origin: 'Hu, Shen & Sun, "Squeeze-and-Excitation Networks" (SENet, 2017), the ILSVRC 2017 winner.',
    formula: 'C×(C/r) + C/r + (C/r)×C + C, with C/r rounded down (at least 1); MACs 2×C×(C/r)',
  },
  describe: (p) => `SE, r=${p.ratio}`,
  expand(p, [input]) {
    const bad = requireMap(input!, { type: 'SE', name: 'SE block' });
    if (bad) return bad;
    const c = input![2]!;
    const b = new SubGraphBuilder();
    // The block's input feeds both the pooling (the squeeze) and the Multiply (the rescale).
    const { output, consumers } = squeezeExcite(b, undefined, 'se_', c, seSqueeze(c, p.ratio), 'relu', 0, 0);
    return b.done([consumers], output);
  },
});
