// Memory as a long job goes, by quarter of the job: the process's peak RSS in each quarter, sampled on a
// timer, and the live heap (what is left after a full garbage collection) as each quarter ends. RSS
// follows the garbage collector's own pace and can rise and fall by a hundred MB; the live heap says what
// the job holds on to. Level figures from the second quarter to the last show that memory does not grow
// with the size of what is processed (the first quarter includes start-up).

import { clearInterval, setInterval } from 'node:timers';

const mb = (bytes) => Math.round(bytes / 2 ** 20);

/**
 * Starts sampling. `progress()` says how far the job is, from 0 to 1. `stop()` takes the last samples and
 * returns the peak RSS of each quarter and the live heap at the end of each, in MB. The live heap needs
 * node's `--expose-gc`; without it, those figures are null.
 */
export function memoryByQuarter(progress, intervalMs = 100) {
  const rss = [0, 0, 0, 0];
  const liveHeap = [null, null, null, null];
  let current = 0;
  const endQuarter = (quarter) => {
    if (typeof globalThis.gc !== 'function') return;
    globalThis.gc();
    liveHeap[quarter] = mb(process.memoryUsage().heapUsed);
  };
  const sample = () => {
    const quarter = Math.max(0, Math.min(3, Math.floor(progress() * 4)));
    // Quarters passed between two samples end together, with the same figure.
    while (current < quarter) endQuarter(current++);
    rss[quarter] = Math.max(rss[quarter], mb(process.memoryUsage.rss()));
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      while (current < 3) endQuarter(current++);
      endQuarter(3);
      return { rssMB: rss, liveHeapMB: liveHeap };
    },
  };
}
