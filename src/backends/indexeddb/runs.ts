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
 * next to each other in that listing goes in one ranged delete. Records past the listing go one by one. `listing`:
 * the store's keys in order from the first found key or before it, when the caller has read them already.
 */
export async function deleteFound(
  writes: Writes,
  found: readonly Found[],
  listing?: readonly IDBValidKey[],
): Promise<void> {
  for (const [key, record] of found) if (typeof key !== 'string') writes.delete(key, record)
  const ours = (found.filter(([key]) => typeof key === 'string') as [string, StoredRecord][]).sort(([a], [b]) =>
    a < b ? -1 : 1,
  )
  const range = !listing && ours.length > 1 && IDBKeyRange.bound(ours[0]![0], ours.at(-1)![0])
  const listed = listing ?? (range ? await request(writes.store.getAllKeys(range, 2 * ours.length)) : [])
  const at = new Map(listed.map((key, i) => [key, i]))
  let start = 0
  for (let i = 1; i <= ours.length; i++) {
    // The run goes on while the next found key is the next key listed (an unlisted one stands alone).
    const last = ours[i - 1]![0]
    if (i < ours.length && at.has(last) && at.get(ours[i]![0]) === at.get(last)! + 1) continue
    if (i - 1 > start)
      writes.deleteRun(
        ours[start]![0],
        last,
        ours.slice(start, i).map(([, record]) => record),
      )
    else writes.delete(last, ours[start]![1])
    start = i
  }
}
