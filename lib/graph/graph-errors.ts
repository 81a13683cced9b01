/**
 * The errors lib finds in graphs (shapes, params, wiring, graph files) as data: a stable `code`
 * and its `values` (numbers, shapes, block and param names, nested errors), beside the English
 * `message` the command line prints. The English lives once, here, as ICU messages:
 * messages/en/graphErrors.json is written from GRAPH_ERROR_TEXT (`npm run messages`), the
 * 简体中文 file translates it, and `wordGraphError` words an error the same way in lib (English)
 * and in the app (the user's language, through next-intl).
 *
 * Why intl-messageformat here: the English of lib must be the English the app shows, so both
 * format the same ICU text with the same library next-intl uses (plurals, quoting).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { icuText, plural } from '../text/icu';

/** Words an error's values may name, kept apart from the sentences so they translate once. */
const WORDS = {
  // How a value a person wrote is named (lib/text/describe.ts).
  nothing: icuText`nothing`,
  aList: icuText`a list`,
  anObject: icuText`an object`,
  aFunction: icuText`a function`,
  tooLarge: icuText`a number too large to use`,
  aSpace: icuText`a space`,
  aLineBreak: icuText`a line break`,
  none: icuText`none`,
  // Who holds a field.
  aGraphFile: icuText`A graph file`,
  aNode: icuText`A node`,
  anEdge: icuText`An edge`,
  aBlock: icuText`A block`,
  theFile: icuText`The file`,
  theBlock: icuText`The block`,
} as const;
export type ErrorWord = keyof typeof WORDS;

/** How a list of values is joined: "a, b", "a, b or c", "a; b". */
const JOINS = {
  comma: icuText`${'list'}, ${'item'}`,
  or: icuText`${'list'} or ${'last'}`,
  semicolon: icuText`${'list'}; ${'item'}`,
  and: icuText`${'list'} and ${'item'}`,
} as const;
export type ErrorJoin = keyof typeof JOINS;

/** A value an error names, as data, so each language words it its own way. */
export type ErrorValue =
  /** As written: ids, param keys, JSON snippets, a number in a fixed notation ("0.33"). */
  | string
  /** A count or size: written plainly in English ("2048"), with the locale's digits in the app. */
  | number
  /** A count the English writes with thousands separators ("12,000"). */
  | { readonly count: number }
  | { readonly shape: readonly number[] }
  /** A block type and its English name; the app shows the name in the user's language. */
  | { readonly block: string; readonly name: string }
  /** A block's param (key) and its English label; the app shows its label in the user's language. */
  | { readonly param: string; readonly of: string; readonly label: string }
  | { readonly word: ErrorWord }
  | { readonly list: readonly ErrorValue[]; readonly join: ErrorJoin }
  /** Another error, worded inside this one ("Repeat of Residual block: Filters must be …"). */
  | { readonly problem: GraphProblem };

export type ErrorValues = Readonly<Record<string, ErrorValue>>;

/** An error as data beside its English. */
export interface GraphProblem {
  readonly code: GraphErrorCode;
  readonly values: ErrorValues;
  /** The English, for the command line, the tests, and as the app's fallback. */
  readonly message: string;
}

const filtersCount = plural('filters', { one: icuText`${'filters'} filter`, other: icuText`${'filters'} filters` });

/**
 * Every graph error's English, by code. Arguments: {block} a block's name, {param} a param's label,
 * {shape}-like arguments a shape ("28×28×6"), {value} a written value ("\"10\"", "nothing").
 */
const ERRORS = {
  // ---- lib/blocks: shapes ---------------------------------------------------------------------
  needsMap: icuText`${'block'} needs a feature map (height×width×channels) but gets a flat vector of ${'shape'}; move it before the Flatten/GlobalAvgPool, or use Dense on flat vectors`,
  windowTooBig: icuText`${'block'} window ${'window'}×${'window'} is bigger than its ${'h'}×${'w'} input; use a smaller kernel, padding "same", or remove a pooling layer before it`,
  addShapesStride: icuText`Add needs equal shapes: ${'small'} and ${'big'}; give the shortcut a 1×1 conv with ${filtersCount} and stride ${'stride'}`,
  addShapesChannels: icuText`Add needs equal shapes: ${'small'} and ${'big'}; give the shortcut a 1×1 conv with ${filtersCount}`,
  addShapes: icuText`Add needs equal shapes: ${'small'} and ${'big'}; make both branches end in the same shape`,
  concatFlatWithMap: icuText`Concat cannot join a flat vector with a feature map; flatten both or neither`,
  concatMapWithFlat: icuText`Concat cannot join a feature map with a flat vector; flatten both or neither`,
  concatSize: icuText`Concat needs the same height and width on every input: ${'first'} and ${'other'}; give the branches the same strides (or pad), so only channels differ`,
  denseNeedsFlat: icuText`Dense needs a flat vector but gets a ${'shape'} feature map; add a Flatten or GlobalAvgPool before it`,
  flattenAlreadyFlat: icuText`Flatten needs a feature map (height×width×channels) but gets a flat vector of ${'shape'}, which is already flat; remove the Flatten`,
  globalPoolAlreadyPooled: icuText`GlobalAvgPool needs a feature map (height×width×channels) but gets a flat vector of ${'shape'}, which is already pooled; remove the GlobalAvgPool, or move it before the Flatten`,
  groupedChannels: icuText`GroupedConv2D splits its ${'channels'} input channels into ${'groups'} equal groups, but ${'channels'} is not divisible by ${'groups'}; use ${'divisors'} groups, or give the layer before it ${'more'} channels`,
  multiplyChannels: icuText`Multiply scales a ${'map'} map by one number per channel, so the vector needs ${'need'} values, not ${'got'}; give the layer that makes the vector (in an SE block, its last Dense or 1×1 conv) ${'need'} units`,
  multiplyShapes: icuText`Multiply needs equal shapes, or a H×W×C map with a per-channel vector of C (or 1×1×C): got ${'a'} and ${'b'}; make both branches end in the same shape`,
  transitionNoChannels: icuText`Transition keeps ⌊${'compression'} × ${'channels'}⌋ = 0 channels; raise its compression to at least ${'least'}`,
  // ---- lib/blocks: rules across params --------------------------------------------------------
  groupedFilters: icuText`Filters (${'filters'}) must be divisible by groups (${'groups'}), as each group makes filters / groups channels; use ${'fix'} filters, or a number of groups that divides ${'filters'}`,
  convStrideDilation: icuText`Stride and dilation cannot both be above 1 (tfjs does not support it); set one of them to 1`,
  dropoutRate: icuText`Dropout rate must be below 1: at 1 every value is dropped and nothing reaches the next layer; use 0.5 (AlexNet's) or less`,
  lrnEvenSize: icuText`LRN size must be odd so that the window is centred on each channel; use ${'below'} or ${'above'}`,
  resnextWidth: icuText`ResNeXt inner width ⌊${'filters'}×${'width'}/64⌋×${'cardinality'} is 0; raise Filters or Width per path so that Filters × Width is at least 64`,
  repeatUnknownBlock: icuText`Repeat: unknown block type "${'block'}"; pick a block such as Residual, MBConv or Conv2D`,
  repeatOfRepeat: icuText`Repeat cannot hold another Repeat; raise its Times instead, or put two Repeat blocks one after the other`,
  repeatNoInput: icuText`Repeat cannot chain ${'block'} blocks: ${'block'} takes no input, and each copy must take the one before it as its only input; pick a block with one input`,
  repeatManyInputs: icuText`Repeat cannot chain ${'block'} blocks: ${'block'} joins several inputs, and each copy must take the one before it as its only input; pick a block with one input`,
  repeatParams: icuText`Repeat of ${'block'}: ${'errors'}`,
  // ---- lib/blocks/params.ts -------------------------------------------------------------------
  paramNotNumber: icuText`${'param'} must be a number, not ${'value'}`,
  paramNotWhole: icuText`${'param'} must be a whole number, not ${'value'}`,
  paramOutOfRange: icuText`${'param'} must be between ${'min'} and ${'max'}, not ${'value'}`,
  paramNotOption: icuText`${'param'} must be one of ${'options'}, not ${'value'}`,
  paramNotBool: icuText`${'param'} must be true or false, not ${'value'}`,
  paramNotBlockName: icuText`${'param'} must be a block type name, not ${'value'}`,
  paramNotParams: icuText`${'param'} must be an object of params, not ${'value'}`,
  paramsNotObject: icuText`params must be an object, not ${'value'}`,
  paramUnknown: icuText`${'block'} has no param "${'key'}"; its params are ${'known'}`,
  paramUnknownNone: icuText`${'block'} has no param "${'key'}"`,
  // ---- lib/graph/analyse.ts -------------------------------------------------------------------
  duplicateId: icuText`Two nodes share the id '${'id'}'; every node needs its own id`,
  unknownType: icuText`Unknown block type "${'type'}"; pick a block from the palette`,
  edgeDangling: icuText`Edge '${'edge'}' connects to '${'missing'}', which is not in the graph; delete the edge`,
  edgeIntoSource: icuText`${'block'} '${'id'}' takes no input; edge from '${'from'}' cannot end there`,
  edgePortOne: icuText`${'block'} '${'id'}' has one input; edge from '${'from'}' goes to input ${'port'}`,
  edgePortRange: icuText`${'block'} '${'id'}' has inputs 0 to ${'last'}; edge from '${'from'}' goes to input ${'port'}`,
  portTaken: icuText`${'block'} '${'id'}' input ${'port'} has two edges into it; use Add or Concat to merge branches`,
  cycle: icuText`This node is part of a cycle (${'ids'}); a network must flow one way, so remove one edge of the loop`,
  notConnected: icuText`${'block'} '${'id'}' is not connected to anything; connect it or delete it`,
  nodeParam: icuText`${'block'} '${'id'}': ${'detail'}`,
  noInput: icuText`${'block'} '${'id'}' has no input; connect a layer into it`,
  tooFewInputs: icuText`${'block'} '${'id'}' needs at least ${'min'} inputs but has ${'count'}; connect another branch into it`,
  inputGap: icuText`${'block'} '${'id'}' has a gap in its inputs: connect inputs 0 to ${'last'} in order`,
  noInputBlock: icuText`The graph has no Input; add an Input block and connect the first layer to it`,
  ownBlockInOwnBlock: icuText`Block "${'block'}" holds '${'inner'}', a "${'innerType'}" block; blocks inside your own blocks are not supported yet, so build "${'block'}" from layers only`,
  expandFailed: icuText`${'block'} could not be expanded with these params (${'reason'}); check its params`,
  inside: icuText`${'block'}: ${'detail'}`,
  insideAt: icuText`${'block'}: ${'detail'} (inside, at '${'at'}')`,
  noInnerOutput: icuText`${'block'}: its inner graph has no output '${'output'}'`,
  // ---- lib/graph/format: reading a graph file -------------------------------------------------
  moreErrors: icuText`…and ${'count'} more errors; fix these first`,
  fileNotObject: icuText`A graph file must be a JSON object {"format": "layerwise-graph", "version": 1, "nodes": [...], "edges": [...]}, but this one is ${'value'}`,
  fileNoFormat: icuText`The file has no "format" field, so it is not a Layerwise graph file; if it is one, add "format": "layerwise-graph" and "version": 1`,
  fileWrongFormat: icuText`"format" is ${'value'}, so this is not a Layerwise graph file (expected "${'expected'}"); open a file saved by Layerwise`,
  fileNoVersion: icuText`The file has no "version"; add "version": ${'version'}`,
  fileBadVersion: icuText`"version" must be a whole number from 1 up, not ${'value'}; files made by this build say "version": ${'version'}`,
  fileNewerVersion: icuText`This file is version ${'version'}, made by a newer Layerwise; this build reads up to version ${'latest'}. Update Layerwise to open it`,
  fileUnreadable: icuText`The graph could not be read (${'reason'}); pass JSON text or plain JSON data`,
  fileTooLarge: icuText`The file is ${'megabytes'} MB; Layerwise reads graph files up to ${'maxMegabytes'} MB (${'maxNodes'} nodes). Split the model or check that this is a Layerwise graph file`,
  shareLinkDamaged: icuText`The link is damaged (cut short when copied?); ask for the link again, or open the graph file instead`,
  fileNotUtf8: icuText`The file is not UTF-8 text (it looks binary); a graph file is JSON text: check that you picked the right file`,
  fileEmpty: icuText`The file is empty; a graph file is a JSON object starting with {"format": "layerwise-graph", "version": 1, ...}`,
  fileNotJson: icuText`The file is not valid JSON${'where'}: ${'detail'}${'hint'}`,
  jsonAt: icuText` at line ${'line'}, column ${'column'}`,
  jsonCutShort: icuText`; the file looks cut short (truncated): save or download it again`,
  jsonEndsEarly: icuText`the file ends too early`,
  jsonEndsEarlyOpen: icuText`the file ends too early (${plural('brackets', { one: icuText`${'brackets'} bracket`, other: icuText`${'brackets'} brackets` })} not closed)`,
  jsonControlInText: icuText`${'char'} inside a text value that starts at line ${'line'}, column ${'column'}; close the quote, or write a line break as \\n`,
  jsonBadUnicode: icuText`a \\u escape needs four hex digits`,
  jsonBadEscape: icuText`the escape \\${'char'} is not allowed in JSON text; write \\\\ for a backslash`,
  jsonEndsInText: icuText`the file ends inside a text value that starts at line ${'line'}, column ${'column'}`,
  jsonComment: icuText`comments are not allowed in JSON; remove them`,
  jsonAfterEnd: icuText`unexpected ${'char'} after the end of the JSON data`,
  jsonExpectedColon: icuText`expected ':' after the property name, found ${'char'}`,
  jsonExpectedComma: icuText`expected ',' or '${'close'}' after a value, found ${'char'} (a missing comma?)`,
  jsonTrailingComma: icuText`a trailing comma before '${'close'}'; remove the comma`,
  jsonExpectedName: icuText`expected a property name in double quotes, found ${'char'}`,
  jsonLeadingZero: icuText`a number cannot start with 0 in JSON (write 7, not 07)`,
  jsonSingleQuotes: icuText`text in single quotes; JSON needs double quotes (")`,
  jsonUnexpected: icuText`unexpected ${'char'} where a value should be (text needs double quotes)`,
  jsonControlChar: icuText`the control character U+${'code'}`,
  noMigration: icuText`Version ${'version'} files cannot be upgraded by this build (no migration from version ${'version'}); open the file in the Layerwise version that made it and save it again`,
  migrationFailed: icuText`Upgrading this file from version ${'from'} to ${'to'} failed (${'reason'}); please report it with the file attached`,
  fieldUnknown: icuText`${'what'} has no field "${'key'}"; it was ignored`,
  fieldUnknownNear: icuText`${'what'} has no field "${'key'}"; it was ignored (did you mean "${'near'}"?)`,
  fieldNotText: icuText`"${'key'}" must be text, not ${'value'}`,
  fieldTooLong: icuText`"${'key'}" is ${'length'} characters long; shorten it to at most ${'max'}`,
  paramNotUsable: icuText`must be a usable number, not ${'value'}`,
  paramNotPlain: icuText`must be a number, text, true/false or an object of params, not ${'value'}`,
  paramsTooDeep: icuText`params are nested more than ${'depth'} levels deep; flatten them`,
  paramProto: icuText`the param name "__proto__" is not allowed; remove it`,
  nodeNoParams: icuText`Node '${'id'}' has no "params"; add "params": {...} with its ${'block'} settings (${'keys'})`,
  nodeParamsNotObject: icuText`"params" must be an object such as {"filters": 32}, not ${'value'}`,
  nodeParamMissing: icuText`${'block'} '${'id'}' is missing the param "${'key'}" (${'param'}); add "${'key'}": ${'default'} (the default)`,
  nodeParamUnquote: icuText`${'block'} '${'id'}': ${'detail'}; write it without quotes: "${'key'}": ${'number'}`,
  nodeParamUnknown: icuText`${'detail'}; remove it or rename it`,
  nodeParamUnknownNear: icuText`${'detail'} (did you mean "${'near'}"?); remove it or rename it`,
  nodeNoPosition: icuText`The node has no "position"; add "position": {"x": 0, "y": 0} (the editor can lay the graph out again)`,
  nodePositionNotObject: icuText`"position" must be an object {"x": number, "y": number}, not ${'value'}`,
  nodeCoordinate: icuText`"${'axis'}" must be a number (canvas pixels), not ${'value'}`,
  nodeNoId: icuText`The node has no "id"; give it a unique id such as "conv1"`,
  nodeIdNotText: icuText`"id" must be text such as "conv1", not ${'value'}`,
  nodeIdEmpty: icuText`The node id is empty; give it a unique id such as "conv1"`,
  nodeIdTooLong: icuText`The node id is ${'length'} characters long; shorten it to at most ${'max'}`,
  nodeIdChars: icuText`The node id ${'value'} contains ${'chars'}; ids become TensorFlow.js layer names, so use letters, digits, "_", "-", "." (and "/" only in ids of opened blocks), starting with a letter or digit`,
  nodeIdStart: icuText`The node id ${'value'} does not start with a letter or digit; ids become TensorFlow.js layer names, so use letters, digits, "_", "-", "." (and "/" only in ids of opened blocks), starting with a letter or digit`,
  noNodes: icuText`${'owner'} has no "nodes"; add "nodes": [ ... ] listing the blocks of the graph`,
  nodesNotList: icuText`"nodes" must be a list [ ... ] of nodes, not ${'value'}`,
  tooManyNodes: icuText`The graph has ${'count'} nodes; Layerwise handles at most ${'max'} (ResNet-152 fully expanded has about 520). Use composite blocks (Repeat, Residual, Dense block) to keep it small`,
  nodeNotObject: icuText`Each node must be an object {"id", "type", "params", "position"}, not ${'value'}`,
  nodeIdTaken: icuText`The id '${'id'}' is already used by nodes[${'index'}]; every node needs its own id, so rename one of them`,
  nodeNoType: icuText`Node '${'id'}' has no "type"; set it to a block type such as "Conv2D"`,
  nodeTypeNotText: icuText`"type" must be the name of a block type such as "Conv2D", not ${'value'}`,
  nodeOwnBlockInside: icuText`Node '${'id'}' is a "${'type'}" block inside a block; blocks inside your own blocks are not supported yet, so use layers only`,
  nodeUnknownTypeNear: icuText`Unknown block type ${'value'}; did you mean ${'near'}? (names are case-sensitive)`,
  nodeUnknownType: icuText`Unknown block type ${'value'}; the block types are ${'types'}`,
  edgeNoSource: icuText`The edge has no "source"; set it to the id of the node it comes from`,
  edgeNoTarget: icuText`The edge has no "target"; set it to the id of the node it goes to`,
  edgeEndNotText: icuText`"${'key'}" must be a node id (text), not ${'value'}`,
  edgeNoSuchNode: icuText`No node has the id ${'value'}; point the edge at an existing node or delete it`,
  edgeNoSuchNodeNear: icuText`No node has the id ${'value'} (did you mean ${'near'}?); point the edge at an existing node or delete it`,
  noEdges: icuText`${'owner'} has no "edges"; add "edges": [ ... ] (an empty list [] if nothing is connected yet)`,
  edgesNotList: icuText`"edges" must be a list [ ... ] of connections, not ${'value'}`,
  tooManyEdges: icuText`The graph has ${'count'} edges; Layerwise handles at most ${'max'}`,
  edgeNotObject: icuText`Each edge must be an object {"source", "target", "targetPort"}, not ${'value'}`,
  edgeNoPort: icuText`The edge has no "targetPort"; set it to the input it feeds: 0 for the first (Concat keeps inputs in port order)`,
  edgeBadPort: icuText`"targetPort" must be a whole number 0 or more (0 is the first input), not ${'value'}`,
  edgeToSource: icuText`${'block'} '${'id'}' takes no input, so no edge can end there; delete this edge or point it at another node`,
  edgeToPortOne: icuText`${'block'} '${'id'}' has one input, port 0; this edge goes to port ${'port'}: use a free port in that range`,
  edgeToPortRange: icuText`${'block'} '${'id'}' has inputs 0 to ${'last'}; this edge goes to port ${'port'}: use a free port in that range`,
  edgeBadId: icuText`"id" of an edge must be non-empty text of at most ${'max'} characters, not ${'value'}; or leave it out and one is made`,
  edgeRepeats: icuText`This edge repeats edges[${'index'}] (${'source'} → ${'target'}, port ${'port'}); delete one of them`,
  edgeInputFed: icuText`Input ${'port'} of '${'target'}' is already fed by edges[${'index'}] from '${'source'}'; an input takes one edge, so use another port, or merge the branches with Add or Concat`,
  edgeIdTaken: icuText`The edge id '${'id'}' is already used by edges[${'index'}]; give each edge its own id, or leave ids out`,
  blocksNotObject: icuText`"blocks" must be an object {"BlockName": {...}} of this graph's own blocks, not ${'value'}`,
  blockBuiltInName: icuText`"${'name'}" is a built-in block type, so a block of the graph cannot use that name; rename it (and the nodes that use it)`,
  blockBadName: icuText`"${'name'}" cannot name a block: start with a letter and use letters, digits, spaces, _ or - (at most 40 characters)`,
  blockNotObject: icuText`A block must be an object {"name", "inputs", "output", "nodes", "edges"}, not ${'value'}`,
  blockNameMismatch: icuText`"name" must repeat the block's key "${'name'}", not ${'value'}`,
  blockEmpty: icuText`A block needs at least one layer inside; add nodes or delete the block`,
  blockBadOutput: icuText`"output" must be the id of one of the block's nodes (${'ids'}), not ${'value'}`,
  blockBadInputs: icuText`"inputs" must be a list with one entry per input of the block, each a list of {"node", "port"} that consume it; not ${'value'}`,
  blockBadInput: icuText`Each input must be a non-empty list of {"node", "port"} that consume it, not ${'value'}`,
  blockBadConsumer: icuText`Each consumer must be {"node": <id of a node in the block>, "port": <its input>}, not ${'value'}`,
  blockBadPort: icuText`"port" must be an input of '${'node'}' (0 to ${'last'}), not ${'value'}`,
  // ---- lib/graph/block-types.ts: the graph's own blocks ---------------------------------------
  blockNameBuiltIn: icuText`"${'name'}" is a built-in block; choose another name for yours`,
  blockNameTaken: icuText`This graph already has a block named "${'name'}"; choose another name`,
  blockNotFound: icuText`This graph has no block named "${'name'}"`,
  blockStillRepeated: icuText`${plural('count', { one: icuText`${'ids'} repeats`, other: icuText`${'ids'} repeat` })} "${'name'}"; choose another block there first, then delete "${'name'}"`,
  groupNothingSelected: icuText`Select the layers to group first (drag a box around them, or Shift-click)`,
  groupOwnBlock: icuText`'${'id'}' is a "${'type'}" block; blocks inside your own blocks are not supported yet, so group layers only`,
  groupInput: icuText`'${'id'}' is an ${'block'}; a block gets its inputs from outside, so leave the Input out of the selection`,
  groupNoLayers: icuText`it holds no layers`,
  groupApart: icuText`The selected layers are not connected to each other (${'ids'} stands apart); a block must be one connected piece, so select a chain of linked layers`,
  groupNoOutput: icuText`A block has one output; this selection has none. Select layers that end in a single layer (merge branches with Add or Concat inside it)`,
  groupManyOutputs: icuText`A block has one output; ${'ids'} each lead out of the selection. Select layers that end in a single layer (merge branches with Add or Concat inside it)`,
  groupNoInput: icuText`Nothing enters the selected layers; a block needs at least one input, so connect something into them first`,
  // ---- opening and closing a block in the editor (components/editor/doc.ts) -------------------
  openNoNode: icuText`There is no node '${'id'}'`,
  openSingleLayer: icuText`${'block'} '${'id'}' is a single layer; only blocks open`,
  openShapeUnknown: icuText`${'block'} '${'id'}' cannot open yet: its inside depends on its input shape, which is unknown. Fix the errors above it first`,
  closeNotOpened: icuText`'${'id'}' is not an opened block`,
  closeEdited: icuText`You changed the inside of ${'block'} · ${'name'}, so it is no longer a plain ${'block'}; it stays open. Undo those changes (Ctrl+Z) to close it, or keep it open as it is`,
} as const satisfies Record<string, string>;

export type GraphErrorCode = keyof typeof ERRORS;

/** The whole English text of the `graphErrors` namespace: each code's message, the words, the joins. */
export const GRAPH_ERROR_TEXT = { ...ERRORS, word: WORDS, join: JOINS } as const;

/** Every code an error can carry. */
export const GRAPH_ERROR_CODES = Object.keys(ERRORS) as GraphErrorCode[];

/**
 * Any error a page may word: English, and usually a code with values. Errors made outside lib/graph
 * and lib/blocks (compile's, the editor's own) may have no code; they show their English.
 */
export interface WordableError {
  readonly message: string;
  readonly code?: GraphErrorCode;
  readonly values?: ErrorValues;
}

/** How one language words the parts of an error (lib's English, or the app's translator). */
export interface ErrorWording {
  /** The message at `key` (a code, `word.x`, `join.x`) with its arguments, or undefined when there is none. */
  message(key: string, args: Readonly<Record<string, string>>): string | undefined;
  /** A number: `grouped` asks for thousands separators even in lib's plain English. */
  number(n: number, grouped: boolean): string;
  /** A block's name in this language (`name` is its English, or a graph's own block's name). */
  block(type: string, name: string): string;
  /** A param's label in this language. */
  param(block: string, key: string, label: string): string;
}

/** Words one value of an error. */
export function wordErrorValue(v: ErrorValue, w: ErrorWording): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return w.number(v, false);
  if ('count' in v) return w.number(v.count, true);
  if ('shape' in v) return v.shape.join('×');
  if ('block' in v) return w.block(v.block, v.name);
  if ('param' in v) return w.param(v.of, v.param, v.label);
  if ('word' in v) return w.message(`word.${v.word}`, {}) ?? englishWord(v.word);
  if ('problem' in v) return wordGraphError(v.problem, w);
  const items = v.list.map((x) => wordErrorValue(x, w));
  if (items.length <= 1) return items.join('');
  const join = (key: string, args: Record<string, string>, english: string) => w.message(`join.${key}`, args) ?? english;
  if (v.join === 'or') {
    const head = items.slice(0, -1).reduce((list, item) => join('comma', { list, item }, `${list}, ${item}`));
    return join('or', { list: head, last: items[items.length - 1]! }, `${head} or ${items[items.length - 1]}`);
  }
  const key = v.join;
  const between = { comma: ', ', semicolon: '; ', and: ' and ' }[key];
  return items.reduce((list, item) => join(key, { list, item }, `${list}${between}${item}`));
}

/**
 * An error in the words of `w`: its code's message with its values worded; the English `message`
 * when `w` has no message for the code (an app older than the lib, or a code not translated).
 */
export function wordGraphError(p: Pick<GraphProblem, 'code' | 'values' | 'message'>, w: ErrorWording): string {
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.values)) args[k] = wordErrorValue(v, w);
  return w.message(p.code, args) ?? p.message;
}

// ---- English, for lib -------------------------------------------------------------------------

const compiled = new Map<string, IntlMessageFormat>();

function englishMessage(key: string, args: Readonly<Record<string, string>>): string | undefined {
  let f = compiled.get(key);
  if (!f) {
    const text = key.startsWith('word.') ? WORDS[key.slice(5) as ErrorWord]
      : key.startsWith('join.') ? JOINS[key.slice(5) as ErrorJoin]
        : (ERRORS as Record<string, string>)[key];
    if (text === undefined) return undefined;
    f = new IntlMessageFormat(text, 'en');
    compiled.set(key, f);
  }
  return String(f.format(args));
}

function englishWord(word: ErrorWord): string {
  return englishMessage(`word.${word}`, {})!;
}

/** lib's English: numbers as JavaScript writes them (or grouped as en-US), the blocks' own names and labels. */
export const ENGLISH: ErrorWording = {
  message: englishMessage,
  number: (n, grouped) => (grouped ? n.toLocaleString('en-US') : String(n)),
  block: (_type, name) => name,
  param: (_block, _key, label) => label,
};

/** An error with its English message. */
export function graphError(code: GraphErrorCode, values: ErrorValues = {}): GraphProblem {
  return { code, values, message: wordGraphError({ code, values, message: '' }, ENGLISH) };
}

// ---- values -----------------------------------------------------------------------------------

/** A block as an error names it. */
export const blockValue = (type: string, name: string): ErrorValue => ({ block: type, name });
export const shapeValue = (shape: readonly number[]): ErrorValue => ({ shape: [...shape] });
export const listValue = (items: readonly ErrorValue[], join: ErrorJoin): ErrorValue => ({ list: items, join });
export const nestedValue = (problem: GraphProblem): ErrorValue => ({ problem });
export const countValue = (count: number): ErrorValue => ({ count });
