// What a staleWhileRevalidate wrapper stores: the result with the moment it stops being fresh, so every context
// that reads the entry (another tab, another process, a faster tier) agrees on its age.
import type { Cache } from '../core/cache.js'
import { assertDuration } from '../core/validate.js'

/** The stored form of a result under `staleWhileRevalidate`: the value and when it stops being fresh (epoch ms). */
export interface FreshEntry<V = unknown> {
  /** The function's result. */
  value: V
  /** Epoch ms at which the result turns stale: when it was stored plus `ttl`. */
  freshUntil: number
}

/** The stale-while-revalidate rule of one wrapper: how long results stay fresh, then how long stale. */
export interface Freshness {
  /** Ms a stored result is fresh. */
  readonly ttl: number
  /** Ms after `ttl` during which the stale result is served while one refresh runs. */
  readonly window: number
  /** Ms after `ttl` during which a failing function answers the stale result instead (`staleIfError`). */
  readonly ifError?: number
  /** The last fraction of `ttl` in which a hit starts a background refresh (`refreshAhead`). */
  readonly ahead?: number
}

/** Wraps `value` for storage, fresh for `ttl` ms from `now`. */
export function freshEntry<V>(value: V, ttl: number, now = Date.now()): FreshEntry<V> {
  return { value, freshUntil: now + ttl }
}

/** Whether a stored value is a {@link FreshEntry}. */
export function isFreshEntry(stored: unknown): stored is FreshEntry {
  return (
    typeof (stored as FreshEntry | null)?.freshUntil === 'number' &&
    Object.hasOwn(stored as object, 'value') &&
    Object.keys(stored as object).length === 2
  )
}

/** A stored result as a wrapper reads it back. */
export interface ReadBack {
  /** The function's result. */
  value: unknown
  /** Whether it is still within its `ttl`. */
  fresh: boolean
  /** Ms since it turned stale (0 while fresh). */
  staleFor: number
  /** When it turns (or turned) stale, epoch ms; `-Infinity` for a value stored without freshness. */
  freshUntil: number
}

/**
 * Reads what a wrapper stored. A value stored without freshness (by a wrapper without `staleWhileRevalidate`, or
 * by hand) counts as stale since always: it is served once and refreshed.
 */
export function readBack(stored: unknown, now = Date.now()): ReadBack {
  const { value, freshUntil } = isFreshEntry(stored) ? stored : { value: stored, freshUntil: -Infinity }
  return { value, fresh: now < freshUntil, staleFor: Math.max(0, now - freshUntil), freshUntil }
}

/**
 * Checks the `staleWhileRevalidate` option against the rest and returns the rule, or `undefined` when the option
 * is absent or `0`. It needs a finite `ttl` (the option's or the cache's), and a serializer that stores plain
 * objects, since the result is stored with its freshness.
 */
export function checkFreshness(
  window: unknown,
  ttl: number | undefined,
  cache: Cache,
  name = 'options.staleWhileRevalidate',
): Freshness | undefined {
  if (window === undefined) return undefined
  assertDuration(window, name)
  if (window === Infinity) throw new RangeError(`${name} must be finite`)
  const fresh = ttl ?? cache.defaultTtl
  if (!window) return undefined
  if (!fresh || fresh === Infinity) throw new TypeError(`${name} needs a finite ttl (options.ttl or the cache's)`)
  let kept: unknown
  try {
    kept = cache.serializer.loads(cache.serializer.dumps(freshEntry(0, 0, 1)))
  } catch {
    // A serializer that throws on the probe keeps nothing either.
  }
  if (!isFreshEntry(kept) || kept.freshUntil !== 1) {
    throw new TypeError(`${name} stores { value, freshUntil } objects, which the cache's serializer does not keep`)
  }
  return { ttl: fresh, window }
}
