/**
 * Each kind of data's augmentation and test-time crops (lib/train/datasets/augmentation.ts), and
 * the catalogue's declarations equal to what the datasets themselves declare once loaded.
 */
import { describe, expect, it } from 'vitest';
import { augmentationOf, describeAugmentation, describeTestCrops, DIGIT_AUGMENTATION, testCrops } from '@/lib/train/datasets/augmentation';
import { DATASETS, datasetEntry, declaredAugmentation } from '@/lib/train/datasets/catalogue';
import { MNIST_AUGMENTATION } from '@/lib/train/datasets/mnist';
import { makeSynthetic } from '@/lib/train/datasets/synthetic';

describe('augmentation by kind of data', () => {
  it('digits shift and rotate, never flip; photos crop 1/8 of the side and flip', () => {
    expect(augmentationOf('digits', [32, 32, 1])).toEqual({ cropPadding: 2, rotate: 10 });
    expect(augmentationOf('photos', [32, 32, 3])).toEqual({ cropPadding: 4, flip: true });
    expect(augmentationOf('photos', [64, 64, 3])).toEqual({ cropPadding: 8, flip: true });
    expect(MNIST_AUGMENTATION).toBe(DIGIT_AUGMENTATION);
    expect(describeAugmentation(DIGIT_AUGMENTATION)).toBe('shifts of up to ±2 px (random crops of the image padded by 2), rotations of up to ±10°');
    expect(describeAugmentation({})).toBeNull();
  });

  it('test-time crops: ten (mirrored) for photos, five for digits, at the training padding', () => {
    expect(testCrops(DIGIT_AUGMENTATION, [32, 32, 1])).toEqual({ count: 5, padding: 2, mirrored: false });
    expect(testCrops({ cropPadding: 4, flip: true }, [32, 32, 3])).toEqual({ count: 10, padding: 4, mirrored: true });
    // Nothing declared: 1/8 of the side, unmirrored (nothing says a mirror keeps the label).
    expect(testCrops({}, [28, 28, 1])).toEqual({ count: 5, padding: 4, mirrored: false });
    expect(describeTestCrops(testCrops(DIGIT_AUGMENTATION, [32, 32, 1]))).toContain('never mirrored (a mirrored digit is not a digit)');
    expect(describeTestCrops(testCrops({ cropPadding: 4, flip: true }, [32, 32, 3]))).toBe(
      '10 crops: the four corners and the centre of each test image padded by 4 px, and their mirror images; the model\'s probabilities are averaged over the ten (AlexNet\'s test).');
  });

  it('the catalogue declares what the datasets declare once loaded', () => {
    for (const form of ['single', 'imbalanced', 'multilabel'] as const) {
      const data = makeSynthetic({ form, trainSize: 20, testSize: 10 });
      expect(declaredAugmentation(datasetEntry(data.id)!, [32, 32, 3]), data.id).toEqual(data.augmentation);
    }
    // MNIST's rule does not depend on the model's input (padded to 32×32 or not).
    expect(declaredAugmentation(datasetEntry('mnist-imbalanced')!, [32, 32, 3])).toEqual(MNIST_AUGMENTATION);
    // Every dataset is offered in the browser now, and only MNIST's are digits.
    expect(DATASETS.every((d) => d.inBrowser)).toBe(true);
    expect(DATASETS.filter((d) => d.augments === 'digits').map((d) => d.id)).toEqual(['mnist', 'mnist-imbalanced']);
  });
});
