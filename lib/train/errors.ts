/**
 * Errors of training and of the model session that carry what kind of problem they are, so that
 * the command line picks its exit code and the panel its heading from the kind, never by matching
 * the message's words. The message is always written for the user: what is wrong, what to do; an
 * error made from a Said (lib/train/said.ts) carries it too, so the interface words it in the
 * user's language while the command line prints the English.
 */
import { english, type Said } from './said';

export type TrainErrorKind =
  /** The graph has errors, or tfjs refused a layer: fix it in the editor. */
  | 'graph'
  /** Training would need more memory than the budget (the memory guard). */
  | 'too-big'
  /** The dataset's images or classes do not fit the model's input or output. */
  | 'data-does-not-fit'
  /** The loss does not fit the model's output (softmax for multi-label data, ...). */
  | 'loss-does-not-fit'
  /** Epochs, batch size, learning rate or seed out of range. */
  | 'bad-settings'
  /** The data could not be read (a damaged file, a missing folder, a failed download). */
  | 'data'
  /** No backend could start or train. */
  | 'backend'
  /** Saved weights do not fit this graph (another graph's, or a damaged save). */
  | 'weights-do-not-fit'
  /** The question needs something the session does not have (no dataset loaded, no such node). */
  | 'unavailable'
  /** Anything else: a bug or the browser running out of memory. */
  | 'internal';

/** An error with a kind and a message for people (in English; `said` holds it as data when made from one). */
export class TrainError extends Error {
  readonly said?: Said;

  constructor(readonly kind: TrainErrorKind, message: string | Said) {
    super(typeof message === 'string' ? message : english(message));
    this.name = 'TrainError';
    if (typeof message !== 'string') this.said = message;
  }
}

/** The kind of anything thrown: a TrainError's own, else 'internal'. */
export function errorKind(e: unknown): TrainErrorKind {
  return e instanceof TrainError ? e.kind : 'internal';
}
