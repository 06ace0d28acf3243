import type { KeyEntry } from '../src/plugins/bridge-preview.js'

/** One key as the keys view shows it: its value's preview and size are made once, when the key is read. */
export interface KeyRow {
  key: string
  preview: string
  size: number
  /** Whether `size` is exact (else a lower bound). */
  exact: boolean
  /** Set when the key is shown shortened (too long to read or delete from here). */
  cut: boolean
  /** Absolute expiry (epoch ms), `Infinity` when it never expires. */
  expiresAt: number
}

/** Where `key` is, or would go, in the sorted `keys`. */
function sortedIndex(keys: readonly string[], key: string): number {
  let low = 0
  let high = keys.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (keys[middle]! < key) low = middle + 1
    else high = middle
  }
  return low
}

/** The sorted union of two sorted lists without common items, in one pass (or an append, into `a`). */
function merge(a: string[], b: string[]): string[] {
  if (a.length === 0 || a.at(-1)! < b[0]!) {
    for (const key of b) a.push(key)
    return a
  }
  const out: string[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) out.push(a[i]! < b[j]! ? a[i++]! : b[j++]!)
  while (i < a.length) out.push(a[i++]!)
  while (j < b.length) out.push(b[j++]!)
  return out
}

/**
 * The keys read so far, in key order, and where reading goes on: pages are added as they arrive, and changed keys
 * are updated one by one (a sorted insert or removal), so a write never costs a pass over every key.
 */
export class KeysModel {
  /** The cursor of the next page; `undefined` before the first and after the last. */
  cursor: string | undefined
  /** Whether every page has been read. */
  complete = false
  readonly #rows = new Map<string, KeyRow>()
  #order: string[] = []
  #expiring = 0

  /** How many keys are held. */
  get size(): number {
    return this.#order.length
  }

  /** The row at `index` in key order. */
  at(index: number): KeyRow {
    return this.#rows.get(this.#order[index]!)!
  }

  /** The row of `key`, if held. */
  get(key: string): KeyRow | undefined {
    return this.#rows.get(key)
  }

  /** Forgets everything: the next page read is the first. */
  clear(): void {
    this.#rows.clear()
    this.#order = []
    this.#expiring = 0
    this.cursor = undefined
    this.complete = false
  }

  /** Adds one page of entries, read at `now`. */
  addPage(entries: readonly KeyEntry[], cursor: string | undefined, now = Date.now()): void {
    const fresh = entries.filter((entry) => !this.#rows.has(entry.key))
    for (const entry of entries) this.#put(entry, now)
    // Pages usually come in key order after every key held (memory, IndexedDB): then this is an append.
    if (fresh.length > 0) this.#order = merge(this.#order, fresh.map((entry) => entry.key).sort())
    this.cursor = cursor
    this.complete = cursor === undefined
  }

  /** Applies what `peek` found for changed `keys` (`undefined`: gone), read at `now`. */
  update(keys: readonly string[], found: readonly (KeyEntry | undefined)[], now = Date.now()): void {
    keys.forEach((key, i) => {
      const entry = found[i]
      if (entry) {
        if (!this.#rows.has(key)) this.#order.splice(sortedIndex(this.#order, key), 0, key)
        this.#put(entry, now)
      } else this.#remove(key)
    })
  }

  /** Drops the rows that expired by `now`; whether any did. */
  expire(now = Date.now()): boolean {
    if (this.#expiring === 0) return false
    const expired = [...this.#rows.values()].filter((row) => row.expiresAt <= now)
    for (const row of expired) this.#remove(row.key)
    return expired.length > 0
  }

  #put(entry: KeyEntry, now: number): void {
    const before = this.#rows.get(entry.key)
    if (before && before.expiresAt !== Infinity) this.#expiring--
    const expiresAt = entry.ttl === Infinity ? Infinity : now + entry.ttl
    if (expiresAt !== Infinity) this.#expiring++
    const { key, preview, size, exact } = entry
    this.#rows.set(key, { key, preview, size, exact, cut: entry.cut === true, expiresAt })
  }

  #remove(key: string): void {
    const row = this.#rows.get(key)
    if (!row) return
    if (row.expiresAt !== Infinity) this.#expiring--
    this.#rows.delete(key)
    const at = sortedIndex(this.#order, key)
    if (this.#order[at] === key) this.#order.splice(at, 1)
  }
}
