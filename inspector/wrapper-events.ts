import type { Cache } from '../src/core/cache.js'
import type { RefreshEvent, StaleEvent } from '../src/core/events.js'
import type { CommandRecord } from '../src/plugins/command-events.js'

/**
 * One row of the inspector's log: a command's record, or (with `kind`) something a function-caching wrapper did
 * around the commands: a `'stale'` answer, or a background `'refresh'`.
 */
export type LogEntry = Readonly<Omit<CommandRecord, 'command'>> & {
  /** The command, or `'refresh'` for a background refresh. */
  readonly command: string
  /** `'stale'` or `'refresh'` for a wrapper's row; absent for a command. */
  readonly kind?: 'stale' | 'refresh'
}

/** Background refreshes at a glance, for the commands view. */
export interface RefreshStats {
  /** Refreshes that ran here. */
  count: number
  /** Of them, those that failed (the stale result stayed). */
  failed: number
  /** Fastest, mean and slowest, ms. */
  min: number
  avg: number
  max: number
}

/** Refresh counts before any refresh. */
export const noRefreshes = (): RefreshStats => ({ count: 0, failed: 0, min: Infinity, avg: 0, max: 0 })

/**
 * Listens to the `stale` and `refresh` events `staleWhileRevalidate` wrappers dispatch on `cache`: passes each to
 * `onEntry` as a log row and counts the refreshes in `stats` (updated in place). Returns the function that stops.
 */
export function watchWrappers(cache: Cache, stats: RefreshStats, onEntry: (entry: LogEntry) => void): () => void {
  const onStale = (event: Event) =>
    // The stale answer's duration is that of the `get` logged just before it.
    onEntry({
      time: Date.now(),
      command: 'get',
      keys: [...(event as StaleEvent).keys],
      took: Number.NaN,
      kind: 'stale',
    })
  const onRefresh = (event: Event) => {
    const { keys, took, error } = event as RefreshEvent
    stats.avg = (stats.avg * stats.count + took) / ++stats.count
    stats.min = Math.min(stats.min, took)
    stats.max = Math.max(stats.max, took)
    if (error !== undefined) stats.failed++
    onEntry({
      time: Date.now(),
      command: 'refresh',
      keys: [...keys],
      took,
      kind: 'refresh',
      ...(error !== undefined && { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    })
  }
  // The event types by name, so the inspector bundle does not carry the event classes.
  cache.addEventListener('stale', onStale)
  cache.addEventListener('refresh', onRefresh)
  return () => {
    cache.removeEventListener('stale', onStale)
    cache.removeEventListener('refresh', onRefresh)
  }
}
