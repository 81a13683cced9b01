/**
 * lib/viz: looking inside a compiled model (Zeiler & Fergus 2014 and what followed): feature maps,
 * the deconvnet, guided backpropagation, saliency, filters, top-9, occlusion, Grad-CAM and feature
 * evolution, with the teaching text of each view. Pure tfjs: the same code runs in the app's
 * worker and under Node (`layerwise explain`). Every function frees the tensors it makes and
 * returns plain numbers (channels last).
 *
 * Start with `vizModel(compile(graph))`; then call the views with a node id of the graph (a
 * composite block's id means its output).
 */
export { vizModel, resolveNode, nodeChoices, inputShape, lastMapNode, outputNode, VizError, type VizModel, type ResolvedNode } from './model';
export { activations, channelStats, type Activations, type ChannelStats, type NumberMap } from './activations';
export {
  deconvnet, guidedBackprop, inputGradient, compareBackprojections, saliency, logits, deconvChain, unpool, argMax, classCount,
  type Target, type LocatedTarget, type Backprojection, type Saliency,
} from './backprop';
export { ruledRelu, withLayerChanges, activationOf, type BackwardRule, type LayerChanges } from './rules';
export { filters, type Filters } from './filters';
export { topActivations, type TopActivations, type TopHit, type TopOptions, type ImageSource } from './top-k';
export { occlusion, squarePositions, occlusionOverImage, type Occlusion, type OcclusionOptions } from './occlusion';
export { gradCam, type GradCam } from './gradcam';
export {
  evolutionEpochs, startEvolution, snapshot, addSnapshot, evolutionStrip, encodeEvolution, decodeEvolution,
  type Evolution, type EvolutionView, type EvolutionSnapshot, type EvolutionJson,
} from './evolution';
export { fieldGeometries, receptiveBox, clipBox, cropBox, type Box, type FieldGeometry } from './receptive-field';
export {
  scaleFor, colourOf, legend, colourMap, imageToRgba, enlarge, enlargeTo, tileGrid, overlay, resizeNearest,
  type RgbaImage, type ColourScale,
} from './render';
export { encodePng, type Deflate } from './png';
export { VIEWS, VIEW_IDS, type ViewId } from './views';
export type { ViewText } from './text';
export { SHIPPED_MODELS, type ShippedModel } from './shipped';
