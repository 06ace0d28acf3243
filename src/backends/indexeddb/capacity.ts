// Making room when the origin's quota is full: expired records go first, then the least recently used ones
// (through the `used` index), in short slices, until about what the failed write needs is free, never the whole
// store.
import { BackendError } from '../../core/errors.js'
import type { IndexedDBConnection } from './connection.js'
import { USED } from './schema.js'
import { committed, isStoredRecord, request } from './store.js'
import type { Swept } from './sweep.js'
import { Writes, recordSize } from './usage.js'

/** What was given up to make room. */
export interface Freed {
  /** Keys of the least recently used records given up. */
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
  const freed: Freed = { keys: [], bytes: 0 }
  const total = await connection.run('readonly', 'evict', (store) => request(store.index(USED).count()))
  const most = Math.floor(total / 2)
  while (freed.bytes < needed && freed.keys.length < most) {
    const limit = Math.min(SLICE, most - freed.keys.length)
    const removed = await connection.run('readwrite', 'evict', async (store) => {
      const writes = new Writes(store, counted)
      const index = store.index(USED)
      // Bounded: WebKit's getAll on an open range also returns records outside the index.
      const range = IDBKeyRange.lowerBound(-Infinity)
      const [keys, records] = await Promise.all([
        request(index.getAllKeys(range, limit)),
        request(index.getAll(range, limit)),
      ])
      const gone: [string, number][] = []
      records.forEach((record: unknown, i) => {
        if (freed.bytes + gone.reduce((sum, [, bytes]) => sum + bytes, 0) >= needed) return
        if (!isStoredRecord(record)) return
        const key = String(keys[i])
        writes.delete(key, record)
        gone.push([key, recordSize(record)])
      })
      await writes.settle()
      await committed(store.transaction)
      return gone
    })
    if (removed.length === 0) break
    for (const [key, bytes] of removed) {
      freed.keys.push(key)
      freed.bytes += bytes
    }
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
      ? { keys: [], bytes: 0 }
      : await giveUpLeastRecentlyUsed(room.connection, target - swept.bytes, room.counted)
  const gaveUp = swept.removed > 0 || freed.keys.length > 0
  if (gaveUp) room.report(swept.removed, freed)
  try {
    // Nothing given up: running it again would fail the same way.
    if (!gaveUp) throw first
    return await run()
  } catch (error) {
    if (!isFull(error)) throw error
    const gave = `${swept.removed} expired and ${freed.keys.length} least recently used entries (about ${swept.bytes + freed.bytes} bytes)`
    throw new BackendError(
      `IndexedDB ${what} failed: QuotaExceededError: the write needs about ${needed} bytes; ${gave} were given up and it still does not fit`,
      { cause: error.cause, reason: 'capacity' },
    )
  }
}
