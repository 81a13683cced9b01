/** Number formatting for the summary and the inspector (bytes: formatBytes in lib/graph/memory.ts). */

const nf = new Intl.NumberFormat('en-US');

/** 6998552 → "6,998,552". */
export function formatCount(n: number): string {
  return nf.format(Math.round(n));
}

