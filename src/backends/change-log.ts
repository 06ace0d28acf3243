// Which keys changed while a TieredBackend's operations were in flight, so a read that began before a change
// never copies the old value into a faster tier.

// Past these, the log stops listing and says "everything changed": an operation in flight then copies nothing up,
// which costs it a copy, never coherence. Bounds the log whatever the traffic (forged notices included).
const MOST_KEYS = 10_000
const MOST_PREFIXES = 256

/**
 * Which keys changed while operations were in flight. An operation takes the generation with `begin()` before
 * it reads or writes, and asks `changed(key, since)` before copying anything into a faster tier: a key changed
 * since then (by this context or by a notice) must not be copied, or an old value would outlive the change.
 *
 * Only what changed after the oldest operation in flight began is kept: nobody can ask about anything older.
 */
export class ChangeLog {
  #generation = 0
  // The generations operations in flight began at, oldest first (generations only grow), with their counts.
  readonly #open = new Map<number, number>()
  // Key → generation of its last change, oldest change first.
  readonly #keys = new Map<string, number>()
  // [prefix, generation], oldest first.
  #prefixes: [string, number][] = []
  #everything = 0

  /** Starts an operation; pass the result to `changed` and to `end()` when done. */
  begin(): number {
    const generation = this.#generation
    this.#open.set(generation, (this.#open.get(generation) ?? 0) + 1)
    return generation
  }

  /** The current generation, for an operation in flight to ask later about changes from now on. */
  now(): number {
    return this.#generation
  }

  /** Ends the operation that `begin()` gave `since`. */
  end(since: number): void {
    const count = this.#open.get(since)
    if (count === undefined) return
    if (count > 1) this.#open.set(since, count - 1)
    else {
      this.#open.delete(since)
      this.#prune()
    }
  }

  /** How many changes are listed now (keys and prefixes), at most some ten thousand. */
  get size(): number {
    return this.#keys.size + this.#prefixes.length
  }

  /** Records that `keys` changed now. */
  keys(keys: readonly string[]): void {
    const generation = ++this.#generation
    if (this.#open.size === 0) return
    for (const key of keys) {
      // Re-inserted, so the map stays in the order of the changes.
      this.#keys.delete(key)
      this.#keys.set(key, generation)
    }
    if (this.#keys.size > MOST_KEYS) this.#overflow(generation)
  }

  /** Records that every key starting with `prefix` changed now (`''`: every key). */
  prefix(prefix: string): void {
    const generation = ++this.#generation
    if (prefix === '') this.#everything = generation
    else if (this.#open.size > 0) {
      this.#prefixes.push([prefix, generation])
      if (this.#prefixes.length > MOST_PREFIXES) this.#overflow(generation)
    }
  }

  /** Whether `key` changed after generation `since`: one lookup, and a look at the prefixes newer than `since`. */
  changed(key: string, since: number): boolean {
    if (this.#everything > since || (this.#keys.get(key) ?? 0) > since) return true
    const prefixes = this.#prefixes
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const [prefix, generation] = prefixes[i]!
      if (generation <= since) return false
      if (key.startsWith(prefix)) return true
    }
    return false
  }

  /** Too much to list: everything changed now. */
  #overflow(generation: number): void {
    this.#everything = generation
    this.#keys.clear()
    this.#prefixes = []
  }

  /** Forgets the changes no operation in flight can ask about: those up to the oldest one's start. */
  #prune(): void {
    const oldest = this.#open.keys().next()
    if (oldest.done) {
      this.#keys.clear()
      this.#prefixes = []
      return
    }
    const since = oldest.value
    for (const [key, generation] of this.#keys) {
      if (generation > since) break
      this.#keys.delete(key)
    }
    const kept = this.#prefixes.findIndex(([, generation]) => generation > since)
    if (kept !== 0) this.#prefixes = kept === -1 ? [] : this.#prefixes.slice(kept)
  }
}
