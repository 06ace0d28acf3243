// Giving up the records a store can lose first, in one short transaction: expired ones (through the `expires`
// index) when asked, then the least recently used (through the `used` index, oldest `usedAt` first), until a
// stopping rule says enough. Bounds (`bound.ts`) and writes at the quota (`capacity.ts`) both give up this way.
import { EXPIRES, USED } from './schema.js'
import { type Found, deleteFound } from './runs.js'
import { isLive, isStoredRecord, request } from './store.js'
import { type Writes, recordSize } from './usage.js'

/** What a slice gave up: how many expired records, the keys of the live ones, and about how many bytes they held. */
export interface Given {
  expired: number
  keys: string[]
  bytes: number
}

/** Up to `limit` records of `index` over `range`, in index order, with their keys; only pycached's. */
export async function oldestOf(
  store: IDBObjectStore,
  index: string,
  range: IDBKeyRange,
  limit: number,
): Promise<Found[]> {
  // Both in index order, so the i-th key is the i-th record's.
  const [keys, records] = await Promise.all([
    request(store.index(index).getAllKeys(range, limit)),
    request(store.index(index).getAll(range, limit)),
  ])
  const found: Found[] = []
  records.forEach((record: unknown, i) => {
    if (isStoredRecord(record)) found.push([keys[i]!, record])
  })
  return found
}

/**
 * Gives up, in the transaction of `writes`, up to `limit` records: with `expiredFirst` the expired ones first, then
 * the least recently used; before each one, `enough(given)` may stop it. A record without `usedAt` (written before
 * the `used` index) is in neither index and never given up, nor is the marker or the usage record.
 */
export async function giveUpOldest(
  writes: Writes,
  limit: number,
  enough: (given: Given) => boolean,
  expiredFirst = false,
): Promise<Given> {
  const now = Date.now()
  const given: Given = { expired: 0, keys: [], bytes: 0 }
  if (limit <= 0 || enough(given)) return given
  // Bounded below: WebKit's getAll on a range open below also returns records outside the index.
  const [expired, used] = await Promise.all([
    expiredFirst ? oldestOf(writes.store, EXPIRES, IDBKeyRange.bound(-Infinity, now), limit) : [],
    oldestOf(writes.store, USED, IDBKeyRange.lowerBound(-Infinity), limit),
  ])
  const seen = new Set<IDBValidKey>()
  const gone: Found[] = []
  for (const [key, record] of [...expired, ...used]) {
    if (gone.length >= limit || enough(given)) break
    if (seen.has(key)) continue
    seen.add(key)
    gone.push([key, record])
    given.bytes += recordSize(record)
    if (isLive(record, now)) given.keys.push(String(key))
    else given.expired++
  }
  await deleteFound(writes, gone)
  return given
}
