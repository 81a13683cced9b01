import { describe, expect, it } from 'vitest';
import { FULL_RUN, runSizeFromQuery } from '@/lib/classic/run-size';

describe('the run size of /classic', () => {
  it('is all of MNIST by default', () => {
    expect(runSizeFromQuery({})).toEqual({ ...FULL_RUN, subset: false });
  });

  it('takes fewer digits from the address, and says so', () => {
    expect(runSizeFromQuery({ train: '5000' })).toEqual({ train: 5000, test: 10_000, subset: true });
    expect(runSizeFromQuery({ train: '5000', test: '500' })).toEqual({ train: 5000, test: 500, subset: true });
  });

  it('keeps within MNIST and ignores what is not a whole number', () => {
    expect(runSizeFromQuery({ train: '999999', test: '3' })).toEqual({ train: 60_000, test: 100, subset: true });
    expect(runSizeFromQuery({ train: '-5', test: '1e3' })).toEqual({ ...FULL_RUN, subset: false });
    expect(runSizeFromQuery({ train: ['5000'] })).toEqual({ ...FULL_RUN, subset: false });
  });
});
