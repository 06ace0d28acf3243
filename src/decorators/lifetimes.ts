// The lifetimes of a `cached` result beyond its ttl: stale-while-revalidate, stale-if-error and refresh-ahead, all
// kept in the one stored form `{ value, freshUntil }`.
import type { Cache } from '../core/cache.js'
import { assertDuration } from '../core/validate.js'
import { type Freshness, checkFreshness } from './freshness.js'

/** The options that decide a result's lifetimes, as they arrive (unchecked). */
interface LifetimeOptions {
  ttl?: number | undefined
  staleWhileRevalidate?: unknown
  staleIfError?: unknown
  refreshAhead?: unknown
}

/**
 * Checks `staleWhileRevalidate`, `staleIfError` (ms after `ttl` during which a failing function answers the last
 * result) and `refreshAhead` (a fraction of `ttl`, strictly between 0 and 1: a hit in that last part of the ttl
 * starts a refresh); returns the rule, or `undefined` when none is on. Each needs a finite ttl and a serializer
 * that keeps `{ value, freshUntil }` objects.
 */
export function checkLifetimes(options: LifetimeOptions, cache: Cache): Freshness | undefined {
  const { ttl, staleWhileRevalidate, staleIfError, refreshAhead } = options
  if (staleIfError !== undefined) {
    assertDuration(staleIfError, 'options.staleIfError')
    if (staleIfError === Infinity) throw new RangeError('options.staleIfError must be finite')
  }
  if (refreshAhead !== undefined) {
    if (typeof refreshAhead !== 'number' || !(refreshAhead > 0 && refreshAhead < 1)) {
      throw new RangeError(
        `options.refreshAhead must be a fraction of ttl between 0 and 1, got ${String(refreshAhead)}`,
      )
    }
  }
  const swr = checkFreshness(staleWhileRevalidate, ttl, cache)
  const ifError = (staleIfError as number | undefined) || 0
  const ahead = (refreshAhead as number | undefined) ?? 0
  if (!swr && !ifError && !ahead) return undefined
  const base = swr ?? checkFreshness(1, ttl, cache, ifError ? 'options.staleIfError' : 'options.refreshAhead')!
  return { ttl: base.ttl, window: swr ? swr.window : 0, ifError, ahead }
}
