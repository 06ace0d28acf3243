// Deleting records found through an index in few requests: sorted by key, records with no other record between
// them (a run) go in one ranged delete, however many it holds; the others one by one. A delete request costs about
// as much as the record it removes, so a run of a thousand costs about one record's.
import type { StoredRecord } from './store.js'
import { request } from './store.js'
import type { Writes } from './usage.js'

/** A record found to delete: its key (as the store holds it) and its record. */
export type Found = readonly [key: IDBValidKey, record: StoredRecord]

/**
 * Deletes every `found` record, in the transaction of `writes`: one read lists the store's keys from the first
 * found to the last (at most twice as many keys as were found, so it stays short), and each run of found records
 * with no other key between them goes in one ranged delete. Records past the listing go one by one.
 */
export async function deleteFound(writes: Writes, found: readonly Found[]): Promise<void> {
  const ours = found.filter(([key]) => typeof key === 'string') as (readonly [string, StoredRecord])[]
  for (const [key, record] of found) if (typeof key !== 'string') writes.delete(key, record)
  ours.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (ours.length < 2) {
    for (const [key, record] of ours) writes.delete(key, record)
    return
  }
  const range = IDBKeyRange.bound(ours[0]![0], ours.at(-1)![0])
  const listed = (await request(writes.store.getAllKeys(range, 2 * ours.length))) as IDBValidKey[]
  let at = 0
  let start = 0
  const end = (last: number) => {
    if (last === start) writes.delete(ours[start]![0], ours[start]![1])
    else if (last > start)
      writes.deleteRun(
        ours[start]![0],
        ours[last]![0],
        ours.slice(start, last + 1).map(([, record]) => record),
      )
  }
  for (let i = 0; i < ours.length; i++) {
    const key = ours[i]![0]
    let between = false
    // Keys listed before this one are not found ones: a run cannot go across them.
    while (at < listed.length && typeof listed[at] === 'string' && (listed[at] as string) < key) {
      between = true
      at++
    }
    const listedHere = at < listed.length && listed[at] === key
    if (!listedHere) {
      // Past the listing (or not in the store any more): nothing is known of what lies before it.
      end(i - 1)
      for (const [rest, record] of ours.slice(i)) writes.delete(rest, record)
      return
    }
    at++
    if (between) {
      end(i - 1)
      start = i
    }
  }
  end(ours.length - 1)
}
