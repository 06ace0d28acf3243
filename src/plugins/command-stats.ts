import type { HookedCommand, Profiling } from '../core/types.js'
import type { TimingPlugin } from './timing.js'

/** One command's timing at a glance, as the inspector and the bridge show it. */
export interface CommandStats {
  /** The command. */
  command: HookedCommand
  /** Calls that succeeded. */
  count: number
  /** Fastest, ms. */
  min: number
  /** Mean, ms. */
  avg: number
  /** Median of its last 1,024 calls, ms. */
  p50: number
  /** 95th percentile, ms. */
  p95: number
  /** 99th percentile, ms. */
  p99: number
  /** Slowest, ms. */
  max: number
  /**
   * How its last 1,024 calls spread over the latency buckets (`counts` of {@link TimingPlugin.histogram}, over
   * `LATENCY_BOUNDS`), when a timing plugin keeps them.
   */
  histogram?: number[]
}

/**
 * One row per command that ran, from `cache.profiling` (kept by `TimingPlugin`) and, for percentiles and the
 * histogram, the plugin itself.
 *
 * @example
 * commandStats(cache.profiling, timing)
 * // [{ command: 'get', count: 3, min: 0.1, avg: 0.2, p50: 0.2, p95: 0.3, p99: 0.3, max: 0.3, histogram: [0, …] }]
 */
export function commandStats(profiling: Profiling, timing?: TimingPlugin): CommandStats[] {
  const stat = (name: string) => (profiling as Record<string, number | undefined>)[name] ?? 0
  const rows: CommandStats[] = []
  for (const name of Object.keys(profiling)) {
    if (!name.endsWith('Total')) continue
    const command = name.slice(0, -'Total'.length) as HookedCommand
    // Asked of this `profiling` by name: a timing plugin may serve several caches.
    const percentile = (p: number) => timing?.percentile(command, p, { profiling }) ?? 0
    rows.push({
      command,
      count: stat(name),
      min: stat(`${command}Min`),
      avg: stat(`${command}Avg`),
      p50: percentile(50),
      p95: percentile(95),
      p99: percentile(99),
      max: stat(`${command}Max`),
      ...(timing && { histogram: timing.histogram(command, { profiling }).counts }),
    })
  }
  return rows
}
