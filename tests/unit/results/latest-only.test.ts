import { describe, expect, it } from 'vitest';
import { LatestOnly } from '@/lib/results/latest-only';

/** A task whose runs finish when the test says so. */
function controlledTask() {
  const started: number[] = [];
  const finishers: ((v: string) => void)[] = [];
  const failers: ((e: Error) => void)[] = [];
  const task = (input: number) => new Promise<string>((resolve, reject) => {
    started.push(input);
    finishers.push(resolve);
    failers.push(reject);
  });
  return { task, started, finish: (i: number, v: string) => finishers[i]!(v), fail: (i: number, e: Error) => failers[i]!(e) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('LatestOnly: one run at a time, newest input next', () => {
  it('runs at once when idle; inputs arriving during a run replace one another; only the last runs next', async () => {
    const t = controlledTask();
    const results: [string, number][] = [];
    const runner = new LatestOnly(t.task, (out, input) => results.push([out, input]));
    runner.request(1);
    expect(t.started).toEqual([1]);
    expect(runner.busy).toBe(true);
    runner.request(2);
    runner.request(3);
    runner.request(4);
    expect(t.started).toEqual([1]); // never two in flight
    t.finish(0, 'one');
    await settle();
    expect(results).toEqual([['one', 1]]);
    expect(t.started).toEqual([1, 4]); // 2 and 3 were replaced, never run
    t.finish(1, 'four');
    await settle();
    expect(results).toEqual([['one', 1], ['four', 4]]);
    expect(runner.busy).toBe(false);
    expect(t.started).toEqual([1, 4]);
  });

  it('cancel drops the waiting input and the result in flight', async () => {
    const t = controlledTask();
    const results: string[] = [];
    const runner = new LatestOnly(t.task, (out) => results.push(out));
    runner.request(1);
    runner.request(2);
    runner.cancel();
    t.finish(0, 'stale');
    await settle();
    expect(results).toEqual([]);
    expect(t.started).toEqual([1]);
    runner.request(5);
    t.finish(1, 'fresh');
    await settle();
    expect(results).toEqual(['fresh']);
  });

  it('reports a failed run and carries on with the next input', async () => {
    const t = controlledTask();
    const results: string[] = [];
    const errors: string[] = [];
    const runner = new LatestOnly(t.task, (out) => results.push(out), (e) => errors.push((e as Error).message));
    runner.request(1);
    runner.request(2);
    t.fail(0, new Error('the model is gone'));
    await settle();
    expect(errors).toEqual(['the model is gone']);
    expect(t.started).toEqual([1, 2]);
    t.finish(1, 'two');
    await settle();
    expect(results).toEqual(['two']);
  });
});
