// Which watches a change of one key reaches, found by lookups, never by a scan of every watch: key watches by key,
// prefix watches by the lengths of their prefixes, tag watches by tag and by the keys they heard of.
import type { FeedChange } from './change-feed.js'

/** One watch as the feed sees it: what it watches, and where changes go. */
export interface FeedWatch {
  /** The keys watched, each as the feed indexes it; `undefined` for a prefix or tag watch. */
  readonly keyed: readonly WatchedKey[] | undefined
  /** Full key prefix watched. */
  readonly prefix: string | undefined
  /** Tags watched. */
  readonly tags: readonly string[] | undefined
  /** Takes one change. */
  take(change: FeedChange): void
  /** Re-reads what it watches, since notices may have been missed. */
  resync(): void
  /** Ends the watch (its cache closed). */
  end(): void
  /** The keys a tag watch has told (or found) something of: it hears every later change of them. */
  known(): Iterable<string>
}

/** One key of a key watch, as the feed indexes it. */
export interface WatchedKey {
  /** The full key. */
  readonly key: string
  readonly watch: FeedWatch
  /** Takes a value this context stored under the key: `take` of a local `'set'`, without a change record. */
  stored(value: unknown): void
}

type Lists<T> = Map<string, readonly T[]>

// A list is replaced, never changed in place: a delivery going through the old one goes on unharmed, and a watch
// that a listener starts does not hear the change being delivered.
function push<T>(lists: Lists<T>, name: string, item: T): void {
  lists.set(name, [...(lists.get(name) ?? []), item])
}

function drop<T>(lists: Lists<T>, name: string, item: T): void {
  const list = lists.get(name)
  if (!list?.includes(item)) return
  if (list.length === 1) lists.delete(name)
  else
    lists.set(
      name,
      list.filter((other) => other !== item),
    )
}

const overlap = (a: string, b: string) => a.startsWith(b) || b.startsWith(a)

/**
 * The watches of one change feed. A change of a key costs one lookup for its key watches, one per distinct prefix
 * length for prefix watches, and, when tag watches exist, one per tag of the write and one for the key.
 */
export class WatchIndex {
  readonly #all = new Set<FeedWatch>()
  readonly #byKey: Lists<WatchedKey> = new Map()
  readonly #byPrefix: Lists<FeedWatch> = new Map()
  // The distinct lengths of the prefixes watched, shortest first.
  #lengths: number[] = []
  readonly #byTag: Lists<FeedWatch> = new Map()
  // Key → the tag watches that heard of it.
  readonly #heard: Lists<FeedWatch> = new Map()

  /** How many watches. */
  get size(): number {
    return this.#all.size
  }

  /** Whether every watch is a key watch: a change then reaches only {@link keyed}. */
  get narrow(): boolean {
    return this.#byPrefix.size === 0 && this.#byTag.size === 0
  }

  /** The key watches of `key`. */
  keyed(key: string): readonly WatchedKey[] | undefined {
    return this.#byKey.get(key)
  }

  add(watch: FeedWatch): void {
    if (this.#all.has(watch)) return
    this.#all.add(watch)
    for (const keyed of watch.keyed ?? []) push(this.#byKey, keyed.key, keyed)
    for (const tag of watch.tags ?? []) push(this.#byTag, tag, watch)
    const { prefix } = watch
    if (prefix === undefined) return
    push(this.#byPrefix, prefix, watch)
    if (!this.#lengths.includes(prefix.length)) this.#lengths = [...this.#lengths, prefix.length].sort((a, b) => a - b)
  }

  /** Removes `watch`; `false` when it was not here. */
  remove(watch: FeedWatch): boolean {
    if (!this.#all.delete(watch)) return false
    for (const keyed of watch.keyed ?? []) drop(this.#byKey, keyed.key, keyed)
    for (const tag of watch.tags ?? []) drop(this.#byTag, tag, watch)
    if (watch.tags) for (const key of watch.known()) drop(this.#heard, key, watch)
    const { prefix } = watch
    if (prefix !== undefined) {
      drop(this.#byPrefix, prefix, watch)
      const { length } = prefix
      if (![...this.#byPrefix.keys()].some((other) => other.length === length))
        this.#lengths = this.#lengths.filter((other) => other !== length)
    }
    return true
  }

  /** Tag watch `watch` heard of `key` (or, with `heard` false, forgot it). */
  heard(watch: FeedWatch, key: string, heard = true): void {
    if (!this.#all.has(watch)) return
    if (heard) push(this.#heard, key, watch)
    else drop(this.#heard, key, watch)
  }

  /**
   * The watches other than {@link keyed} that a change of `key` written with `tags` reaches, each once: prefix
   * watches (shorter prefixes first), then tag watches; `undefined` for none.
   */
  reached(key: string, tags?: readonly string[]): FeedWatch[] | undefined {
    let found: FeedWatch[] | undefined
    for (const length of this.#lengths) {
      if (length > key.length) break
      const list = this.#byPrefix.get(length === key.length ? key : key.slice(0, length))
      if (list) (found ??= []).push(...list)
    }
    if (this.#byTag.size === 0) return found
    const start = found?.length ?? 0
    const add = (list: readonly FeedWatch[] | undefined) => {
      for (const watch of list ?? []) if (!found?.includes(watch, start)) (found ??= []).push(watch)
    }
    for (const tag of tags ?? []) add(this.#byTag.get(tag))
    add(this.#heard.get(key))
    return found
  }

  /** Whether a change of `key` whose tags are not known may reach a watch. */
  covers(key: string): boolean {
    return this.#byKey.has(key) || this.#byTag.size > 0 || this.reached(key) !== undefined
  }

  /** The watches a clear of every key starting with `prefix` reaches. */
  within(prefix: string): Set<FeedWatch> {
    const found = new Set<FeedWatch>()
    for (const [key, keyed] of this.#byKey) if (key.startsWith(prefix)) for (const { watch } of keyed) found.add(watch)
    for (const [watched, list] of this.#byPrefix) if (overlap(watched, prefix)) list.forEach((w) => found.add(w))
    for (const list of this.#byTag.values()) list.forEach((w) => found.add(w))
    return found
  }

  /** Every watch, as a new array. */
  all(): FeedWatch[] {
    return [...this.#all]
  }
}
