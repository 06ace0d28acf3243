import { html, svg } from 'lit'
import type { CommandStats } from '../src/plugins/command-stats.js'
import { LATENCY_BOUNDS } from '../src/plugins/latency.js'
import { ms, step } from './format.js'

/** One bar of a latency chart. */
export interface LatencyBar {
  /** The durations it counts, e.g. `0.25–0.31 ms` or `< 0.1 ms`. */
  label: string
  /** Calls in it. */
  count: number
}

const WIDTH = 120
const HEIGHT = 18

/** A bucket bound as text: two or three significant digits. */
function bound(value: number): string {
  return value >= 100 ? value.toFixed(0) : String(Number(value.toPrecision(value >= 1 ? 3 : 2)))
}

/**
 * The bars of a latency chart from the calls per bucket of `LATENCY_BOUNDS` (`TimingPlugin.histogram`): the buckets
 * from the first to the last that counted anything, with every bucket below the clock's `resolution` (where a
 * duration reads 0) merged into one `< 0.1 ms` bar in front.
 */
export function latencyBars(counts: readonly number[], resolution: number): LatencyBar[] {
  const bars: LatencyBar[] = []
  let below = 0
  for (let i = counts.findIndex((n) => n > 0), last = counts.findLastIndex((n) => n > 0); i >= 0 && i <= last; i++) {
    const upper = LATENCY_BOUNDS[i] ?? Infinity
    const count = counts[i]!
    if (upper <= resolution) below += count
    else {
      const lower = bound(LATENCY_BOUNDS[i - 1] ?? 0)
      bars.push({ label: upper === Infinity ? `≥ ${lower} ms` : `${lower}–${bound(upper)} ms`, count })
    }
  }
  if (below > 0) bars.unshift({ label: `< ${step(resolution)} ms`, count: below })
  return bars
}

/**
 * A small bar chart of a command's latency distribution, each bar titled with its range and count; its text
 * alternative gives the median, p95 and p99. Nothing without a histogram.
 */
export function latencyChart(row: CommandStats, resolution: number) {
  const bars = row.histogram ? latencyBars(row.histogram, resolution) : []
  if (bars.length === 0) return ''
  const tallest = Math.max(...bars.map((bar) => bar.count))
  const width = WIDTH / bars.length
  const [p50, p95, p99] = [row.p50, row.p95, row.p99].map((value) => ms(value, resolution))
  return html`<svg
    class="latency"
    width=${WIDTH}
    height=${HEIGHT}
    role="img"
    aria-label="${row.command} latency: p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms"
  >
    ${bars.map((bar, i) => {
      const height = Math.max(1, (bar.count / tallest) * HEIGHT)
      return svg`<rect x=${i * width} y=${HEIGHT - height} width=${Math.max(1, width - 1)} height=${height}>
        <title>${bar.label}: ${bar.count}</title>
      </rect>`
    })}
  </svg>`
}
