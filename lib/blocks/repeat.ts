import type { ParamRecord } from '../graph/types';
import { blockValue, graphError, listValue, nestedValue, type GraphProblem } from '../graph/graph-errors';
import { resolveParams } from './params';
import { defineComposite, fromProblem, type BlockContext, type BlockSpec } from './spec';
import { SubGraphBuilder } from './subgraph';

export interface RepeatParams {
  [key: string]: string | number | ParamRecord;
  block: string;
  times: number;
  params: ParamRecord;
}

/** Gap between two repeated blocks when the Repeat is opened. */
const ROW_GAP = 120;

/**
 * The spec and resolved params of the block a Repeat holds, found with the caller's lookup (the
 * registry and the graph's own blocks; importing the registry here would be an import cycle, as
 * it lists Repeat), or a message saying what to change. Blocks must take exactly one input (a
 * chain needs it) and must not be Repeat themselves (the stride of the first copy could not be
 * told apart from the others').
 */
export function repeatedBlock(p: RepeatParams, lookup: BlockContext['lookup']): { spec: BlockSpec; params: ParamRecord } | { problem: GraphProblem } {
  const spec = lookup(p.block);
  if (!spec) return { problem: graphError('repeatUnknownBlock', { block: p.block }) };
  if (spec.type === 'Repeat') return { problem: graphError('repeatOfRepeat') };
  const block = blockValue(spec.type, spec.name);
  if (spec.ports.min !== 1 || spec.ports.max !== 1) {
    return { problem: graphError(spec.ports.max === 0 ? 'repeatNoInput' : 'repeatManyInputs', { block }) };
  }
  const resolved = resolveParams(spec, p.params, { lookup });
  if (!resolved.ok) {
    return { problem: graphError('repeatParams', { block, errors: listValue(resolved.errors.map(nestedValue), 'semicolon') }) };
  }
  return { spec, params: resolved.params };
}

export const repeat = defineComposite<RepeatParams>({
  kind: 'composite',
  type: 'Repeat',
  name: 'Repeat',
  category: 'block',
  ports: { min: 1, max: 1, ordered: false },
  params: {
    block: {
      kind: 'block', label: 'Block', default: 'Residual',
      help: 'The block to repeat; it must take one input (Residual, ResNeXt, MBConv, Conv2D, …, or one of this graph\'s own blocks).',
    },
    times: {
      kind: 'int', label: 'Times', default: 2, min: 1, max: 64,
      help: 'How many copies, one after the other; ResNet-50\'s stages have 3, 4, 6 and 3.',
    },
    params: {
      kind: 'params', label: 'Block params', default: {},
      help: 'The params of every copy; only the first keeps its stride, the others use stride 1.',
    },
  },
  teach: {
    summary: 'One block several times in a row: a "stage" of a ResNet or an EfficientNet. The first copy takes the params as given, so it can halve the map (stride 2) and change the channels; the copies after it use stride 1 and keep the shape, so their shortcuts are plain identities.',
    origin: 'The stage layout of VGG (Simonyan & Zisserman, 2014) and ResNet (He et al., 2015), where each stage repeats one block n times.',
    formula: 'the sum of its copies: the first with the given stride, the others with stride 1 and the first copy\'s output as their input',
  },
  validate(p, ctx) {
    if (!ctx) return undefined;
    const r = repeatedBlock(p, ctx.lookup);
    return 'problem' in r ? r.problem : undefined;
  },
  describe(p, ctx) {
    const r = ctx ? repeatedBlock(p, ctx.lookup) : undefined;
    return !r || 'problem' in r ? `${p.block} ×${p.times}` : `${p.times} × ${r.spec.describe(r.params as never, ctx)}`;
  },
  expand(p, _inputs, ctx) {
    const r = repeatedBlock(p, ctx.lookup);
    if ('problem' in r) return fromProblem(r.problem);
    const later = 'stride' in r.spec.params ? { ...r.params, stride: 1 } : r.params;
    const b = new SubGraphBuilder();
    // Copies are named after the block: residual1, residual2…; a graph's own block "My stem" gives
    // my_stem1… (node ids take no spaces).
    const base = r.spec.type.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
    const ids: string[] = [];
    for (let i = 0; i < p.times; i++) {
      ids.push(b.node(`${base}${i + 1}`, r.spec.type, i === 0 ? r.params : later, 0, i * ROW_GAP));
    }
    b.chain(...ids);
    return b.done([[{ node: ids[0]!, port: 0 }]], ids[ids.length - 1]!);
  },
});
