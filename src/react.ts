// The `pycached/react` entry: `useCached(cache, key)`, on React's useSyncExternalStore. React is an optional peer
// dependency: only this entry imports it.
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { CachedValue, type CachedValueState } from './bindings/cached-value.js'
import type { Cache } from './core/cache.js'

export type { CachedValueState } from './bindings/cached-value.js'

/**
 * The current value of `key` in `cache`, with `loading` and `error`, re-rendering the component whenever the key
 * changes, here or in another tab, worker or process sharing the store (through `cache.watch`).
 *
 * @example
 * function CartBadge() {
 *   const { value, loading } = useCached(cache, 'cart')
 *   return loading ? <Spinner /> : <span>{value?.items ?? 0}</span>
 * }
 */
export function useCached<V>(cache: Cache<V>, key: string): CachedValueState<V> {
  const listeners = useMemo(() => new Set<() => void>(), [cache, key])
  const source = useMemo(
    () => new CachedValue<V>(cache, key, () => listeners.forEach((l) => l())),
    [cache, key, listeners],
  )
  const subscribe = useCallback(
    (listener: () => void) => {
      listeners.add(listener)
      source.start()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) source.stop()
      }
    },
    [source, listeners],
  )
  const snapshot = useCallback(() => source.state, [source])
  return useSyncExternalStore(subscribe, snapshot, snapshot)
}
