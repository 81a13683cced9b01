/**
 * The teaching text each view carries: the tab's name, what the picture shows, the paper idea
 * behind it and what to notice. Each view's file holds its own text next to its maths; views.ts
 * lists them in the order of the tabs.
 */

export interface ViewText {
  /** The tab's name in the panel ("Feature maps", "Deconvnet", …). */
  readonly tab: string;
  /** "What am I looking at", in one line. */
  readonly title: string;
  /** The idea the view shows, in plain words (two or three sentences). */
  readonly idea: string;
  /** What to notice: what a trained network shows that a random one does not, and the traps. */
  readonly notice: string;
  /** Where the idea comes from. */
  readonly paper: string;
}
