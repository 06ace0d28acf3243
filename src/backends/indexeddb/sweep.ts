// Removing expired records without stalling anyone: the `expires` index finds them, and they go in slices of one
// short readwrite transaction each (records next to each other in one ranged delete), so a command from any tab
// waits at most one slice; between slices the page gets its turn (an idle callback where there is one, else a timer)
// and the store stays free at least as long as the slice held it.
import { EXPIRES } from './schema.js'
import type { IndexedDBConnection } from './connection.js'
import { holding } from './locks.js'
import { type Removed, removeExpired } from './expired.js'
import { committed, request } from './store.js'
import { Writes } from './usage.js'

// How long one slice's records may hold the store, in ms, on top of what any slice costs (at most as much again):
// the wait a command can see behind it.
const SLICE_BUDGET = 4
// How long a background sweep leaves the store free after a slice, in times the slice held it; after a slow one
// (the browser's storage is busy, and slow slices come in runs) longer.
const REST = 1
const SLOW_REST = 3
const MIN_SLICE = 16
const MAX_SLICE = 4096

/** Resolves at the next idle moment (or after `timeout` ms at most), or on the next task where there is no idle callback. */
export function idle(timeout = 1000): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout })
    else setTimeout(resolve)
  })
}

/** One slice: removes up to `limit` expired records; resolves to how many it removed and whether more may be left. */
async function slice(
  connection: IndexedDBConnection,
  limit: number,
  counted: boolean,
  from: number,
): Promise<Removed & { more: boolean }> {
  return connection.run('readwrite', 'sweep', async (store) => {
    const writes = new Writes(store, counted)
    // A record pycached did not write is left as it is, even with an `expiresAt` field.
    const removed = await removeExpired(writes, limit, Date.now(), from)
    await writes.settle()
    await committed(store.transaction)
    return { ...removed, more: removed.removed > 0 }
  })
}

/** What a sweep removed: how many records, and about how many bytes they held. */
export interface Swept {
  removed: number
  bytes: number
}

/**
 * The sliced sweep of one store: each slice is sized to take about {@link SLICE_BUDGET} ms more than the fastest
 * slice yet (what a commit costs on this store; at most {@link SLICE_BUDGET} counts), so where a commit alone takes
 * a few ms, as on disk, more records share it. It grows while slices are quick and shrinks when one was slow, at most
 * twice or half the size at a time, so one stall does not shrink it to nothing, and `pause` runs between slices,
 * given how long the slice held the store. Once `stopped()` says so, no further slice starts (a background sweep of
 * a closed backend must not reopen its store).
 */
export async function sweepInSlices(
  connection: IndexedDBConnection,
  pause: (took: number) => Promise<void>,
  stopped: () => boolean = () => false,
  counted = false,
): Promise<Swept> {
  let limit = 64
  let fixed = SLICE_BUDGET
  let from = -Infinity
  const total: Swept = { removed: 0, bytes: 0 }
  while (!stopped()) {
    const started = performance.now()
    const done = await slice(connection, limit, counted, from)
    from = done.from
    total.removed += done.removed
    total.bytes += done.bytes
    if (!done.more) return total
    const took = Math.max(performance.now() - started, 0.1)
    // What a slice costs whatever it removes (its commit: on disk a few ms, in memory well under one), at most the
    // fastest slice yet; the records a slice holds the store for get SLICE_BUDGET on top of it.
    fixed = Math.min(fixed, took)
    const work = Math.max(took - fixed, 0.1)
    const next = Math.min(2 * limit, Math.max(limit / 2, (limit * SLICE_BUDGET) / work))
    limit = Math.round(Math.min(MAX_SLICE, Math.max(MIN_SLICE, next)))
    await pause(took)
  }
  return total
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The pause of a background sweep after a slice that held the store `took` ms: the next idle moment, and no sooner
 * than {@link REST} times as long (three times after a slow slice), so the store is free for other tabs' commands
 * at least half the time.
 */
export function rest(took: number): Promise<void> {
  const factor = took > 4 * SLICE_BUDGET ? SLOW_REST : REST
  return Promise.all([idle(), sleep(took * factor)]).then(() => undefined)
}

/** When the next record of the store expires (epoch ms), or `undefined` when none will. */
export function nextExpiry(connection: IndexedDBConnection): Promise<number | undefined> {
  return connection.run('readonly', 'sweep', async (store) => {
    const first = await request(store.index(EXPIRES).openKeyCursor())
    return typeof first?.key === 'number' ? first.key : undefined
  })
}

const zeroDelay = (): Promise<void> => new Promise((resolve) => setTimeout(resolve))

/**
 * When a store's expired records are swept: at the first idle moment after the connection opens, whenever the page
 * becomes visible again, after a write at most once per `interval`, and when the next record expires (at most
 * `interval` later). Across the tabs of an origin, one sweeps at a time (a Web Lock, where there are Web Locks).
 */
export class Sweeper {
  readonly #connection: IndexedDBConnection
  readonly #lock: string
  readonly #interval: number
  readonly #counted: boolean
  #running = false
  #closed = false
  #last = -Infinity
  #timer: ReturnType<typeof setTimeout> | undefined
  readonly #onVisible = () => {
    // Only for a store in use: a page that has not touched it yet does not open it to sweep.
    if (document.visibilityState === 'visible' && this.#last !== -Infinity) this.soon(1000)
  }

  /** `counted`: the store is bounded, and what a sweep removes is subtracted from its counts. */
  constructor(connection: IndexedDBConnection, lock: string, interval: number, counted = false) {
    this.#connection = connection
    this.#lock = lock
    this.#interval = interval
    this.#counted = counted
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.#onVisible)
  }

  /** Sweeps now, in slices with a zero-delay timer between them. */
  now(): Promise<Swept> {
    return sweepInSlices(this.#connection, zeroDelay, undefined, this.#counted)
  }

  /** Starts a background sweep at the next idle moment, unless one is running or started less than `gap` ms ago. */
  soon(gap = 0): void {
    const now = performance.now()
    if (this.#closed || this.#running || now - this.#last < gap) return
    this.#last = now
    this.#running = true
    void idle()
      .then(() => this.#background())
      .catch(() => {})
      .finally(() => (this.#running = false))
      .then(() => this.#plan())
  }

  /** Stops sweeping. */
  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.#onVisible)
  }

  async #background(): Promise<void> {
    const stopped = () => this.#closed
    if (stopped()) return
    const sweep = () => sweepInSlices(this.#connection, rest, stopped, this.#counted)
    // Another tab holding the lock is sweeping this store already.
    await holding(this.#lock, sweep, true)
  }

  /** Sets the timer of the next sweep, when the first live record with an expiry expires. */
  async #plan(): Promise<void> {
    if (this.#closed) return
    const next = await nextExpiry(this.#connection).catch(() => undefined)
    if (next === undefined || this.#closed) return
    clearTimeout(this.#timer)
    const delay = Math.min(this.#interval, Math.max(1000, next - Date.now() + 20))
    this.#timer = setTimeout(() => this.soon(), delay)
    // In Node, a pending sweep must not keep the process alive.
    ;(this.#timer as { unref?: () => void }).unref?.()
  }
}
