/** Text helpers for the command line: numbers people read at a glance, and plain-text tables. */

/** 1234567 → "1,234,567" (always en-US grouping, so output does not depend on the locale). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const SCALES: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];

/**
 * A count in a few characters, as model cards write them: 25,557,032 → "25.6M",
 * 61,706 → "61.7K", 416,520 → "416.5K", 950 → "950". `digits` decimals after the point.
 * `giga` picks "G" (MACs) or "B" (params, "1.2B params") for 10^9.
 */
export function humanCount(n: number, digits = 1, giga: 'G' | 'B' = 'B'): string {
  const sign = n < 0 ? '-' : '';
  const a = Math.abs(n);
  for (const [scale, suffix] of SCALES) {
    // Compare after rounding so 999,960 reads "1.0M", not "1000.0K".
    if (Number((a / scale).toFixed(digits)) >= 1) {
      return `${sign}${(a / scale).toFixed(digits)}${suffix === 'G' ? giga : suffix}`;
    }
  }
  return `${sign}${Math.round(a)}`;
}

/** Bytes in binary units: 1536 → "1.5 KiB", 3_211_264 → "3.1 MiB". */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${units[u]}`;
}

export interface Column {
  readonly title: string;
  /** Numbers read best right-aligned. */
  readonly align?: 'left' | 'right';
}

/**
 * Lays out rows under a header, columns separated by two spaces and sized to their widest cell,
 * with a rule under the header (Keras' `model.summary()` look, in plain characters).
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells
    .map((cell, i) => (columns[i]!.align === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
    .join('  ')
    .trimEnd();
  return [line(columns.map((c) => c.title)), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}
