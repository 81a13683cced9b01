/**
 * MNIST in the browser: the four IDX files, gzip-compressed at build time into the app's own
 * public/mnist/ (scripts/build-mnist.mjs: 55 MB → 11.5 MB), downloaded with progress, inflated
 * with the browser's DecompressionStream, checked, and kept in the Cache API so that the next
 * visit reads them from disk instead of the network. Nothing is fetched from outside the app.
 *
 * The manifest (public/mnist/manifest.json) gives each file's compressed and raw size and the
 * SHA-256 of its raw bytes: the sizes drive the progress bar and catch a truncated download; the
 * hash is the version under which a file is cached, so a new build never reads a stale copy.
 * A download that does not inflate or parse is reported and never cached. Where the Cache API
 * is missing or refuses (a private window, an insecure origin, a full disk), the files are just
 * downloaded each time.
 *
 * The network and the cache are parameters (defaulting to the browser's), so all of this runs
 * under Node in the tests.
 */
import type { InMemoryDataset } from './in-memory';
import { MNIST_FILES, mnistFromIdx, type MnistFileBytes, type MnistFileKey, type MnistOptions } from './mnist';
import { say } from '../said';
import { DataFileError } from './source';

/** What scripts/build-mnist.mjs writes to public/mnist/manifest.json. */
export interface MnistManifest {
  readonly version: 1;
  /** Compressed bytes of the four files together (the download). */
  readonly totalBytes: number;
  readonly totalRawBytes: number;
  readonly files: Readonly<Record<MnistFileKey, {
    /** Relative to the manifest: "train-images-idx3-ubyte.gz". */
    readonly url: string;
    /** Compressed size. */
    readonly bytes: number;
    readonly rawBytes: number;
    readonly sha256: string;
  }>>;
}

/** Where the loading stands, for a progress bar: bytes of the compressed files obtained so far. */
export interface MnistLoadProgress {
  /** Bytes obtained (downloaded or read from the cache) of `total`. */
  readonly received: number;
  readonly total: number;
  /** Of `received`, how many came from the browser's cache. */
  readonly fromCache: number;
  /** 'download' while bytes arrive; 'inflate' while the files are decompressed and checked. */
  readonly stage: 'download' | 'inflate';
}

/** How a load went, for the status line and the tests. */
export interface MnistLoadReport {
  /** Compressed bytes taken from the network and from the cache. */
  readonly downloadedBytes: number;
  readonly cachedBytes: number;
  readonly rawBytes: number;
  /** True when the Cache API could be used (read or written). */
  readonly cacheAvailable: boolean;
}

/** The parts of the Cache API used here (the browser's `caches` fits). */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
  keys(): Promise<readonly Request[]>;
}

export interface MnistBrowserOptions extends MnistOptions {
  /** Where the manifest and the .gz files are served (default "/mnist/"). */
  readonly baseUrl?: string;
  readonly onProgress?: (progress: MnistLoadProgress) => void;
  /** Default: the global fetch. */
  readonly fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  /** Default: `caches.open(MNIST_CACHE_NAME)` where the Cache API exists; null to use none. */
  readonly cache?: CacheLike | null;
}

/** The Cache API bucket that holds the compressed files. */
export const MNIST_CACHE_NAME = 'layerwise-mnist';

/** Inflates gzip bytes with the platform's DecompressionStream. Throws on corrupt or truncated input. */
export async function inflateGzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function openDefaultCache(): Promise<CacheLike | null> {
  try {
    // Absent in insecure contexts and some private windows; open() may also reject (quota, policy).
    if (typeof caches === 'undefined') return null;
    return await caches.open(MNIST_CACHE_NAME);
  } catch {
    return null;
  }
}

/** Reads a response body to the end, reporting each chunk's size. */
async function readBody(response: Response, onChunk: (bytes: number) => void): Promise<Uint8Array> {
  if (!response.body) {
    const all = new Uint8Array(await response.arrayBuffer());
    onChunk(all.length);
    return all;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
    onChunk(value.length);
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Fetches and checks the manifest. */
async function readManifest(base: string, get: NonNullable<MnistBrowserOptions['fetch']>): Promise<MnistManifest> {
  const url = `${base}manifest.json`;
  const missing = say('errors.data.mnistNotBuilt');
  let response: Response;
  try {
    response = await get(url, { cache: 'no-cache' });
  } catch (e) {
    throw new DataFileError('manifest.json', say('errors.data.manifestUnreachable', { url, error: String((e as Error).message) }));
  }
  if (!response.ok) throw new DataFileError('manifest.json', say('errors.data.manifestStatus', { url, status: response.status, missing }));
  let manifest: MnistManifest;
  try {
    manifest = (await response.json()) as MnistManifest;
  } catch {
    throw new DataFileError('manifest.json', say('errors.data.manifestNotJson', { url, missing }));
  }
  const keys = Object.keys(MNIST_FILES) as MnistFileKey[];
  if (manifest?.version !== 1 || !keys.every((k) => manifest.files?.[k]?.url && manifest.files[k].bytes > 0)) {
    throw new DataFileError('manifest.json', say('errors.data.manifestFiles', { url, missing }));
  }
  return manifest;
}

let memo: { key: string; files: Promise<{ files: MnistFileBytes; report: MnistLoadReport }> } | undefined;

/**
 * The bytes of the four IDX files: from the cache where it holds them, else downloaded (then
 * cached once they have inflated and parsed). Kept in memory for the page's lifetime, so
 * choosing another model (another padding) does not load them again.
 */
export function loadMnistFiles(options: MnistBrowserOptions = {}): Promise<{ files: MnistFileBytes; report: MnistLoadReport }> {
  const base = options.baseUrl ?? '/mnist/';
  // Only the default network and cache are worth remembering between calls.
  if (!options.fetch && options.cache === undefined && memo?.key === base) return memo.files;
  const files = fetchMnistFiles(base, options);
  if (!options.fetch && options.cache === undefined) {
    memo = { key: base, files };
    files.catch(() => { memo = undefined; });
  }
  return files;
}

async function fetchMnistFiles(base: string, options: MnistBrowserOptions): Promise<{ files: MnistFileBytes; report: MnistLoadReport }> {
  const get = options.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
  const manifest = await readManifest(base, get);
  const cache = options.cache === undefined ? await openDefaultCache() : options.cache;
  let cacheAvailable = cache !== null;
  const keys = Object.keys(MNIST_FILES) as MnistFileKey[];
  const total = keys.reduce((sum, k) => sum + manifest.files[k].bytes, 0);
  let received = 0;
  let fromCache = 0;
  const report = (stage: MnistLoadProgress['stage']): void => options.onProgress?.({ received, total, fromCache, stage });
  report('download');

  const cacheKey = (k: MnistFileKey): string => `${base}${manifest.files[k].url}?sha256=${manifest.files[k].sha256}`;
  const compressed = {} as Record<MnistFileKey, Uint8Array>;
  const downloaded = new Set<MnistFileKey>();
  for (const k of keys) {
    const entry = manifest.files[k];
    let bytes: Uint8Array | undefined;
    if (cache) {
      try {
        const hit = await cache.match(cacheKey(k));
        if (hit) bytes = new Uint8Array(await hit.arrayBuffer());
      } catch {
        cacheAvailable = false;
      }
      if (bytes && bytes.length !== entry.bytes) {
        // A damaged cached copy: forget it and download.
        await cache.delete(cacheKey(k)).catch(() => false);
        bytes = undefined;
      }
    }
    if (bytes) {
      received += bytes.length;
      fromCache += bytes.length;
      report('download');
    } else {
      bytes = await download(base + entry.url, entry.url, entry.bytes, get, (n) => {
        received += n;
        report('download');
      });
      downloaded.add(k);
    }
    compressed[k] = bytes;
  }

  report('inflate');
  const raw = {} as Record<MnistFileKey, Uint8Array>;
  for (const k of keys) {
    const entry = manifest.files[k];
    let bytes: Uint8Array;
    try {
      bytes = await inflateGzip(compressed[k]);
    } catch (e) {
      if (!downloaded.has(k) && cache) await cache.delete(cacheKey(k)).catch(() => false);
      throw new DataFileError(entry.url, say('errors.data.mnistGzip', { url: entry.url, error: (e as Error).message || 'bad gzip data' }));
    }
    if (bytes.length !== entry.rawBytes) {
      throw new DataFileError(entry.url, say('errors.data.mnistRawSize', { url: entry.url, bytes: bytes.length, expected: entry.rawBytes, file: MNIST_FILES[k] }), bytes.length);
    }
    raw[k] = bytes;
  }
  // Parse before caching: only files that make a whole dataset are kept.
  mnistFromIdx(raw).dispose();

  if (cache && downloaded.size > 0) {
    try {
      const current = new Set(keys.map(cacheKey));
      for (const k of downloaded) {
        await cache.put(cacheKey(k), new Response(compressed[k] as BlobPart, { headers: { 'content-type': 'application/gzip' } }));
      }
      // Older versions of the files (an earlier build) are dropped.
      for (const request of await cache.keys()) {
        const key = request.url.slice(request.url.indexOf(base));
        if (!current.has(key) && !current.has(request.url)) await cache.delete(request.url);
      }
    } catch {
      // Quota exceeded or storage refused: the files are used all the same, just not kept.
      cacheAvailable = false;
    }
  }
  return {
    files: raw,
    report: { downloadedBytes: received - fromCache, cachedBytes: fromCache, rawBytes: manifest.totalRawBytes, cacheAvailable },
  };
}

async function download(url: string, name: string, expected: number, get: NonNullable<MnistBrowserOptions['fetch']>, onChunk: (n: number) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await get(url);
  } catch (e) {
    throw new DataFileError(name, say('errors.data.downloadFailed', { url, error: String((e as Error).message) }));
  }
  if (!response.ok) {
    throw new DataFileError(name, say('errors.data.downloadStatus', { url, status: response.status }));
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBody(response, onChunk);
  } catch (e) {
    throw new DataFileError(name, say('errors.data.downloadBroke', { url, error: String((e as Error).message) }));
  }
  if (bytes.length !== expected) {
    throw new DataFileError(name, say(bytes.length < expected ? 'errors.data.downloadShort' : 'errors.data.downloadLong', { url, bytes: bytes.length, expected }), bytes.length);
  }
  return bytes;
}

/** The MNIST dataset in the browser (official 60,000/10,000 split). */
export async function loadMnistBrowser(options: MnistBrowserOptions = {}): Promise<{ dataset: InMemoryDataset; report: MnistLoadReport }> {
  const { files, report } = await loadMnistFiles(options);
  return { dataset: mnistFromIdx(files, options), report };
}
