/**
 * lib/compile: graphs to TensorFlow.js models, the memory guard, and the wasm kernels that let
 * those models train on the wasm backend. Import from here.
 */
export { compile, type CompileOptions, type CompileResult, type CompileSuccess, type CompileFailure } from './compile';
export { registerWasmGradients, WASM_PATCHED_KERNELS } from './wasm-kernels';
export {
  estimateTrainingMemory, trainingMemoryBreakdown, checkMemoryBudget, browserMemoryBudget, formatBytes,
  DEFAULT_BROWSER_MEMORY_BUDGET,
  type MemoryBreakdown, type MemoryBudgetOptions, type MemoryCheck, type OptimizerKind, type TrainingMemoryOptions,
} from './memory';
export { LRNLayer, GroupedConv2DLayer, registerCustomLayers } from './custom-layers';
export { BUILDERS, type PrimitiveType } from './layers';
