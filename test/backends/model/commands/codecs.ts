// Per-call serializers: a write with its own `dumps` and reads with their own `loads`, on the same keys as every
// other command. The call's codec wraps the cache's own serializer in an envelope, `{ v: value }`, so the model
// knows what a plain read finds after a wrapped write (the envelope) and what an unwrapping read finds after any
// write (the value inside, or the plain value marked as not wrapped).
import type { Cache } from '../../../../src/core/cache.js'

/** What a value is stored as by a wrapping write. */
export const envelope = (value: unknown): unknown => ({ v: value })

/** What an unwrapping read answers for what the cache's own `loads` gives: never `undefined`, which is a miss. */
export function unwrap(loaded: unknown): unknown {
  return loaded !== null && typeof loaded === 'object' && 'v' in loaded ? loaded.v : { unwrapped: loaded }
}

/** The per-call `dumps` of a wrapping write on `cache`. */
export const wrapping = (cache: Cache) => (value: unknown) => cache.serializer.dumps(envelope(value))

/** The per-call `loads` of an unwrapping read on `cache`. */
export const unwrapping = (cache: Cache) => (raw: unknown) => unwrap(cache.serializer.loads(raw))
