// Records what function-caching wrappers report on a cache, as short strings tests can compare.
import type { Cache } from '../../src/core/cache.js'
import { CacheErrorEvent, RefreshEvent, StaleEvent } from '../../src/core/events.js'

/** Records the `stale`, `refresh` and `cacheerror` events `cache` dispatches, in order. */
export function recordEvents(cache: Cache): string[] {
  const seen: string[] = []
  cache.addEventListener(StaleEvent.type, (e) => {
    const { keys, staleFor } = e as StaleEvent
    seen.push(`stale ${keys.join()} ${staleFor}`)
  })
  cache.addEventListener(RefreshEvent.type, (e) => {
    const { keys, error } = e as RefreshEvent
    seen.push(`refresh ${keys.join()}${error ? ` failed: ${(error as Error).message}` : ''}`)
  })
  cache.addEventListener(CacheErrorEvent.type, (e) => {
    const { operation, key, error } = e as CacheErrorEvent
    seen.push(`cacheerror ${operation} ${key}: ${(error as Error).message}`)
  })
  return seen
}
