import { createStore, promisifyRequest, type UseStore } from 'idb-keyval'
import { BackendError, CacheError, SerializationError } from '../core/errors.js'

/** What pycached writes for every entry; anything else found in the store is not ours. */
export interface StoredRecord {
  /** Marks the record as pycached's, and its format version. */
  pycached: 1
  /** The stored (serialized) value. */
  value: unknown
  /** Absolute expiry (epoch ms), or `null` for never. */
  expiresAt: number | null
  /** The tags it was written with (the store's `tags` index, multiEntry, reads them); absent without tags. */
  tags?: string[]
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
 * The key range of every key starting with `prefix` (`undefined`: the whole store); with `after`, only the keys
 * after that one.
 */
export function prefixRange(prefix: string, after?: string): IDBKeyRange | undefined {
  const open = after !== undefined
  if (prefix === '') return open ? IDBKeyRange.lowerBound(after, true) : undefined
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

function isDomException(error: unknown, name: string): boolean {
  // DOMException is a global wherever IndexedDB is (browsers, workers, Node ≥ 17).
  return error instanceof DOMException && error.name === name
}

/** Library errors and argument errors pass as they are; storage failures become `BackendError`s. */
export function toCacheError(error: unknown, what: string): unknown {
  if (error instanceof CacheError || error instanceof TypeError || error instanceof RangeError) return error
  if (isDomException(error, 'DataCloneError')) {
    return new SerializationError(`IndexedDB cannot store the value: ${(error as Error).message}`, { cause: error })
  }
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return new BackendError(`IndexedDB ${what} failed: ${reason}`, { cause: error })
}

/**
 * The lazily opened connection to one object store, through idb-keyval. Reopens after the browser closed
 * the connection or another page asked for a version change.
 */
export class IndexedDBConnection {
  readonly #dbName: string
  readonly #storeName: string
  #store: UseStore | undefined

  constructor(dbName: string, storeName: string) {
    this.#dbName = dbName
    this.#storeName = storeName
  }

  /**
   * Runs `body` in one transaction of `mode`. If `body` throws, the transaction is aborted, so nothing of it
   * is written. A connection found closed is reopened once.
   */
  async run<T>(mode: IDBTransactionMode, what: string, body: (store: IDBObjectStore) => T | Promise<T>): Promise<T> {
    for (let retried = false; ; retried = true) {
      try {
        return await this.#attempt(mode, body)
      } catch (error) {
        if (retried || !isDomException(error, 'InvalidStateError')) throw toCacheError(error, what)
        this.#store = undefined
      }
    }
  }

  /** Forgets the connection; the next command opens a new one. */
  close(): void {
    const store = this.#store
    this.#store = undefined
    if (store) void store('readonly', (s) => s.transaction.db.close()).catch(() => {})
  }

  #attempt<T>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => T | Promise<T>): Promise<T> {
    this.#store ??= createStore(this.#dbName, this.#storeName)
    return this.#store(mode, async (store) => {
      const db = store.transaction.db
      if (!db.onversionchange) {
        // Another page wants a new version: step aside so it is not blocked, and reopen on the next command.
        db.onversionchange = () => {
          db.close()
          this.#store = undefined
        }
        db.onclose = () => (this.#store = undefined)
      }
      try {
        return await body(store)
      } catch (error) {
        abort(store.transaction)
        throw error
      }
    })
  }
}

function abort(transaction: IDBTransaction): void {
  try {
    transaction.abort()
  } catch {
    // Already finished or aborted: nothing left to undo.
  }
}
