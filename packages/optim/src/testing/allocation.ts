// node:v8 is looked up when a measurement runs, not imported, so that the
// other checks load in any JavaScript runtime (a browser test runner too).
function v8(): typeof import('node:v8') {
  const found = globalThis.process?.getBuiltinModule?.('node:v8');
  if (!found) throw new Error('bytesAllocatedDuring: expected Node ≥ 20.16 (node:v8 GCProfiler), found another runtime');
  return found;
}

/**
 * Bytes allocated on the V8 heap while `run` executes: the growth of the used
 * heap plus whatever garbage collections reclaimed meanwhile (GCProfiler
 * reports each collection's heap size before and after, synchronously). This
 * counts garbage, not only leaks, and needs neither --expose-gc nor timing.
 */
export function bytesAllocatedDuring(run: () => void): number {
  const { GCProfiler, getHeapStatistics } = v8();
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  run();
  const after = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let reclaimed = 0;
  for (const gc of statistics) {
    reclaimed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  }
  return after - before + reclaimed;
}

/**
 * Average bytes allocated per call of `step`, robust to the engine: `warmup`
 * calls first (so the JIT has compiled the loop; interpreted code boxes
 * doubles), then the least of `windows` measurements of `calls` calls each,
 * so a one-off background allocation (a compilation, a GC's own bookkeeping)
 * cannot fail the check, while a real per-step allocation shows in every window.
 */
export function bytesPerCall(step: () => void, { warmup = 30_000, calls = 50_000, windows = 5 } = {}): number {
  const loop = (n: number) => () => {
    for (let k = 0; k < n; k++) step();
  };
  loop(warmup)();
  let least = Infinity;
  const measured = loop(calls);
  for (let w = 0; w < windows; w++) least = Math.min(least, bytesAllocatedDuring(measured));
  return least / calls;
}
