import { BackendError } from '../core/errors.js'
import {
  type Backend,
  type Codec,
  type ScanPage,
  type StoredEntry,
  expiresAtFor,
  loadCounter,
  remaining,
  sameStored,
} from './backend.js'
import {
  IndexedDBConnection,
  type StoredRecord,
  committed,
  isStoredRecord,
  prefixRange,
  request,
  walk,
} from './indexeddb-store.js'

/** Options of {@link IndexedDBBackend}. */
export interface IndexedDBBackendOptions {
  /** Database name; use one database per store. @default 'pycached' */
  dbName?: string
  /** Object store name. @default 'cache' */
  storeName?: string
  /** How often (ms, at most) a write also starts a background sweep of expired records. @default 60000 */
  sweepInterval?: number
}

/**
 * Dispatched by {@link IndexedDBBackend} (type `'invalidrecord'`) when the store holds a record pycached did not
 * write (or an older format). The record is treated as a miss and left untouched.
 */
export class InvalidRecordEvent extends Event {
  static readonly type = 'invalidrecord'
  constructor(
    /** The full key of the record. */
    readonly key: string,
    /** The record as found. */
    readonly record: unknown,
  ) {
    super(InvalidRecordEvent.type)
  }
}

function record(value: unknown, ttl: number | undefined, now = Date.now()): StoredRecord {
  return { pycached: 1, value, expiresAt: expiresAtFor(ttl, now) ?? null }
}

function isLive(stored: StoredRecord, now: number): boolean {
  return stored.expiresAt === null || stored.expiresAt > now
}

/**
 * A persistent backend on IndexedDB, through idb-keyval: entries survive reloads and browser restarts, and every
 * command runs in one transaction, so `multiSet` is all-or-nothing and `add`, `increment`, `expire` are atomic
 * across tabs. Works in pages, Web Workers and service workers. Each record carries its expiry.
 *
 * @example
 * const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'app', storeName: 'cache' }) })
 */
export class IndexedDBBackend extends EventTarget implements Backend {
  readonly name = 'indexeddb'
  /** Database name. */
  readonly dbName: string
  /** Object store name. */
  readonly storeName: string
  readonly #connection: IndexedDBConnection
  readonly #sweepInterval: number
  #nextSweep = 0

  constructor({ dbName = 'pycached', storeName = 'cache', sweepInterval = 60_000 }: IndexedDBBackendOptions = {}) {
    super()
    for (const [name, value] of Object.entries({ dbName, storeName })) {
      if (typeof value !== 'string' || value === '')
        throw new TypeError(`${name} must be a non-empty string, got ${String(value)}`)
    }
    if (typeof indexedDB === 'undefined') {
      throw new BackendError('IndexedDB is unavailable here (no globalThis.indexedDB)')
    }
    this.dbName = dbName
    this.storeName = storeName
    this.#sweepInterval = sweepInterval
    this.#connection = new IndexedDBConnection(dbName, storeName)
  }

  async get(key: string): Promise<unknown> {
    return (await this.#read('get', key))?.value
  }

  async multiGet(keys: readonly string[]): Promise<unknown[]> {
    return this.#connection.run('readonly', 'multiGet', async (store) => {
      const found = await Promise.all(keys.map((key) => request(store.get(key))))
      return found.map((stored, i) => this.#live(keys[i]!, stored)?.value)
    })
  }

  async set(key: string, value: unknown, ttl: number | undefined): Promise<void> {
    await this.#write('set', (store) => void store.put(record(value, ttl), key))
  }

  async multiSet(pairs: readonly (readonly [string, unknown])[], ttl: number | undefined): Promise<void> {
    const now = Date.now()
    await this.#write('multiSet', (store) => {
      for (const [key, value] of pairs) store.put(record(value, ttl, now), key)
    })
  }

  async add(key: string, value: unknown, ttl: number | undefined): Promise<boolean> {
    return this.#update('add', key, (stored, store) => {
      if (stored) return false
      store.put(record(value, ttl), key)
      return true
    })
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#read('exists', key)) !== undefined
  }

  async delete(key: string): Promise<number> {
    return this.#update('delete', key, (stored, store) => {
      store.delete(key)
      return stored ? 1 : 0
    })
  }

  async increment(key: string, delta: number, codec: Codec): Promise<number> {
    return this.#update('increment', key, (stored, store) => {
      const next = loadCounter(key, stored?.value, codec) + delta
      store.put(
        { pycached: 1, value: codec.dumps(next), expiresAt: stored?.expiresAt ?? null } satisfies StoredRecord,
        key,
      )
      return next
    })
  }

  async compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined): Promise<boolean> {
    return this.#update('compareAndSwap', key, (stored, store) => {
      if (!sameStored(stored?.value, expected)) return false
      if (value === undefined) store.delete(key)
      else store.put(record(value, ttl), key)
      return true
    })
  }

  async expire(key: string, ttl: number): Promise<boolean> {
    return this.#update('expire', key, (stored, store) => {
      if (!stored) return false
      store.put(record(stored.value, ttl), key)
      return true
    })
  }

  async ttl(key: string): Promise<number | undefined> {
    const stored = await this.#read('ttl', key)
    return stored && remaining(stored.expiresAt ?? undefined)
  }

  async scan(prefix: string): Promise<StoredEntry[]> {
    return this.#connection.run('readonly', 'scan', async (store) => {
      const now = Date.now()
      const found: StoredEntry[] = []
      // A cursor over the prefix's key range: only this namespace's records are ever read.
      await walk(store.openCursor(prefixRange(prefix)), (cursor) => {
        const key = String(cursor.key)
        const stored = this.#checked(key, cursor.value)
        if (stored && isLive(stored, now))
          found.push({ key, raw: stored.value, expiresAt: stored.expiresAt ?? undefined })
      })
      return found
    })
  }

  /** Pages go in key order: the cursor is the last key read, and a page is one bounded `getAll` after it. */
  async scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage> {
    return this.#connection.run('readonly', 'scanPage', async (store) => {
      const range = prefixRange(prefix, cursor)
      // Keys and values of the same range in the same transaction: the two lists line up.
      const [keys, values] = await Promise.all([
        request(store.getAllKeys(range, limit)),
        request(store.getAll(range, limit)),
      ])
      const now = Date.now()
      const entries: StoredEntry[] = []
      keys.forEach((key, i) => {
        const stored = this.#checked(String(key), values[i])
        if (stored && isLive(stored, now))
          entries.push({ key: String(key), raw: stored.value, expiresAt: stored.expiresAt ?? undefined })
      })
      return { entries, cursor: keys.length === limit ? String(keys[limit - 1]) : undefined }
    })
  }

  async peek(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    return this.#connection.run('readonly', 'peek', async (store) => {
      const found = await Promise.all(keys.map((key) => request(store.get(key))))
      return found.map((stored, i) => {
        const live = this.#live(keys[i]!, stored)
        return live && { key: keys[i]!, raw: live.value, expiresAt: live.expiresAt ?? undefined }
      })
    })
  }

  async clear(prefix: string): Promise<void> {
    const range = prefixRange(prefix)
    // Deleting by key range never loads the values.
    await this.#write('clear', (store) => void (range ? store.delete(range) : store.clear()), false)
  }

  /** Calls an `IDBObjectStore` method (e.g. `'count'`, `'getAllKeys'`) in a readwrite transaction; resolves its request. */
  async raw(command: string, ...args: unknown[]): Promise<unknown> {
    return this.#connection.run('readwrite', `raw ${command}`, async (store) => {
      const member: unknown = Reflect.get(store, command)
      if (typeof member !== 'function') {
        throw new TypeError(`raw: command must name an IDBObjectStore method, got ${JSON.stringify(command)}`)
      }
      const result: unknown = Reflect.apply(member, store, args)
      const value = result instanceof IDBRequest ? await request(result) : result
      await committed(store.transaction)
      return value
    })
  }

  async close(): Promise<void> {
    this.#connection.close()
  }

  /** Deletes every expired record, walking the store with a cursor in one readwrite transaction. */
  async sweep(): Promise<number> {
    return this.#write(
      'sweep',
      async (store) => {
        const now = Date.now()
        let removed = 0
        await walk(store.openCursor(), (current) => {
          const stored: unknown = current.value
          if (isStoredRecord(stored) && !isLive(stored, now)) {
            current.delete()
            removed++
          }
        })
        return removed
      },
      false,
    )
  }

  /** The live record of `key`, read in its own readonly transaction. */
  #read(what: string, key: string): Promise<StoredRecord | undefined> {
    return this.#connection.run('readonly', what, async (store) => this.#live(key, await request(store.get(key))))
  }

  /** Read-modify-write of one key in one readwrite transaction: `change` sees the live record (if any). */
  #update<T>(
    what: string,
    key: string,
    change: (stored: StoredRecord | undefined, store: IDBObjectStore) => T,
  ): Promise<T> {
    return this.#write(what, async (store) => change(this.#live(key, await request(store.get(key))), store))
  }

  /** Runs a readwrite `body` and resolves once its transaction committed. */
  async #write<T>(what: string, body: (store: IDBObjectStore) => T | Promise<T>, sweep = true): Promise<T> {
    const result = await this.#connection.run('readwrite', what, async (store) => {
      const value = await body(store)
      await committed(store.transaction)
      return value
    })
    if (sweep) this.#maybeSweep()
    return result
  }

  #maybeSweep(): void {
    const now = Date.now()
    if (now < this.#nextSweep) return
    this.#nextSweep = now + this.#sweepInterval
    // In the background: a sweep never delays the command that triggered it.
    setTimeout(() => void this.sweep().catch(() => {}))
  }

  /** The record if it is pycached's and live; otherwise `undefined` (an invalid one is reported). */
  #live(key: string, stored: unknown): StoredRecord | undefined {
    const checked = this.#checked(key, stored)
    return checked && isLive(checked, Date.now()) ? checked : undefined
  }

  #checked(key: string, stored: unknown): StoredRecord | undefined {
    if (stored === undefined) return undefined
    if (isStoredRecord(stored)) return stored
    this.dispatchEvent(new InvalidRecordEvent(key, stored))
    return undefined
  }
}
