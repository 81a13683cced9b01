/**
 * Test-time augmentation follows the dataset's own augmentation (lib/train/evaluate.ts): photos get
 * AlexNet's ten crops (five and their mirrors), digits the five crops only, since a mirrored digit
 * is another picture. Checked against a plain-JavaScript reference of the crops and the model.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_AUGMENTATION } from '@/lib/train/datasets/augmentation';
import { InMemoryDataset } from '@/lib/train/datasets/in-memory';
import type { Augmentation } from '@/lib/train/datasets/types';
import { evaluate } from '@/lib/train/evaluate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SIDE = 12;

/**
 * Two 12×12 grey test images: "left" (columns 0–2 bright) of class 0 and "right" (columns 9–11
 * bright) of class 1; the training split is the same two (only the test split is used). A shift
 * of 2 pixels keeps the bright side where it is; a mirror moves it to the other side.
 */
function leftRight(augmentation: Augmentation): InMemoryDataset {
  const pixels = new Uint8Array(2 * SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      pixels[y * SIDE + x] = x < 3 ? 255 : 0;
      pixels[SIDE * SIDE + y * SIDE + x] = x >= SIDE - 3 ? 255 : 0;
    }
  }
  const split = { count: 2, pixels, labels: Int32Array.from([0, 1]) };
  return new InMemoryDataset({ id: 'lr', name: 'Left or right', description: 'test', shape: [SIDE, SIDE, 1], classNames: ['left', 'right'], augmentation, train: split, test: split });
}

/** Weight of each pixel for class 0: +0.1 on the left half, −0.1 on the right half; class 1 the opposite. */
const weight = (x: number): number => (x < SIDE / 2 ? 0.1 : -0.1);

/** Flatten → Dense(2, softmax) with the weights above and no bias. */
function leftRightModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [SIDE, SIDE, 1] }), tf.layers.dense({ units: 2, activation: 'softmax', useBias: false })] });
  const kernel: number[] = [];
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) kernel.push(weight(x), -weight(x));
  const t = tf.tensor2d(kernel, [SIDE * SIDE, 2]);
  model.layers[1]!.setWeights([t]);
  t.dispose();
  return model;
}

/**
 * The reference: crops at offsets (dy, dx) ∈ {(0,0), (0,2p), (2p,0), (2p,2p), (p,p)} of the image
 * padded by p (then their mirrors when `mirrored`), each through the model by hand, the softmax
 * probabilities averaged.
 */
function referenceProbabilities(image: (y: number, x: number) => number, pad: number, mirrored: boolean): [number, number] {
  const offsets = [[0, 0], [0, 2 * pad], [2 * pad, 0], [2 * pad, 2 * pad], [pad, pad]] as const;
  const views: ((y: number, x: number) => number)[] = offsets.map(([dy, dx]) => (y, x) => {
    const sy = y + dy - pad;
    const sx = x + dx - pad;
    return sy >= 0 && sy < SIDE && sx >= 0 && sx < SIDE ? image(sy, sx) : 0;
  });
  if (mirrored) views.push(...views.slice().map((v) => (y: number, x: number) => v(y, SIDE - 1 - x)));
  let p0 = 0;
  for (const v of views) {
    let z = 0;
    for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) z += v(y, x) * weight(x);
    // logits (z, −z): softmax gives class 0 the probability 1 / (1 + e^(−2z)).
    p0 += 1 / (1 + Math.exp(-2 * z));
  }
  p0 /= views.length;
  return [p0, 1 - p0];
}

const left = (_y: number, x: number): number => (x < 3 ? 1 : 0);
const right = (_y: number, x: number): number => (x >= SIDE - 3 ? 1 : 0);

describe('test-time augmentation', () => {
  it('digits: five crops, never mirrored, padded by the training shifts (2 px)', async () => {
    const model = leftRightModel();
    const data = leftRight(DIGIT_AUGMENTATION);
    const before = tf.memory().numTensors;
    const e = await evaluate(model, data, { tta: 'crops', perImage: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(e.crops).toEqual({ count: 5, padding: 2, mirrored: false });
    const [p0] = referenceProbabilities(left, 2, false);
    const [, p1] = referenceProbabilities(right, 2, false);
    expect(e.perImage!.predicted).toEqual(Int32Array.from([0, 1]));
    expect(e.perImage!.confidence[0]).toBeCloseTo(p0, 5);
    expect(e.perImage!.confidence[1]).toBeCloseTo(p1, 5);
    // Unmirrored, every crop keeps the bright side where it was: both images right, and sure.
    expect(e.accuracy).toBe(1);
    expect(p0).toBeGreaterThan(0.9);
    // The loss is the cross-entropy of the averaged probabilities: −ln p of the true class.
    expect(e.loss).toBeCloseTo((-Math.log(p0) - Math.log(p1)) / 2, 5);
    model.dispose();
  });

  it('photos: ten crops, the five and their mirrors, when the data declares crops and flips', async () => {
    const model = leftRightModel();
    const e = await evaluate(model, leftRight({ cropPadding: 2, flip: true }), { tta: 'crops', perImage: true });
    expect(e.crops).toEqual({ count: 10, padding: 2, mirrored: true });
    const [p0] = referenceProbabilities(left, 2, true);
    expect(e.perImage!.confidence[0]).toBeCloseTo(Math.max(p0, 1 - p0), 5);
    // Half the views are mirrored, so a left-or-right model loses its certainty: this is what
    // mirrored crops would do to digits, and why digits never get them.
    expect(Math.abs(p0 - 0.5)).toBeLessThan(0.2);
    model.dispose();
  });

  it('without TTA it tests the plain images and says no crops', async () => {
    const model = leftRightModel();
    const e = await evaluate(model, leftRight(DIGIT_AUGMENTATION), { perImage: true });
    expect(e.tta).toBe('none');
    expect(e.crops).toBeUndefined();
    // z = 3.6 for "left" (36 bright pixels of weight 0.1): p = 1 / (1 + e^−7.2).
    expect(e.perImage!.confidence[0]).toBeCloseTo(1 / (1 + Math.exp(-7.2)), 6);
    model.dispose();
  });

  it('keeps each image\'s labels and label probabilities for multi-label data', async () => {
    const pixels = new Uint8Array(2 * SIDE * SIDE).fill(128);
    const split = { count: 2, pixels, labels: Int32Array.from([0, 1]), targets: Uint8Array.from([1, 1, 0, 1]) };
    const data = new InMemoryDataset({ id: 'ml', name: 'Two labels', description: 'test', shape: [SIDE, SIDE, 1], classNames: ['a', 'b'], multiLabel: true, train: split, test: split });
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [SIDE, SIDE, 1] }), tf.layers.dense({ units: 2, activation: 'sigmoid', kernelInitializer: 'zeros', biasInitializer: tf.initializers.constant({ value: 1 }) })] });
    const e = await evaluate(model, data, { perImage: true });
    // Zero kernel, bias 1: every label's probability is sigmoid(1) for every image.
    const s = 1 / (1 + Math.exp(-1));
    expect(Array.from(e.perImage!.targets!)).toEqual([1, 1, 0, 1]);
    Array.from(e.perImage!.probabilities!).forEach((p) => expect(p).toBeCloseTo(s, 6));
    // Every label predicted present: image 0 is right on both, image 1 has label a wrong.
    expect(e.accuracy).toBe(0.5);
    model.dispose();
  });
});
