import { promisifyRequest } from 'idb-keyval'

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

/** Resolves when a write transaction has committed, rejects when it aborted. */
export const committed = promisifyRequest as unknown as (transaction: IDBTransaction) => Promise<void>

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
