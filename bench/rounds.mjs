// Interleaved rounds, shared by the Node benchmarks and the browser bench page: every round runs every
// contender once (the order rotates each round), so machine noise lands on all of them alike; the result per
// contender is the median of its rounds.
import { Bench } from 'tinybench'

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * Runs `contenders` ({ name: async fn }) for `rounds` interleaved rounds of `time` ms each and returns
 * { name: median ops/s }.
 */
export async function interleaved(contenders, { rounds = 5, time = 300 } = {}) {
  const names = Object.keys(contenders)
  const samples = Object.fromEntries(names.map((name) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length])
    // A task runs for `time` ms or 4 times, whichever takes longer (tinybench's default minimum is 64).
    const bench = new Bench({ time, iterations: 4, warmupTime: 50, warmupIterations: 2 })
    for (const name of order) bench.add(name, contenders[name])
    await bench.run()
    for (const task of bench.tasks) samples[task.name].push(task.result.throughput.mean)
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])]))
}

/**
 * Like `interleaved`, but counts calls itself instead of timing each one: every contender is awaited `chunk`
 * times between two clock reads, for `time` ms a round, and the result is the median calls/s of its rounds.
 * For calls of a microsecond or less, where a clock read per call would weigh as much as the call (about
 * 0.5 µs in Chromium) and a coarse clock (1 ms in Firefox) could not time one at all.
 */
export async function interleavedLoops(contenders, { rounds = 5, time = 300, chunk = 1 } = {}) {
  const names = Object.keys(contenders)
  const samples = Object.fromEntries(names.map((name) => [name, []]))
  const loop = async (fn, ms) => {
    let calls = 0
    const start = performance.now()
    let elapsed = 0
    do {
      for (let i = 0; i < chunk; i++) await fn()
      calls += chunk
      elapsed = performance.now() - start
    } while (elapsed < ms)
    return (calls / elapsed) * 1000
  }
  for (const name of names) await loop(contenders[name], 50) // warm-up
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length]
      samples[name].push(await loop(contenders[name], time))
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name])]))
}
