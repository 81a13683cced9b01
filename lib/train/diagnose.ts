/**
 * Reading a finished run for the user: signs of a run that went wrong without diverging.
 */

/**
 * The class a collapsed model predicts for at least 95% of the test images, or null. A network
 * whose ReLUs died (a learning rate far too high) answers one class for everything while its
 * loss sits at ln K: not a divergence the training loop catches, but as useless.
 */
export function collapsedTo(confusion: readonly (readonly number[])[]): number | null {
  const k = confusion.length;
  if (k < 2) return null;
  const columns = new Array<number>(k).fill(0);
  let total = 0;
  for (const row of confusion) row.forEach((v, p) => { columns[p]! += v; total += v; });
  const top = columns.indexOf(Math.max(...columns));
  return total > 0 && columns[top]! >= 0.95 * total ? top : null;
}
