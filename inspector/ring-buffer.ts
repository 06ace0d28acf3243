function checked(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`)
  return limit
}

/**
 * The newest `limit` items of an endless stream: pushing is O(1) whatever the limit, so a log that is full
 * costs the same per command as one that is not.
 */
export class RingBuffer<T> {
  #items: (T | undefined)[] = []
  #start = 0
  #size = 0
  #limit: number

  constructor(limit: number) {
    this.#limit = checked(limit)
  }

  /** How many items are kept. */
  get size(): number {
    return this.#size
  }

  /** Most items kept; lowering it drops the oldest ones. */
  get limit(): number {
    return this.#limit
  }

  set limit(limit: number) {
    const items = this.toArray()
    checked(limit)
    this.#limit = checked(limit)
    this.clear()
    for (const item of items.slice(-this.#limit)) this.push(item)
  }

  /** Adds `item`; returns how many old items it pushed out (0 or 1). */
  push(item: T): number {
    if (this.#size < this.#limit) {
      this.#items[(this.#start + this.#size++) % this.#limit] = item
      return 0
    }
    this.#items[this.#start] = item
    this.#start = (this.#start + 1) % this.#limit
    return 1
  }

  /** The items, oldest first. */
  toArray(): T[] {
    const out: T[] = new Array<T>(this.#size)
    for (let i = 0; i < this.#size; i++) out[i] = this.#items[(this.#start + i) % this.#limit] as T
    return out
  }

  clear(): void {
    this.#items = []
    this.#start = 0
    this.#size = 0
  }
}
