// Making room when the origin's quota is full: expired records go first, then the least recently used ones
// (through the `used` index), in short slices, until about what the failed write needs is free, never the whole
// store.
import { BackendError } from '../../core/errors.js'
import type { IndexedDBConnection } from './connection.js'
import { type Given, giveUpOldest } from './oldest.js'
import { USED } from './schema.js'
import { committed, request } from './store.js'
import type { Swept } from './sweep.js'
import { Writes } from './usage.js'

/** What was given up to make room. */
export interface Freed {
  /** How many of the records given up had expired (found through the `used` index after the sweep). */
  expired: number
  /** Keys of the live least recently used records given up. */
  keys: string[]
  /** About how many bytes they held. */
  bytes: number
}

// Records per slice when giving up least recently used ones.
const SLICE = 64

/**
 * Gives up least recently used records (oldest `usedAt` first) until about `needed` bytes are free, in slices of
 * one short transaction each. It never gives up more than half of the store's records, nor the marker, nor a
 * record written before the `used` index (it has no `usedAt`).
 */
export async function giveUpLeastRecentlyUsed(
  connection: IndexedDBConnection,
  needed: number,
  counted: boolean,
): Promise<Freed> {
  const freed: Freed = { expired: 0, keys: [], bytes: 0 }
  const total = await connection.run('readonly', 'evict', (store) => request(store.index(USED).count()))
  const most = Math.floor(total / 2)
  let count = 0
  while (freed.bytes < needed && count < most) {
    const given = await connection.run('readwrite', 'evict', async (store) => {
      const writes = new Writes(store, counted)
      const enough = (slice: Given) => freed.bytes + slice.bytes >= needed
      const slice = await giveUpOldest(writes, Math.min(SLICE, most - count), enough)
      await writes.settle()
      await committed(store.transaction)
      return slice
    })
    const gone = given.expired + given.keys.length
    if (gone === 0) break
    count += gone
    freed.expired += given.expired
    freed.keys.push(...given.keys)
    freed.bytes += given.bytes
  }
  return freed
}

const isFull = (error: unknown): error is BackendError => error instanceof BackendError && error.reason === 'capacity'

/**
 * Runs the write `run`; when the quota refuses it, gives up expired records (`sweep`), then least recently used ones
 * until about `needed` bytes are free (never more, never the whole store), tells `report`, and runs it once more. If
 * it still does not fit, the `BackendError` says how much was asked and what was freed.
 */
export async function withRoom<T>(
  what: string,
  needed: number,
  run: () => Promise<T>,
  room: {
    connection: IndexedDBConnection
    counted: boolean
    sweep(): Promise<Swept>
    report(expired: number, freed: Freed): void
  },
): Promise<T> {
  let first: BackendError
  try {
    return await run()
  } catch (error) {
    if (!isFull(error)) throw error
    first = error
  }
  const swept = await room.sweep()
  // On disk a record takes more than its value (the key, the record's fields, its index entries).
  const target = Math.ceil(needed * 1.5)
  const freed =
    swept.bytes >= target
      ? { expired: 0, keys: [], bytes: 0 }
      : await giveUpLeastRecentlyUsed(room.connection, target - swept.bytes, room.counted)
  const expired = swept.removed + freed.expired
  const gaveUp = expired > 0 || freed.keys.length > 0
  if (gaveUp) room.report(expired, freed)
  try {
    // Nothing given up: running it again would fail the same way.
    if (!gaveUp) throw first
    return await run()
  } catch (error) {
    if (!isFull(error)) throw error
    const gave = `${expired} expired and ${freed.keys.length} least recently used entries (about ${swept.bytes + freed.bytes} bytes)`
    throw new BackendError(
      `IndexedDB ${what} failed: QuotaExceededError: the write needs about ${needed} bytes; ${gave} were given up and it still does not fit`,
      { cause: error.cause, reason: 'capacity' },
    )
  }
}
