// Keeping a store within `maxEntries`/`maxBytes`, least recently read first. Reads mark their keys in memory; the
// marks go to the records' `usedAt` (the `used` index) about a second later at an idle moment, in one transaction,
// at most once per key per `accessInterval`. A write that leaves the store over its bound starts eviction in the background: short
// transactions through the `expires` index (expired records first), then the `used` index, with the page's turn
// between them, one tab at a time (a Web Lock).
import type { IndexedDBConnection } from './connection.js'
import { holding } from './locks.js'
import { type Given, giveUpOldest } from './oldest.js'
import { committed, isStoredRecord, request } from './store.js'
import { idle } from './sweep.js'
import { type Counts, Writes } from './usage.js'

export type { Given } from './oldest.js'

/** The bound of a store: its most entries and bytes (`Infinity`: none), and how often a read is recorded (ms). */
export interface Limits {
  maxEntries: number
  maxBytes: number
  accessInterval: number
}

/** Throws a `RangeError` naming the option unless each limit is a positive safe integer or `Infinity`. */
export function assertLimits(limits: Limits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (value !== Infinity && !(Number.isSafeInteger(value) && (value as number) > 0))
      throw new (typeof value === 'number' ? RangeError : TypeError)(
        `${name} must be a positive integer or Infinity, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
      )
  }
}

// Records per eviction slice; marks written per access transaction; marks held while waiting to be written; how
// long (ms) marks gather before they are written.
const SLICE = 128
const FLUSH_DELAY = 1000
const MARKS_PER_FLUSH = 512
const MOST_MARKS = 8192

const over = (counts: Counts, limits: Limits) => counts.entries > limits.maxEntries || counts.bytes > limits.maxBytes

/** The bound of one store, in one context. */
export class Bound {
  readonly limits: Limits
  readonly #connection: IndexedDBConnection
  readonly #lock: string
  readonly #report: (given: Given) => void
  readonly #marks = new Map<string, number>()
  #flushing = false
  #evicting: Promise<void> | undefined
  #again = false
  #closed = false

  constructor(connection: IndexedDBConnection, lock: string, limits: Limits, report: (given: Given) => void) {
    this.#connection = connection
    this.#lock = lock
    this.limits = limits
    this.#report = report
  }

  /** Notes a read of `key`, whose record was last used at `usedAt`: written later, unless recorded lately. */
  read(key: string, usedAt: number | undefined, now: number): void {
    if (now - (usedAt ?? 0) < this.limits.accessInterval || this.#marks.size >= MOST_MARKS) return
    if (!this.#marks.has(key)) this.#marks.set(key, now)
    if (this.#flushing) return
    this.#flushing = true
    // A moment later, so the reads of that moment go in one transaction, then at an idle moment.
    void new Promise((resolve) => setTimeout(resolve, FLUSH_DELAY))
      .then(() => idle())
      .then(() => this.flush())
      .catch(() => {})
      .finally(() => (this.#flushing = false))
  }

  /** Writes the reads noted so far to their records' `usedAt`, in transactions of a few hundred records. */
  async flush(): Promise<void> {
    while (this.#marks.size > 0 && !this.#closed) {
      const batch = [...this.#marks].slice(0, MARKS_PER_FLUSH)
      for (const [key] of batch) this.#marks.delete(key)
      await this.#connection.run('readwrite', 'access', async (store) => {
        const found = await Promise.all(batch.map(([key]) => request(store.get(key))))
        found.forEach((stored: unknown, i) => {
          const [key, at] = batch[i]!
          // Its size stays: the counts do not change.
          if (isStoredRecord(stored) && (stored.usedAt ?? 0) < at) store.put({ ...stored, usedAt: at }, key)
        })
        await committed(store.transaction)
      })
    }
  }

  /** After a write that left the store at `counts`: starts eviction in the background when it is over the bound. */
  wrote(counts: Counts | undefined): void {
    if (counts && over(counts, this.limits)) this.#start()
  }

  #start(): void {
    if (this.#closed) return
    // Running already: it runs once more after, for what was written meanwhile.
    if (this.#evicting) {
      this.#again = true
      return
    }
    this.#evicting = idle()
      .then(() => this.evict())
      .catch(() => {})
      .finally(() => {
        this.#evicting = undefined
        if (this.#again) {
          this.#again = false
          this.#start()
        }
      })
  }

  /** Gives up records until the store is within its bound: one tab at a time, in slices with the page's turn between. */
  async evict(): Promise<void> {
    // This context's reads count before anything goes.
    await this.flush()
    await holding(this.#lock, async () => {
      while (!this.#closed && (await this.#slice())) await idle()
    })
  }

  /** Stops evicting and recording reads. */
  close(): void {
    this.#closed = true
    this.#marks.clear()
  }

  /** One slice: gives up to {@link SLICE} records, expired ones first; resolves to whether the store is still over. */
  #slice(): Promise<boolean> {
    return this.#connection.run('readwrite', 'evict', async (store) => {
      const writes = new Writes(store, true)
      const counts = await writes.counts()
      const entries = counts.entries - this.limits.maxEntries
      const bytes = counts.bytes - this.limits.maxBytes
      if (entries <= 0 && bytes <= 0) return false
      const within = (given: Given) => given.expired + given.keys.length >= entries && given.bytes >= bytes
      const given = await giveUpOldest(writes, entries > 0 ? Math.min(SLICE, entries) : SLICE, within, true)
      await writes.settle()
      await committed(store.transaction)
      const count = given.expired + given.keys.length
      if (count > 0) this.#report(given)
      return count > 0 && !within(given)
    })
  }
}
