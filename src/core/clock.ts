// How fine `performance.now()` is where it runs. Browsers coarsen it against timing attacks: Chromium to 0.1 ms
// on pages without cross-origin isolation (5 µs with it), Firefox to 1 ms or more; Node is sub-microsecond. A
// duration below that step reads 0 and means "shorter than one step", not "no time".

// Reads of the clock the measurement may spend: some 10 ms in a browser. The clock cannot time its own wait.
const READS = 200_000
let measured: number | undefined

/**
 * The smallest step `performance.now()` takes in this context, in ms: the least of up to ten observed steps.
 * Measured once, spinning for a few ms at most, and remembered; a clock that did not step within the spin
 * counts as 1 ms.
 *
 * @example
 * clockResolution() // 0.1 in Chromium without cross-origin isolation
 */
export function clockResolution(): number {
  if (measured !== undefined) return measured
  const clock = globalThis.performance
  let smallest = Infinity
  let reads = 0
  for (let steps = 0; steps < 10 && reads < READS; steps++) {
    const start = clock.now()
    let next = start
    while (next === start && reads++ < READS) next = clock.now()
    if (next > start) smallest = Math.min(smallest, next - start)
  }
  // Differences of clock readings carry float noise (0.09999999 for 0.1): keep whole nanoseconds.
  return (measured = smallest === Infinity ? 1 : Math.max(Math.round(smallest * 1e6) / 1e6, 1e-6))
}
