import { describe, expect, it } from 'vitest'
import { latencyBars } from '../../inspector/latency-chart.js'
import { LatencyWindow } from '../../src/plugins/latency.js'

/** The calls per bucket of `durations`, counted as the timing plugin counts them. */
function histogram(durations: number[]): number[] {
  const window = new LatencyWindow()
  for (const took of durations) window.push(took)
  return window.counts()
}

describe('latencyBars', () => {
  it('spans the buckets from the first to the last used, and merges those below the clock into one bar', () => {
    // A coarse clock (0.1 ms): most calls read 0, some 0.1, one 0.3.
    const bars = latencyBars(histogram([0, 0, 0, 0, 0.1, 0.1, 0.3]), 0.1)
    expect(bars[0]).toEqual({ label: '< 0.1 ms', count: 4 })
    expect(bars[1]).toEqual({ label: '0.094–0.11 ms', count: 2 })
    expect(bars.at(-1)).toEqual({ label: '0.25–0.31 ms', count: 1 })
    expect(bars.reduce((sum, bar) => sum + bar.count, 0)).toBe(7)
    expect(bars.slice(2, -1).every((bar) => bar.count === 0)).toBe(true)
  })

  it('with a fine clock keeps every bucket, and names the open last one', () => {
    const bars = latencyBars(histogram([1.1, 1.2, 1.4, 100_000]), 0.005)
    expect(bars[0]).toEqual({ label: '1–1.25 ms', count: 2 })
    expect(bars[1]).toEqual({ label: '1.25–1.5 ms', count: 1 })
    expect(bars.at(-1)).toEqual({ label: '≥ 65536 ms', count: 1 })
  })

  it('is empty before any call', () => {
    expect(latencyBars(histogram([]), 0.1)).toEqual([])
  })
})
