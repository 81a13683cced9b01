/**
 * lib/compile: graphs to TensorFlow.js models, the memory guard, and the custom layers. Import from
 * here. Importing registers nothing: compile() registers the custom layers for serialization on
 * its first call (or call registerCustomLayers() to load a saved model without compiling), and the
 * wasm kernels are lib/backend/wasm's `patchWasmBackend()`.
 */
export { compile, type CompileOptions, type CompileResult, type CompileSuccess, type CompileFailure } from './compile';
export {
  checkMemoryBudget, browserMemoryBudget, DEFAULT_BROWSER_MEMORY_BUDGET, type MemoryBudgetOptions, type MemoryCheck,
} from './memory-guard';
export { LRNLayer, GroupedConv2DLayer, registerCustomLayers } from './custom-layers';
export { BUILDERS, type PrimitiveType } from './layers';
