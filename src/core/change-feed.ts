// The changes of one backend, as the watches of every cache on it hear them: this context's writes, and what the
// other contexts sharing the store announce. Watches are indexed (watch-index.ts), so a write costs lookups, not a
// scan of every watch.
import { type Backend, type ChangeListener, type StoredEntry, expiresAtFor } from '../backends/backend.js'
import { ChangeLog } from '../backends/change-log.js'
import type { TierCoherence } from '../backends/tiered/coherence.js'
import { type FeedWatch, WatchIndex } from './watch-index.js'

export type { FeedWatch, WatchedKey } from './watch-index.js'

/** Where a change came from: this context, another one, or a re-read after notices may have been missed. */
export type ChangeOrigin = 'local' | 'remote' | 'resync'

/** One change as the feed hands it to a watch; keys are full (namespaced) keys. */
export type FeedChange =
  | { type: 'set'; key: string; value: unknown; origin: ChangeOrigin }
  | { type: 'stored'; key: string; raw: unknown; origin: ChangeOrigin }
  | { type: 'deleted' | 'expired'; key: string; origin: ChangeOrigin }
  | { type: 'cleared'; prefix: string; origin: ChangeOrigin }

/** A change a write made, in full keys, before it is known to have resolved. */
export type LocalChange =
  | {
      type: 'set'
      pairs: readonly (readonly [string, unknown])[]
      ttl: number | undefined
      tags?: readonly string[] | undefined
    }
  | { type: 'deleted'; keys: readonly string[] }
  | { type: 'expire'; key: string; ttl: number }
  | { type: 'counted'; key: string }
  | { type: 'cleared'; prefix: string }

/**
 * The changes of one backend for every cache of this context on it. Each key's version counts its local changes,
 * so that a value re-read for a notice never overwrites a newer local change; each watched key with an expiry
 * gets one timer that reports it expired.
 */
export class ChangeFeed {
  readonly #backend: Backend
  readonly #index = new WatchIndex()
  // Local changes made while reads were in flight, so a read never delivers a value older than one.
  readonly #changes = new ChangeLog()
  // How many of those reads are in flight: with none, a write has nothing to record there.
  #reading = 0
  // Whether a write of one key does more than tell the key's watches (a read in flight, a prefix or tag watch, other
  // contexts to tell): kept by each change of what it depends on, so that a write reads one field.
  #more = false
  // Per watched key with an expiry: the timer, the deadline it was set for, and how far off that was then.
  readonly #timers = new Map<string, { timer: ReturnType<typeof setTimeout>; at: number; ttl: number }>()
  readonly #users = new Set<object>()
  readonly #one = ['']
  // A plain shared store (IndexedDB, Redis) has no TieredBackend to announce its writes: this feed does.
  #coherence: TierCoherence | undefined
  // While the coherence code loads (on first use: most pages never need it), what this context changed meanwhile.
  #pending: ({ keys: string[] } | { prefix: string })[] | undefined
  #unlisten: (() => void) | undefined
  readonly #listener: ChangeListener = {
    change: (change) => this.#remote(change),
    reset: (open) => open && this.#resync(),
  }

  constructor(backend: Backend) {
    this.#backend = backend
  }

  /** Whether writes must be reported: someone watches here, or other contexts are told of this one's writes. */
  get active(): boolean {
    return this.#index.size > 0 || this.#coherence !== undefined || this.#pending !== undefined
  }

  /** The backend whose changes these are. */
  get backend(): Backend {
    return this.#backend
  }

  /** `user` (a cache) writes here: on a plain shared store, the other contexts are told of its writes from now on. */
  use(user: object): void {
    const first = this.#users.size === 0
    this.#users.add(user)
    if (!first) return
    // A backend that loads on first use (an `indexeddb://` URL): what it loads decides.
    const deferred = this.#backend as Backend & { resolve?: () => Promise<Backend> }
    if (typeof deferred.resolve === 'function')
      void deferred.resolve().then(
        (loaded) => this.#attach(loaded),
        () => {},
      )
    else this.#attach(this.#backend)
  }

  /** Hears the other contexts through `backend`: its own coherence (tiers), or a line this feed opens on it. */
  #attach(backend: Backend): void {
    if (this.#users.size === 0 || this.#unlisten) return
    if (backend.listen) {
      this.#unlisten = backend.listen(this.#listener)
    } else if (backend.openChannel && !this.#pending) {
      this.#pending = []
      this.#update()
      void import('../backends/tiered/coherence.js').then(({ TierCoherence }) => {
        const pending = this.#pending ?? []
        this.#pending = undefined
        this.#update()
        if (this.#users.size === 0 || this.#unlisten) return
        const coherence = (this.#coherence = new TierCoherence(backend, () => {}))
        this.#update()
        this.#unlisten = coherence.listen(this.#listener)
        for (const change of pending) this.#announce(change)
      })
    }
  }

  /** `user` closed: its watches end; the line closes with the last user. */
  async release(user: object, watches: Iterable<{ end(): void }>): Promise<void> {
    for (const watch of [...watches]) watch.end()
    this.#users.delete(user)
    if (this.#users.size > 0) return
    const coherence = this.#coherence
    this.#coherence = undefined
    this.#update()
    this.#unlisten?.()
    this.#unlisten = undefined
    for (const { timer } of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
    await coherence?.close()
  }

  /** Starts delivering changes to `watch`. */
  add(watch: FeedWatch): void {
    this.#index.add(watch)
    this.#update()
  }

  /** Stops delivering changes to `watch`. */
  remove(watch: FeedWatch): void {
    this.#index.remove(watch)
    this.#update()
  }

  /** Tag watch `watch` heard of `key`, or (with `heard` false) forgot it: see {@link WatchIndex.heard}. */
  heard(watch: FeedWatch, key: string, heard = true): void {
    this.#index.heard(watch, key, heard)
  }

  /**
   * Runs `read` on the backend, then `use` with its result and whether each key changed here meanwhile (then what
   * was read may be older than what was delivered).
   */
  async read<T>(read: (backend: Backend) => Promise<T>, use: (found: T, changed: (key: string) => boolean) => void) {
    const since = this.#begin()
    try {
      use(await read(this.#backend), (key) => this.#changes.changed(key, since))
    } finally {
      this.#end(since)
    }
  }

  /**
   * Records a write of one key that resolved here (`set`, `add`): the common write, told without building a
   * {@link LocalChange}.
   */
  stored(key: string, value: unknown, ttl: number | undefined, tags: readonly string[] | undefined): void {
    // The watches of the key are told straight, without a change record (the hot case); the rest is out of line, so
    // that this stays small enough for the engine to inline into `set`.
    const keyed = this.#index.keyed(key)
    if (keyed) {
      for (let i = 0; i < keyed.length; i++) keyed[i]!.stored(value)
      // Only a key watched here has an expiry to report.
      if (ttl !== undefined) this.#expireIn(key, ttl)
    }
    if (this.#more) this.#storedMore(key, value, tags)
  }

  /** What else a write of one key records: for reads in flight, the other watches, other contexts. */
  #storedMore(key: string, value: unknown, tags: readonly string[] | undefined): void {
    if (this.#reading > 0) {
      // The log reads the array at once and keeps nothing of it: one array for every write.
      this.#one[0] = key
      this.#changes.keys(this.#one)
    }
    // No closure here: one would cost every call an allocation.
    if (!this.#index.narrow) this.#others(key, tags, undefined, value)
    if (this.#coherence || this.#pending) this.#announce({ keys: [key] })
  }

  /** Records a write that resolved here: delivered to the watches, and announced on a plain shared store. */
  report(change: LocalChange): void {
    if (change.type === 'cleared') {
      this.#changes.prefix(change.prefix)
      this.#cleared(change.prefix, 'local')
      this.#announce({ prefix: change.prefix })
      return
    }
    const keys =
      change.type === 'set'
        ? change.pairs.length === 1
          ? [change.pairs[0]![0]]
          : change.pairs.map(([key]) => key)
        : 'key' in change
          ? [change.key]
          : change.keys
    if (change.type === 'set' && change.pairs.length === 1) {
      const [key, value] = change.pairs[0]!
      return this.stored(key, value, change.ttl, change.tags)
    }
    if (this.#reading > 0) this.#changes.keys(keys)
    if (change.type === 'set') {
      const expiresAt = expiresAtFor(change.ttl)
      for (const [key, value] of change.pairs) {
        this.#deliver(key, { type: 'set', key, value, origin: 'local' }, change.tags)
        this.#expireAt(key, expiresAt)
      }
    } else if (change.type === 'deleted') {
      for (const key of keys) this.#gone(key, 'local')
    } else if (change.type === 'expire') {
      this.#expireAt(change.key, expiresAtFor(change.ttl))
    } else {
      this.#read([change.key], 'local')
    }
    if (this.#coherence || this.#pending) this.#announce({ keys: [...keys] })
  }

  /** Reads `keys` from the store and delivers what each holds, unless a local change came first. */
  #read(keys: readonly string[], origin: ChangeOrigin): void {
    const since = this.#begin()
    this.#backend
      .peek(keys)
      .then(
        (entries) => this.#found(keys, since, entries, origin),
        () => {},
      )
      .finally(() => this.#end(since))
  }

  #found(keys: readonly string[], since: number, entries: (StoredEntry | undefined)[], origin: ChangeOrigin): void {
    keys.forEach((key, i) => {
      // A local change since the read began was delivered already, and is newer than what the read found.
      if (this.#changes.changed(key, since)) return
      const entry = entries[i]
      if (!entry) return this.#gone(key, origin)
      this.#deliver(key, { type: 'stored', key, raw: entry.raw, origin }, entry.tags)
      this.#expireAt(key, entry.expiresAt)
    })
  }

  /** Another context changed keys: the watched ones among them are read and delivered. */
  #remote(change: { keys: string[] } | { prefix: string }): void {
    if (this.#index.size === 0) return
    if ('prefix' in change) return this.#cleared(change.prefix, 'remote')
    const watched = change.keys.filter((key) => this.#index.covers(key))
    if (watched.length > 0) this.#read(watched, 'remote')
  }

  #deliver(key: string, change: FeedChange, tags?: readonly string[]): void {
    const keyed = this.#index.keyed(key)
    if (keyed) for (const { watch } of keyed) watch.take(change)
    if (!this.#index.narrow) this.#others(key, tags, change)
  }

  /**
   * Hands `change` (without one, a local set of `value`) to the watches of `key` other than its key watches,
   * built only if it reaches one.
   */
  #others(key: string, tags: readonly string[] | undefined, change: FeedChange | undefined, value?: unknown): void {
    const reached = this.#index.reached(key, tags)
    if (!reached) return
    change ??= { type: 'set', key, value, origin: 'local' }
    for (const watch of reached) watch.take(change)
  }

  /** `key` was deleted: its watches hear it, and its expiry timer goes (it would tell of an expiry that never was). */
  #gone(key: string, origin: ChangeOrigin): void {
    this.#disarm(key)
    this.#deliver(key, { type: 'deleted', key, origin })
  }

  #disarm(key: string): void {
    const armed = this.#timers.get(key)
    if (!armed) return
    clearTimeout(armed.timer)
    this.#timers.delete(key)
  }

  #cleared(prefix: string, origin: ChangeOrigin): void {
    for (const key of [...this.#timers.keys()]) if (key.startsWith(prefix)) this.#disarm(key)
    const change: FeedChange = { type: 'cleared', prefix, origin }
    for (const watch of this.#index.within(prefix)) watch.take(change)
  }

  #resync(): void {
    for (const watch of this.#index.all()) watch.resync()
  }

  /** A watched key written with `ttl` ms to live: a timer that was set no further off stays, without reading a clock. */
  #expireIn(key: string, ttl: number): void {
    const armed = this.#timers.get(key)
    if (armed && ttl >= armed.ttl) return
    this.#expireAt(key, expiresAtFor(ttl))
  }

  /**
   * One timer per watched key that expires: when it fires, the key is read again and reported if gone. A timer
   * already set for that deadline or sooner stays (a write per key and timer less): if it fires early, the read
   * finds the entry alive and sets the next one.
   */
  #expireAt(key: string, expiresAt: number | undefined): void {
    if (expiresAt === undefined || !this.#index.keyed(key)) return
    const armed = this.#timers.get(key)
    if (armed && armed.at <= expiresAt) return
    if (armed) clearTimeout(armed.timer)
    // Past the deadline by a little, as the store's clock and ours may tick apart.
    const now = Date.now()
    const delay = Math.min(Math.max(0, expiresAt - now + 5), 2 ** 31 - 1)
    const timer = setTimeout(() => {
      this.#timers.delete(key)
      const since = this.#begin()
      this.#backend
        .peek([key])
        .then(
          ([entry]) => {
            if (this.#changes.changed(key, since)) return
            if (entry) this.#expireAt(key, entry.expiresAt)
            else this.#deliver(key, { type: 'expired', key, origin: 'local' })
          },
          () => {},
        )
        .finally(() => this.#end(since))
    }, delay)
    // A timer of a watch must not keep a Node process alive.
    ;(timer as { unref?: () => void }).unref?.()
    this.#timers.set(key, { timer, at: expiresAt, ttl: expiresAt - now })
  }

  #begin(): number {
    this.#reading++
    this.#more = true
    return this.#changes.begin()
  }

  #end(since: number): void {
    this.#reading--
    this.#update()
    this.#changes.end(since)
  }

  #update(): void {
    this.#more =
      this.#reading > 0 || !this.#index.narrow || this.#coherence !== undefined || this.#pending !== undefined
  }

  #announce(change: { keys: string[] } | { prefix: string }): void {
    // Past 10,000 pending changes, the others are told that everything changed.
    if (this.#pending && this.#pending.push(change) > 10_000) this.#pending = [{ prefix: '' }]
    const sent = this.#coherence?.announce(change)
    if (sent) sent.catch(() => {})
  }
}

const feeds = new WeakMap<Backend, ChangeFeed>()

/** The one feed of `backend` in this context, shared by every cache on it. */
export function feedOf(backend: Backend): ChangeFeed {
  let feed = feeds.get(backend)
  if (!feed) feeds.set(backend, (feed = new ChangeFeed(backend)))
  return feed
}
