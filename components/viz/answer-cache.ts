/**
 * The panel's answers, kept by question so that going back to a tab, a node or a channel shows it
 * at once. Bounded by bytes, not entries: one VGG-16 layer's maps are 13 MB, one LeNet-5 layer's
 * 20 KB. The least recently used answers go first.
 */

/** Bytes of the typed arrays in a value, at any depth (what an answer weighs). */
export function answerBytes(value: unknown, depth = 0): number {
  if (!value || typeof value !== 'object' || depth > 6) return 0;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let sum = 0;
  for (const v of Array.isArray(value) ? value : Object.values(value)) sum += answerBytes(v, depth + 1);
  return sum;
}

export class AnswerCache {
  private readonly entries = new Map<string, { value: unknown; bytes: number }>();
  private total = 0;

  constructor(private readonly maxBytes = 160 * 2 ** 20) {}

  get<T>(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value as T;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: unknown): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.bytes;
      this.entries.delete(key);
    }
    const bytes = answerBytes(value);
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [k, e] of this.entries) {
      if (this.total <= this.maxBytes || k === key) break;
      this.entries.delete(k);
      this.total -= e.bytes;
    }
  }

  /** Bytes held. */
  get size(): number {
    return this.total;
  }
}
