/** Number and size formatting for the summary and the inspector. */

const nf = new Intl.NumberFormat('en-US');

/** 6998552 → "6,998,552". */
export function formatCount(n: number): string {
  return nf.format(Math.round(n));
}

/** Bytes in binary units as Keras prints them: "26.70 MB" (MiB, labelled MB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(2)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
