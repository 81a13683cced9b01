/**
 * What each kind of data may be augmented with, in training and in testing, and how to say it.
 * Pure (no tfjs), so the training panel can describe a dataset's augmentation and its test-time
 * crops before anything loads; the datasets declare the same objects (`Dataset.augmentation`).
 *
 * Digits and photographs differ: a photo of a cat mirrored is still a cat, a mirrored 2 is not a
 * digit. So digits are shifted and slightly rotated, never flipped, and their test-time crops
 * (AlexNet's "10 crops") are the five crops without their mirror images.
 */
import { photoAugmentation, type Augmentation, type ImageShape } from './types';

/**
 * Shifts of up to 2 pixels and rotations of up to ±10° (the distortions of LeCun et al. 1998 and
 * Simard et al. 2003). Never mirror: a mirrored 2 or 7 is not a digit.
 */
export const DIGIT_AUGMENTATION: Augmentation = { cropPadding: 2, rotate: 10 };

/** The two declarations the catalogue's datasets use. */
export type AugmentationKind = 'digits' | 'photos';

/** The augmentation of a kind of data, for images of `shape` (photos: crops of 1/8 of the side). */
export function augmentationOf(kind: AugmentationKind, shape: ImageShape): Augmentation {
  return kind === 'digits' ? DIGIT_AUGMENTATION : photoAugmentation(shape);
}

/** "shifts of up to ±2 px (random crops of the image padded by 2), rotations of up to ±10°", or null when there is nothing to do. */
export function describeAugmentation(aug: Augmentation): string | null {
  const parts: string[] = [];
  if (aug.cropPadding) parts.push(`shifts of up to ±${aug.cropPadding} px (random crops of the image padded by ${aug.cropPadding})`);
  if (aug.rotate) parts.push(`rotations of up to ±${aug.rotate}°`);
  if (aug.flip) parts.push('horizontal flips');
  return parts.length ? parts.join(', ') : null;
}

/**
 * AlexNet's test-time crops fitted to a dataset: the four corners and the centre of the image
 * zero-padded by `padding` (our images are already the model's size, so the centre crop is the
 * image itself and the corners are it shifted by the padding), and their mirror images only when
 * the data may be mirrored. 10 crops for photos, 5 for digits.
 */
export interface TestCrops {
  readonly count: 5 | 10;
  /** Zero pixels on each side before cropping: the training shifts' padding, else 1/8 of the side. */
  readonly padding: number;
  readonly mirrored: boolean;
}

/** The test-time crops that keep this data's labels true (the augmentation's own padding and flips). */
export function testCrops(aug: Augmentation, [h]: ImageShape): TestCrops {
  const mirrored = !!aug.flip;
  return { count: mirrored ? 10 : 5, padding: aug.cropPadding ?? Math.max(1, Math.round(h / 8)), mirrored };
}

/** What test-time augmentation does, in words: "10 crops: ... and their mirror images, averaged". */
export function describeTestCrops(crops: TestCrops): string {
  const base = `${crops.count} crops: the four corners and the centre of each test image padded by ${crops.padding} px`;
  return crops.mirrored
    ? `${base}, and their mirror images; the model's probabilities are averaged over the ten (AlexNet's test).`
    : `${base}, never mirrored (a mirrored digit is not a digit); the model's probabilities are averaged over the five (AlexNet's test without its mirrors).`;
}
