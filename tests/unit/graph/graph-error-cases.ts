/**
 * Bad graphs and bad graph files, crafted to make lib produce every graph error code: analyse's
 * (shapes, params, wiring) and the file reader's. graph-errors.test.ts runs them and collects the
 * codes; each case is a real mistake a person can make.
 */
import { definitionFrom, deleteBlockType, makeBlock, renameBlockType } from '@/lib/graph/block-types';
import type { CustomBlockDef, Graph, GraphEdge, GraphNode, ParamRecord } from '@/lib/graph/types';

const at = { x: 0, y: 0 };
const n = (id: string, type: string, params: ParamRecord = {}): GraphNode => ({ id, type, params, position: at });
const e = (source: string, target: string, targetPort = 0, id = `${source}->${target}:${targetPort}`): GraphEdge => ({ id, source, target, targetPort });
const input = (h: number, w: number, c: number) => n('in', 'Input', { height: h, width: w, channels: c });
const conv = (id: string, p: ParamRecord = {}) => n(id, 'Conv2D', { filters: 8, kernel: 3, stride: 1, padding: 'same', dilation: 1, useBias: true, activation: 'relu', ...p });
const chain = (...nodes: GraphNode[]): Graph => ({
  nodes, edges: nodes.slice(1).map((x, i) => e(nodes[i]!.id, x.id)),
});
const graph = (nodes: GraphNode[], edges: GraphEdge[], blocks?: Record<string, CustomBlockDef>): Graph => ({ nodes, edges, ...(blocks ? { blocks } : {}) });

/** Graphs analyse finds wrong, by what is wrong with them. */
export const BAD_GRAPHS: Readonly<Record<string, Graph>> = {
  convOnFlat: chain(input(8, 8, 3), n('flat', 'Flatten'), conv('c')),
  poolBiggerThanInput: chain(input(4, 4, 3), n('pool', 'MaxPool', { pool: 8, stride: 8, padding: 'valid' })),
  addStride: graph([input(8, 8, 16), conv('c', { filters: 32, stride: 2 }), n('add', 'Add')], [e('in', 'c'), e('c', 'add', 0), e('in', 'add', 1)]),
  addChannels: graph([input(8, 8, 16), conv('c', { filters: 32 }), n('add', 'Add')], [e('in', 'c'), e('c', 'add', 0), e('in', 'add', 1)]),
  addOneFilter: graph([input(8, 8, 1), conv('c', { filters: 1, stride: 2 }), n('add', 'Add')], [e('in', 'c'), e('c', 'add', 0), e('in', 'add', 1)]),
  addFlat: graph([input(8, 8, 1), n('f', 'Flatten'), n('d', 'Dense', { units: 10, useBias: true, activation: 'linear' }), n('add', 'Add')],
    [e('in', 'f'), e('f', 'd'), e('d', 'add', 0), e('f', 'add', 1)]),
  concatFlatFirst: graph([input(8, 8, 1), n('f', 'Flatten'), n('cat', 'Concat')], [e('in', 'f'), e('f', 'cat', 0), e('in', 'cat', 1)]),
  concatMapFirst: graph([input(8, 8, 1), n('f', 'Flatten'), n('cat', 'Concat')], [e('in', 'f'), e('in', 'cat', 0), e('f', 'cat', 1)]),
  concatSizes: graph([input(8, 8, 4), conv('c', { stride: 2 }), n('cat', 'Concat')], [e('in', 'c'), e('in', 'cat', 0), e('c', 'cat', 1)]),
  denseOnMap: chain(input(8, 8, 3), n('d', 'Dense', { units: 10, useBias: true, activation: 'linear' })),
  flattenTwice: chain(input(8, 8, 3), n('f1', 'Flatten'), n('f2', 'Flatten')),
  poolAfterFlatten: chain(input(8, 8, 3), n('f', 'Flatten'), n('gap', 'GlobalAvgPool')),
  groupsDoNotDivide: chain(input(8, 8, 6), n('g', 'GroupedConv2D', { filters: 8, kernel: 3, stride: 1, padding: 'same', groups: 4, useBias: true, activation: 'linear' })),
  filtersDoNotDivide: chain(input(8, 8, 8), n('g', 'GroupedConv2D', { filters: 10, kernel: 3, stride: 1, padding: 'same', groups: 4, useBias: true, activation: 'linear' })),
  multiplyChannels: graph([input(4, 4, 8), n('gap', 'GlobalAvgPool'), n('d', 'Dense', { units: 4, useBias: true, activation: 'sigmoid' }), n('mul', 'Multiply')],
    [e('in', 'gap'), e('gap', 'd'), e('in', 'mul', 0), e('d', 'mul', 1)]),
  multiplyShapes: graph([input(4, 4, 8), conv('c', { stride: 2 }), n('mul', 'Multiply')], [e('in', 'c'), e('in', 'mul', 0), e('c', 'mul', 1)]),
  transitionToNothing: chain(input(4, 4, 1), n('t', 'Transition', { compression: 0.5 })),
  strideAndDilation: chain(input(8, 8, 3), conv('c', { stride: 2, dilation: 2 })),
  dropEverything: chain(input(8, 8, 3), n('d', 'Dropout', { rate: 1 })),
  lrnEven: chain(input(8, 8, 3), n('l', 'LRN', { size: 4, alpha: 1e-4, beta: 0.75, k: 2 })),
  resnextTooNarrow: chain(input(8, 8, 4), n('x', 'ResNeXt', { filters: 1, cardinality: 1, bottleneckWidth: 1, stride: 1 })),
  repeatUnknown: chain(input(8, 8, 3), n('r', 'Repeat', { block: 'Nope', times: 2, params: {} })),
  repeatOfRepeat: chain(input(8, 8, 3), n('r', 'Repeat', { block: 'Repeat', times: 2, params: {} })),
  repeatOfInput: chain(input(8, 8, 3), n('r', 'Repeat', { block: 'Input', times: 2, params: {} })),
  repeatOfAdd: chain(input(8, 8, 3), n('r', 'Repeat', { block: 'Add', times: 2, params: {} })),
  repeatBadParams: chain(input(8, 8, 3), n('r', 'Repeat', { block: 'Conv2D', times: 2, params: { filters: 0, padding: 'full' } })),
  repeatKernelTooBig: chain(input(2, 2, 3), n('r', 'Repeat', { block: 'Conv2D', times: 2, params: { filters: 4, kernel: 5, stride: 1, padding: 'valid', dilation: 1, useBias: true, activation: 'relu' } })),
  notANumber: chain(input(8, 8, 3), conv('c', { filters: 'eight' })),
  notWhole: chain(input(8, 8, 3), conv('c', { filters: 3.5 })),
  outOfRange: chain(input(8, 8, 3), conv('c', { filters: 0 })),
  notAnOption: chain(input(8, 8, 3), conv('c', { padding: 'full' })),
  notABool: chain(input(8, 8, 3), conv('c', { useBias: 'yes' })),
  blockNotAName: chain(input(8, 8, 3), n('r', 'Repeat', { block: 5, times: 2, params: {} } as unknown as ParamRecord)),
  paramsNotAnObject: chain(input(8, 8, 3), n('r', 'Repeat', { block: 'Conv2D', times: 2, params: 5 } as unknown as ParamRecord)),
  nodeParamsNotObject: chain(input(8, 8, 3), { id: 'c', type: 'Conv2D', params: 5 as unknown as ParamRecord, position: at }),
  unknownParam: chain(input(8, 8, 3), conv('c', { filterz: 8 })),
  unknownParamNone: graph([input(8, 8, 3), n('add', 'Add', { x: 1 })], [e('in', 'add', 0), e('in', 'add', 1)]),
  duplicateId: graph([input(8, 8, 3), conv('c'), conv('c')], [e('in', 'c')]),
  unknownType: chain(input(8, 8, 3), n('x', 'Conv3D')),
  edgeToNowhere: graph([input(8, 8, 3), conv('c')], [e('in', 'c'), e('c', 'ghost')]),
  edgeIntoInput: graph([input(8, 8, 3), conv('c'), n('in2', 'Input', { height: 8, width: 8, channels: 3 })], [e('in', 'c'), e('c', 'in2')]),
  edgeToPortOne: graph([input(8, 8, 3), conv('c')], [e('in', 'c', 1)]),
  edgeToPortRange: graph([input(8, 8, 3), n('add', 'Add')], [e('in', 'add', 0), e('in', 'add', 9)]),
  twoEdgesOnePort: graph([input(8, 8, 3), conv('a'), conv('b')], [e('in', 'a'), e('in', 'b'), e('a', 'b', 0, 'second')]),
  cycle: graph([input(8, 8, 3), conv('a'), n('add', 'Add'), conv('b')], [e('in', 'a'), e('a', 'add', 0), e('add', 'b'), e('b', 'add', 1)]),
  longCycle: graph([input(8, 8, 3), n('add', 'Add'), ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => conv(id))],
    [e('in', 'add', 0), e('add', 'a'), e('a', 'b'), e('b', 'c'), e('c', 'd'), e('d', 'e'), e('e', 'f'), e('f', 'g'), e('g', 'add', 1)]),
  alone: graph([input(8, 8, 3), conv('c'), conv('lonely')], [e('in', 'c')]),
  noInput: graph([input(8, 8, 3), conv('c'), n('add', 'Add'), conv('d')], [e('in', 'add', 0), e('c', 'd')]),
  tooFewInputs: chain(input(8, 8, 3), n('add', 'Add')),
  inputGap: graph([input(8, 8, 3), n('add', 'Add')], [e('in', 'add', 0), e('in', 'add', 2)]),
  noInputBlock: chain(conv('a'), conv('b')),
  ownBlockInOwnBlock: graph([input(8, 8, 3), n('o', 'Outer')], [e('in', 'o')], {
    Inner: { name: 'Inner', nodes: [conv('c')], edges: [], inputs: [[{ node: 'c', port: 0 }]], output: 'c' },
    Outer: { name: 'Outer', nodes: [n('i', 'Inner')], edges: [], inputs: [[{ node: 'i', port: 0 }]], output: 'i' },
  }),
  insideWithoutNode: graph([input(8, 8, 3), n('b', 'Loose')], [e('in', 'b')], {
    Loose: { name: 'Loose', nodes: [conv('c')], edges: [e('c', 'ghost')], inputs: [[{ node: 'c', port: 0 }]], output: 'c' },
  }),
  noInnerOutput: graph([input(8, 8, 3), n('b', 'NoOut')], [e('in', 'b')], {
    NoOut: { name: 'NoOut', nodes: [conv('c')], edges: [], inputs: [[{ node: 'c', port: 0 }]], output: 'missing' },
  }),
};

const GOOD = {
  format: 'layerwise-graph', version: 1,
  nodes: [
    { id: 'in', type: 'Input', params: { height: 8, width: 8, channels: 3 }, position: { x: 0, y: 0 } },
    { id: 'c', type: 'Conv2D', params: { filters: 8, kernel: 3, stride: 1, padding: 'same', dilation: 1, useBias: true, activation: 'relu' }, position: { x: 0, y: 100 } },
    { id: 'add', type: 'Add', params: {}, position: { x: 0, y: 200 } },
  ],
  edges: [{ source: 'in', target: 'c', targetPort: 0 }, { source: 'c', target: 'add', targetPort: 0 }, { source: 'in', target: 'add', targetPort: 1 }],
};
type Doc = Record<string, unknown>;
/** The good file with a change: `f` gets a deep copy to mutate. */
const bad = (f: (d: { [k: string]: any }) => void): Doc => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const d = JSON.parse(JSON.stringify(GOOD)) as Doc;
  f(d);
  return d;
};
const block = (over: Record<string, unknown> = {}) => ({
  name: 'Stem', inputs: [[{ node: 'c', port: 0 }]], output: 'c',
  nodes: [{ id: 'c', type: 'Conv2D', params: GOOD.nodes[1]!.params, position: { x: 0, y: 0 } }], edges: [], ...over,
});

/** Graph files the reader refuses (or warns about): JSON text, bytes, or parsed values. */
export const BAD_FILES: Readonly<Record<string, string | Uint8Array | unknown>> = {
  list: [1, 2],
  noFormat: {},
  wrongFormat: { format: 'keras' },
  noVersion: { format: 'layerwise-graph' },
  badVersion: { format: 'layerwise-graph', version: 0.5 },
  newerVersion: { format: 'layerwise-graph', version: 99 },
  throwingGetter: new Proxy({}, { getOwnPropertyDescriptor() { throw new Error('no reading here'); } }),
  tooLarge: ' '.repeat(17 * 1024 * 1024),
  binary: new Uint8Array([0xff, 0xfe, 0x00, 0x81]),
  empty: '  ',
  cutShort: '{"format": "layerwise-graph", "nodes": [',
  cutShortOneBracket: '{"format": "layerwise-graph"',
  engineOnly: '{"a": 1}', // valid JSON: not an error, a control
  controlInText: '{"a": "x\ty"}',
  lineBreakInText: '{"a": "x\ny"}',
  badUnicode: '{"a": "\\u12"}',
  badEscape: '{"a": "\\q"}',
  endsInText: '{"a": "abc',
  comment: '{"a": 1 // no\n}',
  afterEnd: '{"a": 1} x',
  noColon: '{"a" 1}',
  noComma: '{"a": 1 "b": 2}',
  trailingCommaObject: '{"a": 1,}',
  trailingCommaList: '{"a": [1,]}',
  nameNotQuoted: '{a: 1}',
  leadingZero: '{"a": 07}',
  singleQuotes: "{\"a\": 'x'}",
  nameInSingleQuotes: "{'a': 1}",
  unexpected: '{"a": @}',
  unknownFields: bad((d) => { d.comment = 'x'; d.nodes[0].postion = 1; d.nodes[0].colour = 'red'; }),
  nameNotText: bad((d) => { d.name = 5; }),
  nameTooLong: bad((d) => { d.name = 'x'.repeat(201); }),
  repeatParamsInfinite: bad((d) => { d.nodes[1] = { id: 'c', type: 'Repeat', params: { block: 'Conv2D', times: 2, params: { filters: Infinity } }, position: { x: 0, y: 0 } }; }),
  repeatParamsList: bad((d) => { d.nodes[1] = { id: 'c', type: 'Repeat', params: { block: 'Conv2D', times: 2, params: { filters: [1] } }, position: { x: 0, y: 0 } }; }),
  repeatParamsDeep: bad((d) => {
    let deep: Doc = { x: 1 };
    for (let i = 0; i < 10; i++) deep = { d: deep };
    d.nodes[1] = { id: 'c', type: 'Repeat', params: { block: 'Conv2D', times: 2, params: deep }, position: { x: 0, y: 0 } };
  }),
  repeatParamsProto: '{"format": "layerwise-graph", "version": 1, "nodes": [{"id": "r", "type": "Repeat", "params": {"block": "Conv2D", "times": 2, "params": {"__proto__": {}}}, "position": {"x": 0, "y": 0}}], "edges": []}',
  noParams: bad((d) => { delete d.nodes[1].params; d.nodes[2].params = undefined; d.nodes.push({ id: 'a2', type: 'Add', position: { x: 0, y: 0 } }); }),
  paramsNotObject: bad((d) => { d.nodes[1].params = [1]; }),
  paramMissing: bad((d) => { delete d.nodes[1].params.kernel; }),
  paramInQuotes: bad((d) => { d.nodes[1].params.filters = '32'; }),
  paramWrong: bad((d) => { d.nodes[1].params.filters = 0; d.nodes[1].params.stride = 2; d.nodes[1].params.dilation = 2; }),
  paramRule: bad((d) => { d.nodes[1].params.stride = 2; d.nodes[1].params.dilation = 2; }),
  paramUnknown: bad((d) => { d.nodes[1].params.filterz = 8; d.nodes[1].params.zzzzzzzz = 1; }),
  noPosition: bad((d) => { delete d.nodes[1].position; d.nodes[2].position = 'top'; d.nodes[0].position = { x: 'a' }; }),
  ids: bad((d) => {
    delete d.nodes[0].id; d.nodes[1].id = 5; d.nodes[2].id = '';
    d.nodes.push({ ...d.nodes[2], id: 'x'.repeat(201) }, { ...d.nodes[2], id: 'a b!' }, { ...d.nodes[2], id: '_a' }, { ...d.nodes[2], id: 'dup' }, { ...d.nodes[2], id: 'dup' });
  }),
  noNodes: bad((d) => { delete d.nodes; }),
  nodesNotList: bad((d) => { d.nodes = 'conv'; }),
  tooManyNodes: bad((d) => { d.nodes = Array.from({ length: 20_001 }, () => 0); }),
  nodeNotObject: bad((d) => { d.nodes.push(null); }),
  types: bad((d) => { delete d.nodes[0].type; d.nodes[1].type = 5; d.nodes[2].type = 'Conv2d'; d.nodes.push({ ...d.nodes[2], id: 'q', type: 'Qwertyuiop' }); }),
  edgeEnds: bad((d) => { delete d.edges[0].source; delete d.edges[1].target; d.edges[2].source = 5; d.edges.push({ source: 'cc', target: 'add', targetPort: 1 }, { source: 'zzzzzz', target: 'add', targetPort: 1 }); }),
  noEdges: bad((d) => { delete d.edges; }),
  edgesNotList: bad((d) => { d.edges = {}; }),
  tooManyEdges: bad((d) => { d.edges = Array.from({ length: 100_001 }, () => 0); }),
  edgeNotObject: bad((d) => { d.edges.push('in->c'); }),
  ports: bad((d) => {
    delete d.edges[0].targetPort; d.edges[1].targetPort = -1;
    d.nodes.push({ ...d.nodes[0], id: 'in2' }, { ...d.nodes[1], id: 'c2' });
    d.edges.push({ source: 'in', target: 'in2', targetPort: 0 }, { source: 'in', target: 'c2', targetPort: 1 }, { source: 'in', target: 'add', targetPort: 9 });
  }),
  edgeIds: bad((d) => { d.edges[0].id = ''; d.edges[1].id = 'same'; d.edges[2].id = 'same'; }),
  edgeRepeats: bad((d) => { d.edges.push({ source: 'in', target: 'c', targetPort: 0 }); }),
  inputFedTwice: bad((d) => { d.edges.push({ source: 'add', target: 'c', targetPort: 0 }); }),
  blocksNotObject: bad((d) => { d.blocks = []; }),
  blockNames: bad((d) => { d.blocks = { Conv2D: block(), '9lives': block(), Bad: 5, Misnamed: block({ name: 'Other', extra: 1 }) }; }),
  blockEmpty: bad((d) => { d.blocks = { Stem: block({ nodes: [] }) }; }),
  blockParts: bad((d) => {
    d.blocks = {
      Stem: block({ output: 'nope' }),
      Stem2: block({ name: 'Stem2', inputs: 'c' }),
      Stem3: block({ name: 'Stem3', inputs: [[]] }),
      Stem4: block({ name: 'Stem4', inputs: [[{ node: 'ghost', port: 0 }]] }),
      Stem5: block({ name: 'Stem5', inputs: [[{ node: 'c', port: 3 }]] }),
      Stem6: block({ name: 'Stem6', nodes: [{ id: 'i', type: 'Stem', params: {}, position: { x: 0, y: 0 } }], output: 'i', inputs: [[{ node: 'i', port: 0 }]] }),
    };
  }),
  manyErrors: bad((d) => { d.nodes = Array.from({ length: 150 }, (_, i) => ({ id: `n${i}`, type: 'Conv2D', params: {}, position: { x: 0, y: 0 } })); d.edges = []; }),
};

/** Codes no crafted input reaches here, and why. */
export const NOT_DRIVEN: Readonly<Record<string, string>> = {
  expandFailed: 'only when a block\'s expand throws, which no registry block does',
  shareLinkDamaged: 'made by the editor (components/editor/persist.ts), not by lib',
  openNoNode: 'made by the editor when a block opens (components/editor/doc.ts; its tests: doc.test.ts)',
  openSingleLayer: 'made by the editor when a block opens (doc.ts)',
  openShapeUnknown: 'made by the editor when a block opens (doc.ts)',
  closeNotOpened: 'made by the editor when a block closes (doc.ts)',
  closeEdited: 'made by the editor when a block closes (doc.ts)',
};

/**
 * Refused edits of the graph's own blocks (lib/graph/block-types.ts): grouping a selection that
 * cannot be one block, names that cannot be a block's, renaming or deleting what is not there.
 */
export function ownBlockRefusals(): unknown[] {
  const g = graph(
    [input(8, 8, 3), conv('a'), conv('b'), conv('c'), n('add', 'Add'), conv('x'), conv('y'), conv('o'), conv('p')],
    [e('in', 'a'), e('a', 'b'), e('a', 'c'), e('b', 'add', 0), e('c', 'add', 1), e('x', 'y'), e('y', 'x'), e('o', 'p')],
  );
  const made = makeBlock(g, ['b', 'c', 'add'], 'Pair');
  if ('error' in made) throw new Error(made.error);
  const withPair: Graph = { ...made.graph, nodes: [...made.graph.nodes, n('rep', 'Repeat', { block: 'Pair', times: 2, params: {} })] };
  return [
    makeBlock(g, ['a'], 'Conv2D'),
    makeBlock(g, ['a'], '9 lives'),
    makeBlock(withPair, ['a'], 'Pair'),
    makeBlock(g, [], 'X'),
    makeBlock(g, ['in', 'a'], 'X'),
    makeBlock(withPair, [made.id], 'X'),
    makeBlock(g, ['a', 'add'], 'X'),
    makeBlock(g, ['a', 'b', 'c'], 'X'),
    makeBlock(g, ['x', 'y'], 'X'),
    makeBlock(g, ['o'], 'X'),
    definitionFrom(g, ['in'], 'X'),
    renameBlockType(g, 'Nope', 'X'),
    deleteBlockType(withPair, 'Pair'),
  ];
}
