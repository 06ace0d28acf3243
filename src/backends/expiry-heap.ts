/** One entry's expiry as the heap saw it; stale once the entry was rewritten, deleted or given another expiry. */
interface Tracked<S> {
  at: number
  key: string
  slot: S
}

/**
 * The expiring entries of a bounded store, soonest first (a binary min-heap), so that a full store can evict
 * expired entries before any live one without walking all of them. Entries are never removed on rewrite or
 * delete; a popped one counts only while the store still holds the same slot with the same expiry.
 */
export class ExpiryHeap<S extends { expiresAt: number | undefined }> {
  #heap: Tracked<S>[] = []

  /** How many expiries are tracked, stale ones included. */
  get size(): number {
    return this.#heap.length
  }

  /** Tracks `slot`, stored under `key`, which expires at `slot.expiresAt`. */
  push(key: string, slot: S & { expiresAt: number }): void {
    const heap = this.#heap
    heap.push({ at: slot.expiresAt, key, slot })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (heap[parent]!.at <= heap[i]!.at) break
      ;[heap[parent], heap[i]] = [heap[i]!, heap[parent]!]
      i = parent
    }
  }

  /**
   * Deletes from `store` every entry whose tracked expiry has passed at `now`, telling `deleted` of each key; returns
   * how many it deleted.
   */
  dropExpired(store: Map<string, S>, now: number, deleted: (key: string) => void): number {
    let dropped = 0
    while (this.#heap.length > 0 && this.#heap[0]!.at <= now) {
      const { at, key, slot } = this.#pop()
      if (store.get(key) === slot && slot.expiresAt === at) {
        store.delete(key)
        deleted(key)
        dropped++
      }
    }
    return dropped
  }

  /** Rebuilds from `store` once stale entries outnumber live ones, so the heap stays within 2 × the store + 64. */
  compact(store: Map<string, S>): void {
    if (this.#heap.length <= 2 * store.size + 64) return
    this.#heap = []
    for (const [key, slot] of store) if (slot.expiresAt !== undefined) this.push(key, slot as S & { expiresAt: number })
  }

  /** Forgets everything (the store was cleared). */
  clear(): void {
    this.#heap = []
  }

  #pop(): Tracked<S> {
    const heap = this.#heap
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length === 0) return top
    heap[0] = last
    for (let i = 0; ;) {
      const left = 2 * i + 1
      const right = left + 1
      let least = i
      if (left < heap.length && heap[left]!.at < heap[least]!.at) least = left
      if (right < heap.length && heap[right]!.at < heap[least]!.at) least = right
      if (least === i) return top
      ;[heap[least], heap[i]] = [heap[i]!, heap[least]!]
      i = least
    }
  }
}
