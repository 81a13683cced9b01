import { BOTTLENECK_EXPANSION, residualSubGraph } from './residual';
import { graphError, type GraphProblem } from '../graph/graph-errors';
import { defineComposite, fromProblem } from './spec';

export interface ResNeXtParams {
  [key: string]: number;
  filters: number;
  cardinality: number;
  bottleneckWidth: number;
  stride: number;
}

/**
 * Channels of the grouped 3×3, as torchvision computes them:
 * ⌊planes × d / 64⌋ × cardinality (ResNeXt-50 32×4d, first stage: ⌊64×4/64⌋×32 = 128).
 */
export function resnextWidth(p: Pick<ResNeXtParams, 'filters' | 'cardinality' | 'bottleneckWidth'>): number {
  return Math.floor((p.filters * p.bottleneckWidth) / 64) * p.cardinality;
}

/** The inner width must be at least one channel per path. */
function widthError(p: ResNeXtParams): GraphProblem | undefined {
  if (resnextWidth(p) >= 1) return undefined;
  return graphError('resnextWidth', { filters: p.filters, width: p.bottleneckWidth, cardinality: p.cardinality });
}

export const resnext = defineComposite<ResNeXtParams>({
  kind: 'composite',
  type: 'ResNeXt',
  name: 'ResNeXt block',
  category: 'block',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    filters: {
      kind: 'int', label: 'Filters', default: 64, min: 1, max: 4096,
      help: 'The stage\'s "planes", as in a ResNet bottleneck; the block outputs 4× this many channels.',
    },
    cardinality: {
      kind: 'int', label: 'Cardinality', default: 32, min: 1, max: 1024,
      help: 'Number of parallel paths (groups of the 3×3 conv); the "32" of 32×4d.',
    },
    bottleneckWidth: {
      kind: 'int', label: 'Width per path', default: 4, min: 1, max: 1024,
      help: 'Channels of each path in the first stage (the "4d" of 32×4d); it doubles with the filters in later stages.',
    },
    stride: {
      kind: 'int', label: 'Stride', default: 1, min: 1, max: 4,
      help: '2 halves height and width (the first block of a stage); it sits on the grouped 3×3 conv.',
    },
  },
  teach: {
    summary: 'A ResNet bottleneck whose 3×3 conv is split into many narrow parallel paths (a grouped convolution): each group of channels is convolved on its own, then the paths are joined by the 1×1 conv that follows. More paths ("cardinality") helped accuracy more than going deeper or wider, at the same cost. The shortcut is the input, or a 1×1 conv + BN when the shape changes.',
    origin: 'Xie, Girshick, Dollár, Tu & He, "Aggregated Residual Transformations for Deep Neural Networks" (ResNeXt, 2016), 2nd at ILSVRC 2016.',
    formula: 'W = ⌊F×d/64⌋×cardinality; C_in×W + 3×3×(W/cardinality)×W + W×4F, BN after each (2× channels trainable + 2× non-trainable); projection C_in×4F + BN when the shape changes',
  },
  validate: widthError,
  describe: (p) => `ResNeXt ${p.cardinality}×${p.bottleneckWidth}d, ${BOTTLENECK_EXPANSION * p.filters}${p.stride > 1 ? `, s${p.stride}` : ''}`,
  expand(p, [input]) {
    const width = resnextWidth(p);
    if (width < 1) return fromProblem(widthError(p)!);
    return residualSubGraph(input!, {
      variant: 'bottleneck', out: BOTTLENECK_EXPANSION * p.filters, width, stride: p.stride, groups: p.cardinality, seRatio: 0,
    }, { type: 'ResNeXt', name: 'ResNeXt block' });
  },
});
