/** Counts and shares in words, as the results views print them. */

/** 10000 → "10,000"; with a noun, "1 image", "12 images". */
export function formatCount(n: number, noun?: string): string {
  const number = Math.round(n).toLocaleString('en-US');
  if (noun === undefined) return number;
  return `${number} ${n === 1 ? noun : `${noun}s`}`;
}

/**
 * A probability as a percentage with one decimal ("97.3%"), and "<0.1%" / ">99.9%" rather than
 * a rounded "0.0%" or "100.0%" that would claim a certainty the model does not have.
 */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return '—';
  if (p > 0 && p < 0.0005) return '<0.1%';
  if (p < 1 && p > 0.9995) return '>99.9%';
  return `${(p * 100).toFixed(1)}%`;
}

/** The index of the largest value (the first of equals); -1 for an empty array. */
export function argMax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i]! > values[best]!) best = i;
  return best;
}
