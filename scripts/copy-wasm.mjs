// Copies tfjs-backend-wasm's .wasm binaries to public/wasm/ so that Next serves them and the
// browser never fetches them from a CDN (setWasmPaths('/wasm/') in the app), and the threaded
// build's Emscripten script, which its pthread workers evaluate (lib/backend/wasm/threads.browser.ts).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'public', 'wasm');
mkdirSync(out, { recursive: true });
const files = readdirSync(dist).filter((f) => f.endsWith('.wasm'));
for (const f of files) copyFileSync(path.join(dist, f), path.join(out, f));
const threaded = 'tfjs-backend-wasm-threaded-simd.js';
copyFileSync(path.join(dist, '..', 'wasm-out', threaded), path.join(out, threaded));
console.log(`copied ${files.length} wasm files and ${threaded} to public/wasm/`);
