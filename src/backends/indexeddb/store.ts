import { promisifyRequest } from 'idb-keyval'
import { expiresAtFor } from '../backend.js'
import type { Writes } from './usage.js'

/** What pycached writes for every entry; anything else found in the store is not ours. */
export interface StoredRecord {
  /** Marks the record as pycached's, and its format version. */
  pycached: 1
  /** The stored (serialized) value. */
  value: unknown
  /** Absolute expiry (epoch ms), or `null` for never (then the record is not in the `expires` index). */
  expiresAt: number | null
  /** Tags the record was written with (the multiEntry `tags` index); absent when none. */
  tags?: string[]
  /** When the record was last written (epoch ms; the `used` index); absent in records of earlier releases. */
  usedAt?: number
  /** About how many bytes the record takes (its value and key), counted when it was written. */
  size?: number
}

/** Whether `record` is a record pycached wrote. */
export function isStoredRecord(record: unknown): record is StoredRecord {
  return (
    typeof record === 'object' &&
    record !== null &&
    (record as StoredRecord).pycached === 1 &&
    'value' in record &&
    (typeof (record as StoredRecord).expiresAt === 'number' || (record as StoredRecord).expiresAt === null)
  )
}

/**
 * Commits `transaction` now, resolving once it has committed (rejecting when it aborted). The requests already
 * queued run first; committing at once saves the round trip in which the transaction would wait for their results
 * to reach the page before committing by itself.
 */
export function committed(transaction: IDBTransaction): Promise<void> {
  const done = promisifyRequest(transaction as unknown as IDBRequest<void>)
  try {
    transaction.commit()
  } catch {
    // No longer active (it is committing already, or aborted): it finishes by itself.
  }
  return done
}

/** Resolves with a request's result. */
export const request = promisifyRequest

/** Walks a cursor, calling `visit` for every record, until the end or until `visit` returns `false`. */
export function walk(
  cursor: IDBRequest<IDBCursorWithValue | null>,
  visit: (current: IDBCursorWithValue) => boolean | void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    cursor.onerror = () => reject(cursor.error)
    cursor.onsuccess = () => {
      const current = cursor.result
      if (!current || visit(current) === false) return resolve()
      current.continue()
    }
  })
}

/**
 * The key range of every string key starting with `prefix` (`''`: every one); with `after`, only the keys
 * after that one.
 */
export function prefixRange(prefix: string, after?: string): IDBKeyRange {
  const open = after !== undefined
  // Every string key (the marker's number key sorts before them all).
  if (prefix === '') return IDBKeyRange.lowerBound(after ?? '', open)
  const last = prefix.charCodeAt(prefix.length - 1)
  // The first string after every string with this prefix: the prefix with its last code unit bumped.
  const bumped = last < 0xffff
  return IDBKeyRange.bound(
    after ?? prefix,
    bumped ? prefix.slice(0, -1) + String.fromCharCode(last + 1) : prefix + '\uffff',
    open,
    bumped,
  )
}

/** A record of pycached for `value` expiring at `expiresAt` (`null`: never), written now. */
export function recordUntil(
  value: unknown,
  expiresAt: number | null,
  tags?: readonly string[],
  now = Date.now(),
): StoredRecord {
  return tags
    ? { pycached: 1, value, expiresAt, usedAt: now, tags: [...tags] }
    : { pycached: 1, value, expiresAt, usedAt: now }
}

/** A record of pycached for `value` with `ttl` from `now`. */
export function record(
  value: unknown,
  ttl: number | undefined,
  now = Date.now(),
  tags?: readonly string[],
): StoredRecord {
  return recordUntil(value, expiresAtFor(ttl, now) ?? null, tags, now)
}

/** The tags of a record, when it has a well-formed list of them. */
export function tagsOf(stored: StoredRecord): readonly string[] | undefined {
  const { tags } = stored
  return Array.isArray(tags) && tags.every((tag) => typeof tag === 'string') ? tags : undefined
}

/** Whether a record has not expired at `now`. */
export function isLive(stored: StoredRecord, now: number): boolean {
  return stored.expiresAt === null || stored.expiresAt > now
}

/** Removes, in the transaction of `writes`, every record written with one of `tags`; resolves to the live keys removed. */
export async function removeTagged(writes: Writes, tags: readonly string[]): Promise<string[]> {
  const { store } = writes
  const now = Date.now()
  const removed = new Set<string>()
  const visit = (current: IDBCursorWithValue) => {
    const stored: unknown = current.value
    if (!isStoredRecord(stored) || !tagsOf(stored)?.some((tag) => tags.includes(tag))) return
    writes.delete(String(current.primaryKey), stored)
    if (isLive(stored, now)) removed.add(String(current.primaryKey))
  }
  if (store.indexNames.contains('tags')) {
    const index = store.index('tags')
    for (const tag of tags) await walk(index.openCursor(IDBKeyRange.only(tag)), visit)
  } else await walk(store.openCursor(), visit)
  return [...removed]
}

/** `raw`: calls the `IDBObjectStore` method `command` with `args`, resolves its request, and waits for the commit. */
export async function callStore(store: IDBObjectStore, command: string, args: unknown[]): Promise<unknown> {
  const member: unknown = Reflect.get(store, command)
  if (typeof member !== 'function') {
    throw new TypeError(`raw: command must name an IDBObjectStore method, got ${JSON.stringify(command)}`)
  }
  const result: unknown = Reflect.apply(member, store, args)
  const value = result instanceof IDBRequest ? await request(result) : result
  await committed(store.transaction)
  return value
}
