/**
 * The SIMD gradient kernels as an earlier commit built them, for side-by-side benches: the
 * generated *.wasm.ts binaries read from git at that revision and run through today's wrappers
 * (gradients.ts, fast-paths.ts), so that no old code is kept around to compare with.
 */
import { execFileSync } from 'node:child_process';
import type * as tf from '@tensorflow/tfjs';
import { conv2dInputGradWith } from '../lib/backend/wasm/fast-paths';
import { gradKernels } from '../lib/backend/wasm/gradients';
import type { WasmBinary } from '../lib/backend/wasm/heap';

const DIR = 'lib/backend/wasm';

/** A generated *.wasm.ts file's binaries at `rev`, or null when the file did not exist there. */
function binaryAt(rev: string, file: string): WasmBinary | null {
  let text: string;
  try {
    text = execFileSync('git', ['show', `${rev}:${DIR}/${file}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const single = /single: '([^']+)'/.exec(text)?.[1];
  const shared = /shared: '([^']+)'/.exec(text)?.[1];
  if (!single || !shared) throw new Error(`${file} at ${rev} holds no binaries`);
  return { single, shared };
}

/**
 * Conv2DBackpropFilter, Conv2DBackpropInput and the depthwise gradients with the SIMD kernels of
 * `rev` (convFilterGrad lived in kernels.wat before it had its own module). Run from the
 * repository root.
 */
export function gradKernelsAt(rev: string): tf.KernelConfig[] {
  const kernels = binaryAt(rev, 'kernels.wasm.ts');
  const input = binaryAt(rev, 'conv-input-grad.wasm.ts');
  if (!kernels || !input) throw new Error(`No SIMD gradient kernels at ${rev}: give a revision from after conv-input-grad.wat, and run from the repository root`);
  const filter = binaryAt(rev, 'conv-filter-grad.wasm.ts') ?? kernels;
  return [...gradKernels({ convFilterGrad: filter, depthwise: kernels }), conv2dInputGradWith(input)];
}
