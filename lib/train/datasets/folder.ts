/**
 * A folder of the user's own images, one sub-folder per class (as Keras'
 * image_dataset_from_directory and torchvision's ImageFolder expect):
 *
 *     pets/cat/1.png, pets/cat/2.jpg, pets/dog/a.png, ...
 *
 * Images of any size are decoded (by the browser, or by png.ts under Node), resized to the model's
 * input, and split per class into train and test with a seeded shuffle. The folder logic here is
 * pure; decoding is passed in as an `ImageDecoder`.
 */
import { InMemoryDataset, type ImageArrays } from './in-memory';
import type { DecodedImage } from './png';
import { mixSeed, mulberry32, shuffleInPlace } from './rng';
import { english, say } from '../said';
import { DataFileError, fmtInt, type SourceFile } from './source';
import { photoAugmentation } from './types';

/** Decodes one image file to RGBA; may already resize to `target` (the browser's canvas does). */
export type ImageDecoder = (file: SourceFile, target: { width: number; height: number }) => Promise<DecodedImage>;

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'bmp', 'webp'];

export interface FolderPlan {
  /** The folder the class folders sit in ('' when the paths start with the class names). */
  readonly root: string;
  /** Class names: the sub-folder names, sorted. */
  readonly classes: readonly string[];
  /** Every image with its class index, in path order. */
  readonly images: readonly { readonly path: string; readonly classIndex: number }[];
  /** Files left out and why (not an image, hidden, not in a class folder). */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * Works out the classes from the paths. Common leading folders are stripped (a browser folder
 * pick gives "pets/cat/1.png"); the first folder left is the class. Throws when there are fewer
 * than two classes, with a message saying how to lay the folder out.
 */
export function planFolder(paths: readonly string[]): FolderPlan {
  const split = paths.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter((s) => s.length > 0));
  const isImage = (segs: string[]): boolean => {
    const base = segs[segs.length - 1] ?? '';
    return !segs.some((s) => s.startsWith('.')) && base.includes('.') && IMAGE_EXTENSIONS.includes(base.split('.').pop()!.toLowerCase());
  };
  // The root is the deepest folder that holds every image (a browser folder pick gives
  // "pets/cat/1.png": root "pets"); if all images lie directly in it, its parent (one class).
  const imageDirs = split.filter(isImage).map((s) => s.slice(0, -1));
  let depth = 0;
  if (imageDirs.length > 0) {
    const first = imageDirs[0]!;
    while (depth < first.length && imageDirs.every((d) => d.length > depth && d[depth] === first[depth])) depth++;
    if (depth > 0 && imageDirs.every((d) => d.length === depth)) depth--;
  }
  const root = split.find(isImage)?.slice(0, depth).join('/') ?? '';
  const skipped: { path: string; reason: string }[] = [];
  const byClass = new Map<string, string[]>();
  split.forEach((segs, i) => {
    const path = paths[i]!;
    const inRoot = root === '' || segs.slice(0, depth).join('/') === root;
    const rest = inRoot ? segs.slice(depth) : segs;
    const base = rest[rest.length - 1] ?? '';
    const ext = base.includes('.') ? base.split('.').pop()!.toLowerCase() : '';
    if (rest.some((s) => s.startsWith('.'))) skipped.push({ path, reason: 'hidden file' });
    else if (!IMAGE_EXTENSIONS.includes(ext)) skipped.push({ path, reason: `not an image (${IMAGE_EXTENSIONS.join(', ')})` });
    else if (rest.length < 2) skipped.push({ path, reason: 'not inside a class folder' });
    else {
      const list = byClass.get(rest[0]!) ?? [];
      list.push(path);
      byClass.set(rest[0]!, list);
    }
  });
  const classes = [...byClass.keys()].sort((a, b) => a.localeCompare(b, 'en'));
  const where = root ? `${root}/` : '';
  if (classes.length < 2) {
    const under = root ? say('errors.data.under', { root }) : '';
    throw new DataFileError(
      root || '.',
      classes.length === 0
        ? say('errors.data.noClasses', { under, where })
        : say('errors.data.oneClass', { name: classes[0]!, under, where }),
    );
  }
  const images = classes.flatMap((c, classIndex) => byClass.get(c)!.sort().map((path) => ({ path, classIndex })));
  return { root, classes, images, skipped };
}

/**
 * Resizes an RGBA image to width×height and writes it as `channels` bytes per pixel (3: RGB,
 * 1: grey as 0.299R + 0.587G + 0.114B). Shrinking averages the source pixels each output pixel
 * covers (no aliasing); enlarging interpolates linearly. Alpha is ignored.
 */
export function resizeToBytes(img: DecodedImage, width: number, height: number, channels: 1 | 3, out: Uint8Array, offset: number): void {
  const src = img.data;
  const sw = img.width, sh = img.height;
  // Horizontal pass: sh rows × width columns × 3 floats.
  const tmp = new Float32Array(sh * width * 3);
  const xTaps = taps(sw, width);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < width; x++) {
      const t = xTaps[x]!;
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < t.idx.length; k++) {
        const s = (y * sw + t.idx[k]!) * 4;
        const w = t.w[k]!;
        r += src[s]! * w; g += src[s + 1]! * w; b += src[s + 2]! * w;
      }
      const o = (y * width + x) * 3;
      tmp[o] = r; tmp[o + 1] = g; tmp[o + 2] = b;
    }
  }
  const yTaps = taps(sh, height);
  for (let y = 0; y < height; y++) {
    const t = yTaps[y]!;
    for (let x = 0; x < width; x++) {
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < t.idx.length; k++) {
        const s = (t.idx[k]! * width + x) * 3;
        const w = t.w[k]!;
        r += tmp[s]! * w; g += tmp[s + 1]! * w; b += tmp[s + 2]! * w;
      }
      const o = offset + (y * width + x) * channels;
      if (channels === 3) {
        out[o] = clampByte(r); out[o + 1] = clampByte(g); out[o + 2] = clampByte(b);
      } else {
        out[o] = clampByte(0.299 * r + 0.587 * g + 0.114 * b);
      }
    }
  }
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** Source indices and weights for each of `dst` output positions along an axis of `src` pixels. */
function taps(src: number, dst: number): { idx: number[]; w: number[] }[] {
  const scale = src / dst;
  const out: { idx: number[]; w: number[] }[] = [];
  for (let d = 0; d < dst; d++) {
    if (scale > 1) {
      // Box filter: the output pixel covers [d·scale, (d+1)·scale) of the source.
      const a = d * scale, b = (d + 1) * scale;
      const idx: number[] = [], w: number[] = [];
      for (let s = Math.floor(a); s < Math.ceil(b) && s < src; s++) {
        const cover = Math.min(b, s + 1) - Math.max(a, s);
        if (cover > 1e-9) { idx.push(s); w.push(cover / scale); }
      }
      out.push({ idx, w });
    } else {
      // Linear interpolation between pixel centres.
      const c = Math.min(src - 1, Math.max(0, (d + 0.5) * scale - 0.5));
      const s0 = Math.floor(c), s1 = Math.min(src - 1, s0 + 1), f = c - s0;
      out.push(f > 0 && s1 !== s0 ? { idx: [s0, s1], w: [1 - f, f] } : { idx: [s0], w: [1] });
    }
  }
  return out;
}

export interface FolderOptions {
  /** Side of the square images the model takes (default 32), or [height, width]. */
  readonly size?: number | readonly [number, number];
  /** 3 for colour (default), 1 for grey. */
  readonly channels?: 1 | 3;
  /** Share of each class held out for testing (default 0.2; at least one image when a class has two or more). */
  readonly testFraction?: number;
  readonly seed?: number;
  /** Leave out images that fail to decode (listed in `skipped`) instead of stopping. */
  readonly skipUnreadable?: boolean;
  /** Called after each image is decoded. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Display name (default: the folder's name). */
  readonly name?: string;
}

export interface FolderResult {
  readonly dataset: InMemoryDataset;
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * Loads a folder of images as a dataset. Every image is decoded and resized before the dataset
 * exists; a failure (without `skipUnreadable`) throws a DataFileError naming the image, and
 * leaves nothing loaded.
 */
export async function loadImageFolder(files: readonly SourceFile[], decode: ImageDecoder, options: FolderOptions = {}): Promise<FolderResult> {
  const plan = planFolder(files.map((f) => f.path));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const [height, width] = typeof options.size === 'number' || options.size === undefined
    ? [options.size ?? 32, options.size ?? 32] : options.size;
  const channels = options.channels ?? 3;
  const imageBytes = height * width * channels;
  const skipped = [...plan.skipped];
  const pixels = new Uint8Array(plan.images.length * imageBytes);
  const labels: number[] = [];
  let n = 0;
  for (const [i, img] of plan.images.entries()) {
    const file = byPath.get(img.path)!;
    let decoded: DecodedImage;
    try {
      decoded = await decode(file, { width, height });
      if (!(decoded.width > 0 && decoded.height > 0) || decoded.data.length < decoded.width * decoded.height * 4) {
        throw new DataFileError(img.path, say('errors.data.noPixels', { file: img.path }));
      }
    } catch (e) {
      const problem = e instanceof DataFileError ? e.said ?? e.message : say('errors.data.undecodable', { file: img.path, error: String((e as Error).message ?? e) });
      const message = typeof problem === 'string' ? problem : english(problem);
      if (options.skipUnreadable) {
        skipped.push({ path: img.path, reason: message });
        continue;
      }
      throw new DataFileError(img.path, say('errors.data.unreadableImage', { problem }), e instanceof DataFileError ? e.byteOffset : undefined);
    }
    resizeToBytes(decoded, width, height, channels, pixels, n * imageBytes);
    labels.push(img.classIndex);
    n++;
    options.onProgress?.(i + 1, plan.images.length);
  }
  const all: ImageArrays = { count: n, pixels: pixels.subarray(0, n * imageBytes), labels: Int32Array.from(labels) };

  // Seeded split per class, so every class is in both splits in the same proportion.
  const fraction = options.testFraction ?? 0.2;
  const random = mulberry32(mixSeed(options.seed ?? 1, 0xf01d));
  const trainIdx: number[] = [], testIdx: number[] = [];
  plan.classes.forEach((_, c) => {
    const members = shuffleInPlace(labels.flatMap((l, i) => (l === c ? [i] : [])), random);
    const nTest = members.length >= 2 ? Math.max(1, Math.round(members.length * fraction)) : 0;
    testIdx.push(...members.slice(0, nTest));
    trainIdx.push(...members.slice(nTest));
  });
  if (trainIdx.length === 0 || testIdx.length === 0) {
    throw new DataFileError(plan.root || '.', say('errors.data.tooFew', { count: n }));
  }
  const take = (idx: number[]): ImageArrays => {
    idx.sort((a, b) => a - b);
    const px = new Uint8Array(idx.length * imageBytes);
    const lb = new Int32Array(idx.length);
    idx.forEach((i, j) => { px.set(all.pixels.subarray(i * imageBytes, (i + 1) * imageBytes), j * imageBytes); lb[j] = all.labels[i]!; });
    return { count: idx.length, pixels: px, labels: lb };
  };
  const name = options.name ?? (plan.root.split('/').pop() || 'Image folder');
  const dataset = new InMemoryDataset({
    id: 'folder',
    name,
    description: `Your images from ${plan.root || 'the folder you chose'}: ${fmtInt(n)} images in ${plan.classes.length} classes ` +
      `(one per sub-folder), resized to ${width}×${height}${channels === 1 ? ' grey' : ''}; ` +
      `${fmtInt(trainIdx.length)} for training and ${fmtInt(testIdx.length)} held out for testing (${Math.round(fraction * 100)}% of each class).` +
      (skipped.length ? ` ${skipped.length} file(s) left out.` : ''),
    shape: [height, width, channels],
    classNames: plan.classes,
    augmentation: photoAugmentation([height, width, channels]),
    train: take(trainIdx),
    test: take(testIdx),
  });
  return { dataset, skipped };
}
