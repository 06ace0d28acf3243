// The changes of one backend, as the watches of every cache on it hear them: this context's writes, and what the
// other contexts sharing the store announce. Watches are indexed by key (and by tag), so a write costs a lookup,
// not a scan of every watch.
import { type Backend, type ChangeListener, type StoredEntry, expiresAtFor } from '../backends/backend.js'
import { ChangeLog } from '../backends/change-log.js'
import type { TierCoherence } from '../backends/tiered/coherence.js'

/** Where a change came from: this context, another one, or a re-read after notices may have been missed. */
export type ChangeOrigin = 'local' | 'remote' | 'resync'

/** One change as the feed hands it to a watch; keys are full (namespaced) keys. */
export type FeedChange =
  | { type: 'set'; key: string; value: unknown; origin: ChangeOrigin }
  | { type: 'stored'; key: string; raw: unknown; origin: ChangeOrigin }
  | { type: 'deleted' | 'expired'; key: string; origin: ChangeOrigin }
  | { type: 'cleared'; prefix: string; origin: ChangeOrigin }

/** One watch as the feed sees it: what it watches, and where changes go. */
export interface FeedWatch {
  /** Full keys watched, or `undefined` for a prefix (or tag) watch. */
  readonly keys: readonly string[] | undefined
  /** Full key prefix watched. */
  readonly prefix: string | undefined
  /** Tags watched. */
  readonly tags: readonly string[] | undefined
  /** Takes one change. */
  take(change: FeedChange): void
  /** Takes a value this context stored under `key`: `take` of a local `'set'`, without the change record. */
  stored(key: string, value: unknown): void
  /** Re-reads what it watches, since notices may have been missed. */
  resync(): void
  /** Ends the watch (its cache closed). */
  end(): void
  /** Whether it has told (or found) something of `key`: a tag watch hears every later change of such a key. */
  knows(key: string): boolean
}

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

const overlap = (a: string, b: string) => a.startsWith(b) || b.startsWith(a)

/**
 * The changes of one backend for every cache of this context on it. Each key's version counts its local changes,
 * so that a value re-read for a notice never overwrites a newer local change; each watched key with an expiry
 * gets one timer that reports it expired.
 */
export class ChangeFeed {
  readonly #backend: Backend
  readonly #byKey = new Map<string, FeedWatch[]>()
  readonly #byTag = new Map<string, FeedWatch[]>()
  readonly #byPrefix = new Set<FeedWatch>()
  // Local changes made while reads were in flight, so a read never delivers a value older than one.
  readonly #changes = new ChangeLog()
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>()
  readonly #users = new Set<object>()
  readonly #one = ['']
  #watches = 0
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
    return this.#watches > 0 || this.#coherence !== undefined || this.#pending !== undefined
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
      void import('../backends/tiered/coherence.js').then(({ TierCoherence }) => {
        const pending = this.#pending ?? []
        this.#pending = undefined
        if (this.#users.size === 0 || this.#unlisten) return
        const coherence = (this.#coherence = new TierCoherence(backend, () => {}))
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
    this.#unlisten?.()
    this.#unlisten = undefined
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
    await coherence?.close()
  }

  /** Starts delivering changes to `watch`. */
  add(watch: FeedWatch): void {
    this.#watches++
    for (const key of watch.keys ?? []) this.#index(this.#byKey, key, watch)
    for (const tag of watch.tags ?? []) this.#index(this.#byTag, tag, watch)
    if (watch.prefix !== undefined) this.#byPrefix.add(watch)
  }

  /** Stops delivering changes to `watch`. */
  remove(watch: FeedWatch): void {
    if (!this.#byPrefix.delete(watch) && watch.prefix !== undefined) return
    let found = watch.prefix !== undefined
    for (const [index, names] of [
      [this.#byKey, watch.keys],
      [this.#byTag, watch.tags],
    ] as const) {
      for (const name of names ?? []) {
        const list = index.get(name)
        if (!list?.includes(watch)) continue
        found = true
        // A new list, never one changed in place: a delivery going through the old one goes on unharmed.
        if (list.length === 1) index.delete(name)
        else
          index.set(
            name,
            list.filter((other) => other !== watch),
          )
      }
    }
    if (found) this.#watches--
  }

  /**
   * Runs `read` on the backend, then `use` with its result and whether each key changed here meanwhile (then what
   * was read may be older than what was delivered).
   */
  async read<T>(read: (backend: Backend) => Promise<T>, use: (found: T, changed: (key: string) => boolean) => void) {
    const since = this.#changes.begin()
    try {
      use(await read(this.#backend), (key) => this.#changes.changed(key, since))
    } finally {
      this.#changes.end(since)
    }
  }

  /**
   * Records a write of one key that resolved here (`set`, `add`): the common write, told without building a
   * {@link LocalChange}.
   */
  stored(key: string, value: unknown, ttl: number | undefined, tags: readonly string[] | undefined): void {
    // The log reads the array at once and keeps nothing of it: one array for every write.
    this.#one[0] = key
    this.#changes.keys(this.#one)
    const byKey = this.#byKey.get(key)
    // Only key watches: each watch of the key told straight, without a change record (the hot case).
    if (this.#byPrefix.size === 0 && this.#byTag.size === 0) {
      if (byKey) for (const watch of byKey) watch.stored(key, value)
    } else this.#deliver(key, { type: 'set', key, value, origin: 'local' }, tags)
    this.#expireAt(key, expiresAtFor(ttl))
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
    this.#changes.keys(keys)
    if (change.type === 'set') {
      const expiresAt = expiresAtFor(change.ttl)
      for (const [key, value] of change.pairs) {
        this.#deliver(key, { type: 'set', key, value, origin: 'local' }, change.tags)
        this.#expireAt(key, expiresAt)
      }
    } else if (change.type === 'deleted') {
      for (const key of keys) this.#deliver(key, { type: 'deleted', key, origin: 'local' })
    } else if (change.type === 'expire') {
      this.#expireAt(change.key, expiresAtFor(change.ttl))
    } else {
      this.#read([change.key], 'local')
    }
    if (this.#coherence || this.#pending) this.#announce({ keys: [...keys] })
  }

  /** Reads `keys` from the store and delivers what each holds, unless a local change came first. */
  #read(keys: readonly string[], origin: ChangeOrigin): void {
    const since = this.#changes.begin()
    this.#backend
      .peek(keys)
      .then(
        (entries) => this.#found(keys, since, entries, origin),
        () => {},
      )
      .finally(() => this.#changes.end(since))
  }

  #found(keys: readonly string[], since: number, entries: (StoredEntry | undefined)[], origin: ChangeOrigin): void {
    keys.forEach((key, i) => {
      // A local change since the read began was delivered already, and is newer than what the read found.
      if (this.#changes.changed(key, since)) return
      const entry = entries[i]
      if (entry) this.#deliver(key, { type: 'stored', key, raw: entry.raw, origin }, entry.tags)
      else this.#deliver(key, { type: 'deleted', key, origin })
      this.#expireAt(key, entry?.expiresAt)
    })
  }

  /** Another context changed keys: the watched ones among them are read and delivered. */
  #remote(change: { keys: string[] } | { prefix: string }): void {
    if (this.#watches === 0) return
    if ('prefix' in change) return this.#cleared(change.prefix, 'remote')
    const watched = change.keys.filter((key) => this.#watched(key))
    if (watched.length > 0) this.#read(watched, 'remote')
  }

  #watched(key: string): boolean {
    if (this.#byKey.has(key)) return true
    for (const watch of this.#byPrefix) if (key.startsWith(watch.prefix!)) return true
    return this.#byTag.size > 0
  }

  #deliver(key: string, change: FeedChange, tags?: readonly string[]): void {
    const byKey = this.#byKey.get(key)
    if (this.#byPrefix.size === 0 && this.#byTag.size === 0) {
      // Only key watches: each watch of the key once, without bookkeeping (the common case, and a hot one).
      if (byKey) for (const watch of byKey) watch.take(change)
      return
    }
    const seen = new Set<FeedWatch>()
    const give = (watch: FeedWatch) => {
      if (seen.has(watch)) return
      seen.add(watch)
      watch.take(change)
    }
    for (const watch of byKey ?? []) give(watch)
    for (const watch of this.#byPrefix) if (key.startsWith(watch.prefix!)) give(watch)
    if (this.#byTag.size === 0) return
    // A tag watch hears each write made with one of its tags, and every later change of a key it heard of.
    for (const tag of tags ?? []) this.#byTag.get(tag)?.forEach(give)
    for (const watches of this.#byTag.values()) for (const watch of watches) if (watch.knows(key)) give(watch)
  }

  #cleared(prefix: string, origin: ChangeOrigin): void {
    const change: FeedChange = { type: 'cleared', prefix, origin }
    const seen = new Set<FeedWatch>()
    for (const [key, watches] of this.#byKey) {
      if (!key.startsWith(prefix)) continue
      for (const watch of watches) if (!seen.has(watch)) seen.add(watch)
    }
    for (const watch of this.#byPrefix) if (overlap(watch.prefix!, prefix)) seen.add(watch)
    for (const watches of this.#byTag.values()) for (const watch of watches) seen.add(watch)
    for (const watch of seen) watch.take(change)
  }

  #resync(): void {
    const all = new Set<FeedWatch>(this.#byPrefix)
    for (const index of [this.#byKey, this.#byTag])
      for (const watches of index.values()) watches.forEach((w) => all.add(w))
    for (const watch of all) watch.resync()
  }

  /** One timer per watched key that expires: when it fires, the key is read again and reported if gone. */
  #expireAt(key: string, expiresAt: number | undefined): void {
    if (expiresAt === undefined && this.#timers.size === 0) return
    const timer = this.#timers.get(key)
    if (timer !== undefined) clearTimeout(timer)
    this.#timers.delete(key)
    if (expiresAt === undefined || !this.#byKey.has(key)) return
    // Past the deadline by a little, as the store's clock and ours may tick apart.
    const delay = Math.min(Math.max(0, expiresAt - Date.now() + 5), 2 ** 31 - 1)
    const fired = setTimeout(() => {
      this.#timers.delete(key)
      const since = this.#changes.begin()
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
        .finally(() => this.#changes.end(since))
    }, delay)
    // A timer of a watch must not keep a Node process alive.
    ;(fired as { unref?: () => void }).unref?.()
    this.#timers.set(key, fired)
  }

  #announce(change: { keys: string[] } | { prefix: string }): void {
    // Past 10,000 pending changes, the others are told that everything changed.
    if (this.#pending && this.#pending.push(change) > 10_000) this.#pending = [{ prefix: '' }]
    const sent = this.#coherence?.announce(change)
    if (sent) sent.catch(() => {})
  }

  /** Adds `watch` to the list of `name`, as a new list (see `remove`). */
  #index<K>(index: Map<K, FeedWatch[]>, name: K, watch: FeedWatch): void {
    index.set(name, [...(index.get(name) ?? []), watch])
  }
}

const feeds = new WeakMap<Backend, ChangeFeed>()

/** The one feed of `backend` in this context, shared by every cache on it. */
export function feedOf(backend: Backend): ChangeFeed {
  let feed = feeds.get(backend)
  if (!feed) feeds.set(backend, (feed = new ChangeFeed(backend)))
  return feed
}
