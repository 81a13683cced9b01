/**
 * Pause, resume and stop for a training run, like an AbortController with a pause button. The
 * loop checks it between batches: a stop ends the run after the current batch (weights kept);
 * a pause waits without using the CPU until resumed or stopped.
 */

export type RunState = 'running' | 'paused' | 'stopped';

export class TrainController {
  private current: RunState = 'running';
  private waiters: (() => void)[] = [];
  private listeners = new Set<(state: RunState) => void>();
  private holdListeners = new Set<() => void>();

  /** Creates a controller, optionally stopped by an AbortSignal (e.g. Ctrl-C or a page leaving). */
  constructor(signal?: AbortSignal) {
    if (signal) {
      if (signal.aborted) this.current = 'stopped';
      else signal.addEventListener('abort', () => this.stop(), { once: true });
    }
  }

  get state(): RunState {
    return this.current;
  }

  get stopped(): boolean {
    return this.current === 'stopped';
  }

  pause(): void {
    if (this.current === 'running') this.set('paused');
  }

  resume(): void {
    if (this.current === 'paused') this.set('running');
  }

  stop(): void {
    if (this.current !== 'stopped') this.set('stopped');
  }

  /** Calls `fn` on every state change; returns a function that removes it. */
  onChange(fn: (state: RunState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Calls `fn` each time the loop has finished its batch in flight and holds at a pause: the
   * moment a UI can say "paused" and show figures that will not move until resumed.
   */
  onHold(fn: () => void): () => void {
    this.holdListeners.add(fn);
    return () => this.holdListeners.delete(fn);
  }

  /** Resolves at once when running or stopped; while paused, when resumed or stopped. */
  waitWhilePaused(): Promise<void> {
    if (this.current !== 'paused') return Promise.resolve();
    const held = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.holdListeners.forEach((f) => f());
    return held;
  }

  private set(state: RunState): void {
    this.current = state;
    if (state !== 'paused') {
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    }
    this.listeners.forEach((f) => f(state));
  }
}
