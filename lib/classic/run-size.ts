/**
 * How many MNIST digits a run of /classic uses. The page's default is all of them (60,000 training
 * and 10,000 test digits); `?train=N&test=M` asks for fewer (the end-to-end test does, to stay
 * short), and the page then says that its figures are not comparable with published ones.
 */
export const FULL_RUN = { train: 60_000, test: 10_000 } as const;

export interface RunSizeRequest {
  readonly train: number;
  readonly test: number;
  /** True when the address asked for fewer digits than the default. */
  readonly subset: boolean;
}

/** Reads `train` and `test` from the page's query: whole numbers within MNIST's sizes, anything else ignored. */
export function runSizeFromQuery(query: { readonly train?: unknown; readonly test?: unknown }): RunSizeRequest {
  const read = (value: unknown, min: number, max: number): number => {
    if (typeof value !== 'string' || !/^\d+$/.test(value)) return max;
    return Math.max(min, Math.min(max, Number(value)));
  };
  const train = read(query.train, 100, FULL_RUN.train);
  const test = read(query.test, 100, FULL_RUN.test);
  return { train, test, subset: train < FULL_RUN.train || test < FULL_RUN.test };
}
