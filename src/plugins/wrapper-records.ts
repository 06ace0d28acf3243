// What `staleWhileRevalidate` wrappers do around a cache's commands, as rows of a command log: the inspector shows
// them for its page's caches, and a BridgePlugin sends them for its cache.
import type { Cache } from '../core/cache.js'
import type { RefreshEvent, StaleEvent } from '../core/events.js'

/** A stale answer or a background refresh of a function-caching wrapper, as a row beside the command records. */
export interface WrapperRecord {
  /** When it happened (epoch ms). */
  time: number
  /** `'get'` for a stale answer (that of the `get` logged before it), `'refresh'` for a background refresh. */
  command: 'get' | 'refresh'
  /** The keys answered stale, or refreshed. */
  keys: string[]
  /** How long the refresh took, ms; `NaN` for a stale answer (its `get` was timed already). */
  took: number
  /** What the row is. */
  kind: 'stale' | 'refresh'
  /** The refresh's error, when it failed (the stale result stayed). */
  error?: string
}

/** Background refreshes at a glance. */
export interface RefreshStats {
  /** Refreshes that ran. */
  count: number
  /** Of them, those that failed (the stale result stayed). */
  failed: number
  /** Fastest, ms (`Infinity` before any). */
  min: number
  /** Mean, ms. */
  avg: number
  /** Slowest, ms. */
  max: number
}

/** Refresh counts before any refresh. */
export const noRefreshes = (): RefreshStats => ({ count: 0, failed: 0, min: Infinity, avg: 0, max: 0 })

/**
 * Listens to the `stale` and `refresh` events `staleWhileRevalidate` wrappers dispatch on `cache`: passes each to
 * `onRecord` as a row and counts the refreshes in `stats` (updated in place). Returns the function that stops.
 */
export function watchWrappers(
  cache: Cache,
  stats: RefreshStats,
  onRecord: (record: WrapperRecord) => void,
): () => void {
  const onStale = (event: Event) =>
    onRecord({ time: Date.now(), command: 'get', keys: [...(event as StaleEvent).keys], took: NaN, kind: 'stale' })
  const onRefresh = (event: Event) => {
    const { keys, took, error } = event as RefreshEvent
    stats.avg = (stats.avg * stats.count + took) / ++stats.count
    stats.min = Math.min(stats.min, took)
    stats.max = Math.max(stats.max, took)
    if (error !== undefined) stats.failed++
    onRecord({
      time: Date.now(),
      command: 'refresh',
      keys: [...keys],
      took,
      kind: 'refresh',
      ...(error !== undefined && { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    })
  }
  // The event types by name, so bundles that watch them do not carry the event classes.
  cache.addEventListener('stale', onStale)
  cache.addEventListener('refresh', onRefresh)
  return () => {
    cache.removeEventListener('stale', onStale)
    cache.removeEventListener('refresh', onRefresh)
  }
}
