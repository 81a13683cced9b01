/**
 * Seeded randomness for datasets and training. Everything that shuffles, splits, augments or
 * draws synthetic images takes a seed, so that a run can be repeated exactly.
 */

/** A random source: returns floats uniform in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit generator, good enough for shuffling and augmentation and the same
 * on every JavaScript engine (Math.random cannot be seeded).
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer uniform in [0, n). */
export function randInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle in place; returns the same array. */
export function shuffleInPlace<T extends { [i: number]: unknown; length: number }>(items: T, random: Random): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randInt(random, i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/** The indices 0..n-1 in a seeded random order. */
export function permutation(n: number, seed: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return shuffleInPlace(idx, mulberry32(seed));
}

/** Mixes two numbers into one seed (e.g. the run's seed and the epoch), so streams differ per epoch. */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ Math.imul((b >>> 0) + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x21f0aaad) >>> 0;
  h ^= h >>> 15;
  return h >>> 0;
}
