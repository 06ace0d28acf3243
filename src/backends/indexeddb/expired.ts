// Finding and deleting one slice's expired records with few index reads. In Chromium an index is the slow part of a
// store on disk: deleting a record leaves its index entries behind, and each later read of the index walks over them
// (and checks every entry against the record it names). So a slice reads the `expires` index once, for keys only,
// and takes the records from the store itself, whose reads are cheap: one ranged read from the first key found to
// the last. Every expired record in that window goes, found or not, so neighbours in key order are one ranged delete
// even when they expired at different times.
import { EXPIRES } from './schema.js'
import { isLive, isStoredRecord, request } from './store.js'
import type { StoredRecord } from './store.js'
import { type Writes, recordSize } from './usage.js'

/** What a slice removed: how many records and about how many bytes they held; where the next may start. */
export interface Removed {
  removed: number
  bytes: number
  /** The expiry of the first record the index listed: no record expires sooner, then (see {@link removeExpired}). */
  from: number
}

/**
 * Removes, in the transaction of `writes`, up to about `limit` records that expired by `now`: those the `expires`
 * index lists first from the expiry `from` on, and any other expired record of pycached's between them in key order.
 * A record pycached did not write, or one that lives, stays and breaks a run. The next slice of a sweep may start
 * from the returned `from`: a record written since expires later than the clock read by then.
 */
export async function removeExpired(writes: Writes, limit: number, now: number, from = -Infinity): Promise<Removed> {
  const { store } = writes
  // Bounded below too: WebKit's getAllKeys on an upperBound-only range also returns keys whose `expiresAt` is null
  // (not in the index, as its count says). Starting at `from` steps over the index entries Chromium leaves behind
  // deleted records, which each read would walk again (no further than `now`: the clock may have gone back).
  const range = IDBKeyRange.bound(Math.min(from, now), now)
  const found = await request(store.index(EXPIRES).getAllKeys(range, limit))
  const keys = (found.filter((key) => typeof key === 'string') as string[]).sort((a, b) => (a < b ? -1 : 1))
  const others = found.filter((key) => typeof key !== 'string')
  const window = keys.length > 0 && IDBKeyRange.bound(keys[0]!, keys.at(-1)!)
  // One round trip: the window's keys and records (in the same order), and the records at keys that are not strings.
  const [listed, records, otherRecords]: [IDBValidKey[], unknown[], unknown[]] = await Promise.all([
    window ? request(store.getAllKeys(window, 2 * limit)) : [],
    window ? request(store.getAll(window, 2 * limit)) : [],
    Promise.all(others.map((key) => request(store.get(key)))),
  ])
  const removed: Removed = { removed: 0, bytes: 0, from }
  // The first record the index listed, as read (when it is in the window or at a key that is not a string).
  const head = found[0]
  const first: unknown = typeof head === 'string' ? records[listed.indexOf(head)] : otherRecords[0]
  if (isStoredRecord(first) && typeof first.expiresAt === 'number') removed.from = first.expiresAt
  const gone = (record: unknown): record is StoredRecord => {
    if (!isStoredRecord(record) || isLive(record, now)) return false
    removed.removed++
    removed.bytes += recordSize(record)
    return true
  }
  others.forEach((key, i) => gone(otherRecords[i]) && writes.delete(key, otherRecords[i]))
  // Runs of expired records next to each other in the window.
  let start = 0
  for (let i = 0; i <= listed.length; i++) {
    if (i < listed.length && gone(records[i])) continue
    if (i - start > 1) writes.deleteRun(listed[start] as string, listed[i - 1] as string, records.slice(start, i))
    else if (i - start === 1) writes.delete(listed[start]!, records[start])
    start = i + 1
  }
  // A window cut short by many records between the found ones, which removed less than the index listed: the found
  // keys past it are read one by one (where most of the window went, they are the next slice's).
  const last = listed.at(-1)
  const cut = listed.length === 2 * limit && removed.removed < keys.length && typeof last === 'string'
  const past = cut ? keys.filter((key) => key > last) : []
  const pastRecords = await Promise.all(past.map((key) => request(store.get(key))))
  past.forEach((key, i) => gone(pastRecords[i]) && writes.delete(key, pastRecords[i]))
  return removed
}
