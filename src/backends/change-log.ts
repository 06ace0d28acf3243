// Which keys changed while a TieredBackend's operations were in flight, so a read that began before a change
// never copies the old value into a faster tier.

/**
 * Which keys changed while operations were in flight. An operation takes the generation with `begin()` before
 * it reads or writes, and asks `changed(key, since)` before copying anything into a faster tier: a key changed
 * since then (by this context or by a notice) must not be copied, or an old value would outlive the change.
 */
export class ChangeLog {
  #generation = 0
  #inFlight = 0
  // Kept only while operations are in flight: when none is, no one can ask about the past.
  readonly #keys = new Map<string, number>()
  readonly #prefixes: [string, number][] = []
  #everything = 0

  /** Starts an operation; pass the result to `changed` and call `end()` when done. */
  begin(): number {
    this.#inFlight++
    return this.#generation
  }

  /** The current generation, for an operation in flight to ask later about changes from now on. */
  now(): number {
    return this.#generation
  }

  /** Ends an operation started with `begin()`. */
  end(): void {
    if (--this.#inFlight > 0) return
    this.#keys.clear()
    this.#prefixes.length = 0
  }

  /** Records that `keys` changed now. */
  keys(keys: readonly string[]): void {
    const generation = ++this.#generation
    if (this.#inFlight > 0) for (const key of keys) this.#keys.set(key, generation)
  }

  /** Records that every key starting with `prefix` changed now (`''`: every key). */
  prefix(prefix: string): void {
    const generation = ++this.#generation
    if (prefix === '') this.#everything = generation
    else if (this.#inFlight > 0) this.#prefixes.push([prefix, generation])
  }

  /** Whether `key` changed after generation `since`. */
  changed(key: string, since: number): boolean {
    if (this.#everything > since || (this.#keys.get(key) ?? 0) > since) return true
    for (const [prefix, generation] of this.#prefixes) if (generation > since && key.startsWith(prefix)) return true
    return false
  }
}
