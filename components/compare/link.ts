/**
 * Which pair of blocks is lit on the two canvases of /compare: the block under the pointer, else
 * the one with the keyboard's focus, else the one chosen (click, Enter). A small zustand store
 * read through narrow selectors, so pointing at a block re-renders only the blocks whose light
 * changes (the pair that goes out and the pair that comes on), not both canvases.
 */
import { create } from 'zustand';

export type Side = 'a' | 'b';

/** A block on one canvas and the key of its pair (lib/compare/nodes.ts). */
export interface LinkTarget {
  readonly side: Side;
  readonly id: string;
  readonly key: string;
}

export interface LinkState {
  readonly hover?: LinkTarget;
  readonly focus?: LinkTarget;
  readonly chosen?: LinkTarget;
}

export const useLink = create<LinkState>()(() => ({}));

/** The block that lights its pair now: pointed at, else focused, else chosen. */
export function litOf(s: LinkState): LinkTarget | undefined {
  return s.hover ?? s.focus ?? s.chosen;
}

/** Sets one of the three ways a block is lit (undefined: none that way). */
export function setLink(how: keyof LinkState, target: LinkTarget | undefined): void {
  useLink.setState({ [how]: target });
}

/** Chooses a block, or lets it go when it was already chosen. */
export function toggleChosen(target: LinkTarget): void {
  const cur = useLink.getState().chosen;
  setLink('chosen', cur && cur.side === target.side && cur.id === target.id ? undefined : target);
}

/** Nothing lit (another pair of graphs is shown). */
export function resetLink(): void {
  useLink.setState({ hover: undefined, focus: undefined, chosen: undefined });
}
