// What a bounded store holds, counted where it changes: every record carries its size, and one usage record (at a
// number key, outside every namespace's key range) holds the store's entries and bytes. Each write updates it in its
// own transaction, so the writes of every tab count toward one total.
import { type StoredRecord, isStoredRecord, prefixRange, request } from './store.js'

/**
 * The key of the usage record: a number, so it sorts before every string key (no namespace's range holds it), and
 * it has no `expiresAt` or `usedAt`, so no index holds it either.
 */
export const USAGE_KEY = 1

/** How much a store holds: its pycached records (expired ones too, until swept) and about how many bytes. */
export interface Counts {
  entries: number
  bytes: number
}

interface UsageRecord extends Counts {
  pycached: 'usage'
}

const isUsage = (value: unknown): value is UsageRecord =>
  typeof value === 'object' &&
  value !== null &&
  (value as UsageRecord).pycached === 'usage' &&
  Number.isFinite((value as UsageRecord).entries) &&
  Number.isFinite((value as UsageRecord).bytes)

/** About how many bytes `value` takes once stored (strings count two bytes a character); for eviction only. */
export function sizeOf(value: unknown, depth = 0): number {
  if (typeof value === 'string') return 2 * value.length + 8
  if (typeof value !== 'object' || value === null) return 8
  if (ArrayBuffer.isView(value)) return value.byteLength + 16
  if (value instanceof ArrayBuffer) return value.byteLength + 16
  // Deep or cyclic structures: count what is near the top, no more.
  if (depth > 8) return 8
  let size = 16
  for (const key of Object.keys(value))
    size += 2 * key.length + sizeOf((value as Record<string, unknown>)[key], depth + 1)
  return size
}

/** The size a record counts for: the one it was written with, else (an earlier release's record) its value's. */
export function recordSize(stored: StoredRecord): number {
  return typeof stored.size === 'number' && stored.size >= 0 ? stored.size : sizeOf(stored.value)
}

/** Counts every pycached record of the store, in its transaction (when the usage record is missing). */
async function recount(store: IDBObjectStore): Promise<Counts> {
  const counts: Counts = { entries: 0, bytes: 0 }
  for (const stored of await request(store.getAll(prefixRange('')))) {
    if (!isStoredRecord(stored)) continue
    counts.entries++
    counts.bytes += recordSize(stored)
  }
  return counts
}

/**
 * The writes of one readwrite transaction. Counted (a bounded store), each `put` and `delete` reads the record it
 * replaces (in the same transaction, before the write) and {@link settle} adds what changed to the usage record.
 * Uncounted (a store without a bound), they write alone.
 */
export class Writes {
  /** The transaction's store, for reads. */
  readonly store: IDBObjectStore
  readonly #counted: boolean
  readonly #largest: number
  readonly #delta: Counts = { entries: 0, bytes: 0 }
  readonly #before: Promise<void>[] = []
  // The usage record as the transaction began, read at once so no write waits for it.
  readonly #found: Promise<Counts | undefined> | undefined
  #base: Promise<Counts> | undefined
  #changed = false
  #fresh = false

  /** `largest`: the most bytes one record may take (`maxBytes`); a larger one is a `RangeError`. */
  constructor(store: IDBObjectStore, counted: boolean, largest = Infinity) {
    this.store = store
    this.#counted = counted
    this.#largest = largest
    if (!counted) return
    this.#found = request(store.get(USAGE_KEY)).then((found) =>
      isUsage(found) ? { entries: found.entries, bytes: found.bytes } : undefined,
    )
    // Failing only with the transaction, which then writes nothing anyway.
    this.#found.catch(() => {})
  }

  /** Writes `stored` at `key`, with its size. */
  put(key: string, stored: StoredRecord): void {
    stored.size = sizeOf(stored.value) + 2 * key.length
    if (stored.size > this.#largest)
      throw new RangeError(
        `the entry ${JSON.stringify(key.slice(0, 100))} takes about ${stored.size} bytes, more than maxBytes (${this.#largest})`,
      )
    if (this.#counted) {
      this.#replaced(this.store.get(key))
      this.#delta.entries++
      this.#delta.bytes += stored.size
    }
    this.#changed = true
    this.store.put(stored, key)
  }

  /** Deletes `key`; `known`: its record as read in this transaction (no read then). */
  delete(key: IDBValidKey, known?: unknown): void {
    if (this.#counted && known === undefined) this.#replaced(this.store.get(key))
    else if (this.#counted) this.#gone(known)
    this.#changed = true
    this.store.delete(key)
  }

  /** Deletes the keys from `first` to `last`, which hold exactly the records `known` (read in this transaction). */
  deleteRun(first: string, last: string, known: readonly unknown[]): void {
    if (this.#counted) known.forEach(this.#gone, this)
    this.#changed = true
    this.store.delete(IDBKeyRange.bound(first, last))
  }

  /** Deletes every string key starting with `prefix` (`''`: every entry). */
  deleteRange(prefix: string): void {
    const range = prefixRange(prefix)
    // Emptying the store reads nothing: the store is counted afresh, holding nothing.
    if (this.#counted && prefix === '') this.#fresh = true
    else if (this.#counted) this.#replaced(this.store.getAll(range), true)
    this.#changed = true
    this.store.delete(range)
  }

  /**
   * The counts before this transaction's writes, counted afresh when there is no usage record or when its entries
   * are not what the store holds (a context without a bound wrote to it).
   */
  counts(): Promise<Counts> {
    return (this.#base ??= Promise.all([this.#found!, request(this.store.count(prefixRange('')))]).then(
      ([found, entries]) => (found?.entries === entries ? found : recount(this.store)),
    ))
  }

  /** Adds what this transaction changed to the usage record; resolves to the store's counts (counted only). */
  async settle(): Promise<Counts | undefined> {
    if (!this.#counted) return undefined
    await Promise.all(this.#before)
    if (!this.#changed) return this.#base
    const base = this.#fresh ? undefined : await (this.#base ?? this.#found)
    // Counted afresh now, after the writes were queued, the count holds them already.
    const counts = base
      ? { entries: Math.max(0, base.entries + this.#delta.entries), bytes: Math.max(0, base.bytes + this.#delta.bytes) }
      : await recount(this.store)
    this.store.put({ pycached: 'usage', ...counts } satisfies UsageRecord, USAGE_KEY)
    return counts
  }

  // `many`: the request reads several records (a range).
  #replaced(old: IDBRequest, many = false): void {
    const gone = request(old).then((found: unknown) =>
      (many ? (found as unknown[]) : [found]).forEach(this.#gone, this),
    )
    this.#before.push(gone.catch(() => {}))
  }

  #gone(stored: unknown): void {
    if (!isStoredRecord(stored)) return
    this.#delta.entries--
    this.#delta.bytes -= recordSize(stored)
  }
}
