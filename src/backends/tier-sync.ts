import type { Backend } from './backend.js'
import type { Change, TierCoherence } from './tier-coherence.js'
import { type Entry, copyTo, drop } from './tier-copies.js'

/**
 * How a TieredBackend keeps its faster tiers in step with the last one: each write reaches the truth, is
 * announced, then copied up (or dropped above); each entry a read found below is copied up unless its key changed
 * meanwhile; each change another context announced is dropped.
 */
export class TierSync {
  readonly #faster: readonly Backend[]
  readonly #coherence: TierCoherence

  constructor(faster: readonly Backend[], coherence: TierCoherence) {
    this.#faster = faster
    this.#coherence = coherence
  }

  /**
   * One write: `truth` on the last tier; when it changed something (a result that is not `false` or `0`), the
   * announcement and `copy` on each faster tier. They drop the keys instead without `copy`, when nothing changed
   * (a failed `add` or swap: a copy may be what misled the caller), or when the keys changed again meanwhile.
   */
  async write<R>(
    keys: readonly string[],
    truth: () => Promise<R>,
    copy?: (tier: Backend) => Promise<void>,
  ): Promise<R> {
    const changes = this.#coherence.changes
    const since = changes.begin()
    try {
      const pending = truth()
      // Where a notice cannot overtake the write it follows, it goes out with it (even for a write that turns out
      // to change nothing, which costs the others a copy at most).
      const early = this.#coherence.ordered ? this.#announce({ keys: [...keys] }, keys) : undefined
      const result = await pending.catch(async (error: unknown) => {
        await early?.catch(() => {})
        throw error
      })
      // A key another write changed while this one ran may now hold that write's value: forget it, don't copy.
      let overtaken = keys.some((key) => changes.changed(key, since))
      changes.keys(keys)
      const mine = changes.now()
      const changed = result !== false && result !== 0
      if (early) await early
      else if (changed) await this.#announce({ keys: [...keys] }, keys)
      overtaken ||= keys.some((key) => changes.changed(key, mine))
      const keep = copy && changed && this.#coherence.open && !overtaken
      for (const tier of this.#faster) {
        if (!keep) {
          await drop(tier, keys)
          continue
        }
        await copy(tier)
        // Heard while a slower tier stored the copy: that copy may already be old.
        if (keys.some((key) => changes.changed(key, mine))) await drop(tier, keys)
      }
      return result
    } finally {
      changes.end(since)
    }
  }

  /** `clear` after the last tier cleared `prefix`: announced, and cleared above whatever happens. */
  async cleared(prefix: string): Promise<void> {
    this.#coherence.changes.prefix(prefix)
    try {
      await this.#coherence.announce({ prefix })
    } finally {
      await Promise.all(this.#faster.map((tier) => tier.clear(prefix)))
    }
  }

  /** Copies an entry found on tier `from` into every faster tier, unless its key changed since `since`. */
  async copyUp(key: string, entry: Entry, from: number, since: number): Promise<void> {
    const changes = this.#coherence.changes
    for (const tier of this.#faster.slice(0, from)) {
      if (changes.changed(key, since)) return
      await copyTo(tier, key, entry.raw, entry.expiresAt)
      // A notice heard while a slower tier stored the copy: that copy may already be old.
      if (changes.changed(key, since)) await drop(tier, [key])
    }
  }

  /** Drops what another context changed (or everything, after notices may have been missed) from the faster tiers. */
  forget(change: Change): void {
    for (const tier of this.#faster) {
      if ('keys' in change) void drop(tier, change.keys)
      else void tier.clear(change.prefix).catch(() => {})
    }
  }

  async #announce(change: Change, keys: readonly string[]): Promise<void> {
    try {
      const sent = this.#coherence.announce(change)
      if (sent) await sent
    } catch (error) {
      // Written, but not announced: at least this context must not keep its old copies.
      await Promise.all(this.#faster.map((tier) => drop(tier, keys)))
      throw error
    }
  }
}
