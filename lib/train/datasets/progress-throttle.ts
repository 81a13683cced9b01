/**
 * Progress reports at most every `intervalMs`, without losing the latest: a report that comes too
 * soon is held and delivered when the interval has passed, unless a newer one or a final one comes
 * first. Without the trailing delivery, a burst of progress followed by a stall (a fast download
 * of one file, then a slow next one) left the page showing the value from before the burst.
 * (Not lodash.throttle: one small function with a `final` flag, and no dependency for it.)
 */
export function throttleProgress<T>(deliver: (p: T) => void, intervalMs: number, now: () => number = () => performance.now()): (p: T, final: boolean) => void {
  let last = -Infinity;
  let held: { value: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    timer = undefined;
    if (!held) return;
    const { value } = held;
    held = undefined;
    last = now();
    deliver(value);
  };
  return (p, final) => {
    const t = now();
    if (!final && t - last < intervalMs) {
      held = { value: p };
      timer ??= setTimeout(flush, Math.max(0, intervalMs - (t - last)));
      return;
    }
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    held = undefined;
    last = t;
    deliver(p);
  };
}
