/**
 * A gate that opens at most once every `intervalMs`: the worker reports
 * thousands of batches a second, the page needs a few pictures a second.
 */
export function throttle(intervalMs: number, now: () => number = () => performance.now()): () => boolean {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const t = now();
    if (t - last < intervalMs) return false;
    last = t;
    return true;
  };
}
