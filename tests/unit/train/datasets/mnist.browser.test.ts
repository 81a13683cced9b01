import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MNIST_FILES, type MnistFileKey } from '@/lib/train/datasets/mnist';
import { inflateGzip, loadMnistBrowser, type CacheLike, type MnistLoadProgress, type MnistManifest } from '@/lib/train/datasets/mnist.browser';
import { DataFileError } from '@/lib/train/datasets/source';
import { tinyMnist } from './mnist.test';

const KEYS = Object.keys(MNIST_FILES) as MnistFileKey[];

/** The app's public/mnist/ as scripts/build-mnist.mjs makes it, from hand-made IDX files. */
function serverFiles(n = 30, m = 10) {
  const raw = tinyMnist(n, m);
  const gz = {} as Record<MnistFileKey, Uint8Array>;
  const files = {} as Record<MnistFileKey, MnistManifest['files'][MnistFileKey]>;
  for (const k of KEYS) {
    gz[k] = new Uint8Array(gzipSync(raw[k]));
    files[k] = { url: `${MNIST_FILES[k]}.gz`, bytes: gz[k].length, rawBytes: raw[k].length, sha256: createHash('sha256').update(raw[k]).digest('hex') };
  }
  const manifest: MnistManifest = { version: 1, totalBytes: KEYS.reduce((s, k) => s + gz[k].length, 0), totalRawBytes: KEYS.reduce((s, k) => s + raw[k].length, 0), files };
  return { raw, gz, manifest };
}

/** A fake server: serves the manifest and the .gz files in chunks of 1,000 bytes, and logs each request. */
function fakeFetch(server: ReturnType<typeof serverFiles>, serve: (url: string, bytes: Uint8Array) => Uint8Array = (_, b) => b) {
  const requests: string[] = [];
  const get = async (url: string): Promise<Response> => {
    requests.push(url);
    if (url === '/mnist/manifest.json') return new Response(JSON.stringify(server.manifest));
    const key = KEYS.find((k) => url === `/mnist/${server.manifest.files[k].url}`);
    if (!key) return new Response('not found', { status: 404 });
    const bytes = serve(url, server.gz[key]);
    let at = 0;
    return new Response(new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + 1000));
        at += 1000;
      },
    }));
  };
  return { get, requests };
}

/** The Cache API's behaviour, in a Map. */
function fakeCache(): CacheLike & { entries: Map<string, Uint8Array> } {
  const entries = new Map<string, Uint8Array>();
  return {
    entries,
    async match(key) { const b = entries.get(key); return b ? new Response(b as BlobPart) : undefined; },
    async put(key, response) { entries.set(key, new Uint8Array(await response.arrayBuffer())); },
    async delete(key) { return entries.delete(key.replace('http://app', '')); },
    async keys() { return [...entries.keys()].map((k) => new Request(`http://app${k}`)); },
  };
}

async function loadError(p: Promise<unknown>): Promise<DataFileError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataFileError);
    return e as DataFileError;
  }
  throw new Error('expected a DataFileError');
}

describe('MNIST in the browser: download, inflate, check, cache', () => {
  it('inflates what zlib compressed, and refuses damaged gzip', async () => {
    const bytes = new Uint8Array(5000).map((_, i) => (i * 7) % 256);
    expect(await inflateGzip(new Uint8Array(gzipSync(bytes)))).toEqual(bytes);
    await expect(inflateGzip(new Uint8Array(gzipSync(bytes)).subarray(0, 100))).rejects.toThrow();
  });

  it('downloads with progress up to the total, then a second visit reads the cache and downloads nothing', async () => {
    const server = serverFiles();
    const net = fakeFetch(server);
    const cache = fakeCache();
    const progress: MnistLoadProgress[] = [];
    const first = await loadMnistBrowser({ fetch: net.get, cache, onProgress: (p) => progress.push(p), pad: 2 });
    expect(first.dataset.trainSize).toBe(30);
    expect(first.dataset.inputShape).toEqual([32, 32, 1]);
    expect(first.report).toEqual({ downloadedBytes: server.manifest.totalBytes, cachedBytes: 0, rawBytes: server.manifest.totalRawBytes, cacheAvailable: true });
    const downloads = progress.filter((p) => p.stage === 'download').map((p) => p.received);
    expect(downloads[0]).toBe(0);
    expect(downloads.at(-1)).toBe(server.manifest.totalBytes);
    expect(downloads.length).toBeGreaterThan(4); // chunk by chunk, not file by file
    expect([...downloads].sort((a, b) => a - b)).toEqual(downloads);
    expect(progress.at(-1)!.stage).toBe('inflate');
    expect(progress.every((p) => p.total === server.manifest.totalBytes)).toBe(true);
    expect(net.requests).toEqual(['/mnist/manifest.json', ...KEYS.map((k) => `/mnist/${server.manifest.files[k].url}`)]);
    // Cached compressed, under the version of its content.
    expect([...cache.entries.keys()].sort()).toEqual(KEYS.map((k) => `/mnist/${MNIST_FILES[k]}.gz?sha256=${server.manifest.files[k].sha256}`).sort());
    expect(cache.entries.get([...cache.entries.keys()].find((k) => k.includes('t10k-labels'))!)).toEqual(server.gz.testLabels);

    const again = fakeFetch(server);
    const second = await loadMnistBrowser({ fetch: again.get, cache });
    expect(again.requests).toEqual(['/mnist/manifest.json']);
    expect(second.report.cachedBytes).toBe(server.manifest.totalBytes);
    expect(second.report.downloadedBytes).toBe(0);
    expect(Array.from(second.dataset.arrays('test').pixels)).toEqual(Array.from(server.raw.testImages.subarray(16)));
  });

  it('says a truncated download is cut short, and caches nothing', async () => {
    const server = serverFiles();
    const net = fakeFetch(server, (url, b) => (url.includes('train-images') ? b.subarray(0, b.length - 10) : b));
    const cache = fakeCache();
    const e = await loadError(loadMnistBrowser({ fetch: net.get, cache }));
    expect(e.file).toBe('train-images-idx3-ubyte.gz');
    expect(e.message).toMatch(/^The download of \/mnist\/train-images-idx3-ubyte\.gz is cut short: [\d,]+ bytes of [\d,]+\. Reload the page to download it again\.$/);
    expect(cache.entries.size).toBe(0);
  });

  it('says a corrupt download is damaged, and caches nothing', async () => {
    const server = serverFiles();
    // Same length, garbled in the middle: gzip's CRC-32 (or the deflate stream) catches it.
    const net = fakeFetch(server, (url, b) => {
      if (!url.includes('t10k-images')) return b;
      const c = Uint8Array.from(b);
      for (let i = 20; i < 40; i++) c[i] = c[i]! ^ 0x5a;
      return c;
    });
    const cache = fakeCache();
    const e = await loadError(loadMnistBrowser({ fetch: net.get, cache }));
    expect(e.file).toBe('t10k-images-idx3-ubyte.gz');
    expect(e.message).toMatch(/^t10k-images-idx3-ubyte\.gz is damaged: it does not decompress \(.*\)\. Reload the page to download it again/);
    expect(cache.entries.size).toBe(0);
  });

  it('says a file that inflates but is not what the manifest announces is from another build', async () => {
    const server = serverFiles(30, 10);
    const other = serverFiles(31, 10); // one more training digit: 16 + 31·784 = 24,320 raw bytes, not 16 + 30·784 = 23,536
    // The manifest agrees on the download's length, so only the inflated size can tell.
    const manifest = { ...server.manifest, files: { ...server.manifest.files, trainImages: { ...server.manifest.files.trainImages, bytes: other.gz.trainImages.length } } };
    const cache = fakeCache();
    const e = await loadError(loadMnistBrowser({ fetch: fakeFetch({ ...server, manifest, gz: { ...server.gz, trainImages: other.gz.trainImages } }).get, cache }));
    expect(e.message).toBe('train-images-idx3-ubyte.gz decompresses to 24,320 bytes, not the 23,536 of train-images-idx3-ubyte. ' +
      'The server holds another version than its manifest: rebuild the app (`npm run build`).');
    expect(cache.entries.size).toBe(0);
  });

  it('downloads quietly when there is no cache, or when the cache refuses', async () => {
    const server = serverFiles();
    const none = await loadMnistBrowser({ fetch: fakeFetch(server).get, cache: null });
    expect(none.report.cacheAvailable).toBe(false);
    expect(none.dataset.testSize).toBe(10);
    const refusing: CacheLike = {
      match: () => Promise.reject(new Error('SecurityError')),
      put: () => Promise.reject(new Error('QuotaExceededError')),
      delete: () => Promise.resolve(false),
      keys: () => Promise.resolve([]),
    };
    const r = await loadMnistBrowser({ fetch: fakeFetch(server).get, cache: refusing });
    expect(r.report.cacheAvailable).toBe(false);
    expect(r.dataset.trainSize).toBe(30);
  });

  it('replaces a damaged cached copy and drops the files of an older build', async () => {
    const server = serverFiles();
    const cache = fakeCache();
    cache.entries.set(`/mnist/${server.manifest.files.trainLabels.url}?sha256=${server.manifest.files.trainLabels.sha256}`, new Uint8Array(3));
    cache.entries.set('/mnist/train-labels-idx1-ubyte.gz?sha256=old', new Uint8Array(10));
    const net = fakeFetch(server);
    await loadMnistBrowser({ fetch: net.get, cache });
    expect(net.requests).toContain('/mnist/train-labels-idx1-ubyte.gz');
    expect(cache.entries.size).toBe(4);
    expect([...cache.entries.keys()].some((k) => k.endsWith('=old'))).toBe(false);
  });

  it('says what to run when the build has no MNIST files', async () => {
    const e = await loadError(loadMnistBrowser({ fetch: async () => new Response('', { status: 404 }), cache: null }));
    expect(e.message).toBe('/mnist/manifest.json answered 404. The MNIST files are not part of this build of the app: `npm run build` (or `npm run dev`) makes them in public/mnist/.');
  });
});
