/** Number formatting for the summary and the inspector (bytes: formatBytes in lib/graph/memory.ts). */

const nf = new Intl.NumberFormat('en-US');

/** 6998552 → "6,998,552". */
export function formatCount(n: number): string {
  return nf.format(Math.round(n));
}

/** 1.58e9 → "1.58 G"; for FLOPs in the header. */
export function formatShort(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(Math.round(n));
}
