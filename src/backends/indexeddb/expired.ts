// Finding and deleting one slice's expired records with few index reads. In Chromium an index is the slow part of a
// store on disk: deleting a record leaves its index entries behind, and each later read of the index walks over them
// (and checks every entry against the record it names). So a slice reads the `expires` index once, for keys only,
// from the expiry the last slice ended at, and takes the records from the store itself, whose reads are cheap: one
// ranged read from the first key found to the last. It deletes only what the index listed, neighbours in key order in
// one ranged delete: a record deleted before the index lists it would leave its entry ahead of the next slice's read,
// to be walked over by every read from that expiry on (on disk, reads of 60 ms and more, and slices that long).
import { EXPIRES } from './schema.js'
import { isLive, isStoredRecord, request } from './store.js'
import { type Found, deleteFound } from './runs.js'
import { type Writes, recordSize } from './usage.js'

/** What a slice removed: how many records and about how many bytes they held; where the next may start. */
export interface Removed {
  removed: number
  bytes: number
  /** The expiry of the last record the index listed: every record that expires sooner is gone (see {@link removeExpired}). */
  from: number
}

/**
 * Removes, in the transaction of `writes`, up to `limit` records that expired by `now`: those the `expires` index
 * lists first from the expiry `from` on. A record pycached did not write stays, and any record between two listed
 * ones breaks their run. The next slice of a sweep may start from the returned `from`: a record written since
 * expires later than the clock read by then.
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
  // The last record the index listed, as read (when it is in the window or at a key that is not a string): every
  // record the index lists before it goes in this slice, so the next one starts at its expiry, past their entries.
  const tail = found.at(-1)
  const last: unknown = typeof tail === 'string' ? records[listed.indexOf(tail)] : otherRecords.at(-1)
  if (isStoredRecord(last) && typeof last.expiresAt === 'number') removed.from = last.expiresAt
  // Only what the index listed goes: a record deleted before the index lists it would leave its index entry ahead
  // of the next slice, which Chromium's reads walk.
  const gone: Found[] = []
  const take = (key: IDBValidKey, record: unknown): void => {
    if (!isStoredRecord(record) || isLive(record, now)) return
    removed.removed++
    removed.bytes += recordSize(record)
    gone.push([key, record])
  }
  others.forEach((key, i) => take(key, otherRecords[i]))
  const wanted = new Set<IDBValidKey>(keys)
  listed.forEach((key, i) => wanted.has(key) && take(key, records[i]))
  // Neighbours in the window's listing go in one ranged delete, queued before the reads below.
  await deleteFound(writes, gone.splice(0), listed)
  // A window cut short by many records between the found ones, which removed less than the index listed: the found
  // keys past it are read one by one (where most of the window went, they are the next slice's), and go one by one.
  const end = listed.at(-1)
  const cut = listed.length === 2 * limit && removed.removed < keys.length && typeof end === 'string'
  const past = cut ? keys.filter((key) => key > end) : []
  const pastRecords = await Promise.all(past.map((key) => request(store.get(key))))
  past.forEach((key, i) => take(key, pastRecords[i]))
  await deleteFound(writes, gone, listed)
  return removed
}
