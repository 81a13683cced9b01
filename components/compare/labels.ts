/**
 * The compact, language-free text of a block on the comparison's columns: its type (a technical
 * name, the same in every language) and geometry, "Conv2D 11×11 s4 · 96", "Repeat ×3 Residual 3×3 · 64".
 */
import type { BlockInfo } from '@/lib/compare/stages';
import type { Shape } from '@/lib/graph/types';

/** "11×11", "1×1 3×3 5×5" for Inception's branches. */
function kernels(ks: readonly number[]): string {
  return ks.map((k) => `${k}×${k}`).join(' ');
}

/** Type, kernel sizes, stride (when not 1), width; a Repeat names its copies and block. */
export function blockText(block: BlockInfo): string {
  const g = block.geometry;
  const parts: string[] = [block.type];
  if (g.times !== undefined) parts.push(`×${g.times}`, g.inner ?? '');
  if (g.kernels.length) parts.push(kernels(g.kernels));
  if (g.stride !== undefined && g.stride !== 1) parts.push(`s${g.stride}`);
  const head = parts.filter(Boolean).join(' ');
  return g.width !== undefined ? `${head} · ${g.width}` : head;
}

/** "55×55×96", "4096". */
export function shapeText(shape: Shape | undefined): string {
  return shape ? shape.join('×') : '?';
}
