/**
 * Name suggestions for "did you mean" in messages: the reader of graph files (block types, params,
 * fields, node ids) and the command line (commands, preset ids) suggest the same way.
 */

/**
 * Levenshtein distance between two names, ignoring case: the fewest one-letter insertions,
 * deletions and substitutions that turn one into the other. Quadratic, so for short names only
 * (closeNames refuses words over 100 characters).
 */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * Up to `max` names close to `word`, best first: the same letters in another case, then a prefix
 * either way of at least 3 letters ("conv" → Conv2D, "BatchNormalization" → BatchNorm), then a
 * small edit distance (at most a third of the longer name, and at least 1). Ties are in
 * alphabetical order. No suggestion for an empty word or one over 100 characters.
 */
export function closeNames(word: string, names: readonly string[], max = 3): string[] {
  if (word.length === 0 || word.length > 100) return [];
  const w = word.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const n = name.toLowerCase();
    let score: number;
    if (n === w) score = 0;
    else if (w.length >= 3 && (n.startsWith(w) || w.startsWith(n))) score = 1;
    else {
      const d = editDistance(w, n);
      if (d > Math.max(1, Math.floor(Math.max(w.length, n.length) / 3))) continue;
      score = 1 + d;
    }
    scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((s) => s.name);
}
