/**
 * CIFAR-10 and CIFAR-100 from the user's own copy of the official binary files
 * (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"), read in their real format:
 *
 * - CIFAR-10: `data_batch_1.bin` … `data_batch_5.bin` and `test_batch.bin`; each record is
 *   1 label byte (0–9) then 3,072 pixel bytes: 1,024 red, 1,024 green, 1,024 blue, each a 32×32
 *   image in row-major order. `batches.meta.txt` names the classes.
 * - CIFAR-100: `train.bin` and `test.bin`; each record is a coarse label byte (0–19), a fine label
 *   byte (0–99), then the same 3,072 pixel bytes. `fine_label_names.txt` and
 *   `coarse_label_names.txt` name the classes.
 *
 * Images are converted from planes (CHW) to channels last (HWC). A file that is not a whole number
 * of records, or holds a label byte out of range, is refused with its name and the byte offset.
 */
import { english, say, type Said } from '../said';
import { InMemoryDataset, type ImageArrays } from './in-memory';
import { DataFileError, fmtInt, type SourceFile } from './source';
import { photoAugmentation } from './types';

const PIXELS = 32 * 32 * 3;

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILE = 'test_batch.bin';
export const CIFAR100_TRAIN_FILE = 'train.bin';
export const CIFAR100_TEST_FILE = 'test.bin';

/** Which CIFAR file layout: CIFAR-10 records, or CIFAR-100 records labelled by fine or coarse class. */
export type CifarKind = 'cifar10' | 'cifar100' | 'cifar100-coarse';

interface Layout {
  /** Label bytes before the pixels. */
  readonly labelBytes: number;
  /** Which of them is the label we train on. */
  readonly labelIndex: number;
  /** Labels are 0..classes−1. */
  readonly classes: number;
  readonly title: string;
}

function layoutOf(kind: CifarKind): Layout {
  switch (kind) {
    case 'cifar10': return { labelBytes: 1, labelIndex: 0, classes: 10, title: 'CIFAR-10' };
    case 'cifar100': return { labelBytes: 2, labelIndex: 1, classes: 100, title: 'CIFAR-100' };
    case 'cifar100-coarse': return { labelBytes: 2, labelIndex: 0, classes: 20, title: 'CIFAR-100 (20 superclasses)' };
  }
}

/**
 * Parses one CIFAR binary file. Throws a DataFileError naming the file and the byte offset of
 * the first problem; nothing is returned half-parsed.
 */
export function parseCifarFile(name: string, bytes: Uint8Array, kind: CifarKind): ImageArrays {
  const layout = layoutOf(kind);
  const record = layout.labelBytes + PIXELS;
  const sizeProblem = cifarSizeProblem(name, bytes.length, kind);
  if (sizeProblem) throw new DataFileError(name, sizeProblem.said, sizeProblem.byteOffset);
  const count = bytes.length / record;
  const labels = new Int32Array(count);
  const pixels = new Uint8Array(count * PIXELS);
  const plane = 32 * 32;
  for (let i = 0; i < count; i++) {
    const r = i * record;
    for (let l = 0; l < layout.labelBytes; l++) {
      const max = layout.labelBytes === 1 ? 10 : l === 0 ? 20 : 100;
      const v = bytes[r + l]!;
      if (v >= max) {
        const which = say(layout.labelBytes === 1 ? 'errors.data.cifarLabelWord' : l === 0 ? 'errors.data.cifarCoarse' : 'errors.data.cifarFine');
        throw new DataFileError(
          name,
          say('errors.data.cifarLabel', { file: name, offset: r + l, record: i + 1, which, value: v, max: max - 1, dataset: layout.title }),
          r + l,
        );
      }
    }
    labels[i] = bytes[r + layout.labelIndex]!;
    const src = r + layout.labelBytes;
    const dst = i * PIXELS;
    // CHW planes → HWC: pixel p of channel c is at src + c·1024 + p.
    for (let p = 0; p < plane; p++) {
      pixels[dst + p * 3] = bytes[src + p]!;
      pixels[dst + p * 3 + 1] = bytes[src + plane + p]!;
      pixels[dst + p * 3 + 2] = bytes[src + 2 * plane + p]!;
    }
  }
  return { count, pixels, labels };
}

/**
 * What is wrong with a CIFAR file of `size` bytes, from its size alone (empty, or not a whole
 * number of records: truncated, or a file of the other CIFAR), or null when the size is right.
 * The panel says it as soon as the files are picked; the parser says the same when it reads them.
 */
export function cifarSizeProblem(name: string, size: number, kind: CifarKind): { message: string; said: Said; byteOffset: number } | null {
  const layout = layoutOf(kind);
  const record = layout.labelBytes + PIXELS;
  if (size === 0) {
    const said = say('errors.data.cifarEmpty', { file: name, dataset: layout.title });
    return { message: english(said), said, byteOffset: 0 };
  }
  if (size % record === 0) return null;
  const whole = Math.floor(size / record);
  const start = whole * record;
  const other = layout.labelBytes === 1 ? 3074 : 3073;
  const hint = size % other === 0
    ? say('errors.data.cifarOther', { other, dataset: other === 3074 ? 'CIFAR-100' : 'CIFAR-10' })
    : say('errors.data.cifarTruncated');
  const said = say('errors.data.cifarRecords', { file: name, record, dataset: layout.title, bytes: size, index: whole + 1, start, has: size - start, hint });
  return { message: english(said), said, byteOffset: start };
}

/** The file names a CIFAR kind reads: its training files and its test file. */
export function cifarFileNames(kind: CifarKind): { train: readonly string[]; test: string } {
  return kind === 'cifar10' ? { train: CIFAR10_TRAIN_FILES, test: CIFAR10_TEST_FILE } : { train: [CIFAR100_TRAIN_FILE], test: CIFAR100_TEST_FILE };
}

/** What the user's picked files hold for a CIFAR kind, checked by name and size before reading them. */
export interface CifarFilesCheck {
  /** Training and test images, counted from the sizes (when every file is there and whole). */
  readonly trainImages: number;
  readonly testImages: number;
  /** The files needed but not picked. */
  readonly missing: readonly string[];
  /** What to do, in words: missing files, or a file of the wrong size. Null when the files look right. */
  readonly problem: string | null;
  /** The same, one sentence per problem, as a Said for the interface to word. */
  readonly problems: readonly Said[];
}

/**
 * Checks picked files (paths and sizes) for a CIFAR kind: every file there, each a whole number
 * of records. Label bytes out of range are found only when the files are read (`parseCifarFile`).
 */
export function checkCifarFiles(files: readonly { readonly path: string; readonly size: number }[], kind: CifarKind): CifarFilesCheck {
  const layout = layoutOf(kind);
  const record = layout.labelBytes + PIXELS;
  const names = cifarFileNames(kind);
  const find = (base: string) => files.find((f) => f.path === base || f.path.endsWith(`/${base}`));
  const needed = [...names.train, names.test];
  const missing = needed.filter((n) => !find(n));
  const problems: Said[] = [];
  if (missing.length > 0) {
    const folder = kind === 'cifar10' ? 'cifar-10-batches-bin' : 'cifar-100-binary';
    problems.push(say('train.cifar.missing', { dataset: layout.title, needed: needed.join(', '), missing: missing.join(', '), folder }));
  }
  let trainImages = 0;
  let testImages = 0;
  for (const n of needed) {
    const f = find(n);
    if (!f) continue;
    const problem = cifarSizeProblem(n, f.size, kind);
    if (problem) problems.push(problem.said);
    else if (n === names.test) testImages = f.size / record;
    else trainImages += f.size / record;
  }
  return {
    trainImages, testImages, missing, problems,
    problem: problems.length ? problems.map(english).join(' ') : null,
  };
}

/** Joins the arrays of several files into one split. */
export function concatArrays(parts: readonly ImageArrays[], imageBytes: number): ImageArrays {
  const count = parts.reduce((s, p) => s + p.count, 0);
  const pixels = new Uint8Array(count * imageBytes);
  const labels = new Int32Array(count);
  let n = 0;
  for (const p of parts) {
    pixels.set(p.pixels, n * imageBytes);
    labels.set(p.labels, n);
    n += p.count;
  }
  return { count, pixels, labels };
}

/** Class names from a `*.txt` names file: one per line, blank lines dropped. */
export function parseNames(text: string): string[] {
  return text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Finds a file by its base name anywhere in the picked files (the user may pick the parent folder). */
function findFile(files: readonly SourceFile[], base: string): SourceFile | undefined {
  return files.find((f) => f.path === base || f.path.endsWith(`/${base}`));
}

/**
 * Loads CIFAR-10 or CIFAR-100 from the user's files (a folder on disk or picked in the browser).
 * All files are parsed before the dataset is built, so an error leaves nothing loaded.
 */
export async function loadCifar(files: readonly SourceFile[], kind: CifarKind): Promise<InMemoryDataset> {
  const layout = layoutOf(kind);
  const trainNames = kind === 'cifar10' ? CIFAR10_TRAIN_FILES : [CIFAR100_TRAIN_FILE];
  const testName = kind === 'cifar10' ? CIFAR10_TEST_FILE : CIFAR100_TEST_FILE;
  const needed = [...trainNames, testName];
  const missing = needed.filter((n) => !findFile(files, n));
  if (missing.length > 0) {
    const folder = kind === 'cifar10' ? 'cifar-10-batches-bin' : 'cifar-100-binary';
    throw new DataFileError(missing[0]!, say('errors.data.cifarMissing', {
      dataset: layout.title, needed: needed.join(', '), missing: missing.join(', '), folder,
      archive: `cifar-${kind === 'cifar10' ? '10' : '100'}-binary.tar.gz`,
    }));
  }
  const parse = async (n: string): Promise<ImageArrays> => parseCifarFile(n, await findFile(files, n)!.read(), kind);
  const trainParts: ImageArrays[] = [];
  for (const n of trainNames) trainParts.push(await parse(n));
  const train = trainParts.length === 1 ? trainParts[0]! : concatArrays(trainParts, PIXELS);
  trainParts.length = 0;
  const test = await parse(testName);

  const namesFile = findFile(files, kind === 'cifar10' ? 'batches.meta.txt' : kind === 'cifar100' ? 'fine_label_names.txt' : 'coarse_label_names.txt');
  let classNames = kind === 'cifar10' ? CIFAR10_CLASSES : Array.from({ length: layout.classes }, (_, i) => `class ${i}`);
  if (namesFile) {
    const names = parseNames(new TextDecoder().decode(await namesFile.read()));
    if (names.length === layout.classes) classNames = names;
  }
  return new InMemoryDataset({
    id: kind,
    name: layout.title,
    description: `${layout.title} from your copy of the official binary files: ${fmtInt(train.count)} training and ` +
      `${fmtInt(test.count)} test images, 32×32 colour, ${layout.classes} classes.`,
    shape: [32, 32, 3],
    classNames,
    augmentation: photoAugmentation([32, 32, 3]),
    train,
    test,
  });
}
