// The IndexedDB backend. How a write flows: `set` builds its record (`store.ts`: value, expiry, last use, tags)
// and runs in one readwrite transaction on the lazily opened connection (`connection.ts`, which reopens one the
// browser closed and recreates a store another page removed; `schema.ts` lays the database out); a write the quota
// refuses gives up expired, then least recently used records and runs once more (`capacity.ts`); in a bounded store
// the write also counts what it adds and replaces (`usage.ts`), and eviction past the bound runs after it in the
// background, where batched reads also record their keys' last use (`bound.ts`); both give up the oldest records
// alike (`oldest.ts`, deleting neighbours in one ranged delete: `runs.ts`); expired records go in idle-time slices
// (`sweep.ts`), one tab at a time (`locks.ts`); a store found deleted or replaced makes every context's tiers forget
// (`loss.ts`); where IndexedDB cannot open, `fallback.ts` serves from memory. `options.ts` checks the options and
// `open.ts` is what a URL loads.
import { BackendError } from '../../core/errors.js'
import {
  type Backend,
  type BackendChannel,
  type ChannelHandlers,
  type Codec,
  type ScanPage,
  type StoredEntry,
  addToCounter,
  loadCounter,
  remaining,
  sameStored,
} from '../backend.js'
import { IndexedDBConnection, isOpenFailure } from './connection.js'
import { askToPersist, fallBackToMemory, persistedNow } from './fallback.js'
import { Bound } from './bound.js'
import { type IndexedDBBackendOptions, settingsOf } from './options.js'
import { type Freed, withRoom } from './capacity.js'
import { EvictEvent, InvalidRecordEvent } from './events.js'
import { LossWatch } from './loss.js'
import {
  callStore,
  committed,
  isLive,
  isStoredRecord,
  prefixRange,
  record,
  recordUntil,
  removeTagged,
  request,
  tagsOf,
} from './store.js'
import { Sweeper } from './sweep.js'
import { type Counts, Writes, sizeOf } from './usage.js'

export { EvictEvent, EvictedEvent, InvalidRecordEvent } from './events.js'
export { FallbackEvent } from './fallback.js'
export type { EvictedHow } from './events.js'
export type { IndexedDBBackendOptions } from './options.js'

// Entries per transaction when `scan` pages through a namespace.
const SCAN_PAGE = 500

/**
 * A persistent backend on IndexedDB: entries survive reloads and browser restarts, and every command runs in one
 * transaction, so `multiSet` is all-or-nothing and `add`, `increment`, `expire` are atomic across tabs. Works in
 * pages, Web Workers and service workers. Each record carries its expiry; expired records are removed in short
 * slices found through an index, at idle moments, so cleaning up never stalls a tab. `maxEntries`/`maxBytes` bound
 * the store across tabs, the least recently read entries going first (an {@link EvictEvent}). A lost connection is
 * reopened, and a store whose data the browser deleted is reported (`evicted`, an {@link EvictedEvent}).
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
  readonly #sweeper: Sweeper
  readonly #loss: LossWatch
  readonly #room: Parameters<typeof withRoom>[3]
  readonly #bound: Bound | undefined
  #fellBack = false
  #persisted: Promise<boolean> | undefined

  constructor(options: IndexedDBBackendOptions = {}) {
    super()
    const { dbName, storeName, sweepInterval, persist, fallback, limits } = settingsOf(options)
    const { maxEntries, maxBytes } = limits
    const absent =
      typeof indexedDB === 'undefined'
        ? new BackendError('IndexedDB is unavailable here (no globalThis.indexedDB)', { reason: 'unavailable' })
        : undefined
    if (absent && !fallback) throw absent
    // Asked now when asked for; otherwise read when first wanted (touching storage early fixes the quota it sees).
    if (persist) this.#persisted = askToPersist()
    this.dbName = dbName
    this.storeName = storeName
    this.#sweepInterval = sweepInterval
    this.#connection = new IndexedDBConnection(dbName, storeName, {
      opened: (marker) => {
        if (this.#loss.opened(marker)) this.#sweeper.soon()
      },
      lost: (how) => this.#loss.lost(how),
    })
    const reopen = () => void this.#connection.run('readonly', 'reopen', () => undefined).catch(() => {})
    this.#loss = new LossWatch(`pycached:${dbName}/${storeName}`, this, reopen)
    const name = `${dbName}/${storeName}`
    this.#bound =
      maxEntries === Infinity && maxBytes === Infinity
        ? undefined
        : new Bound(this.#connection, `pycached-bound:${name}`, limits, ({ expired, keys, bytes }) =>
            this.dispatchEvent(new EvictEvent('bound', expired, keys, bytes)),
          )
    const counted = this.#bound !== undefined
    this.#room = {
      connection: this.#connection,
      counted,
      sweep: () => this.#sweeper.now(),
      report: (expired: number, freed: Freed) =>
        this.dispatchEvent(new EvictEvent('capacity', expired, freed.keys, freed.bytes)),
    }
    this.#sweeper = new Sweeper(this.#connection, `pycached-sweep:${name}`, sweepInterval, counted)
    const fellBack = () => {
      this.#fellBack = true
      this.#sweeper.close()
      this.#bound?.close()
    }
    if (fallback) fallBackToMemory(this, isOpenFailure, fellBack, absent)
  }

  /**
   * Whether the browser keeps the origin's data under storage pressure: its answer when asked with `persist: true`,
   * else whether it already does (`false` where it cannot tell).
   */
  get persisted(): Promise<boolean> {
    return (this.#persisted ??= persistedNow())
  }

  /** `true` once, with `fallback: 'memory'`, the backend serves from memory because IndexedDB cannot be used here. */
  get fellBack(): boolean {
    return this.#fellBack
  }

  /**
   * `true` once this backend found the data it wrote gone (the database deleted, site data cleared, the store
   * recreated); an {@link EvictedEvent} said so when it happened.
   */
  get evicted(): boolean {
    return this.#loss.evicted
  }

  async get(key: string): Promise<unknown> {
    return (await this.#entries('get', [key], true))[0]?.raw
  }

  async multiGet(keys: readonly string[]): Promise<unknown[]> {
    return (await this.#entries('multiGet', keys, true)).map((entry) => entry?.raw)
  }

  async set(key: string, value: unknown, ttl: number | undefined, tags?: readonly string[]): Promise<void> {
    await this.#write('set', (writes) => writes.put(key, record(value, ttl, undefined, tags)), {
      size: sizeOf(value) + 2 * key.length,
    })
  }

  async multiSet(
    pairs: readonly (readonly [string, unknown])[],
    ttl: number | undefined,
    tags?: readonly string[],
  ): Promise<void> {
    const now = Date.now()
    const size = pairs.reduce((sum, [key, value]) => sum + sizeOf(value) + 2 * key.length, 0)
    await this.#write(
      'multiSet',
      (writes) => {
        for (const [key, value] of pairs) writes.put(key, record(value, ttl, now, tags))
      },
      { size },
    )
  }

  /** In one readwrite transaction: through the store's `tags` index where it has one, else by walking the store. */
  async invalidateTags(tags: readonly string[]): Promise<string[]> {
    return this.#write('invalidateTags', (writes) => removeTagged(writes, tags))
  }

  async add(key: string, value: unknown, ttl: number | undefined): Promise<boolean> {
    return this.#update(
      'add',
      key,
      (entry, writes) => {
        if (entry) return false
        writes.put(key, record(value, ttl))
        return true
      },
      false,
      sizeOf(value),
    )
  }

  async exists(key: string): Promise<boolean> {
    return (await this.#entries('exists', [key]))[0] !== undefined
  }

  async delete(key: string): Promise<number> {
    return this.#update('delete', key, (entry, writes) => {
      writes.delete(key)
      return entry ? 1 : 0
    })
  }

  async increment(key: string, delta: number, codec: Codec): Promise<number> {
    return this.#update(
      'increment',
      key,
      (entry, writes) => {
        const next = addToCounter(key, loadCounter(key, entry?.raw, codec), delta)
        // The counter keeps the entry's expiry and tags.
        writes.put(key, recordUntil(codec.dumps(next), entry?.expiresAt ?? null, entry?.tags))
        return next
      },
      false,
    )
  }

  async compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined): Promise<boolean> {
    return this.#update(
      'compareAndSwap',
      key,
      (entry, writes) => {
        if (!sameStored(entry?.raw, expected)) return false
        if (value === undefined) writes.delete(key)
        else writes.put(key, record(value, ttl))
        return true
      },
      false,
      sizeOf(value),
    )
  }

  async expire(key: string, ttl: number): Promise<boolean> {
    return this.#update('expire', key, (entry, writes) => {
      if (!entry) return false
      writes.put(key, record(entry.raw, ttl, undefined, entry.tags))
      return true
    })
  }

  async ttl(key: string): Promise<number | undefined> {
    const entry = (await this.#entries('ttl', [key]))[0]
    return entry && remaining(entry.expiresAt)
  }

  /** Pages through the range in short transactions, so a large namespace never holds the store for long. */
  async scan(prefix: string): Promise<StoredEntry[]> {
    const entries: StoredEntry[] = []
    let cursor: string | undefined
    do {
      const page = await this.scanPage(prefix, cursor, SCAN_PAGE)
      entries.push(...page.entries)
      cursor = page.cursor
    } while (cursor !== undefined)
    return entries
  }

  /** Pages go in key order: the cursor is the last key read, and a page walks on from it. */
  async scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage> {
    return this.#connection.run('readonly', 'scan', async (store) => {
      const range = prefixRange(prefix, cursor)
      const count = Number.isFinite(limit) ? limit : undefined
      // Both in key order: the i-th key is the i-th record's.
      const [keys, records] = await Promise.all([
        request(store.getAllKeys(range, count)),
        request(store.getAll(range, count)),
      ])
      const entries: StoredEntry[] = []
      records.forEach((stored: unknown, i) => {
        const entry = this.#live(String(keys[i]), stored)
        if (entry) entries.push(entry)
      })
      return { entries, cursor: keys.length === limit ? String(keys.at(-1)) : undefined }
    })
  }

  async peek(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    return this.#entries('peek', keys)
  }

  async clear(prefix: string): Promise<void> {
    // Deleting by key range never loads the values; the marker's number key is outside every range.
    await this.#write('clear', (writes) => writes.deleteRange(prefix), { sweep: false })
  }

  /** Calls an `IDBObjectStore` method (e.g. `'count'`, `'getAllKeys'`) in a readwrite transaction; resolves its request. */
  async raw(command: string, ...args: unknown[]): Promise<unknown> {
    return this.#connection.run('readwrite', `raw ${command}`, (store) => callStore(store, command, args), false)
  }

  async close(): Promise<void> {
    this.#sweeper.close()
    this.#bound?.close()
    this.#connection.close()
  }

  /**
   * A `BroadcastChannel` named `pycached:<dbName>/<storeName>`, shared by every context of the origin. When this
   * context finds the store's data gone it tells the others on it, and each line's tiers forget what they hold.
   */
  openChannel(handlers: ChannelHandlers): BackendChannel {
    return this.#loss.openChannel(handlers)
  }

  /**
   * Deletes every expired record now, found through the expiry index, in short transactions (slices of a few ms)
   * so that commands from every tab run between them; resolves to the number removed.
   */
  async sweep(): Promise<number> {
    // Serving from memory: expired entries there are dropped as they are met.
    if (this.#fellBack) return 0
    return (await this.#sweeper.now()).removed
  }

  /** The live entries of `keys` (one or many), in one readonly transaction; `use`: a read that counts as a use. */
  #entries(what: string, keys: readonly string[], use = false): Promise<(StoredEntry | undefined)[]> {
    return this.#connection.run('readonly', what, async (store) => {
      const found = await Promise.all(keys.map((key) => request(store.get(key))))
      const bound = use ? this.#bound : undefined
      const now = Date.now()
      return found.map((stored, i) => {
        const entry = this.#live(keys[i]!, stored)
        if (entry && bound) bound.read(entry.key, (stored as { usedAt?: number }).usedAt, now)
        return entry
      })
    })
  }

  /** Read-modify-write of one key in one readwrite transaction: `change` sees the live entry (if any). */
  #update<T>(
    what: string,
    key: string,
    change: (entry: StoredEntry | undefined, writes: Writes) => T,
    idempotent = true,
    size = 64,
  ): Promise<T> {
    return this.#write(what, async (writes) => change(this.#live(key, await request(writes.store.get(key))), writes), {
      idempotent,
      size: size + 2 * key.length,
    })
  }

  /**
   * Runs a readwrite `body` and resolves once its transaction committed. `idempotent`: it may run again after a lost
   * connection; `size`: about how many bytes it writes, for making room when the quota refuses it (none: it frees).
   */
  async #write<T>(
    what: string,
    body: (writes: Writes) => T | Promise<T>,
    { sweep = true, idempotent = true, size }: { sweep?: boolean; idempotent?: boolean; size?: number } = {},
  ): Promise<T> {
    const bound = this.#bound
    let counts: Counts | undefined
    const run = () =>
      this.#connection.run(
        'readwrite',
        what,
        async (store) => {
          const writes = new Writes(store, bound !== undefined, bound?.limits.maxBytes)
          const value = await body(writes)
          counts = await writes.settle()
          await committed(store.transaction)
          return value
        },
        idempotent,
      )
    const result = await (size === undefined ? run() : withRoom(what, size, run, this.#room))
    // In the background, at an idle moment: neither a sweep nor eviction delays the command that triggered it.
    if (sweep) this.#sweeper.soon(this.#sweepInterval)
    bound?.wrote(counts)
    return result
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
