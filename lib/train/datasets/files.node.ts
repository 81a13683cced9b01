/**
 * User files under Node (the command line, tests, benchmarks): a folder on disk as SourceFiles,
 * PNG decoding with node:zlib, and the CIFAR and image-folder loaders wired to them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { loadCifar, type CifarKind } from './cifar';
import { loadImageFolder, type FolderOptions, type FolderResult, type ImageDecoder } from './folder';
import type { InMemoryDataset } from './in-memory';
import { decodePng } from './png';
import { say } from '../said';
import { DataFileError, type SourceFile } from './source';

/** Every file under `dir` (recursively), with paths relative to it. */
export function listFolder(dir: string): SourceFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DataFileError(dir, say('errors.data.notFolder', { dir }));
  }
  const out: SourceFile[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(r);
      else if (entry.isFile()) {
        const full = path.join(dir, r);
        out.push({ path: r, size: statSync(full).size, read: async () => new Uint8Array(await readFile(full)) });
      }
    }
  };
  walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Decodes PNGs with node:zlib; other formats get a message saying to convert them (the browser reads them all). */
export const nodePngDecoder: ImageDecoder = async (file) => {
  if (!/\.png$/i.test(file.path)) {
    throw new DataFileError(file.path, say('errors.data.nodeOnlyPng', { file: file.path }));
  }
  return decodePng(file.path, await file.read(), (d) => new Uint8Array(inflateSync(d)));
};

/** CIFAR-10/100 from a folder on disk (cifar-10-batches-bin, cifar-100-binary, or the folder above). */
export async function loadCifarDir(dir: string, kind: CifarKind): Promise<InMemoryDataset> {
  return loadCifar(listFolder(dir), kind);
}

/** A folder of PNG images, one sub-folder per class, under Node. */
export async function loadImageFolderNode(dir: string, options: FolderOptions = {}): Promise<FolderResult> {
  return loadImageFolder(listFolder(dir), nodePngDecoder, { name: path.basename(path.resolve(dir)), ...options });
}
