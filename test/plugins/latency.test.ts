import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LATENCY_BOUNDS, LatencyWindow, WINDOW } from '../../src/plugins/latency.js'

// Durations as a clock gives them: 0 (below its resolution), sub-microsecond to minutes, and exact bounds.
const duration = fc.oneof(
  fc.constant(0),
  fc.double({ min: 0, max: 120_000, noNaN: true }),
  fc.constantFrom(...LATENCY_BOUNDS),
)

/** The nearest-rank percentile, the slow and obvious way. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!
}

/** The bucket of a duration, straight from the definition of the bounds. */
function bucketByDefinition(ms: number): number {
  const index = LATENCY_BOUNDS.findIndex((bound) => ms < bound)
  return index === -1 ? LATENCY_BOUNDS.length : index
}

describe('latency buckets', () => {
  it('start at 2^-10 ms, end at 2^16 ms, and grow by a quarter of a power of two', () => {
    expect(LATENCY_BOUNDS[0]).toBe(2 ** -10)
    expect(LATENCY_BOUNDS.at(-1)).toBe(2 ** 16)
    expect(LATENCY_BOUNDS.slice(0, 5)).toEqual([1, 1.25, 1.5, 1.75, 2].map((x) => x * 2 ** -10))
    for (let i = 1; i < LATENCY_BOUNDS.length; i++) {
      expect(LATENCY_BOUNDS[i]! / LATENCY_BOUNDS[i - 1]!).toBeLessThanOrEqual(1.25)
    }
  })
})

describe('LatencyWindow', () => {
  it('counts each duration in the bucket its bounds say', () => {
    fc.assert(
      fc.property(fc.array(duration, { maxLength: 300 }), (values) => {
        const window = new LatencyWindow()
        for (const value of values) window.push(value)
        const expected = new Array<number>(LATENCY_BOUNDS.length + 1).fill(0)
        for (const value of values) expected[bucketByDefinition(value)]!++
        expect(window.counts()).toEqual(expected)
      }),
    )
  })

  it('gives exact nearest-rank percentiles of the last 1,024 durations', () => {
    fc.assert(
      fc.property(
        fc.array(duration, { minLength: 1, maxLength: 2500 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (values, p) => {
          const window = new LatencyWindow()
          for (const value of values) window.push(value)
          const recent = values.slice(-WINDOW)
          expect(window.size).toBe(recent.length)
          expect(window.percentile(p)).toBe(nearestRank(recent, p))
          expect(window.counts().reduce((a, b) => a + b, 0)).toBe(recent.length)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('handles many equal durations, as a coarse browser clock gives them', () => {
    const window = new LatencyWindow()
    for (let i = 0; i < 1000; i++) window.push(i % 10 === 0 ? 0.1 : 0)
    expect(window.percentile(50)).toBe(0)
    expect(window.percentile(95)).toBe(0.1)
    expect(window.counts()[0]).toBe(900)
  })

  it('is empty before any duration: percentiles 0, every bucket 0', () => {
    const window = new LatencyWindow()
    expect(window.percentile(95)).toBe(0)
    expect(window.counts().every((count) => count === 0)).toBe(true)
  })
})
