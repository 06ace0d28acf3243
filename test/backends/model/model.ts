// The reference model of one store: what the Cache contract says it holds, written as plainly as possible.
// Expiry is known to the millisecond on a clock the test controls; on the real clock (a server's) it is known
// to lie within an interval, and what a command observes decides the cases in between.

/** When a command ran: between `start` and `end` (equal on a controlled clock). */
export interface Window {
  start: number
  end: number
}

/** An entry expires at an instant in `[from, to]` (one instant on a controlled clock). */
export interface Expiry {
  from: number
  to: number
}

/** What the model knows of one stored key. */
export interface ModelEntry {
  /** The value as a read gives it back (see {@link ModelRules.stored}). */
  value: unknown
  /** When it expires; `undefined`: never. */
  expiry: Expiry | undefined
}

/** At a command's window, a key is surely live, surely gone, or (near its expiry on a real clock) either. */
export type Presence = 'live' | 'gone' | 'unsure'

/** The rules of the store and serializer under test that the model needs to know. */
export interface ModelRules {
  /** The memory backend's LRU bound: a write that leaves more live entries evicts the least recently used. */
  maxSize?: number
  /** Milliseconds the store's clock may disagree with the test's (0 on a controlled clock). */
  margin: number
  /** What a value reads back as through the serializer (`String(value)` for StringSerializer, else the value). */
  stored(value: unknown): unknown
  /** The TTL of cache 3 (namespace `a` with a default TTL). */
  defaultTtl: number
}

/** The integer `increment` counts from a stored value: an integer, or a string of decimal digits; else `undefined`. */
export function counterOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value
  // `+ 0` turns -0 into 0: a counter is an integer, and the integer zero has no sign.
  return typeof number === 'number' && Number.isSafeInteger(number) ? number + 0 : undefined
}

/** The expiry a write with `ttl` (validated ms; `undefined`, `0`, `Infinity`: never) made during `at`. */
export function expiryOf(ttl: number | undefined, at: Window): Expiry | undefined {
  if (ttl === undefined || ttl === 0 || ttl === Infinity) return undefined
  const ms = Math.ceil(ttl)
  return { from: at.start + ms, to: at.end + ms }
}

/**
 * The entries of one store by full key, kept in recency order (least recently used first), as the LRU-bounded
 * memory backend keeps them. Entries surely expired are forgotten as soon as a command's window shows it.
 */
export class CacheModel {
  readonly rules: ModelRules
  readonly #entries = new Map<string, ModelEntry>()

  constructor(rules: ModelRules) {
    this.rules = rules
  }

  /** Whether `key` holds a live entry during `at`. */
  presence(key: string, at: Window): Presence {
    const entry = this.#entries.get(key)
    if (entry === undefined) return 'gone'
    const { expiry } = entry
    if (expiry === undefined) return 'live'
    const { margin } = this.rules
    // Expired at `to` at the latest: gone once the command started after it (the store reads `expiresAt <= now`).
    if (at.start - margin >= expiry.to) {
      this.#entries.delete(key)
      return 'gone'
    }
    return at.end + margin < expiry.from ? 'live' : 'unsure'
  }

  /** The entry of `key`, live or not; `undefined` when the model holds none. */
  entry(key: string): ModelEntry | undefined {
    return this.#entries.get(key)
  }

  /** The keys the model holds that start with `prefix` (`''`: all), live or not. */
  keysUnder(prefix: string): string[] {
    return [...this.#entries.keys()].filter((key) => key.startsWith(prefix))
  }

  /** Stores an entry as the most recently used, then evicts the least recently used live ones over the bound. */
  write(key: string, value: unknown, expiry: Expiry | undefined, at: Window): void {
    this.#entries.delete(key)
    this.#entries.set(key, { value, expiry })
    const { maxSize } = this.rules
    if (maxSize === undefined) return
    // Only live entries count: a bounded store drops expired entries before it evicts a live one.
    const live = [...this.#entries.keys()].filter((held) => this.presence(held, at) === 'live')
    for (const evicted of live.slice(0, Math.max(0, live.length - maxSize))) this.#entries.delete(evicted)
  }

  /** Marks `key` as the most recently used (a command that used it). */
  touch(key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined || this.rules.maxSize === undefined) return
    this.#entries.delete(key)
    this.#entries.set(key, entry)
  }

  /** Gives `key` a new expiry; the key is used. */
  expire(key: string, expiry: Expiry | undefined): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    entry.expiry = expiry
    this.touch(key)
  }

  /** Forgets `key`: deleted, or observed expired. */
  remove(key: string): void {
    this.#entries.delete(key)
  }

  /** Forgets every key starting with `prefix` (`''`: all). */
  clear(prefix: string): void {
    for (const key of this.keysUnder(prefix)) this.#entries.delete(key)
  }

  /** A short listing for failure messages: key, value and expiry of every entry, in recency order. */
  toString(): string {
    const lines = [...this.#entries].map(([key, { value, expiry }]) => {
      const when =
        expiry === undefined ? 'never' : expiry.from === expiry.to ? `${expiry.from}` : `${expiry.from}…${expiry.to}`
      return `  ${JSON.stringify(key)} = ${JSON.stringify(value)} (expires ${when})`
    })
    return lines.length === 0 ? '  (empty)' : lines.join('\n')
  }
}
