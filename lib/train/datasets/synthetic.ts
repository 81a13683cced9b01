/**
 * A synthetic colour dataset made in code: 32×32×3 images of 10 classes of shapes and textures,
 * seeded, for RGB models with no download. Colours, positions, sizes, periods and noise vary per
 * image, so a model must learn shape and texture, not colour.
 *
 * Forms: single-label (10 classes), multi-label (which of 5 shapes an image holds), and an
 * imbalanced single-label form (class frequencies falling geometrically to 1:100).
 */
import { imbalanceArrays, InMemoryDataset, type ImageArrays } from './in-memory';
import { mixSeed, mulberry32, randInt, type Random } from './rng';
import { photoAugmentation, type ImageShape } from './types';

export const SYNTHETIC_CLASSES = [
  'disc', 'square', 'triangle', 'cross', 'ring',
  'horizontal stripes', 'vertical stripes', 'diagonal stripes', 'checkerboard', 'dots',
] as const;

/** The shapes of the multi-label form (the first five classes). */
export const SYNTHETIC_SHAPES = SYNTHETIC_CLASSES.slice(0, 5);

const SIZE = 32;
const SHAPE: ImageShape = [SIZE, SIZE, 3];

export interface SyntheticOptions {
  /** 'single' (10 classes, default), 'multilabel' (5 shapes, 1–3 per image) or 'imbalanced' (10 classes, 1:ratio). */
  readonly form?: 'single' | 'multilabel' | 'imbalanced';
  readonly trainSize?: number;
  readonly testSize?: number;
  readonly seed?: number;
  /** For the imbalanced form: the most to least frequent class ratio (default 100). */
  readonly imbalanceRatio?: number;
}

type RGB = readonly [number, number, number];

/** Two colours far enough apart to tell apart (sum of channel differences ≥ 240). */
function colourPair(random: Random): [RGB, RGB] {
  for (;;) {
    const a: RGB = [randInt(random, 256), randInt(random, 256), randInt(random, 256)];
    const b: RGB = [randInt(random, 256), randInt(random, 256), randInt(random, 256)];
    if (Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) >= 240) return [a, b];
  }
}

/** A test "is (x, y) inside" for one shape class at centre (cx, cy) and radius r. */
function shapeTest(kind: number, cx: number, cy: number, r: number, random: Random): (x: number, y: number) => boolean {
  switch (kind) {
    case 0: // disc
      return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
    case 1: // square
      return (x, y) => Math.abs(x - cx) <= r * 0.85 && Math.abs(y - cy) <= r * 0.85;
    case 2: { // triangle, apex up or down
      const up = random() < 0.5;
      return (x, y) => {
        const t = up ? (y - (cy - r)) / (2 * r) : ((cy + r) - y) / (2 * r);
        return t >= 0 && t <= 1 && Math.abs(x - cx) <= t * r;
      };
    }
    case 3: { // cross (plus sign)
      const arm = Math.max(1.5, r * 0.3);
      return (x, y) => (Math.abs(x - cx) <= arm && Math.abs(y - cy) <= r) || (Math.abs(y - cy) <= arm && Math.abs(x - cx) <= r);
    }
    case 4: { // ring
      const inner = r * 0.55;
      return (x, y) => {
        const d2 = (x - cx) ** 2 + (y - cy) ** 2;
        return d2 <= r * r && d2 >= inner * inner;
      };
    }
    default:
      throw new Error(`not a shape class: ${kind}`);
  }
}

/** A test "is (x, y) foreground" for one texture class, filling the whole image. */
function textureTest(kind: number, random: Random): (x: number, y: number) => boolean {
  const period = 4 + randInt(random, 5); // 4..8 pixels
  const phase = randInt(random, period);
  const half = period / 2;
  switch (kind) {
    case 5:
      return (_x, y) => (y + phase) % period < half;
    case 6:
      return (x) => (x + phase) % period < half;
    case 7: {
      const dir = random() < 0.5 ? 1 : -1;
      return (x, y) => (((x + dir * y + phase) % period) + period) % period < half;
    }
    case 8:
      return (x, y) => ((Math.floor((x + phase) / half) + Math.floor((y + phase) / half)) & 1) === 0;
    case 9: {
      const rad = Math.max(1, period * 0.28);
      return (x, y) => {
        const dx = ((x + phase) % period) - half;
        const dy = ((y + phase) % period) - half;
        return dx * dx + dy * dy <= rad * rad;
      };
    }
    default:
      throw new Error(`not a texture class: ${kind}`);
  }
}

/** Paints one image into `out` at `offset`: bg, then each layer's fg where its test holds, then noise. */
function paint(out: Uint8Array, offset: number, bg: RGB, layers: readonly { fg: RGB; inside: (x: number, y: number) => boolean }[], random: Random): void {
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let c = bg;
      for (const layer of layers) if (layer.inside(x, y)) c = layer.fg;
      const o = offset + (y * SIZE + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const noise = (random() - 0.5) * 40; // ±20 levels
        out[o + ch] = Math.max(0, Math.min(255, Math.round(c[ch]! + noise)));
      }
    }
  }
}

/** `count` single-label images, classes in turn (0, 1, ..., 9, 0, ...). */
export function generateSingleLabel(count: number, seed: number): ImageArrays {
  const random = mulberry32(seed);
  const pixels = new Uint8Array(count * SIZE * SIZE * 3);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const kind = i % 10;
    labels[i] = kind;
    const [bg, fg] = colourPair(random);
    let inside: (x: number, y: number) => boolean;
    if (kind < 5) {
      const r = 6 + random() * 6; // radius 6..12 px
      const cx = r + random() * (SIZE - 1 - 2 * r);
      const cy = r + random() * (SIZE - 1 - 2 * r);
      inside = shapeTest(kind, cx, cy, r, random);
    } else {
      inside = textureTest(kind, random);
    }
    paint(pixels, i * SIZE * SIZE * 3, bg, [{ fg, inside }], random);
  }
  return { count, pixels, labels };
}

/**
 * `count` multi-label images: each holds 1 to 3 of the 5 shapes, one per quadrant (so they never
 * overlap), each in its own colour. Targets are multi-hot over the 5 shapes.
 */
export function generateMultiLabel(count: number, seed: number): ImageArrays {
  const random = mulberry32(seed);
  const k = SYNTHETIC_SHAPES.length;
  const pixels = new Uint8Array(count * SIZE * SIZE * 3);
  const labels = new Int32Array(count);
  const targets = new Uint8Array(count * k);
  for (let i = 0; i < count; i++) {
    const howMany = 1 + randInt(random, 3);
    const kinds = [0, 1, 2, 3, 4];
    const quadrants = [0, 1, 2, 3];
    const layers: { fg: RGB; inside: (x: number, y: number) => boolean }[] = [];
    const [bg] = colourPair(random);
    for (let s = 0; s < howMany; s++) {
      const kind = kinds.splice(randInt(random, kinds.length), 1)[0]!;
      const q = quadrants.splice(randInt(random, quadrants.length), 1)[0]!;
      targets[i * k + kind] = 1;
      const r = 4.5 + random() * 2.5; // radius 4.5..7 px, inside a 16×16 quadrant
      const cx = (q % 2) * 16 + 8 + (random() - 0.5) * 2;
      const cy = Math.floor(q / 2) * 16 + 8 + (random() - 0.5) * 2;
      let fg: RGB;
      do fg = colourPair(random)[1]; while (Math.abs(fg[0] - bg[0]) + Math.abs(fg[1] - bg[1]) + Math.abs(fg[2] - bg[2]) < 240);
      layers.push({ fg, inside: shapeTest(kind, cx, cy, r, random) });
    }
    labels[i] = targets.subarray(i * k, i * k + k).indexOf(1);
    paint(pixels, i * SIZE * SIZE * 3, bg, layers, random);
  }
  return { count, pixels, labels, targets };
}

/** The synthetic dataset in one of its three forms. Generation takes about 0.1 s per 1,000 images. */
export function makeSynthetic(options: SyntheticOptions = {}): InMemoryDataset {
  const form = options.form ?? 'single';
  const seed = options.seed ?? 32;
  const trainSize = options.trainSize ?? 5000;
  const testSize = options.testSize ?? 1000;
  const trainSeed = mixSeed(seed, 1);
  const testSeed = mixSeed(seed, 2);
  if (form === 'multilabel') {
    return new InMemoryDataset({
      id: 'synthetic-multilabel',
      name: 'Synthetic shapes, multi-label',
      description: `32×32 colour images made in code, each holding 1 to 3 of 5 shapes (${SYNTHETIC_SHAPES.join(', ')}); ` +
        `the model must say which shapes are present (sigmoid outputs and binary cross-entropy, not softmax). ` +
        `${trainSize.toLocaleString('en-US')} training and ${testSize.toLocaleString('en-US')} test images.`,
      shape: SHAPE,
      classNames: SYNTHETIC_SHAPES,
      augmentation: photoAugmentation(SHAPE),
      multiLabel: true,
      train: generateMultiLabel(trainSize, trainSeed),
      test: generateMultiLabel(testSize, testSeed),
    });
  }
  const ratio = options.imbalanceRatio ?? 100;
  let train = generateSingleLabel(trainSize, trainSeed);
  if (form === 'imbalanced') train = imbalanceArrays(train, SHAPE, 10, ratio, mixSeed(seed, 3));
  return new InMemoryDataset({
    id: form === 'imbalanced' ? 'synthetic-imbalanced' : 'synthetic',
    name: form === 'imbalanced' ? `Synthetic shapes, imbalanced 1:${ratio}` : 'Synthetic shapes',
    description: `32×32 colour images made in code: 5 shapes (disc, square, triangle, cross, ring) and 5 textures ` +
      `(horizontal, vertical and diagonal stripes, checkerboard, dots) in random colours, positions and sizes, with noise. ` +
      (form === 'imbalanced'
        ? `Training images thinned so class frequencies fall geometrically from disc to dots, down to 1:${ratio} ` +
          `(${train.count.toLocaleString('en-US')} images); the ${testSize.toLocaleString('en-US')} test images stay balanced.`
        : `${trainSize.toLocaleString('en-US')} training and ${testSize.toLocaleString('en-US')} test images.`),
    shape: SHAPE,
    classNames: SYNTHETIC_CLASSES,
    augmentation: photoAugmentation(SHAPE),
    train,
    test: generateSingleLabel(testSize, testSeed),
  });
}
