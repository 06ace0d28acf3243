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
  /** 95th percentile, ms. */
  p95: number
  /** Slowest, ms. */
  max: number
}

/**
 * One row per command that ran, from `cache.profiling` (kept by `TimingPlugin`) and, for p95, the plugin itself.
 *
 * @example
 * commandStats(cache.profiling, timing) // [{ command: 'get', count: 3, min: 0.1, avg: 0.2, p95: 0.3, max: 0.3 }]
 */
export function commandStats(profiling: Profiling, timing?: TimingPlugin): CommandStats[] {
  const stat = (name: string) => (profiling as Record<string, number | undefined>)[name] ?? 0
  const rows: CommandStats[] = []
  for (const name of Object.keys(profiling)) {
    if (!name.endsWith('Total')) continue
    const command = name.slice(0, -'Total'.length) as HookedCommand
    rows.push({
      command,
      count: stat(name),
      min: stat(`${command}Min`),
      avg: stat(`${command}Avg`),
      p95: timing?.percentile(command, 95) ?? 0,
      max: stat(`${command}Max`),
    })
  }
  return rows
}
