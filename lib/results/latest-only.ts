/**
 * Runs an asynchronous task on the newest input only. While the pad is drawn on, a new picture is
 * ready every animation frame but a prediction may take longer than a frame: queueing every
 * picture would make the probabilities lag ever further behind the pen. So at most one run is in
 * flight; inputs that arrive meanwhile replace one another, and only the last is run next.
 */
export class LatestOnly<I, O> {
  private running = false;
  private pending: { readonly input: I } | null = null;
  /** Bumped by `cancel`, so the result of a run started before it is dropped. */
  private generation = 0;

  /**
   * @param task the work (a prediction); called with one input at a time
   * @param onResult called with each result that is still wanted
   * @param onError called when the task fails (the runner carries on with the next input)
   */
  constructor(
    private readonly task: (input: I) => Promise<O>,
    private readonly onResult: (output: O, input: I) => void,
    private readonly onError: (error: unknown, input: I) => void = () => {},
  ) {}

  /** Asks for `input` to be run: now if nothing runs, else after the current run (replacing any input already waiting). */
  request(input: I): void {
    if (this.running) {
      this.pending = { input };
      return;
    }
    void this.run(input);
  }

  /** Drops the waiting input and ignores the result of the run in flight (the pad was cleared). */
  cancel(): void {
    this.pending = null;
    this.generation++;
  }

  /** True while a run is in flight. */
  get busy(): boolean {
    return this.running;
  }

  private async run(input: I): Promise<void> {
    this.running = true;
    const generation = this.generation;
    try {
      const output = await this.task(input);
      if (generation === this.generation) this.onResult(output, input);
    } catch (error) {
      if (generation === this.generation) this.onError(error, input);
    } finally {
      this.running = false;
    }
    const next = this.pending;
    this.pending = null;
    if (next) void this.run(next.input);
  }
}
