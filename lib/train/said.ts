/**
 * Sentences of lib/train as data: a message key and its values (`Said`), so that the interface
 * words them in the user's language (components/train/said-words.ts with next-intl) and the command
 * line prints the same sentence in English. The English lives once, in ENGLISH below; the interface's
 * messages/en files hold the same strings at the same keys, and a unit test holds them equal.
 *
 * A value can itself be a Said (a clause worded in the same language as the sentence around it).
 * Numbers written as `{n, number}` are formatted by the language's own rules.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { datasetEntry } from './datasets/catalogue';

/**
 * The English of every sentence lib/train says, by its key in the interface's messages
 * ("namespace.path"). ICU message syntax, as in messages/en.
 */
export const ENGLISH = {
  // ---- the training worker's steps (train.json `worker`) ----
  'train.worker.starting': 'Starting…',
  'train.worker.timingAll': 'Timing a few training steps on each backend…',
  'train.worker.timing': 'Timing {backend}…',
  'train.worker.timingWebgl': 'Timing {backend} (its first step compiles the GPU programs)…',
  'train.worker.timingWorkers': 'Timing {count} workers, each training on a share of every batch, against one…',
  'train.worker.building': 'Building the model on {backend}…',
  'train.worker.mnistLoading': 'Loading the 70,000 MNIST digits…',
  'train.worker.mnistInflating': 'Decompressing and checking the MNIST files…',
  'train.worker.mnistCache': "Reading MNIST from this browser's cache: {received} of {total} MB",
  'train.worker.mnistDownload': "Downloading MNIST (once; kept in this browser's cache): {received} of {total} MB",
  'train.worker.synthetic': 'Drawing the synthetic shapes…',
  'train.worker.cifar': 'Reading the CIFAR files…',
  'train.worker.decoding': 'Decoding your images: {done, number} of {total, number}',
  'train.worker.probeBackend': 'The {backend} backend did not start here.',

  // ---- how a dataset feeds a model (train.json `plan`, lib/train/plan.ts) ----
  'train.plan.theModel': 'The model',
  'train.plan.graphErrors': '{count, plural, one {The graph has # error; fix it in the editor before training} other {The graph has # errors; fix them in the editor before training}}{first}.',
  'train.plan.firstError': ' (first: {message})',
  'train.plan.noImageInput': '{name} does not start with one image input (height×width×channels); begin the graph with a single Input block.',
  'train.plan.notFlat': '{name} does not end in a flat layer of class scores: end it with a Dense layer of {classes} units (after Flatten or GlobalAvgPool).',
  'train.plan.unitsClasses': "{name} ends in {units} outputs but {dataset} has {classes} classes: set the last Dense layer's units to {classes}.",
  'train.plan.unitsLabels': "{name} ends in {units} outputs but {dataset} has {classes} labels: set the last Dense layer's units to {classes}.",
  'train.plan.whereDense': `the last Dense layer's ("{layer}") activation`,
  'train.plan.whereActivation': 'the last Activation block ("{layer}")',
  'train.plan.softmaxMultiLabel': '{name} ends in softmax, which makes its outputs compete (they sum to 1, one class wins), but an image of {dataset} may hold several labels at once, each a yes/no question of its own: set {where} to sigmoid in the editor (or linear: the loss then applies the sigmoid).',
  'train.plan.sigmoidSingle': '{name} ends in sigmoid, a yes/no answer per output, but each image of {dataset} has exactly one class: set {where} to softmax in the editor.',
  'train.plan.channels': "{name} takes {channels}-channel images; pictures can be read as grey (1 channel) or colour (3): set the Input block's channels to 1 or 3.",
  'train.plan.resized': 'Each image is resized to {size}, the size {name} takes; 20% of each class is held out for testing.',
  'train.plan.resizedGrey': 'Each image is resized to {size} and turned grey, the size {name} takes; 20% of each class is held out for testing.',
  'train.plan.mnistShape': '{name} takes {shape} images; MNIST digits are 28×28×1 (grey) and can be padded to 32×32 and repeated to 3 channels, not more: set the Input block to 28×28×1 or 32×32×1.',
  'train.plan.mnistTooBig': '{name} takes {shape} images; MNIST digits are 28×28×1 (grey) and can be padded to 32×32 and repeated to 3 channels, not more: set the Input block to 28×28×1 or 32×32×1, or pick a model made for small images (LeNet-5, or a mini preset with the synthetic shapes).',
  'train.plan.mnistNote': '{name} takes {shape}; {how}.',
  'train.plan.padded': 'MNIST is padded from 28×28 to {size} ({pad, plural, one {# empty pixel} other {# empty pixels}} on each side)',
  'train.plan.paddedLeCun': 'MNIST is padded from 28×28 to {size} ({pad, plural, one {# empty pixel} other {# empty pixels}} on each side, as LeCun did)',
  'train.plan.repeated': 'its grey value is repeated in the 3 colour channels',
  'train.plan.both': '{first} and {second}',
  'train.plan.exactShape': '{name} takes {shape} images but {images} are {want}: set the Input block to {want}, or pick a mini preset (made for 32×32 colour images).',
  'train.plan.exactShapeColour': '{name} takes {shape} images but {images} are {want} (colour): set the Input block to {want}, or pick a mini preset (made for 32×32 colour images).',
  'train.plan.exactChannels': "{name} takes {shape} images but {images} are {want} (colour): set the Input block's channels to 3, or train on MNIST, which is grey.",

  // ---- the backend trial (train.json `trial`, lib/train/backends.ts) ----
  'train.trial.webgl': 'WebGL is not available here (no GPU, WebGL switched off, or a worker without OffscreenCanvas); training uses WASM or the CPU instead.',
  'train.trial.webgpuNoAdapter': 'WebGPU did not start: the browser found no GPU adapter for it.',
  'train.trial.webgpuMissing': 'WebGPU is not available in this browser: it has no navigator.gpu (headless Chromium, and browsers without WebGPU), so its backend was not loaded.',
  'train.trial.wasm': 'The WASM backend did not start (its .wasm files could not be loaded).',
  'train.trial.other': 'The {backend} backend is not available here.',
  'train.trial.kernel': "{backend} cannot train this model: it lacks the ''{kernel}'' operation.",
  'train.trial.failed': '{backend} failed during the trial: {error}',

  // ---- the kept model (train.json `keeper`, lib/train/keeper.ts, signature.ts, shipped.ts) ----
  'train.keeper.graphErrors': 'The graph has errors; fix them in the editor to get a model.',
  'train.keeper.graphChanged': 'the graph changed',
  'train.keeper.weight': "{node}'s {weight}",
  'train.keeper.scalar': 'a scalar',
  'train.keeper.gone': '{weight} is gone (its layer was removed or now has no such weight)',
  'train.keeper.reshaped': '{weight} is now {now} (it was {was})',
  'train.keeper.new': '{weight} is new ({shape}) and was never trained',
  'train.keeper.more': '{first} (and {count, plural, one {# more weight} other {# more weights}} changed)',
  'train.keeper.shipped': 'Trained {name} that ships with Layerwise: {percent} on {dataset}',

  // ---- a picture made ready for the model (results.json `prepare`, lib/results/model-input.ts) ----
  'results.prepare.noPixels': 'The image has no pixels to read. Choose a PNG, JPEG, GIF, BMP or WebP image.',
  'results.prepare.channels': 'The model takes {channels}-channel images; only grey (1) or colour (3) pictures can be given to it.',
  'results.prepare.noDigit': 'No digit found in the image: it looks blank or has too little contrast. Use a dark digit on light paper (or a light one on black), filling most of the picture.',
  'results.prepare.resized': 'Resized from {from} to {to}: what the model takes.',
  'results.prepare.resizedGrey': 'Resized from {from} to {to}, in grey: what the model takes.',
  'results.prepare.atSizeGrey': 'At {to}, in grey: what the model takes.',
  'results.prepare.mnistLike': 'Made MNIST-like: light ink on black, fitted into 20×20 and centred by its centre of mass in 28×28.',

  // ---- training settings out of range (train.json `settings`, lib/train/settings.ts) ----
  'train.settings.epochs': 'Epochs must be a whole number{range}.',
  'train.settings.batch': 'The batch size must be a whole number{range}.',
  'train.settings.upTo': ' from 1 to {max, number}',
  'train.settings.atLeastOne': ' of at least 1',
  'train.settings.rate': 'The learning rate must be above 0; try {usual}.',
  'train.settings.rateMax': 'The learning rate must be above 0 and at most {max}; try {usual}.',
  'train.settings.usualAdam': '0.001 for Adam',
  'train.settings.usualSgd': '0.01 for SGD',
  'train.settings.seed': 'The seed must be a whole number of at least 0 (got {seed}).',

  // ---- the user's CIFAR files (train.json `cifar`, lib/train/datasets/cifar.ts) ----
  'train.cifar.missing': '{dataset} needs {needed}; missing: {missing}. Pick those files, or the {folder} folder of the binary version, extracted.',

  // ---- a run that diverged (train.json `diverged`, lib/train/loop.ts) ----
  'train.diverged.nan': 'the loss became NaN (not a number)',
  'train.diverged.infinite': 'the loss became infinite',
  'train.diverged.exploded': 'the loss exploded to {loss} (from {start} at the start)',
  'train.diverged.ceiling': 'the loss rose to {loss}, near the ceiling of clipped probabilities ({ceiling}): the model is confidently wrong on most images',
  'train.diverged.advice': 'Training stopped at epoch {epoch}, batch {batch}: {what}. The weights are no longer usable. Try: {tries}.',
  'train.diverged.lowerRate': 'lower the learning rate (now {now}; try {lower})',
  'train.diverged.batchNorm': 'add BatchNorm after the convolutions (it keeps activations in range)',
  'train.diverged.adam': 'use Adam (lr 0.001), which adapts the step size per weight',
  'train.diverged.warmup': 'use a warm-up or a cosine schedule so the first steps are small',
  'train.diverged.lastLayer': 'check that the last layer is Dense with softmax and as many units as classes',
  'train.diverged.list': '{list}; {item}',

  // ---- errors of training and of the model session (errors.json `train`, lib/train/errors.ts) ----
  'errors.train.cannotBuild': '{name} cannot be built: {errors}.',
  'errors.train.sessionClosed': 'This model session was closed.',
  'errors.train.noNode': 'The graph has no node "{node}".',
  'errors.train.noBlockOutput': 'The output of block "{node}" could not be found in the compiled model.',
  'errors.train.noModel': 'There is no model: open a graph without errors first.',
  'errors.train.weightsNotFound': 'The trained weights were not found in storage.',
  'errors.train.openGraph': 'Open a graph first.',
  'errors.train.graphHasErrors': 'The graph has errors; fix them in the editor before training.',
  'errors.train.noResume': 'There is no interrupted run of this graph to resume; start a new one.',
  'errors.train.evolutionUnreadable': 'The feature evolution kept with these weights could not be read: {error}. Train again to record it anew.',
  'errors.train.whichData': 'Which data? The model has not been trained: give a dataset to evaluate on.',
  'errors.train.filesGone': 'These weights were trained on your own files, which this page no longer has: pick the folder again to evaluate.',
  'errors.train.noImagesBack': 'This dataset cannot give its images back.',
  'errors.train.noTestImage': 'There is no test image {index}; the test split has {count, number}.',
  'errors.train.noSplitImage': 'There is no {split} image {index}; the split has {count, number}.',
  'errors.train.graphFileErrors': 'The graph in graph.json has errors; it cannot hold these weights.',
  'errors.train.chooseCifar': "Choose the folder of {dataset}'s binary files first.",
  'errors.train.chooseFolder': 'Choose a folder of images first: one sub-folder per class.',
  'errors.train.imageValues': 'The image has {count} values, not {shape} = {expected}.',
  'errors.train.imageShape': 'The model takes {input} images; a {shape} image cannot be fitted to it (only 28×28 grey digits are padded and repeated).',
  'errors.train.noTrainingImages': 'The dataset has no training images.',
  'errors.train.webglMissing': 'WebGL is not available in this browser (no GPU, or WebGL is switched off). Choose "Auto" to measure which backend works best here, or pick another.',
  'errors.train.backendDidNotStart': 'The {backend} backend did not start here. Choose "Auto" to measure which backend works best here, or pick another.',
  'errors.train.noBackend': 'No backend could train this model here. {why}',
  'errors.train.outOfMemory': 'The browser ran out of memory for this model ({error}). Try a smaller batch size, a smaller input, or a mini preset.',
  'errors.train.unexpected': 'Training stopped on an unexpected error: {error}. Try again, or choose another backend.',
  'errors.train.workerStopped': 'The training worker stopped: {error}. Reload the page and try again.',
  'errors.train.workerNotLoaded': 'it could not be loaded',
  'errors.train.workerEnded': 'The training worker stopped.',
  'errors.train.weightsUnreadable': 'The saved weights could not be read ({error}); the save is damaged.',
  'errors.train.weightsMismatch': 'The saved weights do not fit this model — were they saved from another graph? {details}',
  'errors.train.weightsMissing': 'Missing: {list}.',
  'errors.train.weightsShape': 'Different shape: {list}.',
  'errors.train.weightsBoth': '{missing} {shape}',
  'errors.train.andMore': '{list} and {count} more',
  'errors.train.modelNotJson': '{file} is not valid JSON: the save is damaged, or it is another file.',
  'errors.train.modelNoWeights': '{file} lists no weights: is it a TensorFlow.js layers model?',
  'errors.train.modelManyFiles': '{file} spreads its weights over {count} files ({paths}); give one weights file, as `layerwise train --save` writes.',
  'errors.train.weightsBytes': '{weights} holds {bytes, number} bytes but {file} describes {expected, number}: the files are from different saves, or one is truncated.',
  'errors.train.graphFileUnreadable': '{file} does not read as a Layerwise graph: {errors}.',

  // ---- a data file that cannot be read (errors.json `data`, lib/train/datasets) ----
  'errors.data.idxShort': "{file} is {bytes, number} bytes long: too short for an IDX file (as in LeCun's MNIST files), which starts with a 4-byte magic number. Is the file truncated?",
  'errors.data.idxMagic': "{file} is not an IDX file (as in LeCun's MNIST files): its first two bytes should be 0, not {first} and {second}. Was it compressed (gzip starts with 31 139) or is it another kind of file?",
  'errors.data.idxType': "{file}: byte 2 gives the element type; {code} ({hex}) is not one of IDX's (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64).",
  'errors.data.idxNoDims': '{file}: byte 3 gives the number of dimensions, and it is 0.',
  'errors.data.idxHeader': '{file} ends at byte {bytes, number}, inside its header of {dims} dimension sizes ({headerBytes} bytes). Is the file truncated?',
  'errors.data.idxCut': '{file} is cut short: its header announces {shape} {type} values ({expected, number} bytes in all) but the file ends at byte {bytes, number}. Download or install it again.',
  'errors.data.idxExtra': '{file} has {extra, number} bytes after the {shape} {type} values its header announces (data should end at byte {expected, number}): it is not a single IDX file.',
  'errors.data.mnistImages': '{file} holds {shape} {type} values; MNIST images are N×28×28 uint8. Is it the right file?',
  'errors.data.mnistLabels': '{file} holds {shape} {type} values; MNIST labels are N uint8. Is it the right file?',
  'errors.data.mnistCounts': '{labelsFile} has {labels, number} labels but {imagesFile} has {images, number} images: the files are from different sets.',
  'errors.data.mnistLabel': '{file}: label {index} is {label}, not a digit 0–9.',
  'errors.data.mnistNotBuilt': 'The MNIST files are not part of this build of the app: `npm run build` (or `npm run dev`) makes them in public/mnist/.',
  'errors.data.manifestUnreachable': "Could not reach {url} to load MNIST ({error}). Check that the app's server is running, then try again.",
  'errors.data.manifestStatus': '{url} answered {status}. {missing}',
  'errors.data.manifestNotJson': '{url} is not valid JSON. {missing}',
  'errors.data.manifestFiles': '{url} does not list the four MNIST files. {missing}',
  'errors.data.mnistGzip': '{url} is damaged: it does not decompress ({error}). Reload the page to download it again; if that fails too, rebuild the app (`npm run build`).',
  'errors.data.mnistRawSize': '{url} decompresses to {bytes, number} bytes, not the {expected, number} of {file}. The server holds another version than its manifest: rebuild the app (`npm run build`).',
  'errors.data.downloadFailed': "Downloading {url} failed ({error}). Check that the app's server is running, then try again.",
  'errors.data.downloadStatus': '{url} answered {status}: the MNIST files are missing from this build; `npm run build` makes them.',
  'errors.data.downloadBroke': 'The download of {url} broke off ({error}). Reload the page to try again.',
  'errors.data.downloadShort': 'The download of {url} is cut short: {bytes, number} bytes of {expected, number}. Reload the page to download it again.',
  'errors.data.downloadLong': 'The download of {url} is too long: {bytes, number} bytes of {expected, number}. Reload the page to download it again.',
  'errors.data.browserDecode': '{file} could not be decoded by the browser: is it a PNG, JPEG, GIF, BMP or WebP image, and complete?',
  'errors.data.noCanvas': 'This browser gives no 2D canvas to read images with.',
  'errors.data.notFolder': '{dir} is not a folder. Give the path of the folder that holds the data files.',
  'errors.data.nodeOnlyPng': '{file}: only PNG images can be read under Node (the browser reads JPEG, GIF, BMP and WebP too); convert it to PNG.',
  'errors.data.under': ' under {root}',
  'errors.data.noClasses': 'No images found in class folders{under}. Put each class in its own sub-folder: {where}cat/1.png, {where}dog/1.png, ...',
  'errors.data.oneClass': 'Only one class folder ({name}) found{under}; a classifier needs at least two. Put each class in its own sub-folder: {where}{name}/..., {where}other_class/...',
  'errors.data.noPixels': '{file}: the decoder returned no pixels.',
  'errors.data.undecodable': '{file} could not be decoded: {error}.',
  'errors.data.unreadableImage': '{problem} Remove or replace this image, or choose to skip unreadable images.',
  'errors.data.tooFew': 'Too few readable images ({count}) to split into training and test sets; add more images to each class folder.',
  'errors.data.png': '{file}: {problem} (byte offset {offset, number}).',
  'errors.data.pngSignature': 'not a PNG file (bad signature); only PNG images can be read here',
  'errors.data.pngChunkHeader': 'the file ends inside a chunk header; it is truncated at {bytes, number} bytes',
  'errors.data.pngChunkLength': 'the {chunk} chunk claims {length, number} bytes but the file ends at {bytes, number}; it is truncated',
  'errors.data.pngCrc': 'the {chunk} chunk fails its CRC check; the file is corrupt',
  'errors.data.pngDepth': 'bit depth {depth} is not supported (8 or 16 are)',
  'errors.data.pngColour': 'colour type {colour} is not a PNG colour type',
  'errors.data.pngInterlaced': 'interlaced PNGs are not supported here; save it without interlacing',
  'errors.data.pngNoSize': 'no IHDR chunk with a size',
  'errors.data.pngNoData': 'no image data (IDAT chunk)',
  'errors.data.pngInflate': 'the compressed image data cannot be inflated; the file is corrupt',
  'errors.data.pngShort': 'the image data holds {bytes, number} bytes, {expected, number} expected; it is truncated',
  'errors.data.pngFilter': 'row {row} has filter type {filter}, which does not exist; the file is corrupt',
  'errors.data.pngPalette': 'palette index {index} has no colour in the PLTE chunk',
  'errors.data.cifarLabel': '{file} is corrupt at byte offset {offset, number} (record {record, number}): its {which} byte is {value}, but labels run from 0 to {max}. Download the {dataset} binary version again.',
  'errors.data.cifarLabelWord': 'label',
  'errors.data.cifarCoarse': 'coarse label',
  'errors.data.cifarFine': 'fine label',
  'errors.data.cifarMissing': '{dataset} needs {needed}; missing: {missing}. Point to the {folder} folder of the binary version ({archive}), extracted.',
  'errors.data.cifarEmpty': '{file} is empty (0 bytes); download the {dataset} binary version again.',
  'errors.data.cifarRecords': '{file} is not a whole number of {record, number}-byte {dataset} records: {bytes, number} bytes; record {index, number} starts at byte offset {start, number} and has only {has, number} of its {record, number} bytes.{hint}',
  'errors.data.cifarOther': ' Its size is a whole number of {other, number}-byte records: is it a {dataset} file?',
  'errors.data.cifarTruncated': ' It is truncated or not a CIFAR binary file: download it again.',

  // ---- what the Look inside views cannot do (errors.json `viz`, lib/viz) ----
  'errors.viz.manyInputs': 'This model has {count} inputs; the views feed one image, so give the graph a single Input',
  'errors.viz.noNode': "No node ''{id}'' in this model{near}",
  'errors.viz.didYouMean': '; did you mean {names}?',
  'errors.viz.imageValues': 'The image has {count} values; this model takes {shape} = {expected}',
  'errors.viz.imageShape': 'The image is {shape}; this model takes {want} (height × width × channels)',
  'errors.viz.noMap': 'This model has no feature map with more than one position; Grad-CAM needs a convolutional layer',
  'errors.viz.noFilters': '{node} is {what}, which has no filters to draw; {choose}',
  'errors.viz.aBlock': 'a block',
  'errors.viz.aType': 'a {type}',
  'errors.viz.chooseInner': 'choose one of its convolutions: {names}',
  'errors.viz.chooseConv': 'choose a convolution',
  'errors.viz.isInput': '{node} is the input itself; choose a layer after it',
  'errors.viz.topK': 'k must be a whole number of at least 1 (got {k})',
  'errors.viz.squareSize': "The square's side must be a whole number from 1 to {max} (got {size})",
  'errors.viz.squareStride': "The square's stride must be a whole number of at least 1 (got {stride})",
  'errors.viz.classRange': 'Class {class} is out of range: this model has {count} classes, 0 to {last}',
  'errors.viz.channelRange': 'Channel {channel} is out of range: {node} has {count} {channels}, 0 to {last}',
  'errors.viz.oneChannel': 'channel',
  'errors.viz.manyChannels': 'channels',
  'errors.viz.position': "Position ({y}, {x}) is outside {node}'s {h}×{w} map",
  'errors.viz.gradCamMap': 'Grad-CAM needs a feature map; {node} is {what}. Choose a convolutional layer or block',
  'errors.viz.theInput': 'the input',
  'errors.viz.aVector': 'a vector of {count} values',
  'errors.viz.gradCamFeeds': "{node} does not feed the model's output {output}, so the class score has no gradient there; choose a layer on the way to it",
  'errors.viz.deconvClass': 'The literal deconvnet starts from a unit of a layer; for a class score it is the gradient route',
  'errors.viz.deconvChain': 'The layers from the input to {node} are not a chain of convolutions, pools and ReLUs, so the deconvnet runs as a gradient with the max(g, 0) rule',
  'errors.viz.noViews': 'Choose at least one view to follow through training',
  'errors.viz.snapshotMaps': 'A snapshot needs {views} maps, one per view; got {maps}',
  'errors.viz.viewRange': 'View {view} is not one of the {count} views followed',
  'errors.viz.notBase64': '{where}: the numbers are not base64; the saved evolution is damaged',
  'errors.viz.base64Length': '{where}: {bytes} bytes for {count} numbers ({expected} expected); the saved evolution is damaged',
  'errors.viz.notMap': "{where}: expected '{'shape, data'}'; the saved evolution is damaged",
  'errors.viz.evolutionVersion': 'The saved evolution has an unknown version (1 expected)',
  'errors.viz.evolutionParts': 'The saved evolution lacks its views or snapshots',
  'errors.viz.notView': 'views[{index}] is not a view; the saved evolution is damaged',
  'errors.viz.badSnapshot': 'snapshots[{index}] needs an epoch and {count} maps; the saved evolution is damaged',
} as const;

/** How a dataset is named: in a menu, in a sentence, its images in a sentence (datasets.json, from the catalogue). */
export type DatasetWord = 'label' | 'called' | 'imagesCalled';

/** The key of a sentence lib/train says, or of a dataset's name (datasets.json, written from the catalogue). */
export type SaidKey = keyof typeof ENGLISH | `datasets.dataset.${string}.${DatasetWord}`;

/** A value of a sentence: a name, a number, or a clause of its own. */
export type SaidValue = string | number | Said;

/** A sentence as data: its key and values. */
export interface Said {
  readonly key: SaidKey;
  readonly values?: Readonly<Record<string, SaidValue>>;
}

/** A Said of `key` with `values`. */
export function say(key: SaidKey, values?: Readonly<Record<string, SaidValue>>): Said {
  return values ? { key, values } : { key };
}

/** A dataset's name (`word`: in a menu, in a sentence, its images) as a Said. */
export function datasetSaid(id: string, word: DatasetWord): Said {
  return { key: `datasets.dataset.${id}.${word}` };
}

const formats = new Map<SaidKey, IntlMessageFormat>();

/** The sentence in English, as the command line prints it (and as messages/en words it). */
export function english(said: Said): string {
  const dataset = /^datasets\.dataset\.(.+)\.(label|called|imagesCalled)$/.exec(said.key);
  if (dataset) {
    const entry = datasetEntry(dataset[1]!);
    return entry ? entry[dataset[2] as DatasetWord] : dataset[1]!;
  }
  let format = formats.get(said.key);
  if (!format) {
    format = new IntlMessageFormat(ENGLISH[said.key as keyof typeof ENGLISH], 'en');
    formats.set(said.key, format);
  }
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(said.values ?? {})) values[name] = typeof v === 'object' ? english(v) : v;
  return String(format.format(values));
}
