// `cache.watch(...)`: one subscription to the changes of some keys, a prefix or tags of one cache, in this context
// and in every other one sharing the store. Loaded on first use, with the change feed (see feed-slot.ts).
import { sameStored } from '../backends/backend.js'
import type { ChangeFeed, ChangeOrigin, FeedChange, FeedWatch, WatchedKey } from './change-feed.js'
import { CacheErrorEvent } from './events.js'
import type { CacheChange, Target, WatchedCache } from './watch-target.js'

export type { CacheChange, WatchListener, WatchOptions, WatchTarget } from './watch-target.js'

const NONE: unique symbol = Symbol('none')
// Nothing told or found yet of a key.
const UNSEEN: unique symbol = Symbol('unseen')

/** One key of a key watch: the key as the user wrote it, and the last state told of it. */
class KeyState implements WatchedKey {
  last: unknown = UNSEEN

  constructor(
    readonly watch: Watch<unknown>,
    readonly key: string,
    readonly user: string,
  ) {}

  stored(value: unknown): void {
    // A listener may end the watch while a write is told to the watches of its key.
    if (this.watch.ended) return
    this.last = value
    this.watch.emit({ key: this.user, type: 'set', value, origin: 'local' })
  }
}

/**
 * One subscription: it keeps the last state it reported of each key, so that after missed notices it reports only
 * what really differs, and hands each change to `deliver` (a listener or a stream).
 */
export class Watch<V> implements FeedWatch {
  readonly keyed: readonly KeyState[] | undefined
  readonly prefix: string | undefined
  readonly tags: readonly string[] | undefined
  // A key watch: each full key's state; otherwise the last state told of each key heard of.
  readonly #keys: Map<string, KeyState> | undefined
  readonly #last = new Map<string, unknown>()
  readonly #cache: WatchedCache
  readonly #feed: ChangeFeed
  readonly #deliver: (change: CacheChange<V>) => void
  readonly #onEnd: () => void
  readonly #namespacePrefix: string
  #ended = false

  constructor(
    cache: WatchedCache,
    feed: ChangeFeed,
    target: Target,
    deliver: (change: CacheChange<V>) => void,
    onEnd: () => void = () => {},
  ) {
    this.#cache = cache
    this.#feed = feed
    const self = this as Watch<unknown>
    this.#keys = target.keys && new Map([...target.keys].map(([key, user]) => [key, new KeyState(self, key, user)]))
    this.keyed = this.#keys && [...this.#keys.values()]
    this.prefix = target.prefix
    this.tags = target.tags
    this.#deliver = deliver
    this.#onEnd = onEnd
    this.#namespacePrefix = cache.namespace ? cache.buildKey('') : ''
    feed.add(this)
    void this.#baseline()
  }

  /** Whether it still delivers. */
  get ended(): boolean {
    return this.#ended
  }

  take(change: FeedChange): void {
    if (this.#ended) return
    if (change.type === 'cleared') return this.#cleared(change.prefix, change.origin)
    const { key, origin } = change
    let value: unknown = NONE
    if (change.type === 'set') value = change.value
    else if (change.type === 'stored') {
      try {
        value = this.#cache.serializer.loads(change.raw)
      } catch (error) {
        this.#report(error, key)
        return
      }
    }
    // A re-read reports only what differs from what was last told (or found when the watch began).
    if (origin === 'resync') {
      const before = this.#told(key)
      if (before === UNSEEN ? value === NONE : before === value || (value !== NONE && sameStored(before, value))) return
    }
    this.#tell(key, value)
    const type = value !== NONE ? 'set' : change.type === 'expired' ? 'expired' : 'deleted'
    this.emit({ key: this.#userKey(key), type, value: value === NONE ? undefined : (value as V), origin })
  }

  known(): Iterable<string> {
    return this.#last.keys()
  }

  resync(): void {
    if (this.#ended) return
    void this.#reread('resync')
  }

  /** Stops delivering; idempotent. */
  end(): void {
    if (this.#ended) return
    this.#ended = true
    this.#feed.remove(this)
    this.#onEnd()
  }

  /** What each watched key holds when the watch begins, so a later re-read can tell what differs. */
  async #baseline(): Promise<void> {
    try {
      await this.#read((found, changed) => {
        for (const [key, raw] of found) {
          if (this.#told(key) === UNSEEN && !changed(key)) this.#tell(key, raw === NONE ? NONE : this.#load(raw, key))
        }
      })
    } catch {
      // Without a baseline, a re-read after missed notices reports every key it finds.
    }
  }

  async #reread(origin: ChangeOrigin): Promise<void> {
    try {
      await this.#read((found, changed) => {
        for (const [key, raw] of found) {
          if (changed(key)) continue
          this.take(raw === NONE ? { type: 'deleted', key, origin } : { type: 'stored', key, raw, origin })
        }
        if (this.#keys) return
        for (const key of [...this.#last.keys()])
          if (!found.has(key) && !changed(key)) this.take({ type: 'deleted', key, origin })
      })
    } catch (error) {
      this.#report(error, '')
    }
  }

  /**
   * Reads what this watch covers (its keys, `NONE` for the missing ones, or every entry of its prefix; tag watches
   * read nothing) and hands it to `use` with which keys changed here meanwhile.
   */
  #read(use: (found: Map<string, unknown>, changed: (key: string) => boolean) => void): Promise<void> {
    const keys = this.keyed?.map(({ key }) => key)
    const prefix = this.prefix
    return this.#feed.read(async (backend) => {
      const found = new Map<string, unknown>()
      if (keys) (await backend.peek(keys)).forEach((entry, i) => found.set(keys[i]!, entry ? entry.raw : NONE))
      else if (prefix !== undefined) for (const entry of await backend.scan(prefix)) found.set(entry.key, entry.raw)
      return found
    }, use)
  }

  #load(raw: unknown, key: string): unknown {
    try {
      return this.#cache.serializer.loads(raw)
    } catch (error) {
      this.#report(error, key)
      return NONE
    }
  }

  #cleared(prefix: string, origin: ChangeOrigin): void {
    if (this.keyed) {
      for (const state of this.keyed) {
        if (!state.key.startsWith(prefix) || state.last === NONE) continue
        state.last = NONE
        this.emit({ key: state.user, type: 'cleared', value: undefined, origin })
      }
      return
    }
    for (const key of [...this.#last.keys()]) {
      if (!key.startsWith(prefix)) continue
      this.#last.delete(key)
      if (this.tags) this.#feed.heard(this, key, false)
    }
    this.emit({ key: undefined, type: 'cleared', value: undefined, origin })
  }

  /** The last state told of `key` (`NONE`: absent), or `UNSEEN`. */
  #told(key: string): unknown {
    if (this.#keys) {
      const state = this.#keys.get(key)
      return state ? state.last : UNSEEN
    }
    return this.#last.has(key) ? this.#last.get(key) : UNSEEN
  }

  #tell(key: string, value: unknown): void {
    if (this.#keys) {
      const state = this.#keys.get(key)
      if (state) state.last = value
      return
    }
    if (this.tags && !this.#last.has(key)) this.#feed.heard(this, key)
    this.#last.set(key, value)
  }

  #userKey(full: string): string {
    const user = this.#keys?.get(full)?.user
    if (user !== undefined) return user
    return full.startsWith(this.#namespacePrefix) ? full.slice(this.#namespacePrefix.length) : full
  }

  /** Hands `change` to the listener (or stream); one that throws is reported, and stops nothing else. */
  emit(change: CacheChange<V>): void {
    try {
      this.#deliver(change)
    } catch (error) {
      this.#threw(error, change)
    }
  }

  /**
   * A listener that throws stops neither the write nor the other listeners: it is reported, with the key as the
   * user wrote it (a user key may look like a namespaced one). Out of line, so that `emit` stays small.
   */
  #threw(error: unknown, change: CacheChange<V>): void {
    this.#cache.dispatchEvent(new CacheErrorEvent(error, change.key ?? '', 'watch'))
  }

  /** Reports `error` of `key` (full) as a `cacheerror` event of the cache. */
  #report(error: unknown, key: string): void {
    this.#cache.dispatchEvent(new CacheErrorEvent(error, this.#userKey(key), 'watch'))
  }
}
