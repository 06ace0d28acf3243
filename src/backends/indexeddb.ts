import { BackendError } from '../core/errors.js'
import { assertDuration, assertKnownOptions } from '../core/validate.js'
import {
  type Backend,
  type BackendChannel,
  type ChannelHandlers,
  type Codec,
  type ScanPage,
  type StoredEntry,
  addToCounter,
  expiresAtFor,
  loadCounter,
  remaining,
  sameStored,
} from './backend.js'
import { openBroadcastChannel } from './broadcast-channel.js'
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
  dbName?: string | undefined
  /** Object store name. @default 'cache' */
  storeName?: string | undefined
  /** How often (ms, at most) a write also starts a background sweep of expired records. @default 60000 */
  sweepInterval?: number | undefined
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

function record(value: unknown, ttl: number | undefined, now = Date.now(), tags?: readonly string[]): StoredRecord {
  const expiresAt = expiresAtFor(ttl, now) ?? null
  return tags ? { pycached: 1, value, expiresAt, tags: [...tags] } : { pycached: 1, value, expiresAt }
}

/** The tags of a record, when it has a well-formed list of them. */
function tagsOf(stored: StoredRecord): readonly string[] | undefined {
  const { tags } = stored
  return Array.isArray(tags) && tags.every((tag) => typeof tag === 'string') ? tags : undefined
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

  /** Every read of IndexedDB is a structured clone: a value read back is never the object that was written. */
  copyOf(raw: unknown): unknown {
    return typeof raw === 'object' && raw !== null ? structuredClone(raw) : raw
  }
  /** Database name. */
  readonly dbName: string
  /** Object store name. */
  readonly storeName: string
  readonly #connection: IndexedDBConnection
  readonly #sweepInterval: number
  #nextSweep = 0

  constructor(options: IndexedDBBackendOptions = {}) {
    super()
    assertKnownOptions(options, ['dbName', 'storeName', 'sweepInterval'], 'IndexedDBBackend options')
    const { dbName = 'pycached', storeName = 'cache', sweepInterval = 60_000 } = options
    assertDuration(sweepInterval, 'sweepInterval')
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
    return (await this.#entries('get', [key]))[0]?.raw
  }

  async multiGet(keys: readonly string[]): Promise<unknown[]> {
    return (await this.#entries('multiGet', keys)).map((entry) => entry?.raw)
  }

  async set(key: string, value: unknown, ttl: number | undefined, tags?: readonly string[]): Promise<void> {
    await this.#write('set', (store) => void store.put(record(value, ttl, undefined, tags), key))
  }

  async multiSet(
    pairs: readonly (readonly [string, unknown])[],
    ttl: number | undefined,
    tags?: readonly string[],
  ): Promise<void> {
    const now = Date.now()
    await this.#write('multiSet', (store) => {
      for (const [key, value] of pairs) store.put(record(value, ttl, now, tags), key)
    })
  }

  /** In one readwrite transaction: through the store's `tags` index where it has one, else by walking the store. */
  async invalidateTags(tags: readonly string[]): Promise<string[]> {
    return this.#write('invalidateTags', async (store) => {
      const now = Date.now()
      const removed = new Set<string>()
      const visit = (current: IDBCursorWithValue) => {
        const stored: unknown = current.value
        if (!isStoredRecord(stored) || !tagsOf(stored)?.some((tag) => tags.includes(tag))) return
        current.delete()
        if (isLive(stored, now)) removed.add(String(current.primaryKey))
      }
      if (store.indexNames.contains('tags')) {
        const index = store.index('tags')
        for (const tag of tags) await walk(index.openCursor(IDBKeyRange.only(tag)), visit)
      } else await walk(store.openCursor(), visit)
      return [...removed]
    })
  }

  async add(key: string, value: unknown, ttl: number | undefined): Promise<boolean> {
    return this.#update('add', key, (entry, store) => {
      if (entry) return false
      store.put(record(value, ttl), key)
      return true
    })
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#entries('exists', [key]))[0] !== undefined
  }

  async delete(key: string): Promise<number> {
    return this.#update('delete', key, (entry, store) => {
      store.delete(key)
      return entry ? 1 : 0
    })
  }

  async increment(key: string, delta: number, codec: Codec): Promise<number> {
    return this.#update('increment', key, (entry, store) => {
      const next = addToCounter(key, loadCounter(key, entry?.raw, codec), delta)
      const kept = entry?.tags ? { tags: [...entry.tags] } : {}
      store.put(
        { pycached: 1, value: codec.dumps(next), expiresAt: entry?.expiresAt ?? null, ...kept } satisfies StoredRecord,
        key,
      )
      return next
    })
  }

  async compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined): Promise<boolean> {
    return this.#update('compareAndSwap', key, (entry, store) => {
      if (!sameStored(entry?.raw, expected)) return false
      if (value === undefined) store.delete(key)
      else store.put(record(value, ttl), key)
      return true
    })
  }

  async expire(key: string, ttl: number): Promise<boolean> {
    return this.#update('expire', key, (entry, store) => {
      if (!entry) return false
      store.put(record(entry.raw, ttl, undefined, entry.tags), key)
      return true
    })
  }

  async ttl(key: string): Promise<number | undefined> {
    const entry = (await this.#entries('ttl', [key]))[0]
    return entry && remaining(entry.expiresAt)
  }

  async scan(prefix: string): Promise<StoredEntry[]> {
    return (await this.scanPage(prefix, undefined, Infinity)).entries
  }

  /** Pages go in key order: the cursor is the last key read, and a page walks on from it. */
  async scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage> {
    return this.#connection.run('readonly', 'scan', async (store) => {
      const entries: StoredEntry[] = []
      let read = 0
      let last: string | undefined
      await walk(store.openCursor(prefixRange(prefix, cursor)), (current) => {
        const entry = this.#live((last = String(current.key)), current.value)
        if (entry) entries.push(entry)
        return ++read < limit
      })
      return { entries, cursor: read === limit ? last : undefined }
    })
  }

  async peek(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    return this.#entries('peek', keys)
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

  /** A `BroadcastChannel` named `pycached:<dbName>/<storeName>`, shared by every context of the origin. */
  openChannel(handlers: ChannelHandlers): BackendChannel {
    return openBroadcastChannel(`pycached:${this.dbName}/${this.storeName}`, handlers)
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

  /** The live entries of `keys` (one or many), in one readonly transaction. */
  #entries(what: string, keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    return this.#connection.run('readonly', what, async (store) => {
      const found = await Promise.all(keys.map((key) => request(store.get(key))))
      return found.map((stored, i) => this.#live(keys[i]!, stored))
    })
  }

  /** Read-modify-write of one key in one readwrite transaction: `change` sees the live entry (if any). */
  #update<T>(
    what: string,
    key: string,
    change: (entry: StoredEntry | undefined, store: IDBObjectStore) => T,
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

  /** The entry of a record if it is pycached's and live; otherwise `undefined` (an invalid one is reported). */
  #live(key: string, stored: unknown): StoredEntry | undefined {
    if (stored === undefined) return undefined
    if (isStoredRecord(stored))
      return isLive(stored, Date.now())
        ? { key, raw: stored.value, expiresAt: stored.expiresAt ?? undefined, tags: tagsOf(stored) }
        : undefined
    this.dispatchEvent(new InvalidRecordEvent(key, stored))
    return undefined
  }
}
