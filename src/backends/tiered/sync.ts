import type { Backend } from '../backend.js'
import type { Change, TierCoherence } from './coherence.js'
import { type Entry, copyTo } from './copies.js'

// Prefix notices a second that clear just their prefix above; past them, the faster tiers are emptied instead.
const PREFIXES_PER_SECOND = 8

/**
 * Dispatched by a {@link TieredBackend} (type `'tiererror'`) when keeping the tiers in step failed after the last
 * tier had answered: a faster tier could not store or forget a copy (it is then not read until it has been
 * emptied), or a write could not be announced to the other contexts. The command itself succeeded.
 */
export class TierErrorEvent extends Event {
  static readonly type = 'tiererror'
  constructor(
    /** What failed. */
    readonly error: unknown,
    /** What failed: `'copy'` or `'drop'` on a faster tier, `'announce'` on the channel. */
    readonly operation: 'copy' | 'drop' | 'announce',
    /** The keys involved (`[]` for a prefix or everything). */
    readonly keys: readonly string[],
    /** The index of the faster tier that failed; `undefined` for an announcement. */
    readonly tier: number | undefined,
  ) {
    super(TierErrorEvent.type)
  }
}

/**
 * How a TieredBackend keeps its faster tiers in step with the last one: each write reaches the truth, is
 * announced, then copied up (or dropped above); each entry a read found below is copied up unless its key changed
 * meanwhile; each change another context announced is dropped. A faster tier that fails to forget is distrusted:
 * not read, nor written, until it has been emptied.
 */
export class TierSync {
  readonly #faster: readonly Backend[]
  readonly #coherence: TierCoherence
  readonly #report: (event: TierErrorEvent) => void
  // Faster tiers that may hold a copy they failed to forget, each with the clear that will make it usable again.
  readonly #distrusted = new Map<Backend, Promise<void> | undefined>()
  // Prefix notices heard in the current second, and when it began.
  #prefixes = 0
  #window = -Infinity

  constructor(faster: readonly Backend[], coherence: TierCoherence, report: (event: TierErrorEvent) => void) {
    this.#faster = faster
    this.#coherence = coherence
    this.#report = report
  }

  /** Whether every faster tier may be read: none failed to forget a copy. */
  get trusted(): boolean {
    return this.#distrusted.size === 0
  }

  /** Whether `tier` may be read; a distrusted one is asked once more to empty itself. */
  trusts(tier: Backend): boolean {
    if (!this.#distrusted.has(tier)) return true
    if (this.#distrusted.get(tier) === undefined) this.#empty(tier)
    return false
  }

  /**
   * One write: `truth` on the last tier; when it changed something (a result that is not `false` or `0`), the
   * announcement and `copy` on each faster tier. They drop the keys instead without `copy`, when nothing changed
   * (a failed `add` or swap: a copy may be what misled the caller), or when the keys changed again meanwhile.
   * Once the truth has the write, it resolves: a failed announcement or copy is a {@link TierErrorEvent}.
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
      const early = this.#coherence.ordered ? this.#announce({ keys: [...keys] }) : undefined
      const result = await pending.catch(async (error: unknown) => {
        await early
        throw error
      })
      // A key another write changed while this one ran may now hold that write's value: forget it, don't copy.
      let overtaken = keys.some((key) => changes.changed(key, since))
      changes.keys(keys)
      const mine = changes.now()
      const changed = result !== false && result !== 0
      let announced = true
      if (early) announced = await early
      else if (changed) announced = await this.#announce({ keys: [...keys] })
      overtaken ||= keys.some((key) => changes.changed(key, mine))
      // Written but not announced: at least this context must not keep its old copies.
      const keep = copy && changed && announced && this.#coherence.open && !overtaken
      for (const [index, tier] of this.#faster.entries()) {
        if (!this.trusts(tier)) continue
        // Heard while a slower tier stored the copy: that copy may already be old.
        if (keep && (await this.#copy(index, tier, keys, copy)) && !keys.some((key) => changes.changed(key, mine)))
          continue
        await this.#drop(index, tier, keys)
      }
      return result
    } finally {
      changes.end(since)
    }
  }

  /** `clear` after the last tier cleared `prefix`: announced, and cleared above whatever happens. */
  async cleared(prefix: string): Promise<void> {
    this.#coherence.changes.prefix(prefix)
    await this.#announce({ prefix })
    await Promise.all(this.#faster.map((tier, index) => this.#clear(index, tier, prefix)))
  }

  /** Copies an entry found on tier `from` into every faster tier, unless its key changed since `since`. */
  async copyUp(key: string, entry: Entry, from: number, since: number): Promise<void> {
    const changes = this.#coherence.changes
    for (const [index, tier] of this.#faster.slice(0, from).entries()) {
      if (changes.changed(key, since)) return
      if (!this.trusts(tier)) continue
      const copied = await this.#copy(index, tier, [key], (target) => copyTo(target, key, entry.raw, entry.expiresAt))
      // A notice heard while a slower tier stored the copy: that copy may already be old.
      if (!copied || changes.changed(key, since)) await this.#drop(index, tier, [key])
    }
  }

  /**
   * Drops what another context changed (or everything, after notices may have been missed) from the faster tiers.
   * Clearing a prefix walks a tier; past a few prefix notices a second, a tier is emptied instead (one step), so a
   * flood of notices (forged or not) costs a few walks, not one per notice.
   */
  forget(change: Change): void {
    const prefix = 'prefix' in change ? this.#prefixToClear(change.prefix) : undefined
    for (const [index, tier] of this.#faster.entries()) {
      if (!this.#distrusted.has(tier)) {
        if ('keys' in change) void this.#drop(index, tier, change.keys)
        else void this.#clear(index, tier, prefix!)
      }
    }
  }

  #prefixToClear(prefix: string): string {
    const now = performance.now()
    if (now - this.#window > 1000) [this.#window, this.#prefixes] = [now, 0]
    return ++this.#prefixes > PREFIXES_PER_SECOND ? '' : prefix
  }

  /** Whether the announcement went out; a failed one is reported. */
  async #announce(change: Change): Promise<boolean> {
    try {
      const sent = this.#coherence.announce(change)
      if (sent) await sent
      return true
    } catch (error) {
      this.#report(new TierErrorEvent(error, 'announce', 'keys' in change ? change.keys : [], undefined))
      return false
    }
  }

  /** Whether `copy` stored the copy on `tier`; a failed one is reported (and then dropped by the caller). */
  async #copy(
    index: number,
    tier: Backend,
    keys: readonly string[],
    copy: (tier: Backend) => Promise<void>,
  ): Promise<boolean> {
    try {
      await copy(tier)
      return true
    } catch (error) {
      this.#report(new TierErrorEvent(error, 'copy', keys, index))
      return false
    }
  }

  /** Removes `keys` from a faster tier; one that fails to forget is reported and distrusted until emptied. */
  async #drop(index: number, tier: Backend, keys: readonly string[]): Promise<void> {
    try {
      await Promise.all(keys.map((key) => tier.delete(key)))
    } catch (error) {
      this.#distrust(index, tier, error, keys)
    }
  }

  async #clear(index: number, tier: Backend, prefix: string): Promise<void> {
    try {
      await tier.clear(prefix)
    } catch (error) {
      this.#distrust(index, tier, error, [])
    }
  }

  #distrust(index: number, tier: Backend, error: unknown, keys: readonly string[]): void {
    this.#report(new TierErrorEvent(error, 'drop', keys, index))
    if (!this.#distrusted.has(tier)) this.#empty(tier)
  }

  /** Empties a distrusted tier; it is trusted again once that worked (else asked again on its next use). */
  #empty(tier: Backend): void {
    const clearing = tier.clear('').then(
      () => {
        if (this.#distrusted.get(tier) === clearing) this.#distrusted.delete(tier)
      },
      () => {
        if (this.#distrusted.get(tier) === clearing) this.#distrusted.set(tier, undefined)
      },
    )
    this.#distrusted.set(tier, clearing)
  }
}
