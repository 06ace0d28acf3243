// How a TieredBackend stores and drops the copies its faster tiers hold.
// A copy never outlives its source: it takes the source's expiry, or for a write one measured from before the write.
import type { Backend, StoredEntry } from '../backend.js'

/** A stored value and its absolute expiry (`undefined`: never). */
export type Entry = Pick<StoredEntry, 'raw' | 'expiresAt'>

/** The absolute expiry of a write with `ttl`, taken before the write reaches the last tier. */
export function deadlineOf(ttl: number | undefined): number | undefined {
  return ttl === undefined || ttl === 0 || ttl === Infinity ? undefined : Date.now() + ttl
}

/**
 * The TTL a copy expiring at `deadline` gets now, a millisecond short, as the tier that takes it reads the clock
 * again and it may have ticked meanwhile: `undefined` for never, `0` when no time is left.
 */
export function left(deadline: number | undefined): number | undefined {
  return deadline === undefined ? undefined : Math.max(0, deadline - Date.now() - 1)
}

/** Stores a copy expiring at `deadline`; one with no time left is dropped instead (a TTL of 0 means never). */
export async function copyTo(tier: Backend, key: string, raw: unknown, deadline: number | undefined): Promise<void> {
  const remaining = left(deadline)
  await (remaining === 0 ? drop(tier, [key]) : tier.set(key, raw, remaining))
}

/** Removes `keys` from a faster tier; rejects when the tier failed to forget one (the caller reports it). */
export async function drop(tier: Backend, keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map((key) => tier.delete(key)))
}
