/**
 * `layerwise summary`: a Keras-style table of a graph (node, type, output shape, params, MACs,
 * receptive field) with totals, or the same as one JSON object.
 */
import { analyse, shapeText, type Analysis } from '../graph/analyse';
import { expandGraph } from '../graph/expand';
import { analysisIssues } from '../graph/format';
import type { Graph, ReceptiveField, Shape } from '../graph/types';
import { splitArgs } from './args';
import type { CliIO } from './io.node';
import { issueLine, loadTarget } from './load.node';
import { formatCount, humanBytes, humanCount, renderTable } from './text';

/** The `--json` output: one object, numbers as plain integers. */
export interface SummaryJson {
  readonly name: string;
  readonly preset?: string;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** Multiply-adds per sample (conv and dense), the reference's GMACs × 10^9. */
  readonly flops: number;
  readonly outputShape: Shape | null;
  /** Bytes of float32 activations per sample, all node outputs together. */
  readonly activationBytes: number;
  readonly nodes: readonly {
    readonly id: string;
    readonly type: string;
    readonly outputShape: Shape | null;
    /** Trainable + non-trainable. */
    readonly params: number;
    readonly trainableParams: number;
    readonly nonTrainableParams: number;
    readonly flops: number;
    readonly receptiveField: ReceptiveField | null;
  }[];
}

/** Builds the `--json` object from a graph and its analysis (nodes in topological order). */
export function summaryJson(name: string, analysis: Analysis, presetId?: string): SummaryJson {
  const t = analysis.totals;
  return {
    name,
    ...(presetId ? { preset: presetId } : {}),
    trainableParams: t.trainable,
    nonTrainableParams: t.nonTrainable,
    flops: t.flops,
    outputShape: analysis.outputShape ? [...analysis.outputShape] : null,
    activationBytes: t.activationBytes,
    nodes: analysis.order.map((id) => {
      const n = analysis.nodes[id]!;
      return {
        id,
        type: n.type,
        outputShape: n.outputShape ? [...n.outputShape] : null,
        params: n.paramCount.trainable + n.paramCount.nonTrainable,
        trainableParams: n.paramCount.trainable,
        nonTrainableParams: n.paramCount.nonTrainable,
        flops: n.flops,
        receptiveField: n.receptiveField ? { size: n.receptiveField.size, jump: n.receptiveField.jump } : null,
      };
    }),
  };
}

/** The table and totals as lines of text. */
export function summaryTable(name: string, analysis: Analysis, expanded: boolean): string[] {
  const rows = analysis.order.map((id) => {
    const n = analysis.nodes[id]!;
    const rf = n.receptiveField;
    return [
      id, n.type, shapeText(n.outputShape),
      formatCount(n.paramCount.trainable + n.paramCount.nonTrainable), formatCount(n.flops),
      rf ? String(rf.size) : '?', rf ? String(rf.jump) : '?',
    ];
  });
  const table = renderTable([
    { title: 'Node' }, { title: 'Type' }, { title: 'Output shape' },
    { title: 'Params', align: 'right' }, { title: 'MACs', align: 'right' },
    { title: 'RF', align: 'right' }, { title: 'Jump', align: 'right' },
  ], rows);
  const width = Math.max(...table.map((l) => l.length));
  const t = analysis.totals;
  const total = t.trainable + t.nonTrainable;
  const composites = Object.values(analysis.nodes).filter((n) => n.inner).length;
  const totals = [
    ['Trainable params:', formatCount(t.trainable), `(${humanCount(t.trainable)})`],
    ['Non-trainable params:', formatCount(t.nonTrainable), t.nonTrainable ? '(BatchNorm moving mean and variance)' : ''],
    ['Total params:', formatCount(total), `(${humanBytes(total * 4)} as float32)`],
    ['MACs (multiply-adds):', formatCount(t.flops), `(${humanCount(t.flops, 2, 'G')} per image)`],
    ['Activation memory:', humanBytes(t.activationBytes), '(float32 outputs of every node, per image)'],
    ['Output shape:', shapeText(analysis.outputShape), ''],
  ];
  const labelW = Math.max(...totals.map((r) => r[0]!.length));
  const valueW = Math.max(...totals.map((r) => r[1]!.length));
  return [
    `Model: ${name}${expanded ? ' (composite blocks opened)' : ''}`,
    ...table,
    '═'.repeat(width),
    ...totals.map(([a, b, c]) => `${a!.padEnd(labelW)}  ${b!.padStart(valueW)}  ${c}`.trimEnd()),
    ...(!expanded && composites > 0 ? [`${composites} composite block${composites > 1 ? 's' : ''} shown closed; --expand opens them`] : []),
  ];
}

const SUMMARY_USAGE = `Usage: layerwise summary <preset-id | file.json | -> [--json] [--expand]

  --json     print one JSON object: {name, trainableParams, nonTrainableParams, flops,
             outputShape, nodes: [{id, type, outputShape, params, flops, receptiveField}]}
  --expand   open composite blocks (Inception, Residual, Repeat, ...) down to primitive layers
`;

/** Runs `layerwise summary ...`; returns the exit code. */
export function runSummary(args: readonly string[], io: CliIO): number {
  let split;
  try {
    split = splitArgs(args, { command: 'summary', values: [], flags: ['json', 'expand', 'help'] });
  } catch (e) {
    io.err(`layerwise summary: ${(e as Error).message}\n`);
    return 2;
  }
  const { flags, positional } = split;
  if (flags.has('help')) { io.out(SUMMARY_USAGE); return 0; }
  const json = flags.has('json');
  const expand = flags.has('expand');
  if (positional.length !== 1) {
    io.err(`layerwise summary: ${positional.length === 0 ? 'say which preset or file to summarise' : 'give one preset or file'}\n${SUMMARY_USAGE}`);
    return 2;
  }
  const target = positional[0]!;
  const loaded = loadTarget(target);
  if (!loaded.ok) {
    for (const line of loaded.errors) io.err(line + '\n');
    return 2;
  }
  for (const w of loaded.warnings) io.err(w + '\n');
  let graph: Graph = loaded.graph;
  let analysis = analyse(graph);
  if (!analysis.valid) {
    for (const issue of analysisIssues(graph, analysis)) io.err(issueLine(target, issue) + '\n');
    return 2;
  }
  if (expand) {
    graph = expandGraph(graph, { deep: true });
    analysis = analyse(graph);
    if (!analysis.valid) {
      // Collapsed and expanded forms must agree; if they do not, that is Layerwise's bug.
      for (const issue of analysisIssues(graph, analysis)) io.err(issueLine(`${target} (expanded)`, issue) + '\n');
      return 1;
    }
  }
  if (json) io.out(JSON.stringify(summaryJson(loaded.name, analysis, loaded.presetId), null, 2) + '\n');
  else io.out(summaryTable(loaded.name, analysis, expand).join('\n') + '\n');
  return 0;
}
