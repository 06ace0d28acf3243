import { BackendError, type BackendErrorReason, CacheError, SerializationError } from '../../core/errors.js'
import { openStore } from './schema.js'

/** How a connection ended under a backend: the database is being deleted, the browser closed it, or another page upgrades it. */
export type ConnectionLoss = 'deleted' | 'closed' | 'changed'

/** What an {@link IndexedDBConnection} tells its backend. */
export interface ConnectionEvents {
  /** A connection opened on the store whose marker has id `marker`. */
  opened(marker: string): void
  /** The open connection was taken away: the next command opens a new one. */
  lost(how: ConnectionLoss): void
}

// Errors of the browser refusing to open the database at all (no connection was made).
const openFailures = new WeakSet<object>()

/** Whether `error` is a command's failure because the browser refused to open the database (IndexedDB unusable here). */
export function isOpenFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && openFailures.has(error)
}

function domName(error: unknown): string | undefined {
  // DOMException is a global wherever IndexedDB is (browsers, workers, Node ≥ 17).
  return error instanceof DOMException ? error.name : undefined
}

/** Why an IndexedDB operation failed, from its error; `lost`: its connection was taken away while it ran. */
export function reasonOf(error: unknown, lost = false): BackendErrorReason | undefined {
  const name = domName(error)
  const message = error instanceof Error ? error.message : ''
  if (name === 'QuotaExceededError') return 'capacity'
  if (lost || name === 'InvalidStateError' || name === 'TransactionInactiveError') return 'connection'
  // WebKit: "Connection to Indexed Database server lost"; Chromium and Firefox: "The database connection is closing".
  if ((name === 'UnknownError' || name === 'AbortError') && /connection|closing|closed|lost/i.test(message))
    return 'connection'
  // Chromium reports unreadable (corrupted or missing) backing files as UnknownError, Firefox as NotReadableError.
  if (name === 'UnknownError' || name === 'NotReadableError') return 'corruption'
  if (name === 'NotFoundError' || name === 'SecurityError' || name === 'VersionError') return 'unavailable'
  return undefined
}

/** Library errors and argument errors pass as they are; storage failures become `BackendError`s with a reason. */
export function toCacheError(error: unknown, what: string, reason = reasonOf(error)): unknown {
  if (error instanceof CacheError || error instanceof TypeError || error instanceof RangeError) return error
  if (domName(error) === 'DataCloneError') {
    return new SerializationError(`IndexedDB cannot store the value: ${(error as Error).message}`, { cause: error })
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return new BackendError(`IndexedDB ${what} failed: ${text}`, { cause: error, reason })
}

function abort(transaction: IDBTransaction): void {
  try {
    transaction.abort()
  } catch {
    // Already finished or aborted: nothing left to undo.
  }
}

/**
 * The lazily opened connection to one object store. It closes at once when another page asks for a version change
 * (so that upgrade is never blocked) and reopens on the next command; a command that finds the connection closing
 * or lost reopens and runs again once when that cannot apply it twice, and one that finds its store missing (another
 * page's upgrade removed it) recreates it first.
 */
export class IndexedDBConnection {
  readonly #dbName: string
  readonly #storeName: string
  readonly #events: ConnectionEvents
  readonly #lost = new WeakSet<IDBDatabase>()
  #opening: Promise<IDBDatabase> | undefined
  #current: IDBDatabase | undefined

  constructor(dbName: string, storeName: string, events: ConnectionEvents) {
    this.#dbName = dbName
    this.#storeName = storeName
    this.#events = events
  }

  /**
   * Runs `body` in one transaction of `mode`; if `body` throws, the transaction is aborted, so nothing of it is
   * written. A connection found closing before the transaction began is reopened and the command runs again; one
   * lost while it ran is reopened too, and the command runs again only when `idempotent` (running it twice does what
   * running it once does). Either happens once.
   */
  async run<T>(
    mode: IDBTransactionMode,
    what: string,
    body: (store: IDBObjectStore) => T | Promise<T>,
    idempotent = true,
  ): Promise<T> {
    for (let again = false; ; again = true) {
      let db: IDBDatabase | undefined
      let started = false
      try {
        db = await this.#db()
        const transaction = db.transaction(this.#storeName, mode)
        started = true
        try {
          return await body(transaction.objectStore(this.#storeName))
        } catch (error) {
          abort(transaction)
          throw error
        }
      } catch (error) {
        const reason = db ? reasonOf(error, this.#lost.has(db)) : (reasonOf(error) ?? 'unavailable')
        const missing = db !== undefined && !started && domName(error) === 'NotFoundError'
        if (reason === 'connection' || missing) this.#forget(db)
        if (!again && (missing || (reason === 'connection' && (!started || idempotent)))) continue
        const failure = toCacheError(error, what, reason)
        if (!db && !(error instanceof CacheError) && typeof failure === 'object' && failure) openFailures.add(failure)
        throw failure
      }
    }
  }

  /** Closes the connection; the next command opens a new one. */
  close(): void {
    this.#forget(this.#current)
    this.#opening = undefined
  }

  #db(): Promise<IDBDatabase> {
    return (this.#opening ??= this.#open())
  }

  async #open(): Promise<IDBDatabase> {
    try {
      const { db, marker } = await openStore(this.#dbName, this.#storeName)
      this.#current = db
      db.onversionchange = (event) => {
        this.#forget(db)
        this.#events.lost(event.newVersion === null ? 'deleted' : 'changed')
      }
      // The browser closed it: storage cleared, the disk gone, or (WebKit) a background tab's server connection lost.
      db.onclose = () => {
        this.#forget(db)
        this.#events.lost('closed')
      }
      this.#events.opened(marker)
      return db
    } catch (error) {
      this.#opening = undefined
      throw error
    }
  }

  #forget(db: IDBDatabase | undefined): void {
    if (db === undefined || db === this.#current) {
      this.#opening = undefined
      this.#current = undefined
    }
    if (!db) return
    this.#lost.add(db)
    db.close()
  }
}
