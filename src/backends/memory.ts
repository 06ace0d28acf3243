import {
  ABSENT,
  type Backend,
  type Codec,
  type ScanPage,
  type StoredEntry,
  addToCounter,
  expiresAtFor,
  loadCounter,
  remaining,
  sameStored,
} from './backend.js'
import { describe } from '../core/instances.js'
import { assertDuration, assertKnownOptions } from '../core/validate.js'
import { ExpiryHeap } from './expiry-heap.js'
import { NamespaceIndex } from './namespace-index.js'

/** Options of {@link MemoryBackend}. */
export interface MemoryBackendOptions {
  /**
   * Most entries kept; when full, the least recently used entry is evicted.
   * @default Infinity (unbounded)
   */
  maxSize?: number | undefined
  /**
   * How often (ms, at most) a write also sweeps out every expired entry.
   * Reads never return expired entries either way; the sweep only frees their memory.
   * @default 60000
   */
  sweepInterval?: number | undefined
}

interface Slot {
  value: unknown
  expiresAt: number | undefined
  tags?: readonly string[] | undefined
}

/**
 * The in-process store, the default backend: a `Map` kept in recency order, with optional LRU bound.
 * Expiry is lazy (checked on access) plus an occasional sweep on writes, so no timer runs per key.
 *
 * @example
 * const cache = new Cache({ backend: new MemoryBackend({ maxSize: 10_000 }) })
 */
export class MemoryBackend implements Backend {
  readonly name = 'memory'
  readonly inProcess = true
  readonly #store = new Map<string, Slot>()
  // The keys of the store by namespace, so that clearing one costs what it removes: made by the first clear of a
  // prefix, so that a store never cleared by prefix pays nothing for it on its writes.
  #namespaces: NamespaceIndex | undefined
  readonly #maxSize: number
  readonly #sweepInterval: number
  // Only a bounded store needs to find its expired entries quickly, to evict them before live ones.
  readonly #expiries: ExpiryHeap<Slot> | undefined
  #nextSweep = 0
  // Whether some entry may carry an expiry: until one does, writes never read the clock.
  #mayExpire = false
  // The sweep under way, walked a slice per write, and whether it (or a write meanwhile) met an entry that expires.
  #sweeping: Iterator<[string, Slot]> | undefined
  #sawExpiry = false
  // Pages of scans under way, by cursor: live iterators over the store, the oldest dropped past MOST_PAGES.
  readonly #pages = new Map<string, Iterator<[string, Slot]>>()
  #pageIds = 0
  // Tells the namespace index of an entry the expiry heap removed.
  readonly #forget = (key: string): void => this.#namespaces?.delete(key)

  constructor(options: MemoryBackendOptions = {}) {
    assertKnownOptions(options, ['maxSize', 'sweepInterval'], 'MemoryBackend options')
    const { maxSize = Infinity, sweepInterval = 60_000 } = options
    if (typeof maxSize !== 'number')
      throw new TypeError(`maxSize must be a positive integer or Infinity, got ${describe(maxSize)}`)
    if (!(maxSize === Infinity || (Number.isInteger(maxSize) && maxSize > 0))) {
      throw new RangeError(`maxSize must be a positive integer or Infinity, got ${describe(maxSize)}`)
    }
    assertDuration(sweepInterval, 'sweepInterval')
    this.#maxSize = maxSize
    this.#sweepInterval = sweepInterval
    this.#expiries = maxSize === Infinity ? undefined : new ExpiryHeap()
  }

  /**
   * `true` for a plain memory store, whose commands settle without waiting. A subclass (or an instance whose
   * methods were replaced) may wait in any of them, so it is not immediate, and its commands keep their time limit.
   */
  get immediate(): boolean {
    if (Object.getPrototypeOf(this) !== MemoryBackend.prototype) return false
    return !OWN_METHODS.some((method) => Object.hasOwn(this, method))
  }

  /** Number of entries held, expired ones not yet swept included. */
  get size(): number {
    return this.#store.size
  }

  /** Expiries a bounded store keeps track of (stale ones included), at most 2 × `size` + 64. */
  get trackedExpiries(): number {
    return this.#expiries?.size ?? 0
  }

  async get(key: string): Promise<unknown> {
    return this.#live(key)?.value
  }

  /**
   * The live value of `key`, synchronously, or `ABSENT`: a memory store always knows at once, unless a subclass (or a test
   * double) replaced `get`, which then answers.
   */
  getNow(key: string): unknown {
    if (this.get !== MemoryBackend.prototype.get) return undefined
    const slot = this.#live(key)
    return slot === undefined ? ABSENT : slot.value
  }

  /** Stores at once, as `set` would, unless a subclass (or a test double) replaced `set`; `false` then. */
  setNow(key: string, value: unknown, ttl: number | undefined): boolean {
    if (this.set !== MemoryBackend.prototype.set) return false
    this.#put(key, value, ttl)
    return true
  }

  async multiGet(keys: readonly string[]): Promise<unknown[]> {
    return keys.map((key) => this.#live(key)?.value)
  }

  async set(key: string, value: unknown, ttl: number | undefined, tags?: readonly string[]): Promise<void> {
    this.#put(key, value, ttl, tags)
  }

  async multiSet(
    pairs: readonly (readonly [string, unknown])[],
    ttl: number | undefined,
    tags?: readonly string[],
  ): Promise<void> {
    const now = clockFor(ttl)
    const expiresAt = now === undefined ? undefined : now + ttl!
    for (const [key, value] of pairs) this.#write(key, value, expiresAt, now, tags)
  }

  /** One pass over the store, synchronous, so no other command runs in between. */
  async invalidateTags(tags: readonly string[]): Promise<string[]> {
    const now = Date.now()
    const removed: string[] = []
    for (const [key, slot] of this.#store) {
      if (!slot.tags?.some((tag) => tags.includes(tag))) continue
      this.#remove(key)
      if (!isExpired(slot.expiresAt, now)) removed.push(key)
    }
    return removed
  }

  async add(key: string, value: unknown, ttl: number | undefined): Promise<boolean> {
    if (this.#live(key)) return false
    this.#put(key, value, ttl)
    return true
  }

  async exists(key: string): Promise<boolean> {
    return this.#live(key) !== undefined
  }

  async delete(key: string): Promise<number> {
    const slot = this.#live(key)
    this.#remove(key)
    return slot ? 1 : 0
  }

  async increment(key: string, delta: number, codec: Codec): Promise<number> {
    const slot = this.#live(key)
    const next = addToCounter(key, loadCounter(key, slot?.value, codec), delta)
    this.#write(key, codec.dumps(next), slot?.expiresAt, undefined, slot?.tags)
    return next
  }

  async compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined): Promise<boolean> {
    if (!sameStored(this.#live(key)?.value, expected)) return false
    if (value === undefined) this.#remove(key)
    else this.#write(key, value, expiresAtFor(ttl))
    return true
  }

  async expire(key: string, ttl: number): Promise<boolean> {
    const slot = this.#live(key)
    if (!slot) return false
    slot.expiresAt = expiresAtFor(ttl)
    if (slot.expiresAt !== undefined) {
      this.#mayExpire = this.#sawExpiry = true
      this.#expiries?.push(key, slot as Slot & { expiresAt: number })
    }
    return true
  }

  /** Introspection: reading a TTL is not using the entry, so it leaves the LRU order as it was. */
  async ttl(key: string): Promise<number | undefined> {
    const now = Date.now()
    const slot = this.#store.get(key)
    return slot && !isExpired(slot.expiresAt, now) ? remaining(slot.expiresAt, now) : undefined
  }

  async scan(prefix: string): Promise<StoredEntry[]> {
    const now = Date.now()
    const found: StoredEntry[] = []
    for (const [key, { value, expiresAt }] of this.#store) {
      if (key.startsWith(prefix) && !isExpired(expiresAt, now)) found.push({ key, raw: value, expiresAt })
    }
    return found
  }

  /**
   * Pages go in the store's order, each from where the last one stopped: the cursor names a live iterator over the
   * store (which visits every entry present throughout at least once), and a page looks at no more than
   * `PAGE_LOOKS × limit` entries, so paging through costs the size of the store once. An unknown cursor (one of more
   * than 64 scans left unfinished) starts over: entries may then come twice, none is missed.
   */
  async scanPage(prefix: string, cursor: string | undefined, limit: number): Promise<ScanPage> {
    const now = Date.now()
    let walk = cursor === undefined ? undefined : this.#pages.get(cursor)
    if (cursor !== undefined) this.#pages.delete(cursor)
    walk ??= this.#store.entries()
    const entries: StoredEntry[] = []
    for (let looks = Math.max(limit, PAGE_LOOKS * limit); entries.length < limit && looks > 0; looks--) {
      const next = walk.next()
      if (next.done) return { entries, cursor: undefined }
      const [key, { value, expiresAt }] = next.value
      if (key.startsWith(prefix) && !isExpired(expiresAt, now)) entries.push({ key, raw: value, expiresAt })
    }
    const next = `memory-page-${++this.#pageIds}`
    this.#pages.set(next, walk)
    if (this.#pages.size > MOST_PAGES) this.#pages.delete(this.#pages.keys().next().value!)
    return { entries, cursor: next }
  }

  async peek(keys: readonly string[]): Promise<(StoredEntry | undefined)[]> {
    const now = Date.now()
    return keys.map((key) => {
      const slot = this.#store.get(key)
      return slot && !isExpired(slot.expiresAt, now)
        ? { key, raw: slot.value, expiresAt: slot.expiresAt, tags: slot.tags }
        : undefined
    })
  }

  /**
   * Removes every entry whose key starts with `prefix`, in one synchronous step. The first clear of a prefix groups
   * the store's keys by namespace (one walk); from then on a clear costs what it removes for a namespace (`users:`,
   * any prefix with a `:`), not the size of the store, and a prefix without `:` also looks at every key without one.
   */
  async clear(prefix: string): Promise<void> {
    if (prefix === '') return this.#empty()
    if (this.#namespaces === undefined) {
      this.#namespaces = new NamespaceIndex()
      for (const key of this.#store.keys()) this.#namespaces.add(key)
    }
    for (const key of this.#namespaces.take(prefix)) this.#store.delete(key)
  }

  /** Calls a method of the underlying `Map` (entries are `{ value, expiresAt }` records), as aiocache's memory `raw`. */
  async raw(command: string, ...args: unknown[]): Promise<unknown> {
    const member: unknown = Reflect.get(this.#store, command)
    if (typeof member !== 'function') {
      throw new TypeError(`raw: command must name a Map method, got ${JSON.stringify(command)}`)
    }
    // The Map's own writes bypass the namespace index: the next clear of a prefix groups the keys afresh.
    this.#namespaces = undefined
    return Reflect.apply(member, this.#store, args)
  }

  async close(): Promise<void> {
    this.#empty()
  }

  #empty(): void {
    this.#expiries?.clear()
    this.#namespaces = undefined
    this.#store.clear()
  }

  /** Deletes `key` from the store and its namespace. */
  #remove(key: string): void {
    if (this.#store.delete(key)) this.#namespaces?.delete(key)
  }

  /** The live slot of `key`, dropping it when expired and marking it most recently used. */
  #live(key: string): Slot | undefined {
    const slot = this.#store.get(key)
    if (slot === undefined) return undefined
    if (isExpired(slot.expiresAt)) {
      this.#remove(key)
      return undefined
    }
    if (this.#maxSize !== Infinity) {
      // Re-inserting moves the key to the end of the Map's order: the Map is the LRU list.
      this.#store.delete(key)
      this.#store.set(key, slot)
    }
    return slot
  }

  #put(key: string, value: unknown, ttl: number | undefined, tags?: readonly string[]): void {
    const now = clockFor(ttl)
    this.#write(key, value, now === undefined ? undefined : now + ttl!, now, tags)
  }

  /** Stores one entry; `now`: the clock, when the caller has read it already. */
  #write(key: string, value: unknown, expiresAt: number | undefined, now?: number, tags?: readonly string[]): void {
    const store = this.#store
    const expiries = this.#expiries
    if (expiries === undefined) {
      // Unbounded, the order of the Map does not matter: an existing slot is updated where it is, which spares the
      // Map a deletion (and the compaction deletions bring) and the store a new slot.
      const slot = store.get(key)
      if (slot === undefined) {
        store.set(key, tags ? { value, expiresAt, tags } : { value, expiresAt })
        this.#namespaces?.add(key)
      } else {
        slot.value = value
        slot.expiresAt = expiresAt
        if (tags || slot.tags) slot.tags = tags
      }
    } else {
      // Out of line: an unbounded store's writes, the common case, stay small enough to inline.
      this.#writeBounded(expiries, key, value, expiresAt, tags)
    }
    if (expiresAt !== undefined) this.#mayExpire = this.#sawExpiry = true
    if (this.#mayExpire) this.#maybeSweep(now ?? Date.now())
  }

  /** A write to a bounded store: re-inserting moves the key to the end of the Map's order, the Map is the LRU list. */
  #writeBounded(
    expiries: ExpiryHeap<Slot>,
    key: string,
    value: unknown,
    expiresAt: number | undefined,
    tags: readonly string[] | undefined,
  ): void {
    const store = this.#store
    const slot: Slot = tags ? { value, expiresAt, tags } : { value, expiresAt }
    if (!store.delete(key)) this.#namespaces?.add(key)
    store.set(key, slot)
    if (expiresAt !== undefined) expiries.push(key, slot as Slot & { expiresAt: number })
    if (store.size > this.#maxSize) this.#evict(expiries)
    expiries.compact(store)
  }

  /** Makes room in a full store: expired entries go first, the least recently used live one only if none has. */
  #evict(expiries: ExpiryHeap<Slot>): void {
    if (expiries.dropExpired(this.#store, Date.now(), this.#forget) === 0) {
      const oldest = this.#store.keys().next()
      if (!oldest.done) this.#remove(oldest.value)
    }
  }

  /**
   * Sweeps out expired entries, starting at most once per sweep interval, `SWEEP_SLICE` entries per write so that
   * no write stalls the page however large the store; a store where nothing expires never does.
   */
  #maybeSweep(now: number): void {
    if (this.#sweeping === undefined) {
      if (now < this.#nextSweep) return
      this.#nextSweep = now + this.#sweepInterval
      this.#sweeping = this.#store.entries()
      this.#sawExpiry = false
    }
    const sweeping = this.#sweeping
    for (let i = 0; i < SWEEP_SLICE; i++) {
      const next = sweeping.next()
      if (next.done) {
        this.#sweeping = undefined
        this.#mayExpire = this.#sawExpiry
        return
      }
      const [key, slot] = next.value
      if (isExpired(slot.expiresAt, now)) this.#remove(key)
      else if (slot.expiresAt !== undefined) this.#sawExpiry = true
    }
  }
}

// The members a replacement on the instance would make wait.
const OWN_METHODS = Object.getOwnPropertyNames(MemoryBackend.prototype).filter(
  (name) => name !== 'constructor' && name !== 'immediate',
)

/** The clock for a write whose `ttl` expires; `undefined`, without reading it, for one that never does. */
function clockFor(ttl: number | undefined): number | undefined {
  return ttl === undefined || ttl === 0 || ttl === Infinity ? undefined : Date.now()
}

// Entries one write sweeps at most; a sweep of a large store spreads over that many writes.
const SWEEP_SLICE = 256
// Entries a page looks at, per entry it may return: a sparse prefix gives short (even empty) pages, never long walks.
const PAGE_LOOKS = 8
// Scans under way that are remembered; past that, the oldest one's cursor starts over.
const MOST_PAGES = 64

/** Whether an entry has expired; the clock is read only for entries that can expire. */
function isExpired(expiresAt: number | undefined, now?: number): boolean {
  return expiresAt !== undefined && expiresAt <= (now ?? Date.now())
}
